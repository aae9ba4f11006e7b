/**
 * A source of time in nanoseconds (bigint) with timers. Code that needs time takes a `Clock`, so
 * the same code runs on the wall clock on the robot and on a `SimClock` in tests and simulation.
 */
export interface Clock {
  readonly kind: 'wall' | 'sim';
  /** Nanoseconds; for the wall clock since the Unix epoch, never decreasing within the process. */
  now(): bigint;
  /**
   * Call `callback` every `periodNs` (first call one period from now), or once after `periodNs` with
   * `oneShot`. Due times are `start + k·period`, so periodic timers do not drift. The callback gets
   * the due time it fires for. Throws TIME_BAD_VALUE for a period ≤ 0 (< 0 for one-shot timers).
   */
  setTimer(periodNs: bigint, callback: TimerCallback, options?: TimerOptions): Timer;
  /**
   * Resolve once `ns` nanoseconds have passed on this clock; reject with `signal.reason` when the
   * signal aborts first. Rejects with TIME_BAD_VALUE for a negative duration.
   */
  sleep(ns: bigint, signal?: AbortSignal): Promise<void>;
}

export type TimerCallback = (dueNs: bigint) => void;

export interface TimerOptions {
  readonly oneShot?: boolean;
}

export interface Timer {
  /** Stop the timer; safe inside its own callback. Idempotent. */
  cancel(): void;
  /** False once cancelled or once a one-shot timer has fired. */
  readonly active: boolean;
}
