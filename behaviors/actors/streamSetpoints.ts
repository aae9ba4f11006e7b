import { KindredError, show } from '../../runtime/errors/index.js';
import type { Logger } from '../../runtime/logging/index.js';
import { nsFromStamp, type std_msgs } from '../../runtime/msgs/index.js';
import { nsFromS, sFromNs } from '../../runtime/time/index.js';
import type { BehaviorHost } from '../runtime/BehaviorHost.js';
import { readPositions, staleJointStates } from './jointPositions.js';
import { SETPOINT_RATE_HZ, type ResolvedMotionChecks } from './motionOptions.js';

/** A motion to stream, in the controller's joint order. */
export interface SetpointPlan {
  readonly controller: string;
  /** Every joint of the controller, in its order. */
  readonly joints: readonly string[];
  readonly durationS: number;
  /** Where each joint ends, joint units. */
  readonly goal: Float64Array;
  /** Writes the set-points at `tS` ∈ [0, durationS] into `out`. */
  sample(tS: number, out: Float64Array): void;
}

/** What a finished motion reports (joint units; per joint of the controller). */
export interface MotionResult {
  /** Measured positions when the motion ended. */
  readonly positions: Readonly<Record<string, number>>;
  /** Smallest and largest measured positions during the motion (e.g. the range a patient reached). */
  readonly minPositions: Readonly<Record<string, number>>;
  readonly maxPositions: Readonly<Record<string, number>>;
  /** Largest |measured − set-point| seen, any joint. */
  readonly maxTrackingError: number;
  /** From the first set-point to arrival, s on the bus clock. */
  readonly elapsedS: number;
}

/** The `/<controller>/commands` topic of ros2_control's forward command controller. */
export function commandTopic(controller: string): string {
  return `/${controller}/commands`;
}

function record(joints: readonly string[], values: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  joints.forEach((j, i) => (out[j] = values[i]!));
  return out;
}

/**
 * Streams `plan` as std_msgs/Float64MultiArray set-points on `/<controller>/commands` at 100 Hz on
 * the bus clock (Kindred feeds them to the loop, through the SafetyGate), watching `/joint_states`:
 * rejects with BEHAVIOR_ACTOR_JOINT_STATES_STALE when they stop coming, BEHAVIOR_ACTOR_TRACKING_FAILED
 * when a joint lags its set-point beyond the limit for longer than the grace time, and
 * BEHAVIOR_ACTOR_TARGET_NOT_REACHED when the joints do not settle at the goal. Resolves once a
 * measurement taken after the end has every joint within tolerance. On `signal` abort it stops
 * streaming at once (the loop holds the last set-point) and rejects with the abort reason.
 * The timer and the publisher are released whichever way it ends.
 */
