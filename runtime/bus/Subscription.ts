/** The receiving end of a topic, from `Bus.subscribe`. */
export interface Subscription {
  readonly topic: string;
  readonly type: string;
  /**
   * Stop receiving. Safe to call from inside any callback, including this subscription's own:
   * no message is delivered to it afterwards, even one already being delivered to others.
   * Queued messages not yet delivered are discarded. Idempotent.
   */
  unsubscribe(): void;
  readonly active: boolean;
  /** Messages dropped from a queued subscription's full queue (the oldest go first). */
  readonly droppedCount: number;
  /** Times this subscription's callback threw. */
  readonly errorCount: number;
}
