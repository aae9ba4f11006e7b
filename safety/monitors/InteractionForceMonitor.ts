import { INPUT, type Monitor } from './Monitor.js';
import type { FaultSlots } from './FaultSlots.js';
import type { SafetyReaction } from '../log/SafetyEvent.js';

/** One force channel: an F/T sensor's force triple (magnitude) or a scalar contact force (absolute value). */
export interface ForceChannel {
  /** The sensor or signal (`thigh_cuff_left_ft`, `patient_chest/contact_force`); the event's subject with the region. */
  readonly name: string;
  /** The body region (or `rated_load` for a sensor judged against its own rating), for events. */
  readonly region: string;
  /** State indices: three (force.x, .y, .z) or one (a scalar). */
  readonly indices: readonly number[];
  readonly quasiStaticN: number;
  readonly transientN: number;
}

export interface InteractionForceOptions {
  readonly channels: readonly ForceChannel[];
  /** How long a force may stay above the quasi-static limit (a transient contact), s; ISO/TS 15066: 0.5 s. */
  readonly transientWindowS: number;
  readonly quasiStaticReaction: SafetyReaction;
  readonly transientReaction: SafetyReaction;
}

/**
 * Interaction force against body-region limits (power and force limiting, ISO/TS 15066).
 *
 * Per channel and cycle, the force magnitude F (|f| of an F/T sensor's force, or the absolute value of
 * a per-region contact force) is judged twice:
 * - transient: F above the transient limit trips at once (a peak no contact may reach);
 * - quasi-static: F may exceed the quasi-static limit only briefly — a transient contact — so it trips
 *   once F has stayed above it for the transient window (0.5 s) without a break.
 * Each channel owns two fault slots (transient, quasi-static); the value is F, in N.
 */
export class InteractionForceMonitor implements Monitor {
  readonly name = 'interaction_force';
  private readonly n: number;
  private readonly base: number;
  private readonly idx: Int32Array;
  private readonly count: Uint8Array;
  private readonly quasiN: Float64Array;
  private readonly transientN: Float64Array;
  /** Per channel: when F rose above the quasi-static limit, s; NaN while below. */
  private readonly aboveSinceS: Float64Array;
  /** [0] the transient window, s (a cell: read without boxing). */
  private readonly windowS: Float64Array;

  constructor(
    private readonly slots: FaultSlots,
    options: InteractionForceOptions,
  ) {
    const ch = options.channels;
    this.n = ch.length;
    this.idx = new Int32Array(3 * this.n).fill(-1);
    this.count = Uint8Array.from(ch, (c) => c.indices.length);
    ch.forEach((c, i) => c.indices.forEach((s, k) => (this.idx[3 * i + k] = s)));
    this.quasiN = Float64Array.from(ch, (c) => c.quasiStaticN);
    this.transientN = Float64Array.from(ch, (c) => c.transientN);
    this.aboveSinceS = new Float64Array(this.n).fill(Number.NaN);
    this.windowS = Float64Array.of(options.transientWindowS);
    this.base = slots.size;
    for (const c of ch) {
      const subject = `${c.region} (${c.name})`;
      slots.add({ monitor: this.name, code: 'SAFETY_FORCE_TRANSIENT', subject, quantity: 'forceN', reaction: options.transientReaction });
      slots.add({ monitor: this.name, code: 'SAFETY_FORCE_QUASI_STATIC', subject, quantity: 'forceN', reaction: options.quasiStaticReaction });
    }
  }

  check(state: Float64Array, _commands: Float64Array, inputs: Float64Array): boolean {
    const t = inputs[INPUT.TIME_S]!;
    const s = this.slots;
    let any = false;
    for (let i = 0; i < this.n; i++) {
      let f: number;
      if (this.count[i] === 3) {
        const x = state[this.idx[3 * i]!]!;
        const y = state[this.idx[3 * i + 1]!]!;
        const z = state[this.idx[3 * i + 2]!]!;
        f = Math.sqrt(x * x + y * y + z * z);
      } else {
        f = Math.abs(state[this.idx[3 * i]!]!);
      }
      const kt = this.base + 2 * i;
      const kq = kt + 1;
      const tn = this.transientN[i]!;
      const qn = this.quasiN[i]!;
      s.value[kt] = f;
      s.limit[kt] = tn;
      s.value[kq] = f;
      s.limit[kq] = qn;
      const transient = f > tn;
      s.tripped[kt] = transient ? 1 : 0;
      let quasi = false;
      if (f > qn) {
        if (this.aboveSinceS[i]! !== this.aboveSinceS[i]!) this.aboveSinceS[i] = t;
        quasi = t - this.aboveSinceS[i]! >= this.windowS[0]! - 1e-9;
      } else {
        this.aboveSinceS[i] = Number.NaN;
      }
      s.tripped[kq] = quasi ? 1 : 0;
      if (transient || quasi) any = true;
    }
    return any;
  }

  reset(): void {
    this.aboveSinceS.fill(Number.NaN);
  }
}
