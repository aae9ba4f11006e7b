import { createMotionSample, minimumJerkViaPoints } from '../../../motion/trajectory/index.js';
import type { ExerciseKind, PlanExercise, PrescribedJoint, RehabPlanData } from './rehabPlanSchema.js';

/**
 * The geometry of a plan's exercises as pure functions over plan data: which joints move, the via
 * points of one repetition (what `followTrajectory` streams), its duration, and the positions and
 * speeds it reaches. The plan checks and the session machine use the same functions, so what was
 * checked against the prescription is what runs.
 */

/** The joint group an exercise works (which controllers can realise its non-passive modes). */
export type ExerciseGroup = 'knee' | 'hip' | 'legs';

const GROUP: Readonly<Record<ExerciseKind, ExerciseGroup>> = {
  knee_flexion_extension: 'knee',
  hip_flexion: 'hip',
  sit_to_stand: 'legs',
  gait: 'legs',
};

/** The exercise's joint group. */
export function exerciseGroup(kind: ExerciseKind): ExerciseGroup {
  return GROUP[kind];
}

/** The exercise parameters these functions read (a plan exercise, or its record). */
export type ExerciseShape = Pick<PlanExercise, 'kind' | 'side' | 'range' | 'kneeToRad' | 'durationS' | 'speedRadPerS'>;

function sides(side: PlanExercise['side']): readonly string[] {
  return side === 'both' ? ['left', 'right'] : [side];
}

/** The joints an exercise moves, in the order its trajectories list them. */
export function exerciseJoints(e: Pick<ExerciseShape, 'kind' | 'side'>): string[] {
  switch (e.kind) {
    case 'knee_flexion_extension':
      return sides(e.side).map((s) => `knee_${s}`);
    case 'hip_flexion':
      return sides(e.side).map((s) => `hip_flexion_${s}`);
    case 'sit_to_stand':
    case 'gait':
      return ['hip_flexion_left', 'knee_left', 'hip_flexion_right', 'knee_right'];
  }
}

/** Where each joint starts and ends a repetition. */
export function startPositions(e: ExerciseShape): number[] {
  return exerciseJoints(e).map(() => e.range.fromRad);
}

/** The farthest each joint goes in a repetition whose target is `toRad` (gait: knees to `kneeToRad`). */
export function targetPositions(e: ExerciseShape, toRad: number): number[] {
  return exerciseJoints(e).map((j) => (e.kind === 'gait' && j.startsWith('knee_') ? (e.kneeToRad ?? toRad) : toRad));
}

/**
 * One repetition's duration, s: the plan's `durationS`, or the path length over `speedRadPerS`
 * (out and back; a gait cycle moves each leg out and back once).
 */
export function repetitionDurationS(e: ExerciseShape, toRad: number = e.range.toRad): number {
  if (e.durationS !== undefined) return e.durationS;
  const speed = e.speedRadPerS ?? 1;
  const widest = Math.max(...targetPositions(e, toRad).map((t) => Math.abs(t - e.range.fromRad)));
  return Math.max(0.5, (e.kind === 'gait' ? 4 : 2) * (widest / speed));
}

/** A via point: one position per exercise joint, at a time after the repetition starts. */
export interface RepetitionPoint {
  readonly positions: readonly number[];
  readonly timeFromStartS: number;
}

/**
 * The via points of one repetition, starting from the start pose: out to the target at half time and
 * back (sit_to_stand moves hips and knees together); a gait cycle swings the left leg in the first
 * half and the right leg in the second.
 */
export function repetitionPoints(e: ExerciseShape, toRad: number): RepetitionPoint[] {
  const from = startPositions(e);
  const to = targetPositions(e, toRad);
  const t = repetitionDurationS(e, toRad);
  if (e.kind !== 'gait') {
    return [
      { positions: to, timeFromStartS: t / 2 },
      { positions: from, timeFromStartS: t },
    ];
  }
  // Joints: hip_flexion_left, knee_left, hip_flexion_right, knee_right.
  const left = [to[0]!, to[1]!, from[2]!, from[3]!];
  const right = [from[0]!, from[1]!, to[2]!, to[3]!];
  return [
    { positions: left, timeFromStartS: t / 4 },
    { positions: from, timeFromStartS: t / 2 },
    { positions: right, timeFromStartS: (3 * t) / 4 },
    { positions: from, timeFromStartS: t },
  ];
}

/** What a trajectory reaches, per joint: lowest and highest position and largest |speed|. */
export interface TrajectoryExtent {
  readonly minRad: number;
  readonly maxRad: number;
  readonly peakSpeedRadPerS: number;
}

const SAMPLES_PER_SEGMENT = 100;

/**
 * The extent of the minimum-jerk path `followTrajectory` streams through `points` from `start`
 * (the same `minimumJerkViaPoints` profile, sampled), per joint: via-point paths can overshoot.
 */
