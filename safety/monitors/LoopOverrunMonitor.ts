import type { SafetyReaction } from '../log/SafetyEvent.js';
import type { FaultSlots } from './FaultSlots.js';
import { INPUT, type Monitor } from './Monitor.js';

export interface LoopOverrunOptions {
  /** Overruns allowed within the window; one more trips the fault. */
  readonly maxOverruns: number;
  readonly windowS: number;
  readonly reaction: SafetyReaction;
  /** Reaction when the worker skipped whole cycles (the drive watchdog heartbeat had a gap). */
  readonly missedCyclesReaction: SafetyReaction;
}

/**
 * Control-loop timing: more than `maxOverruns` overruns of the loop period within a sliding window
 * (a ring of the latest overrun times; value: overruns in the window), and any skipped cycles (value:
 * cycles skipped since the last check). Reads the worker's cumulative counters from the inputs.
 */
export class LoopOverrunMonitor implements Monitor {
  readonly name = 'loop_timing';
  private readonly kOverrun: number;
  private readonly kMissed: number;
  /** Times of the latest maxOverruns + 1 overruns, s (a ring). */
  private readonly ring: Float64Array;
  private head = 0;
  private readonly seen = new Float64Array(2);
  private readonly windowS: Float64Array;

  constructor(
    private readonly slots: FaultSlots,
    o: LoopOverrunOptions,
  ) {
    this.ring = new Float64Array(Math.max(0, Math.round(o.maxOverruns)) + 1).fill(Number.NEGATIVE_INFINITY);
    this.windowS = Float64Array.of(o.windowS);
    this.kOverrun = slots.add({ monitor: this.name, code: 'SAFETY_LOOP_OVERRUN', subject: 'control_loop', quantity: 'overruns', reaction: o.reaction });
    this.kMissed = slots.add({ monitor: this.name, code: 'SAFETY_LOOP_MISSED_CYCLES', subject: 'control_loop', quantity: 'missedCycles', reaction: o.missedCyclesReaction });
  }

  check(_state: Float64Array, _commands: Float64Array, inputs: Float64Array): boolean {
    const t = inputs[INPUT.TIME_S]!;
    const overruns = inputs[INPUT.OVERRUNS]!;
    const missed = inputs[INPUT.MISSED]!;
    const ring = this.ring;
    while (this.seen[0]! < overruns) {
      this.seen[0]! += 1;
      ring[this.head] = t;
      this.head = (this.head + 1) % ring.length;
    }
    let inWindow = 0;
    const from = t - this.windowS[0]!;
    for (let i = 0; i < ring.length; i++) if (ring[i]! > from) inWindow++;
    const s = this.slots;
    const over = inWindow >= ring.length;
    s.value[this.kOverrun] = inWindow;
    s.limit[this.kOverrun] = ring.length - 1;
    s.tripped[this.kOverrun] = over ? 1 : 0;
    const skipped = missed - this.seen[1]!;
    this.seen[1] = missed;
    s.value[this.kMissed] = skipped;
    s.limit[this.kMissed] = 0;
    s.tripped[this.kMissed] = skipped > 0 ? 1 : 0;
    return over || skipped > 0;
  }

  reset(): void {
    this.ring.fill(Number.NEGATIVE_INFINITY);
  }

  restart(_state: Float64Array, inputs: Float64Array): void {
    this.ring.fill(Number.NEGATIVE_INFINITY);
    this.head = 0;
    this.seen[0] = inputs[INPUT.OVERRUNS]!;
    this.seen[1] = inputs[INPUT.MISSED]!;
  }
}
