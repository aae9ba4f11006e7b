import type { SwitchControllerInput } from '../actors/index.js';
import { exerciseJoints, repetitionDurationS } from './plan/exerciseMotion.js';
import type { PlanExercise, RehabPlanData } from './plan/rehabPlanSchema.js';
import { DEFAULT_MOTION_CHECKS, modeControllers, streamController, type RehabControllers, type RehabMotionChecks } from './rehabControllers.js';
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
  /** Each exercise's assistance level now (active_assisted; lowered by progression), %; null for the other modes. */
  readonly assistance: readonly (number | null)[];
  /**
   * Assistance levels the loop has in force, by controller, as the session set them (a controller not
   * listed runs the launch file's own law): the level asked for (what the session compares with the
   * plan) and the level the controller reported applying (what the record shows).
   */
  readonly assistanceInForce: Readonly<Record<string, AssistanceInForce>>;
  /** The levels being set now (controller → %, null = the launch file's law), while `setAssistance` runs. */
  readonly pendingAssistance: Readonly<Record<string, number | null>>;
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

/** An assistance level the loop has in force for one controller, %. */
export interface AssistanceInForce {
  readonly requestedPercent: number;
  readonly appliedPercent: number | null;
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
    assistance: plan.exercises.map((e) => (e.mode === 'active_assisted' ? (e.assistancePercent ?? null) : null)),
    assistanceInForce: {},
    pendingAssistance: {},
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

/** The assistance the current exercise needs set before it moves (controller → %), or undefined when none is needed or it is in force already. */
export function assistanceNeeded(c: RehabContext): Readonly<Record<string, number>> | undefined {
  const e = currentExercise(c);
  const percent = c.assistance[c.exercise];
  if (e.mode !== 'active_assisted' || percent === null || percent === undefined) return undefined;
  const controller = streamController(c.controllers, e);
  if (controller === undefined || c.assistanceInForce[controller]?.requestedPercent === percent) return undefined;
  return { [controller]: percent };
}

/** Every controller whose level the session set (or was setting): each back to the launch file's law (null) when the session ends. */
export function assistanceToRestore(c: RehabContext): Readonly<Record<string, null>> {
  // A level still being set (its actor stopped by the session's end) is restored too: the loop takes commands in order.
  const controllers = new Set([...Object.keys(c.assistanceInForce), ...Object.entries(c.pendingAssistance).filter(([, p]) => p !== null).map(([k]) => k)]);
  return Object.fromEntries([...controllers].map((k) => [k, null]));
}

/** The levels in force after `setAssistance` set `pending` and the loop reported `applied` (null: the launch file's law again). */
export function assistanceAfter(inForce: RehabContext['assistanceInForce'], pending: RehabContext['pendingAssistance'], applied: Readonly<Record<string, number | null>> | undefined): RehabContext['assistanceInForce'] {
  const out: Record<string, AssistanceInForce> = { ...inForce };
  for (const [controller, requested] of Object.entries(pending)) {
    if (requested === null) delete out[controller];
    else out[controller] = { requestedPercent: requested, appliedPercent: applied?.[controller] ?? null };
  }
  return out;
}

/** The level in force for the current exercise's repetitions (active_assisted), %; null otherwise. */
export function appliedAssistanceNow(c: RehabContext): number | null {
  const e = currentExercise(c);
  if (e.mode !== 'active_assisted') return null;
  const controller = streamController(c.controllers, e);
  return controller === undefined ? null : (c.assistanceInForce[controller]?.appliedPercent ?? null);
}
