import { unboundHost } from '../actors/index.js';
import { fromCallback, fromPromise, type CallbackActorLogic, type EventObject, type PromiseActorLogic } from 'xstate';
import type { Publisher } from '../../runtime/bus/index.js';
import { nsFromStamp, type kindred_msgs, type sensor_msgs } from '../../runtime/msgs/index.js';
import { nsFromS, sFromNs } from '../../runtime/time/index.js';
import { KindredError } from '../../runtime/errors/index.js';
import type { BehaviorHost } from '../runtime/index.js';
import { appliedPercent, assistanceParams } from './assistanceLevels.js';
import type { SessionRecord } from './sessionRecord.js';
import { SESSION_RECORD_TOPIC, sessionRecordMessage } from './sessionRecordMessage.js';

/** What `watchJoints` follows. */
export interface WatchJointsInput {
  /** The joints to report (the prescribed ones). */
  readonly joints: readonly string[];
  /** Ticks per second on the bus clock. Default 10. */
  readonly rateHz?: number;
  /** A joint state older than this is stale, s. Default 0.25. */
  readonly staleAfterS?: number;
}

/**
 * One report of `watchJoints`, sent to the session every tick: the bus time, whether `/joint_states`
 * is fresh and reports every watched joint, the latest positions, and over the interval since the last
 * tick each joint's lowest and highest position and the peak and sum of |effort| (with the number of
 * samples), so the session can fold any window of ticks exactly.
 */
export interface JointsTick {
  readonly type: 'rehab.joints';
  readonly timeS: number;
  readonly fresh: boolean;
  readonly positions: Readonly<Record<string, number>>;
  readonly minPositions: Readonly<Record<string, number>>;
  readonly maxPositions: Readonly<Record<string, number>>;
  readonly peakEffortNm: Readonly<Record<string, number>>;
  readonly effortSumNm: Readonly<Record<string, number>>;
  readonly samples: number;
}

/** The logic `watchJoints(host)` returns. */
export type WatchJointsLogic = CallbackActorLogic<EventObject, WatchJointsInput>;

/** What `publishSessionRecord` publishes. */
export interface PublishSessionRecordInput {
  readonly record: SessionRecord;
}

/** The logic `publishSessionRecord(host)` returns; its output names the topic. */
export type PublishSessionRecordLogic = PromiseActorLogic<{ readonly topic: string }, PublishSessionRecordInput>;

/**
 * An actor that follows `/joint_states` and sends the session a `JointsTick` at `rateHz` on the bus
 * clock (see `JointsTick`). It only reads the bus. Stopping it cancels the timer and unsubscribes.
 */
export function watchJoints(host: BehaviorHost): WatchJointsLogic {
  return fromCallback<EventObject, WatchJointsInput>(({ sendBack, input }) => {
    const joints = [...input.joints];
    const staleNs = nsFromS(input.staleAfterS ?? 0.25);
    let latest: sensor_msgs.JointState | undefined;
    let lo: Record<string, number> = {};
    let hi: Record<string, number> = {};
    let peak: Record<string, number> = {};
    let sum: Record<string, number> = {};
    let samples = 0;
    const subscription = host.bus.subscribe('/joint_states', 'sensor_msgs/msg/JointState', (m) => {
      latest = m;
      let counted = false;
      for (const j of joints) {
        const i = m.name.indexOf(j);
        if (i < 0) continue;
        const q = m.position[i];
        if (q !== undefined && Number.isFinite(q)) {
          lo[j] = Math.min(lo[j] ?? q, q);
          hi[j] = Math.max(hi[j] ?? q, q);
        }
        const e = m.effort[i];
        if (e !== undefined && Number.isFinite(e)) {
          const a = Math.abs(e);
          peak[j] = Math.max(peak[j] ?? 0, a);
          sum[j] = (sum[j] ?? 0) + a;
          counted = true;
        }
      }
      if (counted) samples++;
    });
    const tick = (nowNs: bigint): void => {
      const positions: Record<string, number> = {};
      let fresh = latest !== undefined && nowNs - nsFromStamp(latest.header.stamp) <= staleNs;
      for (const j of joints) {
        const i = latest?.name.indexOf(j) ?? -1;
        const q = i >= 0 ? latest?.position[i] : undefined;
        if (q === undefined || !Number.isFinite(q)) fresh = false;
        else positions[j] = q;
      }
      const report: JointsTick = { type: 'rehab.joints', timeS: sFromNs(nowNs), fresh, positions, minPositions: lo, maxPositions: hi, peakEffortNm: peak, effortSumNm: sum, samples };
      lo = {};
      hi = {};
      peak = {};
      sum = {};
      samples = 0;
      sendBack(report);
    };
    const timer = host.clock.setTimer(BigInt(Math.round(1e9 / (input.rateHz ?? 10))), tick);
    return () => {
      timer.cancel();
      subscription.unsubscribe();
    };
  });
}

