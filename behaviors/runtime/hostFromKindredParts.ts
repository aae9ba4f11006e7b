import type { Bus } from '../../runtime/bus/index.js';
import { KindredError, show } from '../../runtime/errors/index.js';
import type { Logger } from '../../runtime/logging/index.js';
import type { LoopHost } from '../../runtime/loop/index.js';
import type { MessageTypeMap, sensor_msgs } from '../../runtime/msgs/index.js';
import type { Clock } from '../../runtime/time/index.js';
import type { BehaviorHost } from './BehaviorHost.js';

/** A controller as the launch file declares it, as far as behaviours need it. */
export interface HostController {
  readonly name: string;
  readonly joints: readonly string[];
}

/** What `hostFromKindredParts` takes from a running Kindred. */
export interface KindredParts {
  readonly bus: Bus<MessageTypeMap>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly loop: Pick<LoopHost, 'activate' | 'deactivate' | 'controllers' | 'releaseHold' | 'configureController'>;
  /** The launch file's controllers (`launch.controllers`). */
  readonly controllers: readonly HostController[];
}

/** A `BehaviorHost` that holds a `/joint_states` subscription until `dispose()`. */
export interface DisposableBehaviorHost extends BehaviorHost {
  /** Unsubscribe `/joint_states`. Idempotent. */
  dispose(): void;
}

/**
 * The `BehaviorHost` of a running Kindred: `/joint_states` followed on its bus, controller switches
 * through its loop (deactivations first, so an activation can claim what they free), the loop's hold
 * released and controllers' run-time parameters set through it, controller joints from its launch file. The composition root (`Kindred`, `kindred behavior run`) calls this
 * once and hands the host to every `BehaviorRunner`.
 */
export function hostFromKindredParts(parts: KindredParts): DisposableBehaviorHost {
  let latest: sensor_msgs.JointState | undefined;
  const subscription = parts.bus.subscribe('/joint_states', 'sensor_msgs/msg/JointState', (m) => (latest = m));
  const byName = new Map(parts.controllers.map((c) => [c.name, c.joints] as const));
  const logger = parts.logger;
  const controllerJoints = (name: string): readonly string[] => {
    const joints = byName.get(name);
    if (joints === undefined) {
      const known = [...byName.keys()].join(', ');
      throw new KindredError('BEHAVIOR_ACTOR_CONTROLLER_UNKNOWN', `controller ${show(name)} is not in the launch file; expected one of: ${known || '(none)'}`, {
        field: 'controller',
        value: name,
        expected: known,
      });
    }
    return joints;
  };
  return {
    bus: parts.bus,
    clock: parts.clock,
    logger,
    jointStates: () => latest,
    controllerJoints,
    async switchControllers(activate: readonly string[], deactivate: readonly string[], signal?: AbortSignal): Promise<void> {
      for (const name of [...activate, ...deactivate]) controllerJoints(name);
      // A cancelled switch goes no further: what the behaviour does next (e.g. take the legs back in
      // position after a stop) must not be undone by the rest of a switch it no longer wants.
      for (const name of deactivate) {
        if (signal?.aborted === true) return;
        await parts.loop.deactivate(name);
      }
      for (const name of activate) {
        if (signal?.aborted === true) return;
        await parts.loop.activate(name);
      }
      const states = parts.loop.controllers().map((c) => `${c.name}:${c.state}`);
      logger.info({ activate, deactivate, controllers: states }, 'controllers switched / 控制器已切换');
    },
    async releaseHold(): Promise<void> {
      await parts.loop.releaseHold();
      logger.info('loop hold released / 已解除保持');
    },
    async configureController(name: string, params: Readonly<Record<string, number>>): Promise<Readonly<Record<string, number>>> {
      controllerJoints(name);
      const inForce = await parts.loop.configureController(name, params);
      logger.info({ controller: name, params, inForce }, 'controller parameters set / 控制器参数已设置');
      return inForce;
    },
    dispose: () => subscription.unsubscribe(),
  };
}
