import { z } from 'zod';
import { shippedBehaviorIds } from '../../behaviors/catalog.js';
import { SIM_SCENES } from '../../launch/index.js';
import type { SceneId } from '../../sim/scenes/index.js';
import { FAULT_TYPES } from './faultTypes.js';

const id = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'an id of letters, digits, _ and -').max(80);
const text = z.string().min(1).max(2000);
const bilingual = z.strictObject({ en: text, zh: text });

/**
 * A number, or a range to draw it from: `{ min, max }` is sampled uniformly with the run's seed, so a
 * campaign over N seeds tries N magnitudes or timings within what the scenario declares.
 */
export const sampled = z.union([z.number().finite(), z.strictObject({ min: z.number().finite(), max: z.number().finite() }).refine((r) => r.min <= r.max, 'min must not exceed max')]);
export type Sampled = z.infer<typeof sampled>;

const time = sampled.refine((v) => (typeof v === 'number' ? v >= 0 : v.min >= 0), 'a time ≥ 0 s');

/** What the robot is doing: set-points the runner sends each cycle, as a behaviour or the tablet would. */
const activity = z.discriminatedUnion('type', [
  /** Keep every controller at the pose the robot starts in. */
  z.strictObject({ type: z.literal('hold') }),
  /** Minimum-jerk moves through waypoints (positions per joint, in `joints` order), optionally repeated. */
  z.strictObject({
    type: z.literal('trajectory'),
    joints: z.array(z.string().min(1)).min(1),
    waypoints: z.array(z.strictObject({ timeS: z.number().min(0), positions: z.array(z.number().finite()).min(1) })).min(1),
    repeat: z.boolean().default(false),
  }),
  /** A sine about `center` (default: the joint's starting position), e.g. knee flexion/extension. */
  z.strictObject({
    type: z.literal('sine'),
    joints: z.array(z.string().min(1)).min(1),
    amplitude: z.number().finite(),
    periodS: z.number().gt(0),
    center: z.number().finite().optional(),
    startS: z.number().min(0).default(0),
  }),
  /** Constant velocity set-points on velocity-commanded joints (a mobile base's wheels) from startS to endS. */
  z.strictObject({
    type: z.literal('velocity'),
    joints: z.array(z.string().min(1)).min(1),
    value: z.number().finite(),
    startS: z.number().min(0).default(0),
    endS: z.number().min(0).optional(),
  }),
]);
export type Activity = z.infer<typeof activity>;

/** One injected fault of the library (`FAULT_TYPES`). */
const fault = z.strictObject({
  id,
  type: z.enum(Object.keys(FAULT_TYPES) as [string, ...string[]]),
  /** An interface (`knee_left/position`), a joint, a person (`patient`, `person`), a direction, or `loop`. */
  target: z.string().min(1).max(200),
  atS: time,
  /** How long it lasts; absent: to the end of the scenario. */
  durationS: sampled.optional(),
  /** The fault's size in the unit its type says (N, N·m, rad, ms, …). */
  magnitude: sampled.optional(),
  /** Type-specific extras (`cycles` for an overrun, `x`/`y` for a walk). */
  params: z.record(z.string(), z.union([z.number(), z.string()])).default({}),
});
export type ScenarioFault = z.infer<typeof fault>;

export const OPERATOR_ACTIONS = ['estop_press', 'estop_release', 'estop_request', 'stop_request', 'reset', 'release_hold', 'conflicting_commands'] as const;

/** An operator's action: a button, a reset attempt, a command at a bad moment. */
const operatorAction = z.strictObject({
  /** Names the action so expectations can time from it (`after: press`). */
  id: id.optional(),
  atS: time,
  action: z.enum(OPERATOR_ACTIONS),
  source: z.string().min(1).default('tablet'),
  role: z.string().min(1).optional(),
  /** For stop_request: IEC 60204-1 category. */
  category: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
  /** What should happen to a reset or release: refused (optionally with this code) or accepted. */
  expect: z.enum(['accepted', 'refused']).optional(),
  code: z.string().min(1).optional(),
  /** For conflicting_commands: the set-points the conflicting move asks for (interface → value). */
  setpoints: z.record(z.string(), z.number().finite()).default({}),
});
export type OperatorAction = z.infer<typeof operatorAction>;

