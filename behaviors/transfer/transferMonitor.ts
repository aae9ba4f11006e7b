import { fromCallback, type CallbackActorLogic, type EventObject } from 'xstate';
import type { Publisher } from '../../runtime/bus/index.js';
import { nsFromStamp, stampFromNs, type kindred_msgs } from '../../runtime/msgs/index.js';
import { nsFromS, sFromNs, type Timer } from '../../runtime/time/index.js';
import type { BehaviorHost } from '../runtime/BehaviorHost.js';
import { TRANSFER_STATUS_TOPIC } from './patientContact.js';

/** What the monitor watches and against which limits. */
export interface TransferMonitorInput {
  /** The patient whose contact data counts (kindred_msgs/PatientContact `person_id`). */
  readonly personId: string;
  /** kindred_msgs/PatientContact topic. */
  readonly topic: string;
  /** Period of `monitor.tick`, s. */
  readonly tickS: number;
  /** A sample older than this (once one has arrived) is an anomaly, s. */
  readonly staleAfterS: number;
  /** Contact limit per region, N; `defaultContactN` for the others. */
  readonly contactN: Readonly<Record<string, number>>;
  readonly defaultContactN: number;
  readonly maxTrunkRollRad: number;
  readonly maxSlumped: number;
}

/** The patient as one contact sample shows them (bus clock seconds, newtons, metres, radians). */
export interface PatientSample {
  /** Bus clock time of the sample, s. */
  readonly atS: number;
  readonly personId: string;
  /** Contact force per region, N. */
  readonly contactN: Readonly<Record<string, number>>;
  readonly contactTotalN: number;
  readonly supportTotalN: number;
  readonly postureCode: number;
  readonly trunkRollRad: number;
  readonly slumped: number;
  readonly pelvisHeightM: number;
}

/** Every `tickS`: the time, the latest sample and each region's peak contact force since the last tick. */
export interface MonitorTickEvent {
  readonly type: 'monitor.tick';
  /** Bus clock time, s. */
  readonly nowS: number;
  readonly sample?: PatientSample;
  readonly peaksN: Readonly<Record<string, number>>;
}

/** Why watching the patient found something wrong. */
export type MonitorAnomalyKind = 'force' | 'posture' | 'stale' | 'input_lost';

/** Sent once each time a limit is crossed (again only after the value came back within it). */
export interface MonitorAnomalyEvent {
  readonly type: 'monitor.anomaly';
  readonly kind: MonitorAnomalyKind;
  /** BEHAVIOR_TRANSFER_FORCE_LIMIT, BEHAVIOR_TRANSFER_POSTURE_UNSTABLE, BEHAVIOR_TRANSFER_CONTACT_STALE, … */
  readonly code: string;
  readonly detail: string;
  readonly region?: string;
  readonly valueN?: number;
  readonly limitN?: number;
}

/** A timer the behaviour started has run out (bus clock). */
export interface TimerExpiredEvent {
  readonly type: 'timer.expired';
  /** The `seq` of the `timer.start` it answers. */
  readonly seq: number;
}

/** The events the monitor sends its behaviour. */
export type TransferMonitorEvent = MonitorTickEvent | MonitorAnomalyEvent | TimerExpiredEvent;

/**
 * Start a timeout on the bus clock: `timer.expired` with the same `seq` comes back after `afterS`. A
 * new start replaces the one pending (the behaviour waits for one thing at a time). XState's own
 * `after` delays run on wall time, which in lock-step simulation is not the robot's time.
 */
export interface TimerStartEvent {
  readonly type: 'timer.start';
  readonly seq: number;
  readonly afterS: number;
}

/** What the behaviour tells the monitor to publish on `/behavior/transfer/status`. */
export interface TransferStatusEvent {
  readonly type: 'transfer.status';
  readonly status: Omit<kindred_msgs.TransferStatus, 'header'>;
}

/** The logic `transferMonitor(host)` returns. */
export type TransferMonitorLogic = CallbackActorLogic<EventObject, TransferMonitorInput>;

/**
 * An actor that watches the patient for the transfer: follows kindred_msgs/PatientContact on
 * `input.topic` and sends its behaviour `monitor.anomaly` the moment a region's contact force passes
 * its limit, the posture changes from the first one seen, the upper body rolls or the patient loses
 * tone beyond the limits, or the samples stop coming; and every `tickS` a `monitor.tick` with the bus
 * time, the latest sample and the peaks since the last tick (the behaviour's clock and record). It
 * also publishes what the behaviour sends it (`transfer.status`) as kindred_msgs/TransferStatus on
 * `/behavior/transfer/status`, latched, when it changes, and runs the behaviour's timeouts on the bus
 * clock (`timer.start` → `timer.expired`). Stopping it unsubscribes and cancels its timers.
 */
