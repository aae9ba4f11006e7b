import type { ScriptedInput } from '../ShippedBehavior.js';
import { repetitionDurationS } from './plan/exerciseMotion.js';
import type { RehabPlanData } from './plan/rehabPlanSchema.js';

/** Simulated seconds from the start until the patient says "ready". */
const READY_AT_S = 1;
/** How long the therapist's demo pause lasts, s. */
const PAUSE_S = 3;

/**
 * Roughly when (simulated s) the first exercise's repetitions are under way: the ready, calibration,
 * warm-up and positioning (generously), plus one repetition.
 */
export function firstExerciseAtS(plan: RehabPlanData): number {
  const first = plan.exercises[0]!;
  return READY_AT_S + 1 + plan.calibration.durationS + plan.warmUp.cycles * plan.warmUp.periodS + 3 + repetitionDurationS(first) * 1.5;
}

/**
 * The demo's people: the patient says "好" (ready) after a second; the therapist pauses during the
 * first exercise and resumes three seconds later.
 */
export function demoScript(plan: RehabPlanData): ScriptedInput[] {
  const pauseAt = firstExerciseAtS(plan);
  return [
    { atS: READY_AT_S, intent: { name: 'ready', role: 'patient', text: '好', language: 'zh' } },
    { atS: pauseAt, command: 'pause' },
    { atS: pauseAt + PAUSE_S, command: 'resume' },
  ];
}

/** A generous bound on the session's simulated length: every motion, rest and window at twice its planned time, the demo pause, plus a minute. */
export function sessionTimeoutS(plan: RehabPlanData): number {
  let s = READY_AT_S + plan.calibration.durationS + plan.warmUp.cycles * plan.warmUp.periodS + plan.coolDown.durationS + PAUSE_S;
  for (const e of plan.exercises) {
    s += 6 + e.sets * e.repetitions * repetitionDurationS(e) + (e.sets - 1) * e.restS;
  }
  return Math.ceil(2 * s + 60);
}