export const SAFETY_STATE_NAMES = ['normal', 'reduced_speed', 'protective_stop', 'emergency_stop', 'recovery'] as const;
const stateName = z.enum([...SAFETY_STATE_NAMES, 'stopped']);

/** What must hold; each kind is judged from the run's traces, events and durable safety log. */
const expectation = z.discriminatedUnion('type', [
  /** The supervisor reaches `state` (`stopped` = protective or emergency stop) within `withinMs` of fault `after`. */
  z.strictObject({ type: z.literal('reaches_state'), state: stateName, after: id, withinMs: z.number().gt(0) }),
  /** A safety fault from `monitor` (optionally with `code`) is raised within `withinMs` of `fault` and is in the durable log. */
  z.strictObject({ type: z.literal('detected'), fault: id, monitor: z.string().min(1), code: z.string().min(1).optional(), withinMs: z.number().gt(0).optional() }),
  /** The stop in force after fault `after` is category `category` (or more severe with `orWorse`). */
  z.strictObject({ type: z.literal('stop_category'), after: id, category: z.union([z.literal(0), z.literal(1), z.literal(2)]), withinMs: z.number().gt(0), orWorse: z.boolean().default(false) }),
  /** Torque removed (drives disabled) within `withinMs` of fault `after`. */
  z.strictObject({ type: z.literal('torque_off'), after: id, withinMs: z.number().gt(0) }),
  /** No force channel above its body region's limit (`quasi_static` or `transient`) or `limitN`, at any time. */
  z.strictObject({ type: z.literal('force_below'), channels: z.array(z.string().min(1)).optional(), limit: z.enum(['quasi_static', 'transient']).optional(), limitN: z.number().gt(0).optional() }),
  /** No joint (or the named ones) outside its prescribed range ± `marginRad`, at any time. */
  z.strictObject({ type: z.literal('joints_within_range'), joints: z.array(z.string().min(1)).optional(), marginRad: z.number().min(0).default(0) }),
  /** From `withinMs` after fault `after` to the end (or `forMs`), every joint speed is below `speedBelow`. */
  z.strictObject({ type: z.literal('stationary'), after: id, withinMs: z.number().min(0), speedBelow: z.number().gt(0).default(0.05), forMs: z.number().gt(0).optional() }),
  /** The named joints move no more than `maxRad` from where they were when fault `after` began. */
  z.strictObject({ type: z.literal('displacement_below'), after: id, joints: z.array(z.string().min(1)).min(1), maxRad: z.number().gt(0) }),
  /** No safety fault at all (a nominal run), except from the listed monitors. */
  z.strictObject({ type: z.literal('no_faults'), except: z.array(z.string().min(1)).default([]) }),
  /** The supervisor's state at the end of the run. */
  z.strictObject({ type: z.literal('final_state'), state: stateName }),
  /** The loop holds every controller (`holding`) within `withinMs` of fault `after`. */
  z.strictObject({ type: z.literal('loop_holding'), after: id, withinMs: z.number().gt(0) }),
  /**
   * How the scenario's behaviour ended (`behavior:`), judged at the end of the run: its run status
   * (`stopped`: still running when the scenario ended, or cancelled), its last state (a dotted path,
   * or a prefix of one: `safetyStop` matches `safetyStop.holding`), tags it must carry, and that it
   * ended within `withinS` of the scenario's start.
   */
  z.strictObject({
    type: z.literal('behavior_outcome'),
    status: z.enum(['done', 'stopped', 'error']).optional(),
    state: z.string().min(1).max(200).optional(),
    tagsInclude: z.array(z.string().min(1)).default([]),
    withinS: z.number().gt(0).optional(),
  }),
]);
export type Expectation = z.infer<typeof expectation>;

const seconds = z.number().finite().min(0);
const intentRole = z.enum(['patient', 'caregiver', 'therapist']);