export function transferMonitor(host: BehaviorHost): TransferMonitorLogic {
  return fromCallback<EventObject, TransferMonitorInput>(({ sendBack, receive, input }) => {
    const logger = host.logger.child({ actor: 'transferMonitor' });
    const staleNs = nsFromS(input.staleAfterS);
    const over = new Set<string>();
    const peaks: Record<string, number> = {};
    let latest: PatientSample | undefined;
    let latestNs = 0n;
    let baselinePosture: number | undefined;
    let postureOver = false;
    let stale = false;
    const anomaly = (e: Omit<MonitorAnomalyEvent, 'type'>): void => {
      logger.warn({ ...e }, `patient anomaly / 患者异常: ${e.kind}`);
      sendBack({ type: 'monitor.anomaly', ...e } satisfies MonitorAnomalyEvent);
    };
    const subscription = host.bus.subscribe(input.topic, 'kindred_msgs/msg/PatientContact', (m) => {
      if (m.person_id !== input.personId) return;
      const contactN: Record<string, number> = {};
      m.regions.forEach((region, i) => {
        const f = m.contact_force[i] ?? Number.NaN;
        contactN[region] = f;
        if (!(f <= (peaks[region] ?? Number.NEGATIVE_INFINITY))) peaks[region] = f;
        const limit = input.contactN[region] ?? input.defaultContactN;
        if (!(f <= limit)) {
          if (!over.has(region)) {
            over.add(region);
            anomaly({ kind: 'force', code: 'BEHAVIOR_TRANSFER_FORCE_LIMIT', detail: `${region} contact ${f.toFixed(1)} N > limit ${limit} N`, region, valueN: f, limitN: limit });
          }
        } else over.delete(region);
      });
      baselinePosture ??= m.posture_code;
      const unstable = m.posture_code !== baselinePosture || !(Math.abs(m.trunk_roll) <= input.maxTrunkRollRad) || !(m.slumped <= input.maxSlumped);
      if (unstable && !postureOver) {
        anomaly({
          kind: 'posture',
          code: 'BEHAVIOR_TRANSFER_POSTURE_UNSTABLE',
          detail: `posture ${m.posture} (was code ${baselinePosture}), trunk roll ${m.trunk_roll.toFixed(3)} rad (limit ${input.maxTrunkRollRad}), slumped ${m.slumped.toFixed(2)} (limit ${input.maxSlumped})`,
        });
      }
      postureOver = unstable;
      latestNs = nsFromStamp(m.header.stamp);
      stale = false;
      latest = {
        atS: sFromNs(latestNs),
        personId: m.person_id,
        contactN,
        contactTotalN: m.contact_total,
        supportTotalN: m.support_total,
        postureCode: m.posture_code,
        trunkRollRad: m.trunk_roll,
        slumped: m.slumped,
        pelvisHeightM: m.pelvis_height,
      };
    });
    const timer = host.clock.setTimer(nsFromS(input.tickS), (nowNs) => {
      if (latest !== undefined && !stale && nowNs - latestNs > staleNs) {
        stale = true;
        anomaly({ kind: 'stale', code: 'BEHAVIOR_TRANSFER_CONTACT_STALE', detail: `no ${input.topic} sample for ${sFromNs(nowNs - latestNs).toFixed(2)} s (limit ${input.staleAfterS} s)` });
      }
      const tick: MonitorTickEvent = { type: 'monitor.tick', nowS: sFromNs(nowNs), peaksN: { ...peaks }, ...(latest === undefined ? {} : { sample: latest }) };
      for (const k of Object.keys(peaks)) delete peaks[k];
      sendBack(tick);
    });
    let status: Publisher<kindred_msgs.TransferStatus> | undefined;
    let lastStatus = '';
    let pending: Timer | undefined;
    receive((event) => {
      if (event.type === 'timer.start') {
        const { seq, afterS } = event as TimerStartEvent;
        pending?.cancel();
        pending = host.clock.setTimer(nsFromS(afterS), () => sendBack({ type: 'timer.expired', seq } satisfies TimerExpiredEvent), { oneShot: true });
        return;
      }
      if (event.type !== 'transfer.status') return;
      const s = (event as TransferStatusEvent).status;
      const key = JSON.stringify(s);
      if (key === lastStatus) return;
      lastStatus = key;
      status ??= host.bus.advertise(TRANSFER_STATUS_TOPIC, 'kindred_msgs/msg/TransferStatus', { durability: 'transient_local', depth: 1 });
      status.publish({ header: { stamp: stampFromNs(host.clock.now()), frame_id: '' }, ...s });
    });
    return () => {
      subscription.unsubscribe();
      timer.cancel();
      pending?.cancel();
      status?.close();
    };
  });
}
