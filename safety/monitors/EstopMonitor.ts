import type { SafetyReaction } from '../log/SafetyEvent.js';
import type { FaultSlots } from './FaultSlots.js';
import type { Monitor } from './Monitor.js';

export interface EstopOptions {
  /** Hardware e-stop inputs: state interfaces that read 1 while pressed (`estop/pressed`). */
  readonly inputs: readonly { readonly name: string; readonly index: number }[];
  /**
   * Known software sources (`tablet`, `voice`, `bridge`, `api`, `cli`): one fault slot each, so the
   * log names who stopped. Requests from any other source use an extra `other` slot (never refused).
   */
  readonly sources: readonly string[];
  readonly reaction: SafetyReaction;
}

/** Index of the `other` software source. */
const OTHER = -1;

/**
 * Emergency-stop inputs. A hardware input trips its slot while it reads ≥ 0.5 (the cause persists as
 * long as the button stays pressed). A software request (the tablet's stop button, a voice "stop"/"停"
 * intent, a bridge or API call — all one `{op:'estop', source}` loop command) trips its source's slot
 * once, at the next check; its cause is then gone, but the fault stays latched until an authorised
 * reset like every stop. Every slot is an emergency slot: the supervisor is in EMERGENCY_STOP while one
 * is latched.
 */
export class EstopMonitor implements Monitor {
  readonly name = 'estop';
  private readonly hwBase: number;
  private readonly swBase: number;
  private readonly idx: Int32Array;
  private readonly sourceNames: readonly string[];
  /** Per software slot: 1 when a request arrived since the last check. */
  private readonly pending: Uint8Array;

  constructor(
    private readonly slots: FaultSlots,
    o: EstopOptions,
  ) {
    this.idx = Int32Array.from(o.inputs, (i) => i.index);
    this.sourceNames = o.sources;
    this.hwBase = slots.size;
    for (const i of o.inputs) slots.add({ monitor: 'estop_button', code: 'SAFETY_ESTOP_BUTTON', subject: i.name, quantity: 'pressed', reaction: o.reaction, emergency: true });
    this.swBase = slots.size;
    for (const s of [...o.sources, 'other']) slots.add({ monitor: 'estop_request', code: 'SAFETY_ESTOP_REQUEST', subject: s, quantity: 'requests', reaction: o.reaction, emergency: true });
    this.pending = new Uint8Array(o.sources.length + 1);
  }

  /**
   * Register a software e-stop request (between cycles). Returns the fault slot it will trip.
   * Allocation-free for known sources.
   */
  request(source: string): number {
    let i = this.sourceNames.indexOf(source);
    if (i === OTHER) {
      i = this.sourceNames.length;
      this.slots.setSubject(this.swBase + i, source);
    }
    this.pending[i] = 1;
    return this.swBase + i;
  }

  /** Trip the pending software requests now (used when a request must act before the next cycle). */
  applyPending(): boolean {
    const s = this.slots;
    let any = false;
    for (let i = 0; i < this.pending.length; i++) {
      if (this.pending[i] === 1) {
        s.tripped[this.swBase + i] = 1;
        s.value[this.swBase + i] = 1;
        any = true;
      }
    }
    return any;
  }

  check(state: Float64Array): boolean {
    const s = this.slots;
    let any = false;
    for (let i = 0; i < this.idx.length; i++) {
      const x = state[this.idx[i]!]!;
      const k = this.hwBase + i;
      // A NaN input reads as pressed: an e-stop line that cannot be read is not "released".
      const pressed = !(x < 0.5);
      s.value[k] = x;
      s.limit[k] = 0.5;
      s.tripped[k] = pressed ? 1 : 0;
      if (pressed) any = true;
    }
    for (let i = 0; i < this.pending.length; i++) {
      const k = this.swBase + i;
      const req = this.pending[i] === 1;
      this.pending[i] = 0;
      s.value[k] = req ? 1 : 0;
      s.limit[k] = 0;
      s.tripped[k] = req ? 1 : 0;
      if (req) any = true;
    }
    return any;
  }

  reset(): void {
    this.pending.fill(0);
  }
}
