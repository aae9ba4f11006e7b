import type { SnapshotFrom } from 'xstate';
import type { MotionResult } from '../actors/index.js';
import { defineBehavior } from '../core/index.js';
import { stableStringify } from '../verify/index.js';
import { parseRehabPlan } from './plan/loadRehabPlan.js';
import { rehabMachine, type RehabEvent } from './rehab.machine.js';
import type { JointsTick } from './rehabActors.js';
import { currentExercise, currentTarget, type RehabContext, type RehabInput } from './rehabContext.js';
import { REHAB_EXO_CONTROLLERS } from './rehabControllers.js';
import { repetitionFromWindow } from './repetitionRecords.js';

/**
 * The plan the verifier explores with: small, but with every state of the chart — a warm-up, a
 * passive exercise (streamed on the position controller, no switch), an active-assisted one over two
 * sets (its level set before the switch; rest; progression widening the range and lowering the level,
 * which is set again before the next repetition; restored when the session ends), a resistive one
 * (controller switches there and back, a timed window), and two failures in a row ending the session.
 */
const EXPLORE_PLAN = parseRehabPlan(
  `kind: rehab_session_plan
name: verifier plan
patient: { id: v, name: verifier }
prescription:
  knee_left: { rangeRad: { min: 0, max: 1.1 }, maxSpeedRadPerS: 0.9, maxAssistanceTorqueNm: 40 }
  hip_flexion_left: { rangeRad: { min: -0.1, max: 0.7 }, maxSpeedRadPerS: 0.6, maxAssistanceTorqueNm: 70 }
stopRules: { maxConsecutiveFailures: 2 }
calibration: { pose: { hip_flexion_left: 0.5, knee_left: 0.3 }, durationS: 4 }
warmUp: { cycles: 1, amplitudeRad: 0.1, periodS: 4 }
exercises:
  - { id: passive, name: p, kind: knee_flexion_extension, side: left, mode: passive, range: { fromRad: 0.3, toRad: 0.8 }, durationS: 3, repetitions: 1 }
  - { id: assisted, name: a, kind: knee_flexion_extension, side: left, mode: active_assisted, assistancePercent: 40, range: { fromRad: 0.3, toRad: 0.6 }, durationS: 3, repetitions: 1, sets: 2, restS: 1, progression: { rangeStepRad: 0.1, assistanceStepPercent: 10 } }
  - { id: resisted, name: r, kind: knee_flexion_extension, side: left, mode: resistive, range: { fromRad: 0.3, toRad: 0.6 }, durationS: 3, repetitions: 1 }
`,
  'rehab-verifier.plan.yaml',
).data;

const EXPLORE_INPUT: RehabInput = { plan: EXPLORE_PLAN, controllers: REHAB_EXO_CONTROLLERS };

/** A joints tick for the prescribed joints of the plan being explored (any plan: the verifier's, or the one a model-based test runs). */
function tick(joints: readonly string[], fresh: boolean, lo: number, hi: number): JointsTick {
  const all = (v: number): Record<string, number> => Object.fromEntries(joints.map((j) => [j, v]));
  return { type: 'rehab.joints', timeS: 1, fresh, positions: all(0.3), minPositions: all(lo), maxPositions: all(hi), peakEffortNm: all(5), effortSumNm: all(10), samples: 2 };
}

function motion(lo: number, hi: number): MotionResult {
  const joints = ['hip_abduction_left', 'hip_flexion_left', 'knee_left', 'ankle_left', 'hip_abduction_right', 'hip_flexion_right', 'knee_right', 'ankle_right'];
  const all = (v: number): Record<string, number> => Object.fromEntries(joints.map((j) => [j, v]));
  return { positions: all(0.3), minPositions: all(lo), maxPositions: all(hi), maxTrackingError: 0.01, elapsedS: 3 };
}

function intent(name: string, role: 'patient' | 'therapist'): RehabEvent {
  return { type: `intent.${name}`, role, text: name, language: 'en', confidence: 1, source: 'cli' } as RehabEvent;
}

const PAIN: RehabEvent = { type: 'patient.pain', level: 0.9, personId: 'patient', source: 'verify' };
const FATIGUE: RehabEvent = { type: 'patient.fatigue', level: 0.9, personId: 'patient', source: 'verify' };

