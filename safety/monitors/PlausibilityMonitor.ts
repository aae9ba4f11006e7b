import type { SafetyReaction } from '../log/SafetyEvent.js';
import type { FaultSlots } from './FaultSlots.js';
import type { Monitor } from './Monitor.js';

/** A reading that must lie within [min, max] (SI units of the interface; ±Infinity for an open side). */
export interface RangeCheck {
  readonly name: string;
  readonly index: number;
  readonly min: number;
  readonly max: number;
}

/** Two sensors of one quantity (a joint encoder and a motor encoder behind the transmission). */
export interface RedundantPair {
  readonly a: string;
  readonly b: string;
  readonly indexA: number;
  readonly indexB: number;
  /** Largest |a − b| allowed, SI units. */
  readonly tolerance: number;
  /** Consecutive cycles beyond tolerance before the fault trips (noise is not a disagreement). */
  readonly cycles: number;
}

export interface PlausibilityOptions {
  /** Readings that must be finite: name and state index. */
  readonly finite: readonly { readonly name: string; readonly index: number }[];
  readonly ranges: readonly RangeCheck[];
  readonly redundant: readonly RedundantPair[];
  readonly nonFiniteReaction: SafetyReaction;
  readonly rangeReaction: SafetyReaction;
  readonly redundantReaction: SafetyReaction;
}

/**
 * Plausibility of the measured state: NaN or ±Infinity in a monitored reading (one slot per reading,
 * value: the reading itself), a reading outside its physically possible range (value: the reading,
 * limit: the bound it crossed), and redundant sensors that disagree beyond tolerance for `cycles`
 * consecutive cycles (value: |a − b|).
 */
export class PlausibilityMonitor implements Monitor {
  readonly name = 'plausibility';
  private readonly finiteBase: number;
  private readonly rangeBase: number;
  private readonly pairBase: number;
  private readonly finiteIdx: Int32Array;
  private readonly rangeIdx: Int32Array;
  private readonly rangeMin: Float64Array;
  private readonly rangeMax: Float64Array;
  private readonly pairA: Int32Array;
  private readonly pairB: Int32Array;
  private readonly pairTol: Float64Array;
  private readonly pairCycles: Int32Array;
  private readonly pairOver: Int32Array;

  constructor(
    private readonly slots: FaultSlots,
    o: PlausibilityOptions,
  ) {
    this.finiteIdx = Int32Array.from(o.finite, (f) => f.index);
    this.rangeIdx = Int32Array.from(o.ranges, (r) => r.index);
    this.rangeMin = Float64Array.from(o.ranges, (r) => r.min);
    this.rangeMax = Float64Array.from(o.ranges, (r) => r.max);
    this.pairA = Int32Array.from(o.redundant, (p) => p.indexA);
    this.pairB = Int32Array.from(o.redundant, (p) => p.indexB);
    this.pairTol = Float64Array.from(o.redundant, (p) => p.tolerance);
    this.pairCycles = Int32Array.from(o.redundant, (p) => Math.max(1, Math.round(p.cycles)));
    this.pairOver = new Int32Array(o.redundant.length);
    this.finiteBase = slots.size;
    for (const f of o.finite) slots.add({ monitor: this.name, code: 'SAFETY_NONFINITE', subject: f.name, quantity: 'value', reaction: o.nonFiniteReaction });
    this.rangeBase = slots.size;
    for (const r of o.ranges) slots.add({ monitor: this.name, code: 'SAFETY_OUT_OF_RANGE', subject: r.name, quantity: 'value', reaction: o.rangeReaction });
    this.pairBase = slots.size;
    for (const p of o.redundant) {
      slots.add({ monitor: this.name, code: 'SAFETY_REDUNDANT_MISMATCH', subject: `${p.a} ↔ ${p.b}`, quantity: 'difference', reaction: o.redundantReaction });
    }
  }

  check(state: Float64Array): boolean {
    const s = this.slots;
    let any = false;
    for (let i = 0; i < this.finiteIdx.length; i++) {
      const x = state[this.finiteIdx[i]!]!;
      const k = this.finiteBase + i;
      const bad = x - x !== 0;
      s.value[k] = x;
      s.limit[k] = Number.MAX_VALUE;
      s.tripped[k] = bad ? 1 : 0;
      if (bad) any = true;
    }
    for (let i = 0; i < this.rangeIdx.length; i++) {
      const x = state[this.rangeIdx[i]!]!;
      const k = this.rangeBase + i;
      const lo = this.rangeMin[i]!;
      const hi = this.rangeMax[i]!;
      const below = x < lo;
      const above = x > hi;
      s.value[k] = x;
      s.limit[k] = below ? lo : hi;
      s.tripped[k] = below || above ? 1 : 0;
      if (below || above) any = true;
    }
    for (let i = 0; i < this.pairA.length; i++) {
      const d = Math.abs(state[this.pairA[i]!]! - state[this.pairB[i]!]!);
      const k = this.pairBase + i;
      // A NaN difference is a disagreement too.
      if (!(d <= this.pairTol[i]!)) this.pairOver[i]! += 1;
      else this.pairOver[i] = 0;
      const bad = this.pairOver[i]! >= this.pairCycles[i]!;
      s.value[k] = d;
      s.limit[k] = this.pairTol[i]!;
      s.tripped[k] = bad ? 1 : 0;
      if (bad) any = true;
    }
    return any;
  }

  reset(): void {
    this.pairOver.fill(0);
  }
}
