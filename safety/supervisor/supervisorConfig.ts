import { z } from 'zod';
import { KindredError, show } from '../../runtime/errors/index.js';
import { SAFETY_REACTIONS } from '../log/SafetyEvent.js';
import { BODY_REGIONS, FORCE_PROFILES } from '../monitors/bodyRegionLimits.js';

/** Every monitor's name, as events and fault slots show it (`SafetyEvent.monitor`). */
export const MONITOR_NAMES = [
  'estop',
  'stop_request',
  'plausibility',
  'interaction_force',
  'separation',
  'tracking_error',
  'sensor_freshness',
  'command_watchdog',
  'loop_timing',
  'hardware',
] as const;
/** One of MONITOR_NAMES. */
export type MonitorName = (typeof MONITOR_NAMES)[number];

const name = z.string().min(1).max(200);
const positive = z.number().gt(0).refine(Number.isFinite, 'expected a finite number');
const nonNegative = z.number().min(0).refine(Number.isFinite, 'expected a finite number');
const reaction = z.enum(SAFETY_REACTIONS);
const scale = z.number().gt(0).max(1);

/**
 * An interface selector: a state interface name, or a pattern where `*` matches any text and
 * `{joint}` any actuated joint (a joint with a command interface). A plain name must exist; a pattern
 * may match nothing (a robot without that kind of sensor).
 */
const selector = name;

const forceChannel = z.strictObject({
  /** An F/T sensor prefix with `force.x|y|z` (judged by |f|), or a scalar state interface (judged by its absolute value). */
  interface: name,
  /** The ISO/TS 15066 body region the force acts on; required unless both limits are given. */
  region: z.enum(BODY_REGIONS).optional(),
  /** Override (or, without a region, set) the limits, N. */
  quasiStaticN: positive.optional(),
  transientN: positive.optional(),
});

const separation = z.strictObject({
  /** Where the nearest person's distance comes from. */
  person: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('position'), x: name, y: name, baseXM: z.number().default(0), baseYM: z.number().default(0) }),
    z.strictObject({ type: z.literal('distance'), interface: name }),
  ]),
  /** v_h; ISO 13855's 1.6 m/s where the person's speed is not measured. */
  humanSpeedMPerS: positive.default(1.6),
  /** The robot's maximum speed towards a person at full speed (v_r at scale 1), m/s. */
  robotSpeedMPerS: positive,
  /** T_r: detection, loop and drive latency, s. */
  reactionTimeS: nonNegative.default(0.1),
  /** T_s: default the supervisor's stopping-time limit. */
  stoppingTimeS: positive.optional(),
  /** C, m. */
  intrusionDistanceM: nonNegative.default(0),
  /** Z_d, m. */
  humanUncertaintyM: nonNegative.default(0.1),
  /** Z_r, m. */
  robotUncertaintyM: nonNegative.default(0.05),
  /** Footprint radius of the robot plus body radius of the person, subtracted from a centre-to-centre distance, m. */
  clearanceM: nonNegative.default(0),
  warningMarginM: nonNegative.default(0.5),
  hysteresisM: nonNegative.default(0.1),
  warningReaction: reaction.default('reduced_speed'),
  protectiveReaction: reaction.default('stop2'),
});

/**
 * The safety supervisor's configuration (`LoopConfig.supervisor`): plain data, validated once with this
 * schema (unknown keys rejected, defaults filled in). Every monitor's reaction is configurable; the
 * defaults and why are in safety/supervisor/README.md; per-robot defaults in `supervisorDefaults`.
 */
