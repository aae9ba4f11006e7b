import { checkPeriod } from './checkPeriod.js';
import type { Clock, Timer, TimerCallback, TimerOptions } from './Clock.js';
import { sleepWithTimer } from './sleepWithTimer.js';

/** Unix-epoch time minus the monotonic clock, captured once per process so every WallClock agrees. */
const epochOffsetNs = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

class WallTimer implements Timer {
  private readonly clock: WallClock;
  private readonly startNs: bigint;
  private readonly periodNs: bigint;
  private readonly callback: TimerCallback;
  private readonly oneShot: boolean;
  private k = 1n;
  private handle: NodeJS.Timeout | undefined;
  private live = true;
  private readonly onTimeout = (): void => this.fire();

  constructor(clock: WallClock, periodNs: bigint, callback: TimerCallback, oneShot: boolean) {
    this.clock = clock;
    this.startNs = clock.now();
    this.periodNs = periodNs;
    this.callback = callback;
    this.oneShot = oneShot;
    this.arm();
  }

  get active(): boolean {
    return this.live;
  }

  cancel(): void {
    this.live = false;
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
  }

  private dueNs(): bigint {
    return this.startNs + this.k * this.periodNs;
  }

  private arm(): void {
    const remainingNs = this.dueNs() - this.clock.now();
    // setTimeout has millisecond resolution and may fire a little early against hrtime: round up,
    // and re-arm in fire() if it still came early.
    const delayMs = remainingNs <= 0n ? 0 : Number((remainingNs + 999_999n) / 1_000_000n);
    this.handle = setTimeout(this.onTimeout, delayMs);
  }

  private fire(): void {
    this.handle = undefined;
    if (!this.live) return;
    const dueNs = this.dueNs();
    if (this.clock.now() < dueNs) {
      this.arm();
      return;
    }
    if (this.oneShot) this.live = false;
    this.callback(dueNs);
    if (!this.live) return;
    // Periods missed while the event loop was busy are skipped (fired once, as ROS 2 timers do);
    // the next due time stays on the start + k·period grid.
    const elapsed = this.clock.now() - this.startNs;
    const next = elapsed / this.periodNs + 1n;
    this.k = next > this.k + 1n ? next : this.k + 1n;
    this.arm();
  }
}

/**
 * Real time: `now()` is nanoseconds since the Unix epoch taken from the monotonic clock
 * (`process.hrtime.bigint()` plus an epoch offset captured once), so it never steps back when the
 * system clock is adjusted. Timers use `setTimeout` (about 1 ms resolution; the control loop's
 * worker does its own sleeping). A timer callback that throws is an uncaught exception, as with
 * any Node timer.
 */
export class WallClock implements Clock {
  readonly kind = 'wall' as const;

  now(): bigint {
    return process.hrtime.bigint() + epochOffsetNs;
  }

  setTimer(periodNs: bigint, callback: TimerCallback, options: TimerOptions = {}): Timer {
    const oneShot = options.oneShot ?? false;
    checkPeriod(oneShot ? 'one-shot delay' : 'timer period', periodNs);
    return new WallTimer(this, periodNs, callback, oneShot);
  }

  sleep(ns: bigint, signal?: AbortSignal): Promise<void> {
    return sleepWithTimer(this, ns, signal);
  }
}
