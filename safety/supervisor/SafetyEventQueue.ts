import { SAFETY_EVENT_KINDS, type BilingualText, type SafetyEventKind } from '../log/SafetyEvent.js';

/** Event kind codes: the index in `SAFETY_EVENT_KINDS`. */
export const EVENT_KIND = { fault: 0, cleared: 1, reset: 2, reset_refused: 3, state: 4 } as const satisfies Record<SafetyEventKind, number>;

/** What an out-of-cycle event (a reset or a refused one) carries besides numbers. */
export interface EventDetail {
  readonly source: string;
  readonly operator?: string;
  readonly role?: string;
  /** The refusal's code (`SAFETY_RESET_CAUSE_PERSISTS`). */
  readonly code?: string;
  readonly message?: BilingualText;
}

/** One queued event as numbers (see `SafetyEventQueue`). */
export interface QueuedEvent {
  readonly seq: number;
  readonly kind: SafetyEventKind;
  /** Fault slot, or -1 (state and reset events). */
  readonly slot: number;
  readonly timeS: number;
  readonly value: number;
  readonly limit: number;
  readonly reaction: number;
  readonly detail?: EventDetail;
}

/**
 * The supervisor's outgoing safety events, queued inside the cycle without allocating: a ring of
 * parallel typed arrays (kind, slot, time, value, limit, reaction, sequence number). The worker drains
 * it after the cycle — only when something happened — and turns each entry into a `SafetyEvent`.
 * Sequence numbers start at 1 and never repeat; when the ring is full the oldest entries are
 * overwritten and counted in `lost` (a drain after every cycle makes that practically impossible: it
 * would take more faults raised and cleared in one cycle than the ring holds).
 */
export class SafetyEventQueue {
  private readonly kind: Uint8Array;
  private readonly slot: Int32Array;
  private readonly time: Float64Array;
  private readonly value: Float64Array;
  private readonly limit: Float64Array;
  private readonly reaction: Uint8Array;
  private readonly seq: Float64Array;
  private readonly details = new Map<number, EventDetail>();
  private head = 0;
  private count = 0;
  /** [0] the last sequence number given, [1] events overwritten before being drained. */
  private readonly counters = new Float64Array(2);

  constructor(readonly capacity = 512) {
    this.kind = new Uint8Array(capacity);
    this.slot = new Int32Array(capacity);
    this.time = new Float64Array(capacity);
    this.value = new Float64Array(capacity);
    this.limit = new Float64Array(capacity);
    this.reaction = new Uint8Array(capacity);
    this.seq = new Float64Array(capacity);
  }

  /** Queue an event (sequence number: `lastSeq` afterwards). Allocation-free. */
  push(kind: number, slot: number, timeS: number, value: number, limit: number, reaction: number): void {
    const at = (this.head + this.count) % this.capacity;
    if (this.count === this.capacity) {
      this.head = (this.head + 1) % this.capacity;
      this.counters[1]! += 1;
    } else {
      this.count++;
    }
    this.counters[0]! += 1;
    this.kind[at] = kind;
    this.slot[at] = slot;
    this.time[at] = timeS;
    this.value[at] = value;
    this.limit[at] = limit;
    this.reaction[at] = reaction;
    this.seq[at] = this.counters[0]!;
  }

  /** Queue an out-of-cycle event with its text fields (may allocate); returns its sequence number. */
  pushDetail(kind: number, timeS: number, reaction: number, detail: EventDetail): number {
    this.push(kind, -1, timeS, 0, 0, reaction);
    const seq = this.counters[0]!;
    this.details.set(seq, detail);
    return seq;
  }

  /** Forget every queued event and start numbering from 1 again (configuration time, after a warm-up). */
  clear(): void {
    this.head = 0;
    this.count = 0;
    this.counters.fill(0);
    this.details.clear();
  }

  /** The sequence number of the latest event queued (0 before the first). */
  get lastSeq(): number {
    return this.counters[0]!;
  }

  /** Events overwritten before they were drained. */
  get lost(): number {
    return this.counters[1]!;
  }

  get pending(): number {
    return this.count;
  }

  /** Take every queued event, oldest first (allocates; after the cycle, only when `pending` > 0). */
  drain(): QueuedEvent[] {
    const out: QueuedEvent[] = [];
    while (this.count > 0) {
      const i = this.head;
      const seq = this.seq[i]!;
      const detail = this.details.get(seq);
      if (detail !== undefined) this.details.delete(seq);
      out.push({
        seq,
        kind: SAFETY_EVENT_KINDS[this.kind[i]!] ?? 'state',
        slot: this.slot[i]!,
        timeS: this.time[i]!,
        value: this.value[i]!,
        limit: this.limit[i]!,
        reaction: this.reaction[i]!,
        ...(detail === undefined ? {} : { detail }),
      });
      this.head = (this.head + 1) % this.capacity;
      this.count--;
    }
    return out;
  }
}
