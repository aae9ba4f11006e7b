import { z } from 'zod';
import type { DeepReadonly } from '../../../runtime/params/index.js';

/**
 * A rehab session plan (`kind: rehab_session_plan`, YAML or JSON): the patient, the therapist's
 * prescription per joint, and the exercises. Checked once by `loadRehabPlan` (this schema, then the
 * cross-field rules of `checkRehabPlan`); unknown keys are rejected. Angles in rad (flexion
 * positive, as the exoskeleton's joints), speeds in rad/s, torques in N·m, times in s.
 */

const jointName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a joint name such as knee_left');
const angleRad = z.number().finite().min(-3.2).max(3.2);
const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a lower-case id of letters, digits and _');

/** What the therapist allows one joint: the SafetyGate's `prescription` layer for the run. */
const prescribedJoint = z.strictObject({
  /** Position range the joint may be moved through. */
  rangeRad: z.strictObject({ min: angleRad, max: angleRad }),
  /** Largest joint speed. */
  maxSpeedRadPerS: z.number().positive().max(10),
  /** Largest torque the exoskeleton may apply at this joint. */
  maxAssistanceTorqueNm: z.number().positive().max(300),
});

/** Joint angles by joint name. */
const pose = z.record(jointName, angleRad);

/** The exercise kinds a plan can name. */
export const EXERCISE_KINDS = ['knee_flexion_extension', 'hip_flexion', 'sit_to_stand', 'gait'] as const;
export type ExerciseKind = (typeof EXERCISE_KINDS)[number];

/** Controller modes: who moves the limb. */
export const CONTROL_MODES = ['passive', 'active_assisted', 'active', 'resistive'] as const;
export type ControlMode = (typeof CONTROL_MODES)[number];

const exercise = z.strictObject({
  id,
  /** Shown to the therapist and in the record, e.g. "膝关节屈伸 / Knee flexion-extension". */
  name: z.string().min(1),
  kind: z.enum(EXERCISE_KINDS),
  side: z.enum(['left', 'right', 'both']).default('both'),
  mode: z.enum(CONTROL_MODES),
  /**
   * active_assisted only: the assistance level, 0–100 % of full assistance. Enforced: the
   * assist-as-needed law's level is fixed at it (its launch-file stiffness and damping times the level;
   * no adaptation), never above the launch file's `assist_max` (see the README).
   */
  assistancePercent: z.number().min(0).max(100).optional(),
  /** Each repetition goes from `fromRad` to `toRad` and back (for sit_to_stand: stand → sit → stand on hips and knees; for gait: hip flexion). */
  range: z.strictObject({ fromRad: angleRad, toRad: angleRad }),
  /** gait only: knee flexion at mid-swing. */
  kneeToRad: angleRad.optional(),
  /** One repetition's duration; give this or `speedRadPerS`. */
  durationS: z.number().min(0.5).max(120).optional(),
  /** Mean joint speed over a repetition; the duration follows from the range. */
  speedRadPerS: z.number().positive().max(10).optional(),
  repetitions: z.number().int().min(1).max(100),
  sets: z.number().int().min(1).max(20).default(1),
  /** Rest after each set but the last. */
  restS: z.number().min(0).max(600).default(30),
  /** A repetition reached its target when the joint came this close to `toRad`. */
  reachToleranceRad: z.number().min(0).max(0.5).default(0.05),
  /**
   * After a set whose repetitions all reached the target: widen `toRad` by `rangeStepRad` (capped by
   * the prescription) and, active_assisted only, lower the assistance level by `assistanceStepPercent`
   * percentage points (not below 0). At least one of the two.
   */
  progression: z
    .strictObject({
      rangeStepRad: z.number().positive().max(0.5).optional(),
      assistanceStepPercent: z.number().positive().max(50).optional(),
    })
    .optional(),
});

/** The plan file's schema. */
export const rehabPlanSchema = z.strictObject({
  kind: z.literal('rehab_session_plan'),
  name: z.string().min(1),
  patient: z.strictObject({ id: z.string().min(1), name: z.string().min(1) }),
  prescription: z.record(jointName, prescribedJoint),
  stopRules: z
    .strictObject({
      /** Stop when a pain signal reaches this level (0..1). */
      painThreshold: z.number().min(0).max(1).default(0.6),
      /** Stop when a fatigue signal reaches this level (0..1). */
      fatigueThreshold: z.number().min(0).max(1).default(0.8),
      /** Stop after this many motions in a row fail (tracking error, target not reached). */
      maxConsecutiveFailures: z.number().int().min(1).max(10).default(3),
      /** After a safety stop: how long the therapist has to reset and resume before the session ends. */
      safetyResumeWindowS: z.number().min(0).max(3600).default(60),
      /** How long to wait for the patient's "ready" (or the therapist's "start"). */
      readyTimeoutS: z.number().min(1).max(3600).default(120),
      /** How long the device may take to report fresh joint states within the prescription. */
      deviceTimeoutS: z.number().min(0.5).max(120).default(5),
    })
    .prefault({}),
  /** A short move to a neutral pose before anything else; the pose is measured and recorded. */
  calibration: z.strictObject({ pose, durationS: z.number().min(0.5).max(60).default(4) }),
  /** Small passive cycles of every exercised joint about the calibration pose. */
  warmUp: z
    .strictObject({
      cycles: z.number().int().min(0).max(20).default(1),
      amplitudeRad: z.number().positive().max(1).default(0.15),
      periodS: z.number().min(1).max(60).default(4),
    })
    .prefault({}),
  /** The pose the session ends in (default: the calibration pose). */
  coolDown: z.strictObject({ pose: pose.optional(), durationS: z.number().min(0.5).max(60).default(4) }).prefault({}),
  exercises: z.array(exercise).min(1).max(20),
});

/** A plan as the schema leaves it (defaults applied), deep-frozen. */
export type RehabPlanData = DeepReadonly<z.output<typeof rehabPlanSchema>>;
/** One exercise of a plan. */
export type PlanExercise = RehabPlanData['exercises'][number];
/** One joint's prescription. */
export type PrescribedJoint = RehabPlanData['prescription'][string];
