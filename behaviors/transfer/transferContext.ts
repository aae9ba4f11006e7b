import type { MoveJointsInput } from '../actors/index.js';
import { supportsOf, type SupportName, type TransferInput, type TransferPose } from './transferInput.js';
import type { TransferMonitorInput, PatientSample } from './transferMonitor.js';
import {
  PRECONDITIONS,
  type AnomalyRecord,
  type ConfirmationRecord,
  type PreconditionName,
  type PreconditionState,
  type SafetyEventRecord,
  type StageRecord,
  type StepRecord,
  type TransferOutcome,
  type TransferRecord,
  type TransferStepName,
} from './transferRecord.js';

/** Min-jerk moves peak at 1.875 × their mean speed. */
const MIN_JERK_PEAK = 1.875;
/** Torso moves settle to within this, m. */
const TORSO_TOLERANCE_M = 0.01;
/** Arm poses settle to within this unless the pose says otherwise, rad. */
const POSE_TOLERANCE = 0.05;
/** No torso move is planned shorter than this, s. */
const MIN_MOVE_S = 0.8;

/** The planned steps that move something, with their pose in the input. */
export type PoseStep = 'approach' | 'positionArms' | 'insert' | 'carry' | 'release' | 'retreat';

/** Everything the transfer machine remembers. Times in `*S` fields are s of bus time unless named `…AtS` in records. */
export interface TransferContext {
  readonly input: TransferInput;
  /** Bus time of the first monitor tick, s (the record's zero). */
  readonly startS: number | undefined;
  /** Bus time of the latest monitor tick, s. */
  readonly clockS: number;
  readonly monitorAlive: boolean;
  /** Number of the timer last started; only its `timer.expired` counts. */
  readonly timerSeq: number;
  readonly intentsAlive: boolean;
  readonly step: TransferStepName;
  readonly preconditions: Readonly<Record<PreconditionName, PreconditionState>>;
  /** Questions asked for the precondition being asked for. */
  readonly attempts: number;
  readonly latest: PatientSample | undefined;
  /** The posture code of the first sample: what the patient must keep. */
  readonly baselinePosture: number | undefined;
  /** The patient is on the robot's arms (from the first lift stage until set down). */
  readonly loaded: boolean;
  /** The support below the patient now: the source until the carry is done, then the destination. */
  readonly overSupport: SupportName;
  /** 0-based lift stage under way. */
  readonly stage: number;
  /** torso_lift target last commanded, m: an upper bound of where the torso is while lifted. */
  readonly commandedTorsoM: number;
  /** Bus time when the last lift stage's motion finished, s. */
  readonly moveDoneAtS: number;
  /** The pre-lift step a pause interrupted. */
  readonly resumeTo: 'approach' | 'positionArms' | 'insert';
  /** A safety stop is in force (from `safety.stop`/`safety.estop` until `safety.cleared`). */
  readonly safetyLatched: boolean;
  /** Why the patient is being lowered or held, for the caregiver. */
  readonly why: string;
  readonly outcome: TransferOutcome | undefined;
  readonly confirmations: readonly ConfirmationRecord[];
  readonly steps: readonly StepRecord[];
  readonly stages: readonly StageRecord[];
  readonly peakContactN: Readonly<Record<string, number>>;
  readonly anomalies: readonly AnomalyRecord[];
  readonly safetyEvents: readonly SafetyEventRecord[];
}

/** The context a transfer starts with. */
export function initialTransferContext(input: TransferInput): TransferContext {
  const source = supportsOf(input.direction).source;
  const preconditions = Object.fromEntries(PRECONDITIONS.map((p) => [p, { state: 'missing' }])) as Record<PreconditionName, PreconditionState>;
  return {
    input,
    startS: undefined,
    clockS: 0,
    monitorAlive: true,
    timerSeq: 0,
    intentsAlive: true,
    step: 'preconditions',
    preconditions,
    attempts: 0,
    latest: undefined,
    baselinePosture: undefined,
    loaded: false,
    overSupport: source,
    stage: 0,
    commandedTorsoM: input.supports[source].torsoM,
    moveDoneAtS: 0,
    resumeTo: 'approach',
    safetyLatched: false,
    why: '',
    outcome: undefined,
    confirmations: [],
    steps: [],
    stages: [],
    peakContactN: {},
    anomalies: [],
    safetyEvents: [],
  };
}

/** s from the start of the transfer (0 before the first tick). */
export function elapsedS(c: TransferContext): number {
  return c.startS === undefined ? 0 : Math.round(Math.max(0, c.clockS - c.startS) * 1000) / 1000;
}

/** What the monitor watches, from the input. */
export function monitorInput(input: TransferInput): TransferMonitorInput {
  return {
    personId: input.patientId,
    topic: input.monitor.topic,
    tickS: input.monitor.tickS,
    staleAfterS: input.monitor.staleAfterS,
    contactN: input.limits.contactN,
    defaultContactN: input.limits.defaultContactN,
    maxTrunkRollRad: input.limits.maxTrunkRollRad,
    maxSlumped: input.limits.maxSlumped,
  };
}

/** The moveJoints goal of a planned pose. */
export function poseMove(input: TransferInput, step: PoseStep): MoveJointsInput {
  const pose: TransferPose = input.poses[step];
  const armsOnly = !pose.joints.includes(input.torsoJoint);
  return {
    controller: input.controller,
    joints: pose.joints,
    targets: pose.targets,
    durationS: pose.durationS,
    tolerance: pose.tolerance ?? (armsOnly ? POSE_TOLERANCE : TORSO_TOLERANCE_M),
  };
}

