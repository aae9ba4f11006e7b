/**
 * A fixed-capacity FIFO that overwrites its oldest entry when full. Each entry carries a sequence
 * number so the histories of several publishers on one topic can be merged in publish order.
 * Pushing allocates nothing once the backing arrays have grown to `capacity`.
 */
export class MessageRing<T> {
  readonly capacity: number;
  private readonly items: (T | undefined)[] = [];
  private readonly seqs: number[] = [];
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.count;
  }

  /** Append `item`; returns true when the ring was full and the oldest entry was dropped. */
  push(item: T, seq = 0): boolean {
    const cap = this.capacity;
    if (this.count < cap) {
      let tail = this.head + this.count;
      if (tail >= cap) tail -= cap;
      this.items[tail] = item;
      this.seqs[tail] = seq;
      this.count++;
      return false;
    }
    this.items[this.head] = item;
    this.seqs[this.head] = seq;
    this.head = this.head + 1 === cap ? 0 : this.head + 1;
    return true;
  }

  /** Remove and return the oldest entry, or undefined when empty. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    this.count--;
    return item;
  }

  clear(): void {
    this.items.length = 0;
    this.seqs.length = 0;
    this.head = 0;
    this.count = 0;
  }

  /** Oldest first, as `[seq, item]` pairs. */
  entries(): [number, T][] {
    const out: [number, T][] = [];
    for (let i = 0; i < this.count; i++) {
      let at = this.head + i;
      if (at >= this.capacity) at -= this.capacity;
      out.push([this.seqs[at] ?? 0, this.items[at] as T]);
    }
    return out;
  }
}
