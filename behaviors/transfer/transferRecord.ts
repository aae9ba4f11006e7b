import type { SafetyEvent } from '../core/index.js';
import type { SupportName, TransferAutonomy, TransferDirection } from './transferInput.js';
import type { MonitorAnomalyKind } from './transferMonitor.js';

/** The preconditions of a transfer, in the order they are checked and asked for. */
export const PRECONDITIONS = ['patient_identified', 'consent', 'caregiver_confirmed', 'bed_height', 'brakes'] as const;
export type PreconditionName = (typeof PRECONDITIONS)[number];

/** Where a precondition stands: `met`, still `missing`, or `refused` (the patient said no). */
export interface PreconditionState {
  readonly state: 'met' | 'missing' | 'refused';
  /** When it was met or refused, s from the start of the transfer. */
  readonly atS?: number;
  /** Who met it: the role (`patient`, `caregiver`) or `monitor` for the patient's identification. */
  readonly by?: string;
}

/** The steps of a transfer as the record names them. */
export type TransferStepName =
  | 'preconditions'
  | 'approach'
  | 'position_arms'
  | 'insert'
  | 'await_lift_approval'
  | 'lift'
  | 'hold'
  | 'await_carry_approval'
  | 'carry'
  | 'await_lower_approval'
  | 'lower'
  | 'release'
  | 'retreat'
  | 'paused'
  | 'interrupted'
  | 'lowering'
  | 'lowered'
  | 'safe_held'
  | 'halted'
  | 'recovering'
  | 'await_recovery_decision'
  | 'closing';

/** One step as it happened (s from the start of the transfer). */
export interface StepRecord {
  readonly step: TransferStepName;
  readonly startS: number;
  readonly endS?: number;
  /** `done` finished as planned; `interrupted` left early (an anomaly, a stop, a pause); `failed` its motion failed. */
  readonly outcome?: 'done' | 'interrupted' | 'failed';
  /** For motions: how long the motion took, s (from the motion actor). */
  readonly motionS?: number;
  readonly detail?: string;
}

/** A caregiver's (or patient's) answer that let the transfer go on. */
export interface ConfirmationRecord {
  /** What was confirmed: a precondition or the step about to start (`lift`, `carry`, `lower`, `release`). */
  readonly what: string;
  readonly role: string;
  readonly intent: string;
  readonly text: string;
  readonly source: string;
  readonly atS: number;
}

/** The patient as judged after one lift stage. */
export interface StageRecord {
  /** 1-based. */
  readonly stage: number;
  /** torso_lift target of the stage, m. */
  readonly torsoM: number;
  readonly atS: number;
  /** Largest region contact force in the sample judged, N, and its region. */
  readonly maxContactN: number;
  readonly maxRegion: string;
  readonly contactTotalN: number;
  readonly supportTotalN: number;
  readonly postureCode: number;
  readonly trunkRollRad: number;
  readonly ok: boolean;
}

/** Why a transfer deviated from its plan. */
export type AnomalyKind = MonitorAnomalyKind | 'person_stop' | 'operator_stop' | 'motion_failed' | 'stage_check_failed' | 'confirmation_timeout' | 'safety_stop';

/** Something that went wrong and what it led to. */
export interface AnomalyRecord {
  readonly atS: number;
  /** The step it happened in. */
  readonly step: TransferStepName;
  readonly kind: AnomalyKind;
  /** A Kindred error code when there is one (BEHAVIOR_TRANSFER_FORCE_LIMIT, SAFETY_FORCE_LIMIT, …). */
  readonly code: string;
  readonly detail: string;
  readonly region?: string;
  readonly valueN?: number;
  readonly limitN?: number;
}

/** A safety event the behaviour received. */
export interface SafetyEventRecord {
  readonly atS: number;
  readonly type: SafetyEvent['type'];
  readonly category?: number;
  readonly code?: string;
  readonly source?: string;
}

/** How a transfer ended. */
export type TransferOutcome =
  /** The patient is on the destination support and the robot parked. */
  | 'completed'
  /** The patient said no. */
  | 'declined'
  /** A precondition was not met in time (no patient data, no answer, no caregiver). */
  | 'preconditions_not_met'
  /** Stopped (a person, the operator, an anomaly, no approval) before anything lifted the patient. */
  | 'stopped_before_lift'
  /** An anomaly while the patient was on the arms: lowered slowly onto the nearest support. */
  | 'lowered_after_anomaly'
  /** A safety stop while the patient was on the arms: held by the brakes, caregiver alerted. */
  | 'held_by_safety_stop';

/** The transfer record: `record(output)` of the shipped behaviour, the machine's output. */
export interface TransferRecord {
  readonly behavior: 'transfer';
  readonly patientId: string;
  readonly direction: TransferDirection;
  readonly autonomy: TransferAutonomy;
  readonly outcome: TransferOutcome;
  /** Where the patient was at the end: a support, or still on the robot's arms. */
  readonly patientOn: SupportName | 'robot_arms';
  readonly preconditions: Readonly<Record<PreconditionName, PreconditionState>>;
  readonly confirmations: readonly ConfirmationRecord[];
  readonly steps: readonly StepRecord[];
  readonly stages: readonly StageRecord[];
  /** Largest contact force seen on each body region during the transfer, N. */
  readonly peakContactN: Readonly<Record<string, number>>;
  readonly anomalies: readonly AnomalyRecord[];
  readonly safetyEvents: readonly SafetyEventRecord[];
  /** From the first monitor tick to the end, s. */
  readonly durationS: number;
}