/**
 * An actor that publishes the session record as kindred_msgs/RehabSessionRecord on
 * `/rehab/session_record`, latched (transient-local, depth 1): the publisher stays open for the
 * host's lifetime so a tablet connecting later still gets the last record.
 */
export function publishSessionRecord(host: BehaviorHost): PublishSessionRecordLogic {
  let publisher: Publisher<kindred_msgs.RehabSessionRecord> | undefined;
  return fromPromise<{ readonly topic: string }, PublishSessionRecordInput>(async ({ input }) => {
    publisher ??= host.bus.advertise(SESSION_RECORD_TOPIC, 'kindred_msgs/msg/RehabSessionRecord', { durability: 'transient_local', depth: 1 });
    publisher.publish(sessionRecordMessage(input.record, host.clock.now()));
    host.logger.info({ topic: SESSION_RECORD_TOPIC, status: input.record.status, stopReason: input.record.stopReason }, 'session record published / 训练记录已发布');
    return { topic: SESSION_RECORD_TOPIC };
  });
}

/** How long `sessionTimer` waits. */
export interface SessionTimerInput {
  readonly seconds: number;
}

/** The logic `sessionTimer(host)` returns. */
export type SessionTimerLogic = PromiseActorLogic<void, SessionTimerInput>;

/**
 * An actor that resolves after `seconds` on the bus clock (simulated time in lock-step), for the
 * session's own timing — rests and the windows where the patient moves — so they last what the plan
 * says whichever clock the runner gives XState's delays. Stopping it cancels the timer.
 */
export function sessionTimer(host: BehaviorHost): SessionTimerLogic {
  return fromPromise<void, SessionTimerInput>(
    ({ input, signal }) =>
      new Promise<void>((resolve, reject) => {
        const timer = host.clock.setTimer(nsFromS(Math.max(input.seconds, 1e-9)), () => resolve(), { oneShot: true });
        signal.addEventListener('abort', () => {
          timer.cancel();
          reject(signal.reason);
        });
      }),
  );
}

/** Assistance levels to set: controller → percent of full assistance, or null for the launch file's own law. */
export interface SetAssistanceInput {
  readonly levels: Readonly<Record<string, number | null>>;
}

/** What the loop put in force, per controller: the level in percent, or null (the launch file's adaptive law). */
export type AppliedAssistance = Readonly<Record<string, number | null>>;

/** The logic `setAssistance(host)` returns. */
export type SetAssistanceLogic = PromiseActorLogic<AppliedAssistance, SetAssistanceInput>;

/**
 * An actor that sets each named `assist_as_needed` controller's assistance level in the loop (percent →
 * `assist_level` = percent / 100; null restores the launch file's law) and resolves with the level
 * each controller reports in force, for the record. Rejects with the loop's coded error
 * (CONTROLLER_PARAM_REFUSED for a level beyond the launch file's bound: the controller keeps the level
 * it had) or BEHAVIOR_REHAB_ASSISTANCE_UNAVAILABLE on a host without a loop. Nothing moves.
 */
export function setAssistance(host: BehaviorHost): SetAssistanceLogic {
  return fromPromise<AppliedAssistance, SetAssistanceInput>(async ({ input }) => {
    const applied: Record<string, number | null> = {};
    for (const [controller, percent] of Object.entries(input.levels)) {
      if (host.configureController === undefined) {
        throw new KindredError('BEHAVIOR_REHAB_ASSISTANCE_UNAVAILABLE', `cannot set ${controller} to ${String(percent)} % assistance: this behaviour host has no control loop`, {
          field: 'configureController',
          value: controller,
          expected: 'a host built by hostFromKindredParts',
        });
      }
      applied[controller] = appliedPercent(await host.configureController(controller, assistanceParams(percent)));
    }
    return applied;
  });
}

/** The rehab behaviour's own actors, by the names its machine invokes them with. */
export type RehabActors = {
  readonly watchJoints: WatchJointsLogic;
  readonly publishSessionRecord: PublishSessionRecordLogic;
  readonly sessionTimer: SessionTimerLogic;
  readonly setAssistance: SetAssistanceLogic;
};

/** The rehab actors bound to a running Kindred: what the runner must provide besides Kindred's own (`BehaviorRunner.start(…, { actors })`). */
export function createRehabActors(host: BehaviorHost): RehabActors {
  return { watchJoints: watchJoints(host), publishSessionRecord: publishSessionRecord(host), sessionTimer: sessionTimer(host), setAssistance: setAssistance(host) };
}

/** The same actors unbound (each fails with BEHAVIOR_ACTOR_UNBOUND when started): what the machine declares in `setup`. */
export const unboundRehabActors: RehabActors = createRehabActors(
  unboundHost('the rehab actors (watchJoints, publishSessionRecord, sessionTimer, setAssistance) are', 'pass createRehabActors(host) to BehaviorRunner.start as actors'),
);
