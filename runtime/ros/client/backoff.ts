/** How long to wait between connection attempts (milliseconds), as `RosbridgeClient` takes it. */
export interface BackoffSettings {
  /** The wait after the first failed attempt. */
  readonly initialMs: number;
  /** The longest wait, however many attempts failed. */
  readonly maxMs: number;
  /** Each further failure multiplies the wait by this. */
  readonly factor: number;
  /** ± this fraction of the wait is drawn at random, so many clients do not retry in step (0 = none). */
  readonly jitter: number;
}

/** rosbridge clients on a robot retry for as long as they run; these keep a restarting server from being hammered. */
export const DEFAULT_BACKOFF: BackoffSettings = Object.freeze({ initialMs: 250, maxMs: 10_000, factor: 2, jitter: 0.2 });

/**
 * The wait before the next attempt after `failures` consecutive failed attempts (≥ 1): exponential
 * (`initialMs · factor^(failures-1)`, capped at `maxMs`), then spread by ±`jitter` with `random()`
 * in [0, 1), and never more than `maxMs`. Pure, so the schedule can be tested without sockets.
 */
export function backoffDelayMs(failures: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(failures));
  const base = Math.min(settings.maxMs, settings.initialMs * settings.factor ** (n - 1));
  const spread = settings.jitter === 0 ? 1 : 1 + settings.jitter * (2 * random() - 1);
  return Math.round(Math.min(settings.maxMs, Math.max(0, base * spread)));
}
