import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SafetyLog } from '../log/SafetyLog.js';
import { validateEvent } from '../log/validateEvent.js';
import { INPUT } from '../monitors/Monitor.js';
import { protectiveSeparationM } from '../monitors/protectiveSeparation.js';
import { formatEvents, type SequencedSafetyEvent } from './formatEvents.js';
import { SUPERVISOR_STATE } from './supervisor.machine.js';
import type { SupervisorConfigInput } from './supervisorConfig.js';
import { supervisedRig, type SupervisedRig } from './testing/supervisedRig.js';

const STATE = [
  'knee/position',
  'knee/velocity',
  'knee/effort',
  'knee/motor_position',
  'cuff_ft/force.x',
  'cuff_ft/force.y',
  'cuff_ft/force.z',
  'patient_chest/contact_force',
  'person/x',
  'person/y',
  'estop/pressed',
];
const COMMANDS = ['knee/position', 'knee/effort'];
const PERIOD_S = 0.002;

const CONFIG: SupervisorConfigInput = {
  stopTimeLimitS: 0.5,
  clearDelayS: 0.1,
  recovery: { durationS: 1, velocityScale: 0.25 },
  force: {
    profile: 'iso_ts_15066',
    channels: [
      { interface: 'cuff_ft', region: 'thigh_knee' },
      { interface: 'patient_chest/contact_force', region: 'chest' },
    ],
  },
  separation: { person: { type: 'position', x: 'person/x', y: 'person/y' }, robotSpeedMPerS: 1 },
  trackingError: { positionTolerance: 0.1, cycles: 5 },
  freshness: { channels: [{ match: 'cuff_ft/force.*', timeoutS: 0.02 }] },
  commandWatchdog: { reaction: 'stop2' },
  plausibility: {
    nonFinite: ['knee/*', 'cuff_ft/*'],
    ranges: [{ match: 'knee/position', min: -1, max: 2 }],
    redundant: [{ a: 'knee/position', b: 'knee/motor_position', tolerance: 0.05, cycles: 3 }],
  },
  loopOverrun: { maxOverruns: 3, windowS: 1, reaction: 'stop2', missedCyclesReaction: 'stop1' },
};

/** A nominal robot: the knee follows its command, a noisy F/T sensor near zero, the person 10 m away. */
function rig(config: SupervisorConfigInput = CONFIG): SupervisedRig {
  const r = supervisedRig({
    stateNames: STATE,
    commandNames: COMMANDS,
    config,
    periodS: PERIOD_S,
    noise: (s, k) => {
      const q = 0.3 + 0.1 * Math.sin(0.01 * k);
      s[0] = q;
      s[3] = q;
      s[4] = 1 + 0.01 * Math.sin(0.7 * k);
      s[5] = -2 + 0.01 * Math.cos(0.9 * k);
      s[6] = 3 + 0.01 * Math.sin(1.3 * k);
      s[8] = 10;
    },
  });
  r.commands[0] = 0.3;
  return r;
}

/** Drain the supervisor's events as the worker would, checking each against the safety log's schema. */
function drain(r: SupervisedRig): SequencedSafetyEvent[] {
  const out = formatEvents(r.supervisor.events.drain(), r.supervisor.slots);
  for (const e of out) validateEvent(e.event);
  return out;
}

const faultsOf = (events: readonly SequencedSafetyEvent[]) => events.filter((e) => e.event.kind === 'fault');

/** Let the knee command follow the measured knee (no tracking error). */
const follow = (r: SupervisedRig) => () => {
  r.commands[0] = r.get('knee/position');
};