/** The torso target a pose commands, if it moves the torso. */
export function poseTorso(input: TransferInput, step: PoseStep): number | undefined {
  const pose = input.poses[step];
  const i = pose.joints.indexOf(input.torsoJoint);
  return i < 0 ? undefined : pose.targets[i];
}

/** torso_lift target of a 0-based lift stage, m. */
export function stageTorsoM(input: TransferInput, stage: number): number {
  return input.supports[supportsOf(input.direction).source].torsoM + (stage + 1) * input.lift.stageRiseM;
}

/** The lift stage's motion: the torso alone, rest to rest. */
export function stageMove(input: TransferInput, stage: number): MoveJointsInput {
  return { controller: input.controller, joints: [input.torsoJoint], targets: [stageTorsoM(input, stage)], durationS: input.lift.stageDurationS, tolerance: TORSO_TOLERANCE_M };
}

/** A torso move from `fromM` to `toM` whose peak speed is `speedMPerS`. */
export function torsoMove(input: TransferInput, fromM: number, toM: number, speedMPerS: number): MoveJointsInput {
  const durationS = Math.max(MIN_MOVE_S, (MIN_JERK_PEAK * Math.abs(fromM - toM)) / speedMPerS);
  return { controller: input.controller, joints: [input.torsoJoint], targets: [toM], durationS, tolerance: TORSO_TOLERANCE_M };
}

/** Setting the patient down on the destination as planned. */
export function placeMove(c: TransferContext): MoveJointsInput {
  const to = c.input.supports[supportsOf(c.input.direction).destination].torsoM;
  return torsoMove(c.input, c.commandedTorsoM, to, c.input.placeSpeedMPerS);
}

/** The controlled lowering after an anomaly: slowly, onto the support under the patient now. */
export function loweringMove(c: TransferContext): MoveJointsInput {
  return torsoMove(c.input, c.commandedTorsoM, c.input.supports[c.overSupport].torsoM, c.input.loweringSpeedMPerS);
}

/** How the latest sample judges the patient: `ok`, what is wrong, or `stale` (none since the motion ended). */
export type PatientJudgement = { readonly ok: true } | { readonly ok: false; readonly kind: 'force' | 'posture' | 'stale'; readonly detail: string; readonly region?: string; readonly valueN?: number; readonly limitN?: number };

/**
 * Judge the patient from the latest sample against the input's limits: every region's contact force
 * within its limit, the first posture kept, the upper body's roll and loss of tone within limits. A
 * sample taken before `sinceS` (bus time) is stale. The posture to keep is the first one seen.
 */
export function judgePatient(c: TransferContext, sinceS: number): PatientJudgement {
  const s = c.latest;
  if (s === undefined || s.atS < sinceS) return { ok: false, kind: 'stale', detail: s === undefined ? 'no patient contact sample yet' : `latest sample at ${s.atS.toFixed(2)} s is older than ${sinceS.toFixed(2)} s` };
  const limits = c.input.limits;
  const baselinePosture = c.baselinePosture ?? s.postureCode;
  for (const [region, f] of Object.entries(s.contactN)) {
    const limit = limits.contactN[region] ?? limits.defaultContactN;
    if (!(f <= limit)) return { ok: false, kind: 'force', detail: `${region} contact ${f.toFixed(1)} N > limit ${limit} N`, region, valueN: f, limitN: limit };
  }
  if (s.postureCode !== baselinePosture || !(Math.abs(s.trunkRollRad) <= limits.maxTrunkRollRad) || !(s.slumped <= limits.maxSlumped)) {
    return { ok: false, kind: 'posture', detail: `posture code ${s.postureCode} (was ${baselinePosture}), trunk roll ${s.trunkRollRad.toFixed(3)} rad, slumped ${s.slumped.toFixed(2)}` };
  }
  return { ok: true };
}

/** The largest region contact force of a sample and its region. */
export function maxContact(s: PatientSample | undefined): { readonly region: string; readonly forceN: number } {
  let region = '';
  let forceN = 0;
  for (const [r, f] of Object.entries(s?.contactN ?? {})) {
    if (f > forceN) {
      forceN = f;
      region = r;
    }
  }
  return { region, forceN };
}

/** Steps with the open one (no end yet) closed at `atS` with `outcome`. */
export function closeStep(steps: readonly StepRecord[], atS: number, outcome: NonNullable<StepRecord['outcome']>, extra: { readonly motionS?: number; readonly detail?: string } = {}): StepRecord[] {
  const last = steps.at(-1);
  if (last === undefined || last.endS !== undefined) return [...steps];
  return [...steps.slice(0, -1), { ...last, endS: atS, outcome, ...extra }];
}

/** The record of a finished transfer, from its final context. */
export function transferRecordOf(c: TransferContext): TransferRecord {
  const end = elapsedS(c);
  return {
    behavior: 'transfer',
    patientId: c.input.patientId,
    direction: c.input.direction,
    autonomy: c.input.autonomy,
    outcome: c.outcome ?? 'stopped_before_lift',
    patientOn: c.loaded ? 'robot_arms' : c.overSupport,
    preconditions: c.preconditions,
    confirmations: c.confirmations,
    steps: closeStep(c.steps, end, 'interrupted'),
    stages: c.stages,
    peakContactN: c.peakContactN,
    anomalies: c.anomalies,
    safetyEvents: c.safetyEvents,
    durationS: end,
  };
}
