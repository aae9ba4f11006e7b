import type { SafetyReaction } from '../log/SafetyEvent.js';
import type { FaultSlots } from './FaultSlots.js';
import { INPUT, type Monitor } from './Monitor.js';

/** One watched sensor stream. */
export interface FreshChannel {
  readonly name: string;
  readonly index: number;
  /** Longest time the reading may stay exactly the same, s. */
  readonly timeoutS: number;
}

/**
 * Freshness watchdog for sensor streams: a reading that has not changed for longer than its timeout
 * is stale (a frozen driver, a lost bus, a dead sensor). Only streams that always move — analogue
 * sensors with noise, such as force/torque and IMU channels — can be judged this way: a quantised
 * encoder on a joint at rest legitimately repeats its value. Value: the time since the last change, s.
 *
 * Judged only while the drives have torque: with torque off nothing can move, and a stale stream must
 * not block the reset that brings torque back (the timers restart then, so a dead stream trips again
 * within its timeout). A simulator that stops stepping while torque is off repeats every reading.
 */
export class FreshnessMonitor implements Monitor {
  readonly name = 'sensor_freshness';
  private readonly base: number;
  private readonly n: number;
  private readonly idx: Int32Array;
  private readonly timeout: Float64Array;
  private readonly last: Float64Array;
  private readonly changedS: Float64Array;
  private started = false;

  constructor(
    private readonly slots: FaultSlots,
    channels: readonly FreshChannel[],
    reaction: SafetyReaction,
  ) {
    this.n = channels.length;
    this.idx = Int32Array.from(channels, (c) => c.index);
    this.timeout = Float64Array.from(channels, (c) => c.timeoutS);
    this.last = new Float64Array(this.n);
    this.changedS = new Float64Array(this.n);
    this.base = slots.size;
    for (const c of channels) slots.add({ monitor: this.name, code: 'SAFETY_SENSOR_STALE', subject: c.name, quantity: 'ageS', reaction });
  }

  check(state: Float64Array, _commands: Float64Array, inputs: Float64Array): boolean {
    if (!this.started) this.reset(state, inputs);
    const t = inputs[INPUT.TIME_S]!;
    const s = this.slots;
    const judged = inputs[INPUT.TORQUE_ON] === 1;
    let any = false;
    for (let i = 0; i < this.n; i++) {
      const x = state[this.idx[i]!]!;
      // NaN never equals itself, so a NaN stream counts as changing; plausibility judges NaN.
      if (x !== this.last[i]) {
        this.last[i] = x;
        this.changedS[i] = t;
      }
      const age = t - this.changedS[i]!;
      const k = this.base + i;
      s.value[k] = age;
      s.limit[k] = this.timeout[i]!;
      if (!judged) this.changedS[i] = t;
      const stale = judged && age > this.timeout[i]! + 1e-9;
      s.tripped[k] = stale ? 1 : 0;
      if (stale) any = true;
    }
    return any;
  }

  restart(): void {
    this.started = false;
  }

  reset(state: Float64Array, inputs: Float64Array): void {
    this.started = true;
    const t = inputs[INPUT.TIME_S]!;
    for (let i = 0; i < this.n; i++) {
      this.last[i] = state[this.idx[i]!]!;
      this.changedS[i] = t;
    }
  }
}
