import type { Bus } from '../../bus/index.js';
import type { MessageTypeMap, MessageTypeName } from '../../msgs/index.js';
import type { Clock } from '../../time/index.js';
import { ClientSubscription, type FrameSink, type SubscribeSettings } from './ClientSubscription.js';
import { TopicFanout, type CdrEncoder } from './TopicFanout.js';

/**
 * Every bus topic some client subscribes to, each with one shared bus subscription (`TopicFanout`),
 * created with the first client subscription and dropped with the last.
 */
export class TopicHub {
  private readonly fanouts = new Map<string, TopicFanout>();

  constructor(
    private readonly bus: Bus<MessageTypeMap>,
    private readonly clock: Clock,
    private readonly cdr: CdrEncoder | undefined,
  ) {}

  /**
   * Subscribe `sink` to `topic` (carrying `type`) under the name the client used. When the topic
   * keeps messages for late joiners (transient-local publishers, e.g. `/safety/state`), those are
   * delivered to this subscription at once, as a ROS 2 subscriber with matching QoS would get them.
   * Throws BUS_TYPE_MISMATCH when the bus already carries another type on the topic.
   */
  subscribe(sink: FrameSink, spellingName: string, topic: string, type: MessageTypeName, id: string, settings: SubscribeSettings): ClientSubscription {
    let fanout = this.fanouts.get(topic);
    if (fanout === undefined) {
      const f = new TopicFanout(topic, type, this.clock);
      f.subscription = this.bus.subscribe(topic, type, f.receive);
      fanout = f;
      this.fanouts.set(topic, f);
    }
    const spelling = fanout.spelling(spellingName);
    const sub = new ClientSubscription(fanout, spelling, sink, this.clock, this.cdr);
    sub.set(id, settings);
    fanout.add(sub, spelling);
    if (this.bus.topic(topic)?.durability === 'transient_local') {
      const f = fanout;
      const replay = this.bus.subscribeAny(topic, (msg) => f.replay(msg, sub, spelling), { durability: 'transient_local' });
      replay.unsubscribe();
    }
    return sub;
  }

  /** Detach a client subscription; the bus subscription goes with the topic's last one. */
  release(sub: ClientSubscription): void {
    sub.close();
    const fanout = sub.fanout;
    if (fanout.remove(sub) && this.fanouts.get(fanout.topic) === fanout) {
      fanout.subscription?.unsubscribe();
      this.fanouts.delete(fanout.topic);
    }
  }

  /** Topics some client subscribes to, sorted. */
  topics(): string[] {
    return [...this.fanouts.keys()].sort();
  }

  /** Drop every fan-out (server stop). */
  clear(): void {
    for (const f of this.fanouts.values()) f.subscription?.unsubscribe();
    this.fanouts.clear();
  }
}
