/**
 * What the safety supervisor records: one event per fault, clearing, reset (accepted or refused)
 * and supervisor state change. Measured values and limits are numbers in SI units named by their
 * keys (`forceN`, `velocityRadPerS`); NaN and ±Infinity are kept (a plausibility fault is often
 * exactly that), written as the strings "NaN", "Infinity" and "-Infinity".
 */

/**
 * Why the event was logged: a monitor tripped (`fault`), its cause went away while the fault stays
 * latched (`cleared`), a reset was accepted or refused, or the supervisor changed state.
 */
export const SAFETY_EVENT_KINDS = ['fault', 'cleared', 'reset', 'reset_refused', 'state'] as const;
/** One of SAFETY_EVENT_KINDS. */
export type SafetyEventKind = (typeof SAFETY_EVENT_KINDS)[number];

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

/** One safety event as the supervisor hands it to the log. */
export interface SafetyEvent {
  /** The runtime clock's time of the event (loop or simulation time), ns. */
  readonly timeNs: bigint;
  /** Wall-clock time as ISO 8601; the log stamps the time of `append` when absent. */
  readonly wallTime?: string;
  readonly kind: SafetyEventKind;
  /** The monitor or input that raised it: `interaction_force`, `estop_button`, `tracking_error`, `reset`. */
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
