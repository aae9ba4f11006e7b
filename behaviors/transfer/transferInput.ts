import { z } from 'zod';
import { KindredError } from '../../runtime/errors/index.js';

/** Which way the patient is moved. */
export const TRANSFER_DIRECTIONS = ['bed_to_wheelchair', 'wheelchair_to_bed'] as const;
export type TransferDirection = (typeof TRANSFER_DIRECTIONS)[number];

/**
 * How much the caregiver approves, in the manner of FlexBE's autonomy levels: `supervised` — every
 * step that moves the patient (lift, carry, lower) waits for the caregiver's "confirm"/"继续";
 * `assisted` — only the first lift does.
 */
export const TRANSFER_AUTONOMY = ['supervised', 'assisted'] as const;
export type TransferAutonomy = (typeof TRANSFER_AUTONOMY)[number];

/** The two supports a transfer moves a patient between. */
export type SupportName = 'bed' | 'wheelchair';

/** The torso lift's rated speed (kindred_transfer), m/s: no planned torso move peaks above it. */
const LIFT_RATED_SPEED_M_PER_S = 0.05;
/** A minimum-jerk move peaks at 1.875 × its mean speed. */
const MIN_JERK_PEAK = 1.875;

const finite = z.number().refine(Number.isFinite, 'expected a finite number');
const positive = finite.refine((v) => v > 0, 'expected a number > 0');
const jointName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a joint name (lower-case snake_case)');

/**
 * A pose of some joints of the transfer controller, reached rest to rest in `durationS` (joint units:
 * rad, or m for the torso lift). `tolerance` is how close each joint must settle (default 0.05).
 */
const pose = z
  .strictObject({
    joints: z.array(jointName).min(1),
    targets: z.array(finite).min(1),
    durationS: positive,
    tolerance: positive.optional(),
  })
  .refine((p) => p.joints.length === p.targets.length, { message: 'expected one target per joint', path: ['targets'] })
  .refine((p) => new Set(p.joints).size === p.joints.length, { message: 'expected each joint once', path: ['joints'] });

/** A pose of the transfer plan (see `transferInputSchema`). */
export type TransferPose = z.output<typeof pose>;

const support = z.strictObject({
  /** torso_lift position (m) at which the patient, lying on the arms, rests on this support. */
  torsoM: finite,
});

/**
 * What a transfer needs to know, validated once (`parseTransferInput`). Heights are torso_lift
 * positions (m, 0 = fully raised, negative lower), because the torso carries the patient.
 */
export const transferInputSchema = z.strictObject({
  /** The patient to transfer: the person id their contact data carries (`patient` in the simulator). */
  patientId: z.string().min(1),
  direction: z.enum(TRANSFER_DIRECTIONS).default('bed_to_wheelchair'),
  autonomy: z.enum(TRANSFER_AUTONOMY).default('supervised'),
  /** The forward-command position controller that moves the torso and arms. */
  controller: z.string().min(1),
  /** The prismatic joint that raises and lowers the patient. */
  torsoJoint: jointName,
  supports: z.strictObject({ bed: support, wheelchair: support }),
  poses: z.strictObject({
    /** Where the robot goes before anything touches the patient. */
    approach: pose,
    /** The arms ready beside the patient, at the source support's height. */
    positionArms: pose,
    /** The padded forearms slid in (under the patient where the scene allows). */
    insert: pose,
    /** The staged move that carries the patient from the source towards the destination. */
    carry: pose,
    /** The arms drawn out from under the patient once lowered. */
    release: pose,
    /** Back to the parked pose. */
    retreat: pose,
  }),
  lift: z.strictObject({
    /** Number of lift stages; each raises the torso by `stageRiseM`, then checks the patient. */
    stages: z.number().int().min(1).max(10),
    stageRiseM: positive.refine((v) => v <= 0.1, 'expected at most 0.1 m per stage'),
    stageDurationS: positive,
    /** Wait after each stage before judging the patient's forces and posture, s. */
    settleS: positive,
  }),
  /** How long the patient is held and watched before the carry, s. */
  holdS: positive,
  /** Peak torso speed when setting the patient down as planned, m/s. */
  placeSpeedMPerS: positive.refine((v) => v <= LIFT_RATED_SPEED_M_PER_S, `expected at most the lift’s rated ${LIFT_RATED_SPEED_M_PER_S} m/s`),
  /** Peak torso speed of the controlled lowering after an anomaly, m/s (slower than placing). */
  loweringSpeedMPerS: positive.refine((v) => v <= LIFT_RATED_SPEED_M_PER_S, `expected at most the lift’s rated ${LIFT_RATED_SPEED_M_PER_S} m/s`),
  limits: z.strictObject({
    /** Contact force above which a region is an anomaly, N, by region name (`back`, `chest`, …). */
    contactN: z.record(z.string().min(1), positive),
    /** For regions not listed in `contactN`, N. */
    defaultContactN: positive,
    /** Largest axial rotation of the patient's upper body tolerated while on the arms, rad. */
    maxTrunkRollRad: positive,
    /** Largest loss of tone tolerated (0..1). */
    maxSlumped: positive.refine((v) => v <= 1, 'expected at most 1'),
  }),
  monitor: z.strictObject({
    /** kindred_msgs/PatientContact topic. */
    topic: z.string().regex(/^\/[A-Za-z0-9_/]+$/, 'expected a topic name'),
    /** How often the monitor reports the latest sample and the time, s. */
    tickS: positive,
    /** A contact sample older than this is an anomaly (monitoring lost), s. */
    staleAfterS: positive,
  }),
  timeouts: z.strictObject({
    /** Wait for the patient's contact data (identification), s. */
    identifyS: positive,
    /** Wait for each answer to a precondition question, s. */
    answerS: positive,
    /** Questions asked per precondition before giving up. */
    attempts: z.number().int().min(1).max(5),
    /** Wait for the caregiver's confirmation of a step, s. */
    confirmS: positive,
  }),
});

