// The transfer's monitor on a real bus and SimClock: what it tells its behaviour about the patient,
// its timeouts on the bus clock, and the status it publishes.
import { afterEach, describe, expect, it } from 'vitest';
import { createActor, setup, type AnyActorRef, type EventObject } from 'xstate';
import { stampFromNs, type kindred_msgs } from '../../runtime/msgs/index.js';
import { busHost, type BusHost } from '../runtime/testing/busHost.js';
import { PATIENT_CONTACT_TOPIC, TRANSFER_STATUS_TOPIC } from './patientContact.js';
import { transferMonitor, type MonitorAnomalyEvent, type MonitorTickEvent, type TransferMonitorInput } from './transferMonitor.js';

const INPUT: TransferMonitorInput = {
  personId: 'patient',
  topic: PATIENT_CONTACT_TOPIC,
  tickS: 0.1,
  staleAfterS: 0.3,
  contactN: { chest: 40, back: 400 },
  defaultContactN: 30,
  maxTrunkRollRad: 0.2,
  maxSlumped: 0.2,
};

interface Harness {
  readonly rig: BusHost;
  readonly events: EventObject[];
  readonly monitor: AnyActorRef;
  publish(contact: Record<string, number>, extra?: Partial<kindred_msgs.PatientContact>): void;
  stop(): void;
}

let harness: Harness | undefined;
afterEach(() => harness?.stop());

function start(): Harness {
  const rig = busHost();
  const events: EventObject[] = [];
  const machine = setup({ actors: { transferMonitor: transferMonitor(rig.host) } }).createMachine({
    invoke: { id: 'monitor', src: 'transferMonitor', input: INPUT },
    on: { '*': { actions: ({ event }) => events.push(event) } },
  });
  const parent = createActor(machine).start();
  const contact = rig.bus.advertise(PATIENT_CONTACT_TOPIC, 'kindred_msgs/msg/PatientContact');
  harness = {
    rig,
    events,
    monitor: parent.getSnapshot().children.monitor as AnyActorRef,
    publish(values, extra = {}) {
      const regions = Object.keys(values);
      contact.publish({
        header: { stamp: stampFromNs(rig.clock.now()), frame_id: '' },
        person_id: 'patient',
        regions,
        contact_force: regions.map((r) => values[r]!),
        support_force: regions.map(() => 10),
        posture: 'supine',
        posture_code: 0,
        slumped: 0,
        pelvis_height: 0.64,
        trunk_roll: 0,
        contact_total: Object.values(values).reduce((a, b) => a + b, 0),
        support_total: 540,
        source: 'test',
        ...extra,
      });
    },
    stop: () => parent.stop(),
  };
  return harness;
}

const anomalies = (h: Harness): MonitorAnomalyEvent[] => h.events.filter((e): e is MonitorAnomalyEvent => e.type === 'monitor.anomaly');
const ticks = (h: Harness): MonitorTickEvent[] => h.events.filter((e): e is MonitorTickEvent => e.type === 'monitor.tick');

describe('transferMonitor', () => {
  it('reports a region’s contact force once when it passes its limit, and again only after it came back', async () => {
    const h = start();
    h.publish({ chest: 10, back: 300, hand_left: 5 });
    h.publish({ chest: 55, back: 300, hand_left: 5 });
    h.publish({ chest: 60, back: 300, hand_left: 5 });
    expect(anomalies(h)).toEqual([{ type: 'monitor.anomaly', kind: 'force', code: 'BEHAVIOR_TRANSFER_FORCE_LIMIT', detail: 'chest contact 55.0 N > limit 40 N', region: 'chest', valueN: 55, limitN: 40 }]);
    h.publish({ chest: 20, back: 300, hand_left: 35 });
    expect(anomalies(h).map((a) => [a.region, a.limitN])).toEqual([
      ['chest', 40],
      ['hand_left', 30],
    ]);
    h.publish({ chest: 41, back: 300, hand_left: 5 });
    expect(anomalies(h).map((a) => a.region)).toEqual(['chest', 'hand_left', 'chest']);
    await h.rig.advance(100);
    expect(ticks(h).at(-1)?.peaksN).toEqual({ chest: 60, back: 300, hand_left: 35 });
  });

  it('reports a change of posture, a rolling upper body and a loss of tone as a posture anomaly', () => {
    const h = start();
    h.publish({ back: 100 });
    h.publish({ back: 100 }, { trunk_roll: 0.25 });
    h.publish({ back: 100 }, { trunk_roll: 0.3 });
    h.publish({ back: 100 });
    h.publish({ back: 100 }, { posture: 'lateral_right', posture_code: 2 });
    expect(anomalies(h).map((a) => [a.kind, a.code])).toEqual([
      ['posture', 'BEHAVIOR_TRANSFER_POSTURE_UNSTABLE'],
      ['posture', 'BEHAVIOR_TRANSFER_POSTURE_UNSTABLE'],
    ]);
  });

  it('ticks on the bus clock with the latest sample, ignores other people, and reports samples that stop', async () => {
    const h = start();
    h.publish({ back: 120 }, { person_id: 'visitor' });
    await h.rig.advance(100);
    expect(ticks(h)).toHaveLength(1);
    expect(ticks(h)[0]).toMatchObject({ nowS: 0.1, peaksN: {} });
    expect(ticks(h)[0]!.sample).toBeUndefined();
    h.publish({ back: 120 });
    await h.rig.advance(100);
    expect(ticks(h)[1]!.sample).toMatchObject({ personId: 'patient', contactN: { back: 120 }, supportTotalN: 540, atS: 0.1 });
    expect(anomalies(h)).toEqual([]);
    await h.rig.advance(300);
    expect(anomalies(h).map((a) => a.code)).toEqual(['BEHAVIOR_TRANSFER_CONTACT_STALE']);
    await h.rig.advance(300);
    expect(anomalies(h)).toHaveLength(1);
  });

  it('runs the behaviour’s timeouts on the bus clock; a newer timer replaces the pending one', async () => {
    const h = start();
    h.monitor.send({ type: 'timer.start', seq: 1, afterS: 0.5 });
    await h.rig.advance(300);
    h.monitor.send({ type: 'timer.start', seq: 2, afterS: 0.5 });
    await h.rig.advance(400);
    expect(h.events.filter((e) => e.type === 'timer.expired')).toEqual([]);
    await h.rig.advance(100);
    expect(h.events.filter((e) => e.type === 'timer.expired')).toEqual([{ type: 'timer.expired', seq: 2 }]);
  });

  it('publishes the behaviour’s status on /behavior/transfer/status, latched, once per change', () => {
    const h = start();
    const seen: kindred_msgs.TransferStatus[] = [];
    const status = {
      patient_id: 'patient',
      direction: 'bed_to_wheelchair',
      autonomy: 'supervised',
      step: 'preconditions',
      preconditions: ['consent'],
      precondition_states: ['missing'],
      ready: false,
      loaded: false,
      over_support: 'bed',
    };
    h.monitor.send({ type: 'transfer.status', status });
    h.monitor.send({ type: 'transfer.status', status });
    h.monitor.send({ type: 'transfer.status', status: { ...status, precondition_states: ['met'], ready: true } });
    h.rig.bus.subscribe(TRANSFER_STATUS_TOPIC, 'kindred_msgs/msg/TransferStatus', (m) => seen.push(m), { durability: 'transient_local' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ ready: true, precondition_states: ['met'], step: 'preconditions' });
  });
});
