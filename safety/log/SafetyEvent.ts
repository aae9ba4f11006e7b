/**
 * What the safety supervisor records: one event per fault, clearing, reset (accepted or refused)
 * and supervisor state change; and what the runtime records around them: a `startup` and a
 * `shutdown` marker per session. Measured values and limits are numbers in SI units named by their
 * keys (`forceN`, `velocityRadPerS`); NaN and ±Infinity are kept (a plausibility fault is often
 * exactly that), written as the strings "NaN", "Infinity" and "-Infinity".
 */

/**
 * Why the supervisor logged an event: a monitor tripped (`fault`), its cause went away while the
 * fault stays latched (`cleared`), a reset was accepted or refused, or the supervisor changed state.
 * The order is the supervisor's event-queue code (safety/supervisor/SafetyEventQueue.ts).
 */
export const SAFETY_EVENT_KINDS = ['fault', 'cleared', 'reset', 'reset_refused', 'state'] as const;
/** One of SAFETY_EVENT_KINDS. */
export type SafetyEventKind = (typeof SAFETY_EVENT_KINDS)[number];

/**
 * Session markers the runtime writes (monitor `runtime`, reaction `none`): `startup` when Kindred
 * starts, before anything can move, and `shutdown` as the last record of an orderly stop. A session
 * whose `startup` has no `shutdown` after it ended in a crash, kill or power cut (sessionMarkers.ts).
 */
export const SESSION_MARKER_KINDS = ['startup', 'shutdown'] as const;
/** One of SESSION_MARKER_KINDS. */
export type SessionMarkerKind = (typeof SESSION_MARKER_KINDS)[number];

/** Every kind of event the log stores: the supervisor's and the runtime's session markers. */
export const SAFETY_LOG_EVENT_KINDS = [...SAFETY_EVENT_KINDS, ...SESSION_MARKER_KINDS] as const;
/** One of SAFETY_LOG_EVENT_KINDS. */
export type SafetyLogEventKind = (typeof SAFETY_LOG_EVENT_KINDS)[number];

/** The monitor name of session markers. */
export const SESSION_MONITOR = 'runtime';

/**
 * The reaction the supervisor took, in escalating order: none (e.g. for a reset or a clearing), a
 * warning only, reduced speed, or an IEC 60204-1 stop of category 2, 1 or 0.
 */
export const SAFETY_REACTIONS = ['none', 'warn', 'reduced_speed', 'stop2', 'stop1', 'stop0'] as const;
/** One of SAFETY_REACTIONS. */
export type SafetyReaction = (typeof SAFETY_REACTIONS)[number];

/** A message for people, in both languages the robot's users read. */
export interface BilingualText {
  readonly en: string;
  readonly zh: string;
}

/** One safety event as the supervisor (or, for session markers, the runtime) hands it to the log. */
export interface SafetyEvent {
  /** The runtime clock's time of the event (loop or simulation time), ns. */
  readonly timeNs: bigint;
  /** Wall-clock time as ISO 8601; the log stamps the time of `append` when absent. */
  readonly wallTime?: string;
  readonly kind: SafetyLogEventKind;
  /** The monitor or input that raised it: `interaction_force`, `estop_button`, `tracking_error`, `reset`; `runtime` for session markers. */
  readonly monitor: string;
  /** What it concerns, where there is one thing: a joint, a body region, a sensor stream. */
  readonly subject?: string;
  /** Measured values, keyed by quantity with its unit (`forceN`). */
  readonly values?: Readonly<Record<string, number>>;
  /** The limits they were held against, with the same keys. */
  readonly limit?: Readonly<Record<string, number>>;
  readonly reaction: SafetyReaction;
  /** Who asked for a reset (required for `reset`). */
  readonly operator?: string;
  /** Where a reset came from: `tablet`, `cli`, `api` (required for `reset` and `reset_refused`). */
  readonly source?: string;
  readonly message?: BilingualText;
}
