import type { FaultSlots } from './FaultSlots.js';
import type { Monitor } from './Monitor.js';

/**
 * Protective stops asked for through the loop API (`{op:'safetyStop', category}`: a behaviour, a test
 * harness, a bridge): one slot per category 0, 1, 2 with that stop as its reaction, tripped once at
 * the next check (or at once with `applyPending`), latched like every stop until an authorised reset.
 * The subject is the source that asked.
 */
export class StopRequestMonitor implements Monitor {
  readonly name = 'stop_request';
  private readonly base: number;
  private readonly pending = new Uint8Array(3);

  constructor(private readonly slots: FaultSlots) {
    this.base = slots.size;
    slots.add({ monitor: this.name, code: 'SAFETY_STOP_REQUEST', subject: 'api', quantity: 'category', reaction: 'stop0' });
    slots.add({ monitor: this.name, code: 'SAFETY_STOP_REQUEST', subject: 'api', quantity: 'category', reaction: 'stop1' });
    slots.add({ monitor: this.name, code: 'SAFETY_STOP_REQUEST', subject: 'api', quantity: 'category', reaction: 'stop2' });
  }

  /** Register a request (between cycles); returns the slot it trips. */
  request(category: 0 | 1 | 2, source: string): number {
    this.pending[category] = 1;
    this.slots.setSubject(this.base + category, source);
    return this.base + category;
  }

  /** Trip pending requests now. */
  applyPending(): boolean {
    let any = false;
    for (let c = 0; c < 3; c++) {
      if (this.pending[c] === 1) {
        this.slots.tripped[this.base + c] = 1;
        this.slots.value[this.base + c] = c;
        any = true;
      }
    }
    return any;
  }

  check(): boolean {
    const s = this.slots;
    let any = false;
    for (let c = 0; c < 3; c++) {
      const k = this.base + c;
      const req = this.pending[c] === 1;
      this.pending[c] = 0;
      s.value[k] = c;
      s.limit[k] = c;
      s.tripped[k] = req ? 1 : 0;
      if (req) any = true;
    }
    return any;
  }

  reset(): void {
    this.pending.fill(0);
  }
}
