import type { MessageRing } from './MessageRing.js';
import type { TopicInfo } from './TopicInfo.js';

/** What a topic delivers to: one subscription. */
export interface Receiver {
  receive(msg: unknown): void;
}

/** What a topic asks of a publisher: its kept messages, if it is transient-local. */
export interface HistorySource {
  readonly history: MessageRing<unknown> | null;
}

const NONE: readonly Receiver[] = Object.freeze([]);

/**
 * One named topic with a fixed message type (internal to the bus). The receiver list is replaced,
 * never mutated, when it changes, so a publish loop that already holds it is unaffected by
 * subscriptions added or removed during delivery.
 */
export class Topic {
  readonly name: string;
  readonly type: string;
  /** Read by publishers on every publish; copy-on-write. */
  receivers: readonly Receiver[] = NONE;
  /** Next sequence number, used to merge several publishers' kept messages in publish order. */
  sequence = 0;
  private readonly publishers: HistorySource[] = [];
  private readonly onEmpty: (topic: Topic) => void;

  constructor(name: string, type: string, onEmpty: (topic: Topic) => void) {
    this.name = name;
    this.type = type;
    this.onEmpty = onEmpty;
  }

  addReceiver(receiver: Receiver): void {
    this.receivers = [...this.receivers, receiver];
  }

  removeReceiver(receiver: Receiver): void {
    const next = this.receivers.filter((r) => r !== receiver);
    this.receivers = next.length === 0 ? NONE : next;
    this.removeIfEmpty();
  }

  addPublisher(publisher: HistorySource): void {
    this.publishers.push(publisher);
  }

  removePublisher(publisher: HistorySource): void {
    const at = this.publishers.indexOf(publisher);
    if (at >= 0) this.publishers.splice(at, 1);
    this.removeIfEmpty();
  }

  /** Every transient-local publisher's kept messages, oldest first across publishers. */
  keptMessages(): unknown[] {
    const all: [number, unknown][] = [];
    for (const p of this.publishers) if (p.history !== null) all.push(...p.history.entries());
    all.sort((a, b) => a[0] - b[0]);
    return all.map((e) => e[1]);
  }

  info(): TopicInfo {
    return {
      name: this.name,
      type: this.type,
      publishers: this.publishers.length,
      subscribers: this.receivers.length,
      durability: this.publishers.some((p) => p.history !== null) ? 'transient_local' : 'volatile',
    };
  }

  private removeIfEmpty(): void {
    if (this.publishers.length === 0 && this.receivers.length === 0) this.onEmpty(this);
  }
}