describe('SafetySupervisor: every monitor trips on its fault, quiet on a nominal run, with its latency in cycles', () => {
  const sp = protectiveSeparationM({
    humanSpeedMPerS: 1.6,
    robotSpeedMPerS: 1,
    reactionTimeS: 0.1,
    stoppingTimeS: 0.5,
    intrusionDistanceM: 0,
    humanUncertaintyM: 0.1,
    robotUncertaintyM: 0.05,
  });
  // inject: applied before every cycle from the fault on; delay: cycles from the fault being written
  // to the trip (0 = detected in the very cycle that reads it); stop: the actuator call expected then.
  const cases: { name: string; inject: (r: SupervisedRig) => void; code: string; delay: number; act: string }[] = [
    { name: 'F/T force above the transient limit', inject: (r) => r.set('cuff_ft/force.z', 500), code: 'SAFETY_FORCE_TRANSIENT', delay: 0, act: 'stop0' },
    {
      name: 'F/T force between the quasi-static and transient limits for the transient window',
      inject: (r) => r.set('cuff_ft/force.z', 300 + 0.01 * Math.sin(r.cycles)),
      code: 'SAFETY_FORCE_QUASI_STATIC',
      delay: 250,
      act: 'stop1',
    },
    { name: 'per-region contact force above the transient limit', inject: (r) => r.set('patient_chest/contact_force', 300), code: 'SAFETY_FORCE_TRANSIENT', delay: 0, act: 'stop0' },
    { name: 'a person inside the protective separation distance', inject: (r) => r.set('person/x', sp - 0.1), code: 'SAFETY_SEPARATION_PROTECTIVE', delay: 0, act: 'stop2' },
    { name: 'a person inside the warning distance', inject: (r) => r.set('person/x', sp + 0.2), code: 'SAFETY_SEPARATION_WARNING', delay: 0, act: 'scale 0.3' },
    { name: 'tracking error beyond tolerance', inject: (r) => (r.commands[0] = r.get('knee/position') + 0.5), code: 'SAFETY_TRACKING_ERROR', delay: 4, act: 'stop1' },
    // Frozen from the fault cycle on: stale once 20 ms have passed without a change, i.e. 11 cycles later.
    { name: 'a frozen F/T channel', inject: (r) => r.set('cuff_ft/force.x', 1.5), code: 'SAFETY_SENSOR_STALE', delay: 11, act: 'stop1' },
    { name: 'NaN velocity', inject: (r) => r.set('knee/velocity', Number.NaN), code: 'SAFETY_NONFINITE', delay: 0, act: 'stop0' },
    {
      name: 'a joint position outside its physical range',
      inject: (r) => {
        r.set('knee/position', 3);
        r.set('knee/motor_position', 3);
        r.commands[0] = 3;
      },
      code: 'SAFETY_OUT_OF_RANGE',
      delay: 0,
      act: 'stop1',
    },
    { name: 'redundant encoders that disagree', inject: (r) => r.set('knee/motor_position', r.get('knee/position') + 0.2), code: 'SAFETY_REDUNDANT_MISMATCH', delay: 2, act: 'stop0' },
    { name: 'loop overruns beyond the count per window', inject: (r) => (r.supervisor.inputs[INPUT.OVERRUNS]! += 1), code: 'SAFETY_LOOP_OVERRUN', delay: 3, act: 'stop2' },
    { name: 'missed cycles', inject: (r) => (r.supervisor.inputs[INPUT.MISSED] = 2), code: 'SAFETY_LOOP_MISSED_CYCLES', delay: 0, act: 'stop1' },
    { name: 'the hardware e-stop input', inject: (r) => r.set('estop/pressed', 1), code: 'SAFETY_ESTOP_BUTTON', delay: 0, act: 'stop1' },
    { name: 'a main-thread stall', inject: (r) => (r.supervisor.inputs[INPUT.MAIN_SILENT_S] = 0.3), code: 'SAFETY_COMMAND_STALE', delay: 0, act: 'stop2' },
  ];

  it.each(cases)('$name → $code after $delay cycles, $act in the same cycle', ({ inject, code, delay, act }) => {
    const r = rig();
    r.step(50, follow(r));
    expect(drain(r)).toEqual([]);
    expect(r.actuator.calls).toEqual([]);
    expect(r.supervisor.stateNow).toBe(SUPERVISOR_STATE.normal);
    const faultCycle = r.cycles;
    const each = (k: number): void => {
      if (code !== 'SAFETY_TRACKING_ERROR' && code !== 'SAFETY_OUT_OF_RANGE') follow(r)();
      if (k >= faultCycle) inject(r);
    };
    r.step(delay, each);
    expect(faultsOf(drain(r))).toEqual([]); // not a cycle early
    r.step(1, each);
    const raised = faultsOf(drain(r));
    expect(raised.map((e) => e.event.message?.en.split(' ')[0])).toContain(code);
    const first = raised.find((e) => e.event.message?.en.startsWith(code))!;
    expect(first.event.timeNs).toBe(BigInt(Math.round((faultCycle + delay) * PERIOD_S * 1e9)));
    expect(r.actuator.calls).toContain(`${act}@${faultCycle + delay}`);
    if (act.startsWith('stop')) expect(r.actuator.calls[0]).toBe(`hold@${faultCycle + delay}`);
  });

  it('a force peak above quasi-static but shorter than the transient window is a permitted transient contact', () => {
    const r = rig();
    r.step(50, (k) => {
      follow(r)();
      if (k >= 10 && k < 10 + 200) r.set('cuff_ft/force.z', 300 + 0.01 * Math.sin(k)); // 0.4 s at 300 N: above 220, below 440
    });
    expect(faultsOf(drain(r))).toEqual([]);
    r.step(300, follow(r));
    expect(r.actuator.calls).toEqual([]);
  });

  it('the event carries value, limit, reaction and the body region, in the shape the safety log appends', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindred-sup-'));
    const log = SafetyLog.open(dir);
    try {
      const r = rig();
      r.step(10, follow(r));
      r.step(1, () => r.set('cuff_ft/force.z', 500));
      const events = drain(r);
      const fault = events.find((e) => e.event.kind === 'fault')!.event;
      expect(fault).toMatchObject({ kind: 'fault', monitor: 'interaction_force', subject: 'thigh_knee (cuff_ft)', reaction: 'stop0', limit: { forceN: 440 } });
      expect(fault.values!['forceN']).toBeCloseTo(Math.hypot(1, 2, 500), 1);
      // The quasi-static fault needs the transient window; only the transient one and the state change now.
      expect(events.map((e) => e.event.kind)).toEqual(['fault', 'state']);
      expect(events[1]!.event).toMatchObject({ kind: 'state', monitor: 'supervisor', subject: 'protective_stop', reaction: 'stop0' });
      for (const e of events) log.append(e.event);
      expect(log.read().map((rec) => rec.kind)).toEqual(['fault', 'state']);
      expect(log.verify().ok).toBe(true);
    } finally {
      log.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SafetySupervisor: latching, authorised reset, recovery', () => {
  it('an e-stop latches; reset is refused while the button is pressed and from unauthorised sources, accepted after', () => {
    const r = rig();
    r.step(10, follow(r));
    r.step(5, (k) => {
      follow(r)();
      if (k >= 10) r.set('estop/pressed', 1);
    });
    expect(r.supervisor.stateNow).toBe(SUPERVISOR_STATE.emergency_stop);
    expect(r.supervisor.stopCategory).toBe(1);
    r.actuator.finish();
    r.step(5, follow(r));
    drain(r);

    const pressed = r.supervisor.reset({ source: 'tablet', role: 'therapist', operator: 'Dr Li' });
    expect(pressed).toMatchObject({ accepted: false, code: 'SAFETY_RESET_CAUSE_PERSISTS' });
    expect(pressed.accepted === false && pressed.causes).toEqual([{ monitor: 'estop_button', code: 'SAFETY_ESTOP_BUTTON', subject: 'estop/pressed', value: 1, limit: 0.5 }]);

    for (const bad of [{ source: 'api' }, { source: 'tablet', role: 'visitor' }, { source: 'tablet' }, { source: 'voice', role: 'therapist' }]) {
      expect(r.supervisor.reset(bad)).toMatchObject({ accepted: false, code: 'SAFETY_RESET_UNAUTHORISED' });
    }
    // Released, but for less than the clear delay (100 ms): still refused; releasing alone leaves no stop.
    r.set('estop/pressed', 0);
    r.step(40, follow(r));
    expect(r.supervisor.reset({ source: 'tablet', role: 'therapist' })).toMatchObject({ accepted: false, code: 'SAFETY_RESET_CAUSE_PERSISTS' });
    r.step(20, follow(r));
    expect(r.supervisor.stateNow).toBe(SUPERVISOR_STATE.emergency_stop);
    expect(r.actuator.calls.filter((c) => c.startsWith('end'))).toEqual([]);
    expect(r.supervisor.reset({ source: 'tablet', role: 'therapist', operator: 'Dr Li' })).toMatchObject({ accepted: true, cleared: ['estop_button:estop/pressed'] });
    expect(r.actuator.calls.at(-2)).toBe(`end@${r.cycles - 1}`);
    const kinds = drain(r).map((e) => `${e.event.kind}:${e.event.source ?? e.event.subject ?? ''}`);
    expect(kinds).toEqual([
      'reset_refused:tablet',
      'reset_refused:api',
      'reset_refused:tablet',
      'reset_refused:tablet',
      'reset_refused:voice',
      'reset_refused:tablet',
      'cleared:estop/pressed',
      'reset:tablet',
      'state:recovery',
    ]);
  });

  it('after the cause is gone an authorised reset clears the latch, recovers at reduced speed, then returns to normal', () => {
    const r = rig();
    r.step(10, follow(r));
    r.step(3, () => {
      follow(r)();
      r.set('estop/pressed', 1);
    });
    r.actuator.finish();
    r.step(60, () => {
      follow(r)();
      r.set('estop/pressed', 0);
    });
    drain(r);
    const events: SequencedSafetyEvent[] = [];
    const ok = r.supervisor.reset({ source: 'tablet', role: 'caregiver', operator: 'Ms Chen' });
    expect(ok).toMatchObject({ accepted: true, cleared: ['estop_button:estop/pressed'] });
    events.push(...drain(r));
    expect(events.map((e) => [e.event.kind, e.event.subject])).toEqual([
      ['reset', 'caregiver'],
      ['state', 'recovery'],
    ]);
    expect(events[0]!.event).toMatchObject({ operator: 'Ms Chen', source: 'tablet' });
    expect(r.actuator.calls.slice(-2)).toEqual([`end@${r.cycles - 1}`, `scale 0.25@${r.cycles - 1}`]);
    expect(r.supervisor.stateNow).toBe(SUPERVISOR_STATE.recovery);
    r.step(Math.round(1 / PERIOD_S) + 1, follow(r));
    expect(r.supervisor.stateNow).toBe(SUPERVISOR_STATE.normal);
    expect(r.actuator.scale).toBe(1);
    expect(drain(r).map((e) => e.event.subject)).toEqual(['normal']);
    // Nothing to reset now.
    expect(r.supervisor.reset({ source: 'cli' })).toMatchObject({ accepted: false, code: 'SAFETY_RESET_NOT_STOPPED' });
  });

  it('a reset is refused while a category 1 stop decelerates, and removes torque at the stopping-time limit at the latest (SS1-t)', () => {
    const r = rig();
    r.step(10, follow(r));
    const at = r.actuator.cycle;
    r.supervisor.requestStop(1, 10, 'api');
    expect(r.actuator.calls).toEqual([`hold@${at}`, `stop1@${at}`]);
    r.step(60, follow(r));
    expect(r.supervisor.reset({ source: 'cli' })).toMatchObject({ accepted: false, code: 'SAFETY_RESET_STOP_IN_PROGRESS' });
    expect(r.heartbeat[1]).toBe(1); // decelerating with torque: the drives' watchdog is still fed
    // The deceleration never reports standstill: torque goes at the 0.5 s limit plus one cycle.
    const limitCycles = Math.round(0.5 / PERIOD_S);
    r.step(limitCycles - 60, follow(r));
    expect(r.actuator.torqueRemoved).toBe(false);
    r.step(1, follow(r));
    expect(r.actuator.calls.at(-1)).toBe(`stop0@${at + limitCycles + 1}`);
    expect(r.heartbeat[1]).toBe(0);
    expect(r.supervisor.reset({ source: 'cli' })).toMatchObject({ accepted: true });
  });

  it('stops escalate (2 → 1 → 0) and never de-escalate', () => {
    const r = rig();
    r.step(5, follow(r));
    r.supervisor.requestStop(2, 0.4, 'api');
    r.step(1, () => (r.supervisor.inputs[INPUT.MISSED] = 1));
    r.step(1, () => r.set('knee/velocity', Number.NaN));
    r.supervisor.requestStop(2, 0.4, 'tablet');
    r.step(2, () => r.set('knee/velocity', 0));
    expect(r.actuator.calls.filter((c) => c.startsWith('stop'))).toEqual(['stop2@4', 'stop1@5', 'stop0@6']);
    expect(r.supervisor.stopCategory).toBe(0);
  });

  it('the drive-watchdog heartbeat runs every cycle, stops on a category 0 stop and after missed cycles, runs through a category 2 stop', () => {
    const r = rig({ ...CONFIG, loopOverrun: { missedCyclesReaction: 'warn' } });
    r.step(10, follow(r));
    expect(r.heartbeat[0]).toBe(10);
    r.step(1, () => (r.supervisor.inputs[INPUT.MISSED] = 3));
    expect(r.heartbeat[1]).toBe(0);
    r.step(1, follow(r)); // bumped again from the next cycle
    expect(r.heartbeat[1]).toBe(1);
    const before = r.heartbeat[0]!;
    r.supervisor.requestStop(2, 0.3, 'api');
    r.step(10, follow(r));
    expect(r.heartbeat[0]).toBe(before + 10);
    r.supervisor.estop('voice');
    expect(r.supervisor.stopCategory).toBe(1);
    r.supervisor.requestStop(0, 0.3, 'bridge');
    const frozen = r.heartbeat[0]!;
    r.step(10, follow(r));
    expect(r.heartbeat[0]).toBe(frozen);
    expect(r.heartbeat[1]).toBe(0);
  });

  it('a software e-stop from any source stops at once, before the next cycle, and names the source', () => {
    const r = rig();
    r.step(5, follow(r));
    expect(r.supervisor.estop('voice')).toBe(1);
    expect(r.supervisor.stateNow).toBe(SUPERVISOR_STATE.emergency_stop);
    r.supervisor.estop('nurse_call_button');
    const subjects = drain(r)
      .filter((e) => e.event.kind === 'fault')
      .map((e) => e.event.subject);
    expect(subjects).toEqual(['voice', 'nurse_call_button']);
  });

  it('reduced speed follows a person in and out of the warning distance, with hysteresis, and does not latch', () => {
    const r = rig();
    r.step(5, follow(r));
    // S_p at full speed 1.46 m, warning below 1.96 m; at the reduced scale 0.3, S_p = 1.215 m.
    r.step(1, () => r.set('person/x', 1.9));
    expect(r.supervisor.stateNow).toBe(SUPERVISOR_STATE.reduced_speed);
    expect(r.actuator.scale).toBe(0.3);
    r.step(100, () => r.set('person/x', 2.0)); // within the 0.1 m hysteresis: still reduced
    expect(r.supervisor.stateNow).toBe(SUPERVISOR_STATE.reduced_speed);
    r.step(49, () => r.set('person/x', 2.1));
    expect(r.supervisor.stateNow).toBe(SUPERVISOR_STATE.reduced_speed); // clear delay 100 ms not over
    r.step(2, () => r.set('person/x', 2.1));
    expect(r.supervisor.stateNow).toBe(SUPERVISOR_STATE.normal);
    expect(r.actuator.scale).toBe(1);
    expect(r.actuator.calls.filter((c) => c.startsWith('stop') || c.startsWith('hold'))).toEqual([]);
  });

  it('with requireLoggedEvents, a reset waits until the main thread has durably logged the faults it clears', () => {
    const r = rig({ ...CONFIG, reset: { requireLoggedEvents: true } });
    r.step(5, follow(r));
    r.supervisor.estop('tablet');
    r.actuator.finish();
    r.step(60, follow(r));
    const events = drain(r);
    const refused = r.supervisor.reset({ source: 'tablet', role: 'therapist' });
    expect(refused).toMatchObject({ accepted: false, code: 'SAFETY_RESET_LOG_PENDING' });
    drain(r);
    Atomics.store(r.loggedSeq, 0, Math.max(...events.map((e) => e.seq)));
    expect(r.supervisor.reset({ source: 'tablet', role: 'therapist' })).toMatchObject({ accepted: true });
  });
});
