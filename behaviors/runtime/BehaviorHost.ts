import type { Bus } from '../../runtime/bus/index.js';
import type { Logger } from '../../runtime/logging/index.js';
import type { MessageTypeMap, sensor_msgs } from '../../runtime/msgs/index.js';
import type { Clock } from '../../runtime/time/index.js';

/**
 * All a behaviour's actors may touch of a running Kindred. Behaviours never reach hardware: they
 * publish goals on the bus (set-points on `/<controller>/commands`, speech, alerts) and read what
 * the rest of Kindred publishes, on the bus clock so the same code runs in lock-step simulation and
 * on the robot. Kindred builds one with `hostFromKindredParts`; tests may build their own.
 */
export interface BehaviorHost {
  readonly bus: Bus<MessageTypeMap>;
  /** The bus clock (a SimClock in lock-step simulation): every actor's timer runs on it. */
  readonly clock: Clock;
  /** Actors log through children of this (`{ actor: 'moveJoints' }`). */
  readonly logger: Logger;
  /** The latest sensor_msgs/JointState seen on `/joint_states`, or undefined before the first. */
  jointStates(): sensor_msgs.JointState | undefined;
  /**
   * Deactivate then activate controllers (ros2_control's switch_controller); resolves once the loop
   * has done it, rejects with the loop's coded error (e.g. a claim conflict) otherwise. Once `signal`
   * aborts, no further step is taken.
   */
  switchControllers(activate: readonly string[], deactivate: readonly string[], signal?: AbortSignal): Promise<void>;
  /**
   * The joints a controller commands, in its order (the order of `/<controller>/commands` values).
   * Throws BEHAVIOR_ACTOR_CONTROLLER_UNKNOWN for a controller the launch file lacks.
   */
  controllerJoints(name: string): readonly string[];
  /**
   * Leave the loop's hold. After an accepted safety reset the loop keeps every controller holding
   * (a reset never restarts motion, IEC 60204-1); a behaviour that has received `safety.cleared`
   * and decided to move again calls this (through the `releaseHold` actor) first.
   */
  releaseHold(): Promise<void>;
  /**
   * Set a controller's run-time parameters in the loop (e.g. `assist_as_needed`'s `assist_level`, the
   * assistance level as a fraction of full assistance), never beyond what the launch file allows; `{}`
   * restores the launch file's values. Resolves with the values in force; rejects with the loop's coded
   * error (CONTROLLER_PARAM_REFUSED, …), the running values untouched. Absent on a host without a loop.
   */
  configureController?(name: string, params: Readonly<Record<string, number>>): Promise<Readonly<Record<string, number>>>;
}
