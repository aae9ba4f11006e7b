import { fromPromise, type PromiseActorLogic } from 'xstate';
import { minimumJerkViaPoints, createMotionSample, type Profile } from '../../motion/trajectory/index.js';
import { KindredError, show } from '../../runtime/errors/index.js';
import { nsFromS } from '../../runtime/time/index.js';
import type { BehaviorHost } from '../runtime/BehaviorHost.js';
import { measuredPositions } from './jointPositions.js';
import { jointSlots, requireJointValues } from './motionJoints.js';
import { resolveMotionChecks, type MotionChecks } from './motionOptions.js';
import { streamSetpoints, type MotionResult, type SetpointPlan } from './streamSetpoints.js';

/** One point of a trajectory: where the joints are at a time after the start. */
export interface TrajectoryPoint {
  /** One position per entry of the input's `joints`, joint units (rad or m). */
  readonly positions: readonly number[];
  /** When, s after the trajectory starts; strictly increasing along the points, the first > 0. */
  readonly timeFromStartS: number;
}

/** Follow via points with some joints of a forward-command controller, from rest to rest. */
export interface FollowTrajectoryInput extends MotionChecks {
  readonly controller: string;
  /** The joints that move; the controller's other joints hold where they are. */
  readonly joints: readonly string[];
  /** The via points and the goal (the last point); the start is where the joints are measured to be. */
  readonly points: readonly TrajectoryPoint[];
}

/** The logic `followTrajectory(host)` returns. */
export type FollowTrajectoryLogic = PromiseActorLogic<MotionResult, FollowTrajectoryInput>;

function checkPoints(points: readonly TrajectoryPoint[], joints: readonly string[]): void {
  if (points.length === 0) {
    throw new KindredError('BEHAVIOR_ACTOR_INPUT_INVALID', 'points is empty; expected at least the goal', { field: 'points', value: 0, expected: '≥ 1 point' });
  }
  let previous = 0;
  points.forEach((p, i) => {
    requireJointValues(`points[${i}].positions`, p.positions, joints);
    if (!Number.isFinite(p.timeFromStartS) || !(p.timeFromStartS > previous)) {
      throw new KindredError('BEHAVIOR_ACTOR_INPUT_INVALID', `points[${i}].timeFromStartS is ${show(p.timeFromStartS)} s; expected a finite time after ${previous} s`, {
        field: `points[${i}].timeFromStartS`,
        value: p.timeFromStartS,
        expected: `> ${previous}`,
      });
    }
    previous = p.timeFromStartS;
  });
}

/**
 * An actor that moves joints through via points on a minimum-jerk path (motion/trajectory
 * `minimumJerkViaPoints`, one per joint, the same knot times for all) from where they are measured to
 * be, streaming set-points like `moveJoints` and judged the same way: resolves with the
 * `MotionResult` on arrival at the last point, rejects on stale joint states, tracking failure or a
 * goal not reached, stops streaming at once when stopped.
 */
export function followTrajectory(host: BehaviorHost): FollowTrajectoryLogic {
  return fromPromise<MotionResult, FollowTrajectoryInput>(async ({ input, signal }) => {
    const checks = resolveMotionChecks(input);
    const order = host.controllerJoints(input.controller);
    const slots = jointSlots(input.controller, order, input.joints);
    checkPoints(input.points, input.joints);
    const start = measuredPositions(host, order, nsFromS(checks.staleAfterS));
    const timesS = [0, ...input.points.map((p) => p.timeFromStartS)];
    const durationS = timesS[timesS.length - 1]!;
    const profiles: (Profile | undefined)[] = order.map(() => undefined);
    const goal = Float64Array.from(start);
    slots.forEach((slot, k) => {
      const positions = [start[slot]!, ...input.points.map((p) => p.positions[k]!)];
      profiles[slot] = minimumJerkViaPoints({ positions, timesS });
      goal[slot] = positions[positions.length - 1]!;
    });
    const scratch = createMotionSample();
    const plan: SetpointPlan = {
      controller: input.controller,
      joints: order,
      durationS,
      goal,
      sample(tS, out) {
        for (let i = 0; i < profiles.length; i++) {
          const profile = profiles[i];
          out[i] = profile === undefined ? start[i]! : profile.sample(tS, scratch).position;
        }
      },
    };
    const logger = host.logger.child({ actor: 'followTrajectory', controller: input.controller });
    logger.debug({ joints: input.joints, points: input.points.length, durationS }, 'trajectory started');
    return streamSetpoints(host, plan, checks, signal, logger);
  });
}