export function streamSetpoints(host: BehaviorHost, plan: SetpointPlan, checks: ResolvedMotionChecks, signal: AbortSignal, logger: Logger): Promise<MotionResult> {
  const n = plan.joints.length;
  const topic = commandTopic(plan.controller);
  const staleAfterNs = nsFromS(checks.staleAfterS);
  const graceNs = nsFromS(checks.trackingGraceS);
  const durationNs = nsFromS(plan.durationS);
  const settleNs = nsFromS(checks.settleTimeoutS);
  const setpoint = new Float64Array(n);
  const reference = new Float64Array(n);
  const measured = new Float64Array(n);
  const lo = new Float64Array(n).fill(Infinity);
  const hi = new Float64Array(n).fill(-Infinity);
  let maxTrackingError = 0;
  let overSinceNs: bigint | undefined;

  return new Promise<MotionResult>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    if ((host.bus.topic(topic)?.subscribers ?? 0) === 0) {
      reject(
        new KindredError('BEHAVIOR_ACTOR_COMMAND_TOPIC_UNMOUNTED', `nobody subscribes ${topic}: ${show(plan.controller)} takes no forward commands in this run`, {
          field: 'controller',
          value: plan.controller,
          expected: `a forward_command controller whose ${topic} Kindred subscribes`,
        }),
      );
      return;
    }
    const publisher = host.bus.advertise(topic, 'std_msgs/msg/Float64MultiArray');
    const t0 = host.clock.now();
    let finished = false;
    const finish = (error: unknown, result?: MotionResult): void => {
      if (finished) return;
      finished = true;
      timer.cancel();
      publisher.close();
      signal.removeEventListener('abort', onAbort);
      if (result !== undefined) resolve(result);
      else reject(error);
    };
    const onAbort = (): void => {
      logger.debug({ topic, elapsedS: sFromNs(host.clock.now() - t0) }, 'motion cancelled: streaming stopped, the loop holds the last set-point');
      finish(signal.reason);
    };
    const publish = (tS: number): void => {
      plan.sample(Math.min(tS, plan.durationS), setpoint);
      const msg: std_msgs.Float64MultiArray = { layout: { dim: [], data_offset: 0 }, data: Array.from(setpoint) };
      publisher.publish(msg);
    };
    const tick = (nowNs: bigint): void => {
      const elapsedNs = nowNs - t0;
      publish(sFromNs(elapsedNs));
      const msg = host.jointStates();
      const stale = staleJointStates(msg, nowNs, staleAfterNs);
      if (stale !== undefined || msg === undefined) {
        logger.warn({ code: stale?.code, topic }, 'motion stopped: joint states stale / 关节状态过期，运动停止');
        finish(stale);
        return;
      }
      const missing = readPositions(msg, plan.joints, measured);
      if (missing !== undefined) {
        finish(new KindredError('BEHAVIOR_ACTOR_JOINT_UNKNOWN', `/joint_states no longer reports joint ${show(missing)}`, { field: '/joint_states.name', value: missing }));
        return;
      }
      // Compare the measurement with the set-point of the instant it was taken.
      const measuredAtNs = nsFromStamp(msg.header.stamp) - t0;
      plan.sample(Math.min(Math.max(sFromNs(measuredAtNs), 0), plan.durationS), reference);
      let worst = 0;
      let worstJoint = 0;
      for (let i = 0; i < n; i++) {
        const m = measured[i]!;
        if (m < lo[i]!) lo[i] = m;
        if (m > hi[i]!) hi[i] = m;
        const e = Math.abs(m - reference[i]!);
        if (e > worst) {
          worst = e;
          worstJoint = i;
        }
      }
      if (worst > maxTrackingError) maxTrackingError = worst;
      if (worst > checks.trackingLimit) {
        overSinceNs ??= nowNs;
        if (nowNs - overSinceNs > graceNs) {
          const joint = plan.joints[worstJoint]!;
          logger.warn({ joint, errorRad: worst, limit: checks.trackingLimit }, 'motion stopped: tracking error / 跟踪误差过大，运动停止');
          finish(
            new KindredError('BEHAVIOR_ACTOR_TRACKING_FAILED', `joint ${joint} is ${worst.toFixed(3)} from its set-point, beyond the tracking limit ${checks.trackingLimit} for more than ${checks.trackingGraceS} s`, {
              joint,
              value: worst,
              expected: `≤ ${checks.trackingLimit}`,
              controller: plan.controller,
            }),
          );
          return;
        }
      } else {
        overSinceNs = undefined;
      }
      // Judge arrival on a measurement taken after the last set-point went out.
      if (measuredAtNs <= durationNs) return;
      let far = -1;
      for (let i = 0; i < n; i++) if (Math.abs(measured[i]! - plan.goal[i]!) > checks.tolerance) far = i;
      if (far < 0) {
        finish(undefined, {
          positions: record(plan.joints, measured),
          minPositions: record(plan.joints, lo),
          maxPositions: record(plan.joints, hi),
          maxTrackingError,
          elapsedS: sFromNs(elapsedNs),
        });
        return;
      }
      if (elapsedNs - durationNs > settleNs) {
        const joint = plan.joints[far]!;
        const value = measured[far]!;
        finish(
          new KindredError('BEHAVIOR_ACTOR_TARGET_NOT_REACHED', `joint ${joint} is at ${value.toFixed(4)}, ${Math.abs(value - plan.goal[far]!).toFixed(4)} from its target ${plan.goal[far]} after the ${checks.settleTimeoutS} s settle time`, {
            joint,
            value,
            expected: `${plan.goal[far]} ± ${checks.tolerance}`,
            controller: plan.controller,
          }),
        );
      }
    };
    const timer = host.clock.setTimer(BigInt(Math.round(1e9 / SETPOINT_RATE_HZ)), tick);
    signal.addEventListener('abort', onAbort);
    publish(0);
  });
}