export function trajectoryExtent(start: readonly number[], points: readonly RepetitionPoint[]): TrajectoryExtent[] {
  const timesS = [0, ...points.map((p) => p.timeFromStartS)];
  const sample = createMotionSample();
  return start.map((s, k) => {
    const profile = minimumJerkViaPoints({ positions: [s, ...points.map((p) => p.positions[k]!)], timesS });
    let minRad = Infinity;
    let maxRad = -Infinity;
    let peak = 0;
    const end = timesS[timesS.length - 1]!;
    const n = SAMPLES_PER_SEGMENT * points.length;
    for (let i = 0; i <= n; i++) {
      profile.sample((end * i) / n, sample);
      minRad = Math.min(minRad, sample.position);
      maxRad = Math.max(maxRad, sample.position);
      peak = Math.max(peak, Math.abs(sample.velocity));
    }
    return { minRad, maxRad, peakSpeedRadPerS: peak };
  });
}

/** The extent of one repetition whose target is `toRad`. */
export function repetitionExtent(e: ExerciseShape, toRad: number): TrajectoryExtent[] {
  return trajectoryExtent(startPositions(e), repetitionPoints(e, toRad));
}

/** The first problem of a repetition against the prescription, or undefined when it fits. */
export interface PrescriptionBreach {
  readonly joint: string;
  readonly what: 'range' | 'speed';
  readonly value: number;
  readonly limit: number;
}

/** Checks a repetition with target `toRad` against the prescription (range and peak speed of the streamed path). */
export function repetitionBreach(e: ExerciseShape, toRad: number, prescription: RehabPlanData['prescription']): PrescriptionBreach | undefined {
  const joints = exerciseJoints(e);
  const extent = repetitionExtent(e, toRad);
  for (let k = 0; k < joints.length; k++) {
    const joint = joints[k]!;
    const p: PrescribedJoint | undefined = prescription[joint];
    if (p === undefined) continue;
    const x = extent[k]!;
    if (x.minRad < p.rangeRad.min - 1e-9) return { joint, what: 'range', value: x.minRad, limit: p.rangeRad.min };
    if (x.maxRad > p.rangeRad.max + 1e-9) return { joint, what: 'range', value: x.maxRad, limit: p.rangeRad.max };
    if (x.peakSpeedRadPerS > p.maxSpeedRadPerS + 1e-9) return { joint, what: 'speed', value: x.peakSpeedRadPerS, limit: p.maxSpeedRadPerS };
  }
  return undefined;
}

const PROGRESSION_SEARCH_STEPS = 30;

/**
 * The target after a set whose repetitions all reached it: `toRad` widened by the rule's step away
 * from `fromRad`, but never so far that a repetition would leave the prescription's range or exceed
 * its speed (the widest target that still fits, found by bisection). Returns `toRad` unchanged when
 * no wider target fits or the exercise has no progression rule.
 */
export function progressedTarget(e: ExerciseShape & Pick<PlanExercise, 'progression'>, toRad: number, prescription: RehabPlanData['prescription']): number {
  const step = e.progression?.rangeStepRad;
  if (step === undefined) return toRad;
  const direction = Math.sign(toRad - e.range.fromRad) || 1;
  const wanted = toRad + direction * step;
  if (repetitionBreach(e, wanted, prescription) === undefined) return wanted;
  let ok = toRad;
  let bad = wanted;
  for (let i = 0; i < PROGRESSION_SEARCH_STEPS; i++) {
    const mid = (ok + bad) / 2;
    if (repetitionBreach(e, mid, prescription) === undefined) ok = mid;
    else bad = mid;
  }
  return ok;
}

/** The warm-up: small passive cycles of every exercised joint about the calibration pose. */
export interface WarmUpMotion {
  readonly joints: readonly string[];
  readonly start: readonly number[];
  readonly points: readonly RepetitionPoint[];
}

/** Every joint some exercise moves, in first-use order. */
export function exercisedJoints(plan: Pick<RehabPlanData, 'exercises'>): string[] {
  const out: string[] = [];
  for (const e of plan.exercises) for (const j of exerciseJoints(e)) if (!out.includes(j)) out.push(j);
  return out;
}

/**
 * The warm-up motion, or undefined when the plan has none (`cycles: 0`): each exercised joint flexes
 * by `amplitudeRad` from its calibration angle (from 0 when the pose does not name it) and back,
 * `cycles` times, one cycle per `periodS`.
 */
export function warmUpMotion(plan: Pick<RehabPlanData, 'exercises' | 'calibration' | 'warmUp'>): WarmUpMotion | undefined {
  const { cycles, amplitudeRad, periodS } = plan.warmUp;
  if (cycles === 0) return undefined;
  const joints = exercisedJoints(plan);
  const start = joints.map((j) => plan.calibration.pose[j] ?? 0);
  const out = start.map((s) => s + amplitudeRad);
  const points: RepetitionPoint[] = [];
  for (let c = 0; c < cycles; c++) {
    points.push({ positions: out, timeFromStartS: c * periodS + periodS / 2 });
    points.push({ positions: start, timeFromStartS: (c + 1) * periodS });
  }
  return { joints, start, points };
}
