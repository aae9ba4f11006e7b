import { KindredError } from '../errors/index.js';
import { checkPeriod } from './checkPeriod.js';
import type { Clock, Timer, TimerCallback, TimerOptions } from './Clock.js';
import { TimerQueue, type QueuedTimer } from './TimerQueue.js';
import { sleepWithTimer } from './sleepWithTimer.js';

class SimTimer implements Timer, QueuedTimer {
  dueNs: bigint;
  readonly order: number;
  readonly periodNs: bigint;
  readonly oneShot: boolean;
  readonly callback: TimerCallback;
  /** Firings so far; the next due time is start + (fired + 1)·period, so no error accumulates. */
  fired = 0n;
  readonly startNs: bigint;
  live = true;

  constructor(startNs: bigint, periodNs: bigint, callback: TimerCallback, oneShot: boolean, order: number) {
    this.startNs = startNs;
    this.periodNs = periodNs;
    this.dueNs = startNs + periodNs;
    this.callback = callback;
    this.oneShot = oneShot;
    this.order = order;
  }

  get active(): boolean {
    return this.live;
  }

  cancel(): void {
    this.live = false;
  }
}

/**
 * Simulated time that moves only when told (`advance`, `advanceTo`). Every timer due within the
 * step fires in time order (ties in creation order), with `now()` equal to its due time while its
 * callback runs; timers created by those callbacks fire in the same step if they fall due within it.
 *
 * A throwing timer callback propagates out of `advance`, leaving `now()` at that timer's due time
 * (a periodic timer is already rescheduled); advancing again carries on from there.
 * `sleep` promises resolve when time is advanced past their end (the awaiting code runs after the
 * `advance` call returns, as promise continuations do).
 */
export class SimClock implements Clock {
  readonly kind = 'sim' as const;
  private timeNs: bigint;
  private readonly queue = new TimerQueue<SimTimer>();
  private created = 0;
  private advancing = false;

  constructor(startNs = 0n) {
    if (startNs < 0n) throw new KindredError('CLOCK_BAD_TIME', `start time is ${startNs} ns; expected at least 0 ns`, { value: startNs, expected: '≥ 0' });
    this.timeNs = startNs;
  }

  now(): bigint {
    return this.timeNs;
  }

  setTimer(periodNs: bigint, callback: TimerCallback, options: TimerOptions = {}): Timer {
    const oneShot = options.oneShot ?? false;
    checkPeriod(oneShot ? 'one-shot delay' : 'timer period', periodNs);
    const timer = new SimTimer(this.timeNs, periodNs, callback, oneShot, this.created++);
    this.queue.push(timer);
    return timer;
  }

  sleep(ns: bigint, signal?: AbortSignal): Promise<void> {
    return sleepWithTimer(this, ns, signal);
  }

  /** Move time forward by `dtNs` ≥ 0, firing every timer that falls due. Throws CLOCK_BAD_TIME. */
  advance(dtNs: bigint): void {
    if (dtNs < 0n) {
      throw new KindredError('CLOCK_BAD_TIME', `advance by ${dtNs} ns; expected at least 0 ns (simulated time only moves forward)`, {
        field: 'dtNs',
        value: dtNs,
        expected: '≥ 0',
      });
    }
    this.advanceTo(this.timeNs + dtNs);
  }

  /** Move time forward to `tNs` ≥ now(), firing every timer that falls due. Throws CLOCK_BAD_TIME. */
  advanceTo(tNs: bigint): void {
    if (tNs < this.timeNs) {
      throw new KindredError('CLOCK_BAD_TIME', `advance to ${tNs} ns, before now (${this.timeNs} ns); simulated time only moves forward`, {
        field: 'tNs',
        value: tNs,
        expected: `≥ ${this.timeNs}`,
      });
    }
    if (this.advancing) {
      throw new KindredError('CLOCK_REENTRANT', `advance to ${tNs} ns from inside a timer callback at ${this.timeNs} ns; advance from outside the callbacks`, {
        value: tNs,
      });
    }
    this.advancing = true;
    try {
      for (let timer = this.queue.peek(); timer !== undefined && timer.dueNs <= tNs; timer = this.queue.peek()) {
        this.queue.pop();
        if (!timer.live) continue;
        const dueNs = timer.dueNs;
        this.timeNs = dueNs;
        if (timer.oneShot) {
          timer.live = false;
        } else {
          timer.fired++;
          timer.dueNs = timer.startNs + (timer.fired + 1n) * timer.periodNs;
          this.queue.push(timer);
        }
        timer.callback(dueNs);
      }
      this.timeNs = tNs;
    } finally {
      this.advancing = false;
    }
  }

  /** The due time of the next live timer, or undefined when none is pending (for lock-step stepping). */
  nextDueNs(): bigint | undefined {
    for (let timer = this.queue.peek(); timer !== undefined; timer = this.queue.peek()) {
      if (timer.live) return timer.dueNs;
      this.queue.pop();
    }
    return undefined;
  }
}
