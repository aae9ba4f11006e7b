/** One scheduled firing in a `TimerQueue`. */
export interface QueuedTimer {
  dueNs: bigint;
  /** Creation order; breaks ties between timers due at the same time. */
  readonly order: number;
}

/** A binary min-heap of timers by (due time, creation order). */
export class TimerQueue<T extends QueuedTimer> {
  private readonly heap: T[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): T | undefined {
    return this.heap[0];
  }

  push(timer: T): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as T;
      if (!before(timer, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = timer;
  }

  pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && before(heap[right] as T, heap[left] as T)) child = right;
      const c = heap[child] as T;
      if (!before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

function before(a: QueuedTimer, b: QueuedTimer): boolean {
  return a.dueNs < b.dueNs || (a.dueNs === b.dueNs && a.order < b.order);
}
