// End to end: the rehab session against the real simulated exoskeleton and patient (MuJoCo, the
// lock-step control loop, the SafetyGate with the plan's prescription, the supervisor), driven by the
// people's side of a session published on the bus as `kindred behavior run rehab` publishes it.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ScriptedInput } from '../ShippedBehavior.js';
import { loadRehabPlan } from './plan/loadRehabPlan.js';
import { PRESCRIPTION_SLACK_RAD } from './repetitionRecords.js';
import type { SessionRecord } from './sessionRecord.js';
import { runRehabSession, type RehabSimResult } from './testing/rehabSimRun.js';

const PLAN = loadRehabPlan(fileURLToPath(new URL('./testing/short_knee.plan.yaml', import.meta.url))).data;
const READY: ScriptedInput = { atS: 0.5, intent: { name: 'ready', role: 'patient', text: '好', language: 'zh' } };
/** Simulated time inside the first exercise's first repetition (ready 0.5 s, calibration 2 s, warm-up 2 s, positioning ≈ 2.9 s). */
const MID_FIRST_EXERCISE_S = 8.5;

/** The patient pushes the knee into extension once the resistive repetition's window opens. */
const PUSH_AGAINST_SPRING: Readonly<Record<string, ScriptedInput>> = {
  'session.running.exercise.window': { atS: 0, sim: { op: 'voluntary', joint: 'knee_left', torqueNm: 15, durationS: 0.8 } },
};

function run(script: readonly ScriptedInput[]): Promise<RehabSimResult> {
  return runRehabSession({ plan: PLAN, script, timeoutS: 300, onFirstEntry: PUSH_AGAINST_SPRING });
}

/** Checks every run shares: it ended in its final state, safely, with the record returned and published alike. */
function expectEndedWithRecord(r: RehabSimResult): SessionRecord {
  expect(r.result.status, r.states.join(' > ')).toBe('done');
  expect(r.result.state).toBe('done');
  expect(r.result.tags).toContain('safe');
  const record = r.record!;
  expect(record.kind).toBe('rehab_session_record');
  expect(record.patient).toEqual({ id: 'test-0001', name: '测试 / Test' });
  expect(r.published, 'the record on /rehab/session_record').toBeDefined();
  expect(JSON.parse(r.published!.record_json)).toEqual(JSON.parse(JSON.stringify(record)));
  expect(r.published!.stop_reason).toBe(record.stopReason);
  expect(r.published!.repetitions).toHaveLength(record.exercises.reduce((n, e) => n + e.repetitions.length, 0));
  // Every repetition recorded stayed within the prescription.
  for (const e of record.exercises) {
    for (const rep of e.repetitions) {
      for (const [joint, range] of Object.entries(rep.rangeReached)) {
        const p = PLAN.prescription[joint]!;
        expect(range.minRad).toBeGreaterThanOrEqual(p.rangeRad.min - PRESCRIPTION_SLACK_RAD);
        expect(range.maxRad).toBeLessThanOrEqual(p.rangeRad.max + PRESCRIPTION_SLACK_RAD);
      }
      expect(rep.withinPrescription).toBe(true);
    }
  }
  return record;
}