/**
 * The sample events of a state: joint ticks where they decide something (the device check, a
 * repetition window), the intents where they are answered, a pain signal and a patient "stop"
 * everywhere (fatigue, handled alike, where the session rests). Kept per state so the exploration
 * (which replays every transition: the session's listeners are always alive) stays small.
 */
function events(s: SnapshotFrom<typeof rehabMachine>): readonly RehabEvent[] {
  const joints = Object.keys(s.context.plan.prescription);
  const TICK_STILL = tick(joints, true, 0.3, 0.3);
  const TICK_FULL = tick(joints, true, 0, 1.1);
  const TICK_STALE = tick(joints, false, 0.3, 0.3);
  const out: RehabEvent[] = [intent('stop', 'patient'), PAIN];
  if (s.matches({ session: { running: { preChecks: 'device' } } })) out.push(TICK_STILL, TICK_STALE);
  if (s.matches({ session: { running: { preChecks: 'patient' } } })) out.push(intent('ready', 'patient'), intent('start', 'therapist'));
  if (s.matches({ session: { running: { exercise: 'window' } } })) out.push(TICK_STILL, TICK_FULL);
  if (s.matches({ session: { running: { exercise: 'rest' } } })) out.push(FATIGUE);
  if (s.hasTag('pausable')) out.push(intent('pause', 'patient'));
  if (s.matches({ session: 'paused' })) out.push(intent('resume', 'patient'));
  return out;
}

/** What the session's decisions depend on; measurements, times, the stop reason and the record's contents (which steer nothing) are left out. */
function stateKey(s: SnapshotFrom<typeof rehabMachine>): string {
  const c: RehabContext = s.context;
  const history: Record<string, string[]> = {};
  for (const [id, nodes] of Object.entries(s.historyValue)) history[id] = nodes.map((n) => n.id);
  // The window is reset on entering a repetition (moving, window) and read only when it ends: elsewhere
  // its contents steer nothing (and a real run's differ from the exploration's).
  const inRepetition = s.matches({ session: { running: { exercise: 'moving' } } }) || s.matches({ session: { running: { exercise: 'window' } } });
  const windowRep =
    c.phase === 'exercise' && inRepetition
      ? repetitionFromWindow({ exercise: currentExercise(c), set: c.set, repetition: c.rep, toRad: currentTarget(c), prescription: c.plan.prescription, appliedAssistancePercent: null }, c.window)
      : undefined;
  const inForce: Record<string, number> = {};
  for (const [controller, a] of Object.entries(c.assistanceInForce)) inForce[controller] = a.requestedPercent;
  return stableStringify({
    v: s.value,
    h: history,
    k: Object.keys(s.children).sort(),
    st: s.status,
    c: {
      active: c.active,
      at: [c.exercise, c.set, c.rep],
      targets: c.targets,
      assistance: c.assistance,
      inForce,
      pending: c.pendingAssistance,
      all: c.setAllReached,
      failures: c.failures,
      window: windowRep === undefined ? null : [windowRep.outcome, windowRep.reachedTarget],
    },
  });
}

/** The rehab training session as Kindred ships it: the machine, its description, and how `kindred behavior verify` explores it. */
export const rehabDefinition = defineBehavior({
  id: 'rehab',
  machine: rehabMachine,
  description: {
    en: 'Rehab training session on the exoskeleton: checks, calibration, warm-up, exercises in sets with rests and progression, cool-down, session record.',
    zh: '外骨骼康复训练：检查、校准、热身、分组练习（含休息与进阶）、放松，生成训练记录。',
  },
  explore: {
    events,
    safetyBound: 1,
    input: EXPLORE_INPUT,
    stateKey,
    maxStates: 20_000,
    actorOutputs: {
      followTrajectory: [motion(0, 1.1), motion(0.3, 0.3)],
      moveJoints: [motion(0.3, 0.5)],
      publishSessionRecord: [{ topic: '/rehab/session_record' }],
      // What the loop reports in force: the level asked for (the stand-in answers for the explore plan's controller).
      setAssistance: [{ knees_assist: 40 }],
      speak: [{ id: 'verify', outcome: 'done' }],
    },
  },
});
