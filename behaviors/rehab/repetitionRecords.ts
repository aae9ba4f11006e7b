import type { MotionResult } from '../actors/index.js';
import { exerciseJoints, startPositions, targetPositions } from './plan/exerciseMotion.js';
import type { PlanExercise, RehabPlanData } from './plan/rehabPlanSchema.js';
import type { JointsTick } from './rehabActors.js';
import type { JointAssistance, JointRange, RepetitionRecord } from './sessionRecord.js';

/**
 * Pure helpers the session machine uses to turn what it measured into the session record: a window
 * of `JointsTick`s folded together, and repetition records from a streamed motion's `MotionResult`,
 * from a window (where the patient moves alone), or from a failure.
 */

/** Ticks folded over a window (a repetition, a warm-up): per joint lowest/highest position, peak and sum of |effort|. */
export interface JointWindow {
  readonly startS: number;
  readonly endS: number;
  readonly samples: number;
  readonly minPositions: Readonly<Record<string, number>>;
  readonly maxPositions: Readonly<Record<string, number>>;
  readonly peakEffortNm: Readonly<Record<string, number>>;
  readonly effortSumNm: Readonly<Record<string, number>>;
}

/** An empty window opening at `startS`. */
export function emptyWindow(startS: number): JointWindow {
  return { startS, endS: startS, samples: 0, minPositions: {}, maxPositions: {}, peakEffortNm: {}, effortSumNm: {} };
}

function merge(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>, f: (x: number, y: number) => number): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = out[k] === undefined ? v : f(out[k], v);
  return out;
}

/** The window with one more tick folded in (exact: ticks carry per-interval extremes and sums). */
export function foldTick(w: JointWindow, t: JointsTick): JointWindow {
  return {
    startS: w.startS,
    endS: t.timeS,
    samples: w.samples + t.samples,
    minPositions: merge(w.minPositions, t.minPositions, Math.min),
    maxPositions: merge(w.maxPositions, t.maxPositions, Math.max),
    peakEffortNm: merge(w.peakEffortNm, t.peakEffortNm, Math.max),
    effortSumNm: merge(w.effortSumNm, t.effortSumNm, (x, y) => x + y),
  };
}

/** Tolerance for "within the prescription" on measured angles (sensor noise, servo ripple), rad. */
export const PRESCRIPTION_SLACK_RAD = 0.01;

/** Whether every joint came within the exercise's tolerance of its target (farther from the start than the target less the tolerance). */
export function reachedTarget(e: PlanExercise, toRad: number, ranges: Readonly<Record<string, JointRange>>): boolean {
  const joints = exerciseJoints(e);
  const from = startPositions(e);
  const to = targetPositions(e, toRad);
  return joints.every((j, k) => {
    const r = ranges[j];
    if (r === undefined) return false;
    return to[k]! >= from[k]! ? r.maxRad >= to[k]! - e.reachToleranceRad : r.minRad <= to[k]! + e.reachToleranceRad;
  });
}

function rangesOf(joints: readonly string[], lo: Readonly<Record<string, number>>, hi: Readonly<Record<string, number>>): Record<string, JointRange> {
  const out: Record<string, JointRange> = {};
  for (const j of joints) {
    const a = lo[j];
    const b = hi[j];
    if (a !== undefined && b !== undefined) out[j] = { minRad: a, maxRad: b };
  }
  return out;
}

function assistanceOf(joints: readonly string[], w: JointWindow): Record<string, JointAssistance> {
  const out: Record<string, JointAssistance> = {};
  if (w.samples === 0) return out;
  for (const j of joints) {
    const peak = w.peakEffortNm[j];
    const sum = w.effortSumNm[j];
    if (peak !== undefined && sum !== undefined) out[j] = { peakNm: peak, meanNm: sum / w.samples };
  }
  return out;
}

function withinPrescription(ranges: Readonly<Record<string, JointRange>>, prescription: RehabPlanData['prescription']): boolean {
  return Object.entries(ranges).every(([j, r]) => {
    const p = prescription[j];
    return p === undefined || (r.minRad >= p.rangeRad.min - PRESCRIPTION_SLACK_RAD && r.maxRad <= p.rangeRad.max + PRESCRIPTION_SLACK_RAD);
  });
}

function overAssistance(assistance: Readonly<Record<string, JointAssistance>>, prescription: RehabPlanData['prescription']): boolean {
  return Object.entries(assistance).some(([j, a]) => {
    const p = prescription[j];
    return p !== undefined && a.peakNm > p.maxAssistanceTorqueNm;
  });
}

/** Where a repetition sits and what it aimed at. */
export interface RepetitionPlace {
  readonly exercise: PlanExercise;
  /** 0-based, as the machine counts. */
  readonly set: number;
  readonly repetition: number;
  readonly toRad: number;
  readonly prescription: RehabPlanData['prescription'];
  /** The assistance level in force (active_assisted), %; null otherwise. */
  readonly appliedAssistancePercent: number | null;
}

function base(p: RepetitionPlace, ranges: Record<string, JointRange>, assistance: Record<string, JointAssistance>) {
  return {
    set: p.set + 1,
    repetition: p.repetition + 1,
    target: { fromRad: p.exercise.range.fromRad, toRad: p.toRad },
    rangeReached: ranges,
    reachedTarget: reachedTarget(p.exercise, p.toRad, ranges),
    withinPrescription: withinPrescription(ranges, p.prescription),
    assistance,
    overAssistance: overAssistance(assistance, p.prescription),
    appliedAssistancePercent: p.appliedAssistancePercent,
  };
}

/** A streamed repetition (passive, active-assisted): range and tracking from the motion, effort from the window. */
export function repetitionFromMotion(p: RepetitionPlace, motion: MotionResult | undefined, w: JointWindow): RepetitionRecord {
  const joints = exerciseJoints(p.exercise);
  const ranges = motion === undefined ? rangesOf(joints, w.minPositions, w.maxPositions) : rangesOf(joints, motion.minPositions, motion.maxPositions);
  return {
    ...base(p, ranges, assistanceOf(joints, w)),
    maxTrackingErrorRad: motion?.maxTrackingError ?? null,
    durationS: motion?.elapsedS ?? w.endS - w.startS,
    outcome: 'completed',
  };
}

/** A window repetition (active, resistive: the patient moves, the exoskeleton does not lead): everything from the window. */
export function repetitionFromWindow(p: RepetitionPlace, w: JointWindow): RepetitionRecord {
  const joints = exerciseJoints(p.exercise);
  return {
    ...base(p, rangesOf(joints, w.minPositions, w.maxPositions), assistanceOf(joints, w)),
    maxTrackingErrorRad: null,
    durationS: w.endS - w.startS,
    outcome: w.samples === 0 ? 'failed' : 'completed',
    ...(w.samples === 0 ? { errorCode: 'BEHAVIOR_ACTOR_JOINT_STATES_STALE' } : {}),
  };
}

/** The code of a failed motion's error (`KindredError.code`), or `unknown`. */
export function errorCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : 'unknown';
}

/** A repetition whose motion failed: what the window saw, and the error's code. */
export function failedRepetition(p: RepetitionPlace, w: JointWindow, error: unknown): RepetitionRecord {
  const joints = exerciseJoints(p.exercise);
  return {
    ...base(p, rangesOf(joints, w.minPositions, w.maxPositions), assistanceOf(joints, w)),
    reachedTarget: false,
    maxTrackingErrorRad: null,
    durationS: w.endS - w.startS,
    outcome: 'failed',
    errorCode: errorCodeOf(error),
  };
}