export const supervisorConfigSchema = z.strictObject({
  /** IEC 60204-1 category 1 and 2 stops decelerate within this time; a category 1 stop removes torque at the latest then. */
  stopTimeLimitS: positive.max(10).default(0.5),
  /** The velocity scale of reduced-speed mode. */
  reducedSpeedScale: scale.default(0.3),
  /** A cause must be absent this long before its fault counts as gone (debounce for readings hovering at a limit), s. */
  clearDelayS: nonNegative.max(10).default(0.1),
  /** After an accepted reset: this long at this velocity scale before normal speed. */
  recovery: z.strictObject({ durationS: nonNegative.max(600).default(2), velocityScale: scale.default(0.25) }).prefault({}),
  reset: z
    .strictObject({
      /** Who may reset: a source, and (for sources with users) the roles allowed. */
      allowed: z
        .array(z.strictObject({ source: name, roles: z.array(name).min(1).optional() }))
        .min(1)
        .default([{ source: 'tablet', roles: ['therapist', 'caregiver', 'safety_tester'] }, { source: 'cli' }]),
      /** Refuse a reset until every fault it would clear is durably in the safety log (acknowledged by the main thread). */
      requireLoggedEvents: z.boolean().default(false),
    })
    .prefault({}),
  estop: z
    .strictObject({
      /** Hardware e-stop state interfaces; default `estop/pressed` when the hardware exports it. */
      inputs: z.array(name).optional(),
      /** IEC 60204-1: an emergency stop is category 0 or 1. */
      reaction: z.enum(['stop0', 'stop1']).default('stop1'),
      /** Software sources with a fault slot of their own (others share one). */
      sources: z.array(name).default(['tablet', 'voice', 'bridge', 'api', 'cli']),
    })
    .prefault({}),
  force: z
    .strictObject({
      profile: z.enum(FORCE_PROFILES).default('iso_ts_15066'),
      /** Extra factor on the profile's limits, (0, 1]. */
      scale: scale.default(1),
      /** How long a force may exceed the quasi-static limit (a transient contact), s. */
      transientWindowS: positive.max(5).default(0.5),
      channels: z.array(forceChannel).default([]),
      quasiStaticReaction: reaction.default('stop1'),
      transientReaction: reaction.default('stop0'),
    })
    .optional(),
  separation: separation.optional(),
  trackingError: z
    .strictObject({
      /** Joints whose position/velocity commands are tracked; default every joint with such a command interface. */
      joints: z.array(name).optional(),
      /** |commanded − measured| position allowed, rad or m. */
      positionTolerance: positive.default(0.1),
      /** |commanded − measured| velocity allowed, rad/s or m/s. */
      velocityTolerance: positive.default(0.5),
      /** Per-joint tolerances where the shared ones do not fit (a prismatic lift in metres beside rotary joints). */
      joint: z.record(name, z.strictObject({ positionTolerance: positive.optional(), velocityTolerance: positive.optional() })).default({}),
      cycles: z.number().int().min(1).max(100_000).default(25),
      reaction: reaction.default('stop1'),
    })
    .optional(),
  freshness: z
    .strictObject({
      channels: z.array(z.strictObject({ match: selector, timeoutS: positive })).default([]),
      reaction: reaction.default('stop1'),
    })
    .optional(),
  commandWatchdog: z.strictObject({ reaction: reaction.default('warn') }).prefault({}),
  /** A hardware component that failed (read/write error: a lost fieldbus): the reaction for the rest of the robot. */
  hardware: z
    .strictObject({
      reaction: reaction.default('stop0'),
      /** A drive that switched itself off (watchdog, over-current) while torque should be on: the reaction for the rest. */
      driveReaction: reaction.default('stop1'),
    })
    .prefault({}),
  plausibility: z
    .strictObject({
      /** Readings that must be finite. */
      nonFinite: z.array(selector).default(['{joint}/position', '{joint}/velocity', '{joint}/effort']),
      nonFiniteReaction: reaction.default('stop0'),
      ranges: z.array(z.strictObject({ match: selector, min: z.number().optional(), max: z.number().optional() })).default([]),
      /** When set, every joint position must lie within its hard limits ± this margin (needs limits), rad or m. */
      jointPositionMargin: nonNegative.optional(),
      rangeReaction: reaction.default('stop1'),
      redundant: z.array(z.strictObject({ a: name, b: name, tolerance: positive, cycles: z.number().int().min(1).max(100_000).default(3) })).default([]),
      redundantReaction: reaction.default('stop0'),
    })
    .prefault({}),
  /**
   * Monitors switched off, for the scenario runner's mutation test of the safety system only (each
   * monitor removed in turn must make some scenario fail). Launch files cannot set the supervisor's
   * configuration, so a deployed robot never runs with a monitor removed.
   */
  disabledMonitors: z.array(z.enum(MONITOR_NAMES)).default([]),
  loopOverrun: z
    .strictObject({
      maxOverruns: z.number().int().min(0).max(100_000).default(10),
      windowS: positive.max(3600).default(1),
      reaction: reaction.default('warn'),
      missedCyclesReaction: reaction.default('warn'),
    })
    .prefault({}),
});

/** What `LoopConfig.supervisor` accepts (defaults may be left out). Plain, cloneable data. */
export type SupervisorConfigInput = z.input<typeof supervisorConfigSchema>;
/** A validated supervisor configuration, defaults filled in. */
export type SupervisorConfig = z.output<typeof supervisorConfigSchema>;

/**
 * Validate a supervisor configuration (absent: every default). Throws SAFETY_SUPERVISOR_CONFIG_INVALID
 * naming the field (`supervisor.force.channels.0.region`), the value and what was expected.
 */
export function validateSupervisorConfig(input: unknown): SupervisorConfig {
  const r = supervisorConfigSchema.safeParse(input ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  const field = ['supervisor', ...path.map(String)].join('.');
  let value: unknown = input;
  for (const k of issue.path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[k] : undefined;
  const more = r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more)` : '';
  throw new KindredError('SAFETY_SUPERVISOR_CONFIG_INVALID', `${field} is ${show(value)}: ${issue.message}${more}`, { field, value, expected: issue.message });
}
