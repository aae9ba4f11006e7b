import type { SwitchControllerInput } from '../actors/index.js';
import { exerciseJoints, repetitionDurationS } from './plan/exerciseMotion.js';
import type { PlanExercise, RehabPlanData } from './plan/rehabPlanSchema.js';
import { DEFAULT_MOTION_CHECKS, modeControllers, type RehabControllers, type RehabMotionChecks } from './rehabControllers.js';
import { emptyWindow, type JointWindow } from './repetitionRecords.js';
import type { ExerciseRecord, PauseRecord, PoseRecord, SafetyEventRecord, SessionRecord, SignalRecord, StopReason } from './sessionRecord.js';

/** The session machine's input: a validated plan and the launch file's controllers by role. */
export interface RehabInput {
  readonly plan: RehabPlanData;
  readonly controllers: RehabControllers;
  /** How streamed motions are judged; default DEFAULT_MOTION_CHECKS. */
  readonly motion?: RehabMotionChecks;
  /** How often `watchJoints` reports, Hz. Default 10. */
  readonly tickRateHz?: number;
}

/** Where in the session it is, for pause and safety records. */
export type SessionPhase = 'preChecks' | 'calibration' | 'warmUp' | 'exercise' | 'rest' | 'coolDown';

/** The session's context: the plan, where it is, what it measured and what it recorded. */
export interface RehabContext {
  readonly plan: RehabPlanData;
  readonly controllers: RehabControllers;
  readonly motion: RehabMotionChecks;
  readonly tickRateHz: number;
  readonly phase: SessionPhase;
  /** Bus time of the latest joint tick, s. */
  readonly nowS: number;
  readonly startedAtS: number | null;
  /** Controllers active in the loop as far as the session knows (updated when a switch is begun: switches are idempotent). */
  readonly active: readonly string[];
  readonly pendingSwitch: SwitchControllerInput | null;
  /** 0-based exercise, set and repetition. */
  readonly exercise: number;
  readonly set: number;
  readonly rep: number;
  /** Each exercise's current target (toRad), widened by progression. */
  readonly targets: readonly number[];
  /** Every repetition of the current set reached its target so far. */
  readonly setAllReached: boolean;
  /** Motions failed in a row. */
  readonly failures: number;
  /** Ticks folded since the current repetition (or warm-up) began. */
  readonly window: JointWindow;
  /** Why the device check has not passed yet (the latest tick), for the record. */
  readonly deviceProblem: string;
  readonly device: SessionRecord['device'];
  readonly calibration: PoseRecord | null;
  readonly warmUp: SessionRecord['warmUp'];
  readonly exercises: readonly ExerciseRecord[];
  readonly coolDown: PoseRecord | null;
  readonly pauses: readonly PauseRecord[];
  readonly safetyEvents: readonly SafetyEventRecord[];
  readonly signals: readonly SignalRecord[];
  readonly stopReason: StopReason | null;
  readonly stopDetail: string;
  readonly endedAtS: number | null;
}

/** The context a session starts with. */
export function initialContext(input: RehabInput): RehabContext {
  const { plan, controllers } = input;
  return {
    plan,
    controllers,
    motion: input.motion ?? DEFAULT_MOTION_CHECKS,
    tickRateHz: input.tickRateHz ?? 10,
    phase: 'preChecks',
    nowS: 0,
    startedAtS: null,
    active: [controllers.position],
    pendingSwitch: null,
    exercise: 0,
    set: 0,
    rep: 0,
    targets: plan.exercises.map((e) => e.range.toRad),
    setAllReached: true,
    failures: 0,
    window: emptyWindow(0),
    deviceProblem: 'no joint states yet',
    device: null,
    calibration: null,
    warmUp: null,
    exercises: plan.exercises.map(
      (e): ExerciseRecord => ({
        id: e.id,
        name: e.name,
        kind: e.kind,
        mode: e.mode,
        assistancePercent: e.assistancePercent ?? null,
        controllers: modeControllers(controllers, e),
        joints: exerciseJoints(e),
        setsPlanned: e.sets,
        repetitionsPlanned: e.repetitions,
        repetitions: [],
        progression: [],
      }),
    ),
    coolDown: null,
    pauses: [],
    safetyEvents: [],
    signals: [],
    stopReason: null,
    stopDetail: '',
    endedAtS: null,
  };
}

/** The exercise the session is on. */
export function currentExercise(c: RehabContext): PlanExercise {
  return c.plan.exercises[c.exercise]!;
}

/** The current exercise's target now. */
export function currentTarget(c: RehabContext): number {
  return c.targets[c.exercise]!;
}

/** Where the session is, in words, for pause and safety records. */
export function describeProgress(c: RehabContext): string {
  if (c.phase === 'exercise' || c.phase === 'rest') {
    const e = currentExercise(c);
    return `${c.phase} ${e.id} set ${c.set + 1}/${e.sets} repetition ${c.rep + 1}/${e.repetitions}`;
  }
  return c.phase;
}

/** How long the current repetition's window lasts (modes where the patient moves alone), s. */
export function repetitionWindowS(c: RehabContext): number {
  return repetitionDurationS(currentExercise(c), currentTarget(c));
}

/** How long moving an exercise's joints to its start takes: the widest prescribed range at 80 % of its speed, minimum-jerk (peak 1.875× mean), at least 2 s. */
export function positioningDurationS(c: RehabContext, e: PlanExercise): number {
  let longest = 2;
  for (const j of exerciseJoints(e)) {
    const p = c.plan.prescription[j];
    if (p === undefined) continue;
    longest = Math.max(longest, (1.875 * (p.rangeRad.max - p.rangeRad.min)) / (0.8 * p.maxSpeedRadPerS));
  }
  return longest;
}

/** The record as the session ends (or as it stands). */
export function sessionRecordOf(c: RehabContext): SessionRecord {
  const reason = c.stopReason ?? 'completed';
  return {
    kind: 'rehab_session_record',
    plan: c.plan.name,
    patient: { id: c.plan.patient.id, name: c.plan.patient.name },
    status: reason === 'completed' ? 'completed' : 'stopped',
    stopReason: reason,
    stopDetail: c.stopDetail,
    startedAtS: c.startedAtS ?? c.nowS,
    endedAtS: c.endedAtS ?? c.nowS,
    device: c.device,
    calibration: c.calibration,
    warmUp: c.warmUp,
    exercises: c.exercises,
    coolDown: c.coolDown,
    pauses: c.pauses,
    safetyEvents: c.safetyEvents,
    signals: c.signals,
  };
}
