import { fromPromise, type PromiseActorLogic } from 'xstate';
import { createMultiMotionSample, minimumJerkMulti } from '../../motion/trajectory/index.js';
import { nsFromS } from '../../runtime/time/index.js';
import type { BehaviorHost } from '../runtime/BehaviorHost.js';
import { measuredPositions } from './jointPositions.js';
import { jointSlots, requireJointValues } from './motionJoints.js';
import { requirePositive, resolveMotionChecks, type MotionChecks } from './motionOptions.js';
import { streamSetpoints, type MotionResult, type SetpointPlan } from './streamSetpoints.js';

/** Move some joints of a forward-command controller to targets, rest to rest. */
export interface MoveJointsInput extends MotionChecks {
  /** A forward_command position controller of the launch file, e.g. `legs_position`. */
  readonly controller: string;
  /** The joints to move, any subset of the controller's in any order; its other joints hold where they are. */
  readonly joints: readonly string[];
  /** One target per entry of `joints`, in joint units (rad or m). */
  readonly targets: readonly number[];
  /** How long the move takes, s. */
  readonly durationS: number;
}

/** The logic `moveJoints(host)` returns. */
export type MoveJointsLogic = PromiseActorLogic<MotionResult, MoveJointsInput>;

/**
 * An actor that moves joints on a minimum-jerk path (motion/trajectory `minimumJerkMulti`) from
 * where they are measured to be, streaming set-points on `/<controller>/commands` at 100 Hz on the
 * bus clock; the SafetyGate stands between those set-points and the joints. Resolves with the
 * motion's `MotionResult` when the joints have arrived, rejects on stale joint states, a tracking
 * failure or a target not reached (see `streamSetpoints`). Stopping the actor (its state is left)
 * stops the stream at once: the loop holds the last set-point.
 */
export function moveJoints(host: BehaviorHost): MoveJointsLogic {
  return fromPromise<MotionResult, MoveJointsInput>(async ({ input, signal }) => {
    const checks = resolveMotionChecks(input);
    const durationS = requirePositive('durationS', input.durationS);
    const order = host.controllerJoints(input.controller);
    const slots = jointSlots(input.controller, order, input.joints);
    requireJointValues('targets', input.targets, input.joints);
    const start = measuredPositions(host, order, nsFromS(checks.staleAfterS));
    const goal = Float64Array.from(start);
    slots.forEach((slot, k) => (goal[slot] = input.targets[k]!));
    const profile = minimumJerkMulti(Array.from(start), Array.from(goal), durationS);
    const scratch = createMultiMotionSample(order.length);
    const plan: SetpointPlan = {
      controller: input.controller,
      joints: order,
      durationS,
      goal,
      sample(tS, out) {
        profile.sample(tS, scratch);
        out.set(scratch.position);
      },
    };
    const logger = host.logger.child({ actor: 'moveJoints', controller: input.controller });
    logger.debug({ joints: input.joints, targets: input.targets, durationS }, 'move started');
    return streamSetpoints(host, plan, checks, signal, logger);
  });
}
