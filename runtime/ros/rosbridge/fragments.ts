/**
 * rosbridge's `fragment` op, both ways. Outgoing: a JSON text longer than a client's
 * `fragment_size` goes as `{op:'fragment', id, data, num, total}` frames, `num` from 0, `data` a
 * slice of at most `fragment_size` characters of the text, which the client joins and parses
 * (roslib does; it needs an `id`, so every fragmented message gets one). Incoming: a client's
 * fragments are joined again by `Defragmenter`.
 */
export function fragmentFrames(id: string, text: string, size: number): string[] {
  const total = Math.ceil(text.length / size);
  const head = `{"op":"fragment","id":${JSON.stringify(id)},"data":`;
  const frames = new Array<string>(total);
  for (let num = 0; num < total; num++) {
    frames[num] = `${head}${JSON.stringify(text.slice(num * size, (num + 1) * size))},"num":${num},"total":${total}}`;
  }
  return frames;
}

/** Bounds on a client's unfinished fragmented messages. */
export interface DefragmenterLimits {
  /** Characters held across all unfinished messages of one client. */
  readonly maxChars: number;
  /** Unfinished messages (distinct ids) held at once. */
  readonly maxPending: number;
  /** An unfinished message whose last fragment is older than this is dropped. */
  readonly timeoutNs: bigint;
}

interface Pending {
  readonly total: number;
  readonly parts: (string | undefined)[];
  received: number;
  chars: number;
  lastNs: bigint;
}

/** What one incoming fragment came to. */
export type FragmentOutcome = { readonly kind: 'complete'; readonly text: string } | { readonly kind: 'waiting' } | { readonly kind: 'refused'; readonly problem: string };

/**
 * Joins one client's fragmented messages (rosbridge_suite's defragmentation capability). Fragments
 * may arrive in any order and repeats are ignored; a message is handed back once every `num` from 0
 * to `total - 1` has arrived. Memory is bounded by `DefragmenterLimits`.
 */
export class Defragmenter {
  private readonly pending = new Map<string, Pending>();
  private chars = 0;

  constructor(
    private readonly limits: DefragmenterLimits,
    private readonly nowNs: () => bigint,
  ) {}

  /** Add one fragment (fields already checked to be a string id, string data, integer num and total). */
  add(id: string, data: string, num: number, total: number): FragmentOutcome {
    const now = this.nowNs();
    this.expire(now);
    if (total < 1 || num < 0 || num >= total) return { kind: 'refused', problem: `fragment ${num} of ${total} is out of range; expected 0 ≤ num < total` };
    let entry = this.pending.get(id);
    if (entry !== undefined && entry.total !== total) {
      this.drop(id, entry);
      return { kind: 'refused', problem: `fragment ${num} of message ${JSON.stringify(id)} says total ${total}, earlier fragments said ${entry.total}; the message is dropped` };
    }
    if (entry === undefined) {
      if (this.pending.size >= this.limits.maxPending) {
        return { kind: 'refused', problem: `${this.pending.size} fragmented messages are already unfinished; expected at most ${this.limits.maxPending}` };
      }
      entry = { total, parts: new Array<string | undefined>(total), received: 0, chars: 0, lastNs: now };
      this.pending.set(id, entry);
    }
    entry.lastNs = now;
    if (entry.parts[num] !== undefined) return { kind: 'waiting' };
    if (this.chars + data.length > this.limits.maxChars) {
      this.drop(id, entry);
      return { kind: 'refused', problem: `fragmented messages would hold more than ${this.limits.maxChars} characters; message ${JSON.stringify(id)} is dropped` };
    }
    entry.parts[num] = data;
    entry.received++;
    entry.chars += data.length;
    this.chars += data.length;
    if (entry.received < total) return { kind: 'waiting' };
    this.drop(id, entry);
    return { kind: 'complete', text: entry.parts.join('') };
  }

  /** How many fragmented messages are unfinished. */
  get unfinished(): number {
    return this.pending.size;
  }

  private expire(now: bigint): void {
    for (const [id, entry] of this.pending) if (now - entry.lastNs > this.limits.timeoutNs) this.drop(id, entry);
  }

  private drop(id: string, entry: Pending): void {
    this.pending.delete(id);
    this.chars -= entry.chars;
  }
}
