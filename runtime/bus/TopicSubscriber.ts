import { MessageRing } from './MessageRing.js';
import type { ResolvedQos } from './Qos.js';
import type { Subscription } from './Subscription.js';
import type { Receiver, Topic } from './Topic.js';

/** How a subscription reports a throwing callback and schedules queued delivery; given by the bus. */
export interface SubscriberHooks {
  report(topic: string, error: unknown): void;
  schedule(task: () => void): void;
}

/** A subscription on one topic (internal to the bus; handed out as `Subscription`). */
export class TopicSubscriber implements Subscription, Receiver {
  private readonly target: Topic;
  private readonly callback: (msg: unknown) => void;
  private readonly hooks: SubscriberHooks;
  /** null for synchronous delivery. */
  private readonly queue: MessageRing<unknown> | null;
  private readonly drainTask: () => void;
  private live = true;
  private scheduled = false;
  private dropped = 0;
  private errors = 0;

  constructor(topic: Topic, callback: (msg: unknown) => void, qos: ResolvedQos, hooks: SubscriberHooks) {
    this.target = topic;
    this.callback = callback;
    this.hooks = hooks;
    this.queue = qos.delivery === 'queued' ? new MessageRing<unknown>(qos.depth) : null;
    this.drainTask = () => this.drain();
  }

  get topic(): string {
    return this.target.name;
  }

  get type(): string {
    return this.target.type;
  }

  get active(): boolean {
    return this.live;
  }

  get droppedCount(): number {
    return this.dropped;
  }

  get errorCount(): number {
    return this.errors;
  }

  receive(msg: unknown): void {
    if (!this.live) return;
    const queue = this.queue;
    if (queue === null) {
      try {
        this.callback(msg);
      } catch (error) {
        this.fail(error);
      }
      return;
    }
    if (queue.push(msg)) this.dropped++;
    if (!this.scheduled) {
      this.scheduled = true;
      this.hooks.schedule(this.drainTask);
    }
  }

  unsubscribe(): void {
    if (!this.live) return;
    this.live = false;
    this.queue?.clear();
    this.target.removeReceiver(this);
  }

  /**
   * Deliver what was queued when the drain began; messages queued by the callbacks themselves wait
   * for the next drain, so a callback that publishes to its own topic cannot loop forever here.
   */
  private drain(): void {
    this.scheduled = false;
    const queue = this.queue;
    if (queue === null) return;
    for (let n = queue.size; n > 0 && this.live; n--) {
      const msg = queue.shift();
      try {
        this.callback(msg);
      } catch (error) {
        this.fail(error);
      }
    }
    if (this.live && queue.size > 0 && !this.scheduled) {
      this.scheduled = true;
      this.hooks.schedule(this.drainTask);
    }
  }

  private fail(error: unknown): void {
    this.errors++;
    this.hooks.report(this.target.name, error);
  }
}
