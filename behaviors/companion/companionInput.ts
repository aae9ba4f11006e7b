import { z } from 'zod';
import { KindredError } from '../../runtime/errors/index.js';
import { validateConfig, type DeepReadonly, type ValidateConfigOptions } from '../../runtime/params/index.js';

const id = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/, 'an id of letters, digits, _ and -');
const seconds = z.number().finite().min(0).max(1e10);

/** Someone the companion may meet: the ROS4HRI body id and how to address them (only with their consent). */
const person = z.strictObject({
  /** The ROS4HRI id the person is tracked as (`/humans/bodies/<id>`); the simulator's person is `person1`. */
  id,
  name_zh: z.string().min(1).max(40),
  name_en: z.string().min(1).max(60),
  /** The person agreed to be addressed by name. Without it the companion says "您好" / "Hello" only. */
  consentToName: z.boolean().default(false),
});

/** One scheduled reminder, at a time on the bus clock. */
const reminder = z.strictObject({
  id,
  kind: z.enum(['medication', 'water', 'exercise']),
  /** When it falls due, s on the bus clock (simulated time in simulation). */
  atS: seconds,
  /** What exactly (e.g. the medicine's name), said after the reminder. */
  note_zh: z.string().min(1).max(80).optional(),
  note_en: z.string().min(1).max(120).optional(),
  /** Spoken even in quiet hours (e.g. a medicine that must not wait). */
  overridesQuietHours: z.boolean().default(false),
});

/** A window of bus-clock time without unsolicited speech: [fromS, toS). */
const quietWindow = z.strictObject({ fromS: seconds, toS: seconds });

/** Timings of the conversation, in seconds of bus-clock time. */
const timing = z.strictObject({
  /** How often the companion reads the bus clock (reminders fall due, times in the log), s. */
  tickS: z.number().min(0.05).max(10).default(0.5),
  /** How long after a fall the person has to answer the check-in before the caregiver is alerted, s. */
  checkInTimeoutS: z.number().min(1).max(600).default(20),
  /** How long the companion waits for "好的" / "OK" after saying a reminder, s. */
  reminderAckTimeoutS: z.number().min(1).max(3600).default(60),
  /** How many times a reminder is said before the caregiver is told it was ignored. */
  reminderAttempts: z.number().int().min(1).max(10).default(3),
});

/**
 * Where the robot stands in the frame the people's positions come in (the simulator's `sim_world`),
 * so it can turn its head to a person who fell. Without it the companion does not move at all.
 */
const robot = z.strictObject({
  xM: z.number().finite(),
  yM: z.number().finite(),
  yawRad: z.number().min(-7).max(7),
  /** A forward_command position controller of the launch file that commands `panJoint`. */
  controller: z.string().min(1).default('upper_body_position'),
  panJoint: z.string().min(1).default('head_pan'),
  /** Never turn the head further than this either way, rad (inside the joint's own limits). */
  panLimitRad: z.number().min(0).max(3.2).default(2.4),
  /** Slowest and gentlest: the turn lasts at least |angle| / this, and at least 1.5 s. rad/s. */
  panSpeedRadPerS: z.number().min(0.05).max(1.5).default(0.6),
});

/**
 * The companion's input (also the YAML of `kindred behavior run companion --plan <file>`, with
 * `kind: companion_plan`): who lives here, the day's reminders, quiet hours, privacy and timings.
 */
export const companionInputSchema = z.strictObject({
  kind: z.literal('companion_plan').optional(),
  people: z.array(person).max(20).default([]),
  schedule: z.array(reminder).max(200).default([]),
  quietHours: z.array(quietWindow).max(50).default([]),
  /** Everyone concerned agreed to audio/video/bus recording. Without it nothing is recorded and the intents' words are left out of the log. */
  recordingConsent: z.boolean().default(false),
  /** The language spoken until someone speaks the other one. */
  language: z.enum(['zh', 'en']).default('zh'),
  /** Added to bus-clock seconds to get the local time of day (sim: the hour the day starts at; robot: the time zone's offset from UTC). */
  clockOffsetS: z.number().min(-1e10).max(1e10).default(0),
  /** Where this is, for the caregiver's alerts (e.g. "客厅 / living room"). */
  location: z.string().max(80).default(''),
  timing: timing.prefault({}),
  robot: robot.optional(),
});

/** A validated, frozen companion input. */
export type CompanionInput = DeepReadonly<z.output<typeof companionInputSchema>>;
/** A person the companion may meet. */
export type CompanionPerson = CompanionInput['people'][number];
/** A scheduled reminder. */
export type CompanionReminder = CompanionInput['schedule'][number];
/** The kinds of reminder. */
export type ReminderKind = CompanionReminder['kind'];
/** A quiet window. */
export type QuietWindow = CompanionInput['quietHours'][number];

/** BEHAVIOR_COMPANION_INPUT_INVALID at `path`, with the plan file's line and column when known. */
function invalid(path: readonly (string | number)[], value: unknown, message: string, expected: string, options: ValidateConfigOptions): KindredError {
  const field = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  const at = options.locate?.([...path]);
  return new KindredError('BEHAVIOR_COMPANION_INPUT_INVALID', message, {
    ...(options.file === undefined ? {} : { file: options.file }),
    ...(at === undefined ? {} : { line: at.line, column: at.column }),
    field,
    value,
    expected,
  });
}

function requireUnique(list: readonly { readonly id: string }[], key: 'people' | 'schedule', options: ValidateConfigOptions): void {
  const seen = new Set<string>();
  list.forEach((item, i) => {
    if (seen.has(item.id)) throw invalid([key, i, 'id'], item.id, `${key}[${i}].id ${JSON.stringify(item.id)} is used twice; expected unique ids`, 'unique ids', options);
    seen.add(item.id);
  });
}

/**
 * Validate the companion's input once: shape and defaults through `validateConfig` (CONFIG_* codes
 * with file:line:column for a plan file), then what the schema cannot say
 * (BEHAVIOR_COMPANION_INPUT_INVALID): unique person and reminder ids, quiet windows that end after
 * they start. The schedule comes back sorted by time (stable for equal times).
 */
export function parseCompanionInput(data: unknown, options: ValidateConfigOptions = {}): CompanionInput {
  const parsed = validateConfig(companionInputSchema, data, options);
  requireUnique(parsed.people, 'people', options);
  requireUnique(parsed.schedule, 'schedule', options);
  parsed.quietHours.forEach((w, i) => {
    if (!(w.toS > w.fromS)) {
      throw invalid(['quietHours', i], { fromS: w.fromS, toS: w.toS }, `quietHours[${i}] runs from ${w.fromS} s to ${w.toS} s; expected toS greater than fromS`, 'toS > fromS', options);
    }
  });
  const sorted = parsed.schedule.map((r, i) => ({ r, i })).sort((a, b) => a.r.atS - b.r.atS || a.i - b.i).map((x) => x.r);
  return Object.freeze({ ...parsed, schedule: Object.freeze(sorted) });
}