/**
 * One timed input to the scenario's behaviour, as `kindred behavior run --script` takes them
 * (behaviors/ShippedBehavior.ts `ScriptedInput`): what a person does at `atS` s of scenario time.
 */
const scriptedInput = z.union([
  z.strictObject({ atS: seconds, intent: z.strictObject({ name: z.string().min(1), role: intentRole, text: z.string().min(1).optional(), language: z.enum(['zh', 'en']).optional() }) }),
  z.strictObject({ atS: seconds, command: z.enum(['pause', 'resume', 'stop']) }),
  z.strictObject({ atS: seconds, estop: z.string().min(1) }),
  z.strictObject({ atS: seconds, safetyReset: z.literal(true) }),
  z.strictObject({ atS: seconds, patientSignal: z.strictObject({ kind: z.enum(['pain', 'fatigue']), level: z.number().finite() }) }),
  z.strictObject({ atS: seconds, sim: z.looseObject({ op: z.string().min(1) }) }),
]);

/**
 * A shipped behaviour (`behaviors/catalog.ts`) that drives the robot during the scenario, in place of
 * `activity`: its plan (relative to the scenario file; default the behaviour's demo input) and the
 * people's inputs (default the behaviour's demo script), at scenario times.
 */
const behavior = z.strictObject({
  id: z.enum(shippedBehaviorIds() as [string, ...string[]]),
  plan: z.string().min(1).optional(),
  script: z.array(scriptedInput).optional(),
});
export type ScenarioBehavior = z.infer<typeof behavior>;

/**
 * A fault-injection scenario file (`kind: scenario`): the scene (and so the robot), the person's
 * profile, what the robot does, the faults with their timings and magnitudes (fixed or ranges), the
 * operator's actions, and the expectations the run is judged by. Seeds are explicit.
 */
export const scenarioSchema = z
  .strictObject({
    kind: z.literal('scenario'),
    name: id,
    title: bilingual,
    description: text.optional(),
    scene: z.enum(Object.keys(SIM_SCENES) as [SceneId, ...SceneId[]]),
    /**
     * A launch file for controllers and limit layers (relative to the scenario); default: the
     * behaviour's launch file when there is a behaviour, else the scene's shipped launch file.
     */
    launch: z.string().min(1).optional(),
    /** A person/patient profile (relative to the scenario); default: the launch file's, else the scene's default person. */
    profile: z.string().min(1).optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    durationS: z.number().gt(0).max(120),
    /** Set-points the runner sends; default `hold`. Not with `behavior` (the behaviour sends them). */
    activity: z.array(activity).optional(),
    /** A shipped behaviour to run while faults are injected (instead of `activity`). */
    behavior: behavior.optional(),
    faults: z.array(fault).default([]),
    operator: z.array(operatorAction).default([]),
    expect: z.array(expectation).min(1),
  })
  .superRefine((s, ctx) => {
    if (s.behavior !== undefined && s.activity !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['activity'],
        message: `no activity: behaviour ${s.behavior.id} sends the set-points (remove activity, or behavior)`,
      });
    }
    if (s.behavior !== undefined) {
      const crash = s.faults.findIndex((f) => f.type === 'compute.crash');
      if (crash >= 0) ctx.addIssue({ code: 'custom', path: ['faults', crash, 'type'], message: 'a fault other than compute.crash (a crash scenario runs a separate Kindred process, without the behaviour)' });
    } else {
      const k = s.expect.findIndex((e) => e.type === 'behavior_outcome');
      if (k >= 0) ctx.addIssue({ code: 'custom', path: ['expect', k, 'type'], message: 'a behavior: in the scenario (behavior_outcome judges how its behaviour ended), or another expectation' });
    }
  })
  // Without a behaviour the robot holds by default; with one, the runner sends no set-points of its own.
  .transform(({ activity: given, ...rest }) => {
    const activity: Activity[] = given ?? (rest.behavior === undefined ? [{ type: 'hold' }] : []);
    return { ...rest, activity };
  });
export type Scenario = z.infer<typeof scenarioSchema>;