/** A validated transfer input: the machine's input. */
export type TransferInput = z.output<typeof transferInputSchema>;

/** What a caller may pass (defaults filled in by `parseTransferInput`). */
export type TransferInputData = z.input<typeof transferInputSchema>;

/**
 * Validate a transfer input. Throws BEHAVIOR_TRANSFER_INPUT_INVALID naming the first bad field, its
 * value and what was expected; also checks that the lift stays within its travel and that the
 * torso joint is not moved by the arm poses of the insert, carry and release steps.
 */
export function parseTransferInput(data: unknown, source = 'transfer input'): TransferInput {
  const parsed = transferInputSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.') || '(root)';
    throw new KindredError('BEHAVIOR_TRANSFER_INPUT_INVALID', `${source}: ${field}: ${issue.message}`, {
      field,
      value: valueAt(data, issue.path),
      expected: issue.message,
    });
  }
  const input = parsed.data;
  for (const step of ['insert', 'carry', 'release'] as const) {
    if (input.poses[step].joints.includes(input.torsoJoint)) {
      throw new KindredError('BEHAVIOR_TRANSFER_INPUT_INVALID', `${source}: poses.${step} moves ${input.torsoJoint}; heights come from supports and lift, so the ${step} pose must move the arms only`, {
        field: `poses.${step}.joints`,
        value: input.torsoJoint,
        expected: 'arm joints only',
      });
    }
  }
  const stagePeak = (MIN_JERK_PEAK * input.lift.stageRiseM) / input.lift.stageDurationS;
  if (stagePeak > LIFT_RATED_SPEED_M_PER_S) {
    throw new KindredError('BEHAVIOR_TRANSFER_INPUT_INVALID', `${source}: lift: a stage of ${input.lift.stageRiseM} m in ${input.lift.stageDurationS} s peaks at ${stagePeak.toFixed(3)} m/s, above the lift's rated ${LIFT_RATED_SPEED_M_PER_S} m/s`, {
      field: 'lift.stageDurationS',
      value: input.lift.stageDurationS,
      expected: `≥ ${((MIN_JERK_PEAK * input.lift.stageRiseM) / LIFT_RATED_SPEED_M_PER_S).toFixed(2)} s`,
    });
  }
  const top = Math.max(input.supports.bed.torsoM, input.supports.wheelchair.torsoM) + input.lift.stages * input.lift.stageRiseM;
  if (top > 0) {
    throw new KindredError('BEHAVIOR_TRANSFER_INPUT_INVALID', `${source}: lift: ${input.lift.stages} stages of ${input.lift.stageRiseM} m from the higher support reach torso ${top.toFixed(3)} m, above the lift's top (0 m)`, {
      field: 'lift.stages',
      value: input.lift.stages,
      expected: 'stages × stageRiseM + support height ≤ 0',
    });
  }
  return input;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = data;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** The support the patient starts on and the one they end on. */
export function supportsOf(direction: TransferDirection): { readonly source: SupportName; readonly destination: SupportName } {
  return direction === 'bed_to_wheelchair' ? { source: 'bed', destination: 'wheelchair' } : { source: 'wheelchair', destination: 'bed' };
}
