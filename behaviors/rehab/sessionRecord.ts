import type { ControlMode, ExerciseKind } from './plan/rehabPlanSchema.js';

/**
 * The session record: what a rehab session did, per exercise and repetition, with its pauses, safety
 * events, signals and how it ended. Plain JSON (the machine's output, printed by `kindred behavior
 * run rehab`, stored by the tablet) and, through `sessionRecordMessage`, kindred_msgs/RehabSessionRecord
 * on `/rehab/session_record`. Angles in rad, torques in N·m, times in s on the bus clock.
 */

/** Why the session ended. */
export type StopReason =
  | 'completed'
  | 'therapist_stop'
  | 'patient_stop'
  | 'pain'
  | 'fatigue'
  | 'tracking_failure'
  | 'safety_stop'
  | 'estop'
  | 'device_not_ready'
  | 'patient_not_ready'
  | 'calibration_failed'
  | 'controller_failed'
  | 'assistance_refused'
  | 'monitor_failed';

/** Measured range of one joint. */
export interface JointRange {
  readonly minRad: number;
  readonly maxRad: number;
}

/** |effort| of one joint over a window (the exoskeleton's torque: the assistance it gave). */
export interface JointAssistance {
  readonly peakNm: number;
  readonly meanNm: number;
}

/** One repetition. */
export interface RepetitionRecord {
  /** 1-based. */
  readonly set: number;
  readonly repetition: number;
  readonly target: { readonly fromRad: number; readonly toRad: number };
  readonly rangeReached: Readonly<Record<string, JointRange>>;
  readonly reachedTarget: boolean;
  readonly withinPrescription: boolean;
  /** Per joint; empty when no joint state carried effort during the repetition. */
  readonly assistance: Readonly<Record<string, JointAssistance>>;
  /** A joint's peak effort went above its prescribed maximum assistance torque. */
  readonly overAssistance: boolean;
  /**
   * active_assisted: the assistance level the control loop had in force for this repetition, % of full
   * assistance (the assist-as-needed law's level, fixed; the plan's level after progression); null in the other modes.
   */
  readonly appliedAssistancePercent: number | null;
  /** Of the streamed motion; null where the patient moves alone (active, resistive). */
  readonly maxTrackingErrorRad: number | null;
  readonly durationS: number;
  readonly outcome: 'completed' | 'failed';
  readonly errorCode?: string;
}

/** A change of target after a set whose repetitions all reached it. */
export interface ProgressionRecord {
  /** The set after which it changed, 1-based. */
  readonly afterSet: number;
  readonly fromToRad: number;
  readonly toToRad: number;
  /** active_assisted: the assistance level before and after, % (lowered by `progression.assistanceStepPercent`). */
  readonly fromAssistancePercent?: number;
  readonly toAssistancePercent?: number;
}

/** One exercise and its repetitions. */
export interface ExerciseRecord {
  readonly id: string;
  readonly name: string;
  readonly kind: ExerciseKind;
  readonly mode: ControlMode;
  /** active_assisted: the plan's level, % (the level applied per repetition is in `repetitions[].appliedAssistancePercent`); null otherwise. */
  readonly assistancePercent: number | null;
  /** The controllers the mode ran on. */
  readonly controllers: readonly string[];
  readonly joints: readonly string[];
  readonly setsPlanned: number;
  readonly repetitionsPlanned: number;
  readonly repetitions: readonly RepetitionRecord[];
  readonly progression: readonly ProgressionRecord[];
}

/** A pause: who asked, when, where in the session, and when it was resumed (null: never). */
export interface PauseRecord {
  readonly by: string;
  readonly atS: number;
  readonly resumedAtS: number | null;
  readonly during: string;
}

/** A safety event the behaviour received. */
export interface SafetyEventRecord {
  readonly type: 'safety.stop' | 'safety.estop' | 'safety.cleared';
  readonly atS: number;
  readonly during: string;
  readonly category?: number;
  readonly code?: string;
  readonly source?: string;
}

/** A pain or fatigue signal that crossed its threshold. */
export interface SignalRecord {
  readonly type: 'patient.pain' | 'patient.fatigue';
  readonly level: number;
  readonly source: string;
  readonly atS: number;
}

/** A pose move (calibration, cool-down) and what was measured. */
export interface PoseRecord {
  readonly pose: Readonly<Record<string, number>>;
  /** Measured at the end, for the joints of the pose. */
  readonly measured: Readonly<Record<string, number>>;
  readonly maxTrackingErrorRad: number;
  readonly durationS: number;
}

/** The whole record. */
export interface SessionRecord {
  readonly kind: 'rehab_session_record';
  readonly plan: string;
  readonly patient: { readonly id: string; readonly name: string };
  readonly status: 'completed' | 'stopped';
  readonly stopReason: StopReason;
  readonly stopDetail: string;
  readonly startedAtS: number;
  readonly endedAtS: number;
  /** The device check: the prescribed joints' positions when the session started. */
  readonly device: { readonly positions: Readonly<Record<string, number>> } | null;
  readonly calibration: PoseRecord | null;
  readonly warmUp: { readonly completed: boolean; readonly durationS: number } | null;
  readonly exercises: readonly ExerciseRecord[];
  readonly coolDown: PoseRecord | null;
  readonly pauses: readonly PauseRecord[];
  readonly safetyEvents: readonly SafetyEventRecord[];
  readonly signals: readonly SignalRecord[];
}

/** Bilingual labels of the stop reasons (for speech and the tablet). */
export const STOP_REASON_TEXT: Readonly<Record<StopReason, { readonly zh: string; readonly en: string }>> = {
  completed: { zh: '训练完成', en: 'the session is complete' },
  therapist_stop: { zh: '治疗师结束了训练', en: 'the therapist ended the session' },
  patient_stop: { zh: '应您的要求停止', en: 'stopped as you asked' },
  pain: { zh: '检测到疼痛，训练停止', en: 'pain was detected, the session stopped' },
  fatigue: { zh: '检测到疲劳，训练停止', en: 'fatigue was detected, the session stopped' },
  tracking_failure: { zh: '动作多次未能完成，训练停止', en: 'the motion failed repeatedly, the session stopped' },
  safety_stop: { zh: '安全停止，训练结束', en: 'a safety stop ended the session' },
  estop: { zh: '急停，训练结束', en: 'an emergency stop ended the session' },
  device_not_ready: { zh: '设备未就绪', en: 'the device was not ready' },
  patient_not_ready: { zh: '未收到开始指令', en: 'nobody said ready' },
  calibration_failed: { zh: '校准失败', en: 'calibration failed' },
  controller_failed: { zh: '控制器切换失败', en: 'a controller switch failed' },
  assistance_refused: { zh: '无法设置处方助力水平，训练停止', en: 'the prescribed assistance level could not be set, the session stopped' },
  monitor_failed: { zh: '监测中断', en: 'a monitor failed' },
};