describe('rehab session on the simulated exoskeleton', () => {
  it('runs the whole session: every repetition recorded within the prescription, progression, a resistive window measuring the patient’s push, a pause and resume mid-exercise', async () => {
    const r = await run([READY, { atS: MID_FIRST_EXERCISE_S, command: 'pause' }, { atS: MID_FIRST_EXERCISE_S + 1.5, command: 'resume' }]);
    const record = expectEndedWithRecord(r);
    expect(record.status).toBe('completed');
    expect(record.stopReason).toBe('completed');
    expect(record.device).not.toBeNull();
    expect(record.calibration!.maxTrackingErrorRad).toBeLessThan(0.05);
    for (const [joint, angle] of Object.entries(PLAN.calibration.pose)) expect(record.calibration!.measured[joint]).toBeCloseTo(angle, 1);
    expect(record.warmUp).toMatchObject({ completed: true });

    const [passive, assisted, resisted] = record.exercises;
    expect(passive!.repetitions.map((x) => `${x.set}.${x.repetition}`)).toEqual(['1.1', '1.2', '2.1', '2.2']);
    expect(assisted!.repetitions.map((x) => `${x.set}.${x.repetition}`)).toEqual(['1.1', '1.2']);
    expect(resisted!.repetitions.map((x) => `${x.set}.${x.repetition}`)).toEqual(['1.1']);
    for (const rep of [...passive!.repetitions, ...assisted!.repetitions]) {
      // Streamed repetitions go out and back.
      expect(rep.outcome).toBe('completed');
      const knee = rep.rangeReached['knee_left']!;
      expect(knee.minRad).toBeLessThan(0.35); // back at the start
      expect(knee.maxRad).toBeGreaterThan(0.6); // out towards the target
      const a = rep.assistance['knee_left']!;
      expect(a.peakNm).toBeGreaterThan(0);
      expect(a.peakNm).toBeGreaterThanOrEqual(a.meanNm);
      expect(rep.durationS).toBeGreaterThan(1.9);
    }
    // Passive: the exoskeleton leads, the target is reached and tracked closely; after the first set
    // (all reached) the range widens, within the prescription, and the second set reaches it.
    expect(passive!.repetitions.every((x) => x.reachedTarget && x.maxTrackingErrorRad! < 0.05)).toBe(true);
    expect(passive!.progression).toHaveLength(1);
    const step = passive!.progression[0]!;
    expect(step.afterSet).toBe(1);
    expect(step.toToRad).toBeGreaterThan(step.fromToRad);
    expect(step.toToRad).toBeLessThanOrEqual(PLAN.prescription['knee_left']!.rangeRad.max);
    expect(passive!.repetitions[2]!.rangeReached['knee_left']!.maxRad).toBeGreaterThan(step.toToRad - 0.05);
    // Active-assisted runs on its own controllers, following the repetition compliantly, at the plan's level.
    expect(assisted!.controllers).toEqual(['hold_except_knees', 'knees_assist']);
    expect(assisted!.repetitions.map((x) => x.appliedAssistancePercent)).toEqual([60, 60]);
    expect(passive!.repetitions.every((x) => x.appliedAssistancePercent === null)).toBe(true);
    expect(assisted!.repetitions.every((x) => x.maxTrackingErrorRad! > passive!.repetitions[0]!.maxTrackingErrorRad!)).toBe(true);
    // Resistive: nothing is streamed; for the planned 2 s the spring holds the start and the record
    // shows what the patient did against it — a push of the knee of about a tenth of a radian.
    const push = resisted!.repetitions[0]!;
    expect(resisted!.controllers).toEqual(['hold_except_knees', 'knees_resist']);
    expect(push).toMatchObject({ outcome: 'completed', maxTrackingErrorRad: null, reachedTarget: false });
    expect(push.durationS).toBeCloseTo(2, 0);
    expect(push.rangeReached['knee_left']!.maxRad - push.rangeReached['knee_left']!.minRad).toBeGreaterThan(0.05);
    expect(push.assistance['knee_left']!.peakNm).toBeGreaterThan(1);

    // The pause happened mid-exercise and was resumed; the interrupted repetition was redone.
    expect(record.pauses).toHaveLength(1);
    expect(record.pauses[0]).toMatchObject({ by: 'therapist', during: expect.stringContaining('exercise knee_passive set 1/2') });
    expect(record.pauses[0]!.resumedAtS! - record.pauses[0]!.atS).toBeCloseTo(1.5, 0);
    expect(r.states).toEqual(expect.arrayContaining(['session.paused']));
    const paused = r.states.indexOf('session.paused');
    expect(r.states.slice(paused + 1, paused + 3)).toEqual(['session.running.exercise.positioning', 'session.running.exercise.moving']);
    expect(record.safetyEvents).toEqual([]);
    expect(r.states.slice(-3)).toEqual(['reporting.speaking', 'reporting.publishing', 'done']);
  }, 60_000);

  it('the patient says "停": the session stops at once, safely, with the reason recorded', async () => {
    const r = await run([READY, { atS: MID_FIRST_EXERCISE_S, intent: { name: '停', role: 'patient', text: '停', language: 'zh' } }]);
    const record = expectEndedWithRecord(r);
    expect(record.status).toBe('stopped');
    expect(record.stopReason).toBe('patient_stop');
    expect(record.stopDetail).toContain('停');
    expect(r.states).toContain('session.running.exercise.moving');
    // At once: the legs held in position (whatever controller had them), then the summary.
    const at = r.states.indexOf('session.running.exercise.moving');
    expect(r.states.slice(at + 1, at + 3)).toEqual(['reporting.holdingLegs', 'reporting.speaking']);
    expect(record.endedAtS).toBeLessThan(MID_FIRST_EXERCISE_S + 0.5);
    expect(record.coolDown).toBeNull();
  }, 60_000);

  it('a pain signal above the threshold stops the session safely', async () => {
    const r = await run([READY, { atS: MID_FIRST_EXERCISE_S, patientSignal: { kind: 'pain', level: 0.9 } }]);
    const record = expectEndedWithRecord(r);
    expect(record.stopReason).toBe('pain');
    expect(record.signals).toEqual([expect.objectContaining({ type: 'patient.pain', level: 0.9 })]);
  }, 60_000);

  it('an e-stop ends the session safely, the safety event in the record', async () => {
    const r = await run([READY, { atS: MID_FIRST_EXERCISE_S, estop: 'tablet' }]);
    const record = expectEndedWithRecord(r);
    expect(record.stopReason).toBe('estop');
    expect(record.safetyEvents).toEqual([expect.objectContaining({ type: 'safety.estop', source: 'tablet', during: expect.stringContaining('knee_passive') })]);
    expect(r.states).toEqual(expect.arrayContaining(['session.safetyStopped']));
    expect(r.published!.safety_event_count).toBe(1);
  }, 60_000);

  it('after an e-stop, an authorised reset and the therapist’s resume, the session goes on to the end', async () => {
    const r = await run([READY, { atS: MID_FIRST_EXERCISE_S, estop: 'tablet' }, { atS: MID_FIRST_EXERCISE_S + 1, safetyReset: true }, { atS: MID_FIRST_EXERCISE_S + 1.5, command: 'resume' }]);
    const record = expectEndedWithRecord(r);
    expect(record.stopReason).toBe('completed');
    expect(record.safetyEvents.map((e) => e.type)).toEqual(['safety.estop', 'safety.cleared']);
    const stopped = r.states.indexOf('session.safetyStopped');
    expect(r.states.slice(stopped, stopped + 4)).toEqual(['session.safetyStopped', 'session.safetyCleared', 'session.releasing', 'session.running.exercise.positioning']);
    expect(record.exercises.map((e) => e.repetitions.length)).toEqual([4, 2, 1]);
  }, 60_000);
});
