import type { Bus, Subscription } from '../../bus/index.js';
import { isKindredError } from '../../errors/index.js';
import type { Logger } from '../../logging/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import type { Clock } from '../../time/index.js';
import { messageDataFrame } from './binaryFrames.js';
import type { Channel } from './ChannelTable.js';

/** A client end of a stream: where message data frames go (a connection). */
export interface StreamSink {
  /** True while the client's socket holds more unsent bytes than allowed: messages to it are dropped. */
  readonly congested: boolean;
  /** Send one binary frame. */
  sendBinary(frame: Buffer): void;
  /** A message was not sent because the socket was congested. */
  dropped(channel: Channel): void;
}

/** Counters the streams keep for the server's stats. */
export interface StreamCounters {
  messagesSent: number;
  messagesDropped: number;
  encodeFailures: number;
}

interface Receiver {
  readonly sink: StreamSink;
  readonly subscriptionId: number;
}

/**
 * One bus subscription per subscribed channel, shared by every client subscription to it. Each
 * message is encoded to CDR once, inside the publisher's `publish` (so a later change to the published
 * object cannot alter what was sent), stamped with the clock, and framed per client subscription.
 */
class Stream {
  readonly receivers: Receiver[] = [];
  subscription: Subscription | undefined;
  private failureLogged = false;

  constructor(
    readonly channel: Channel,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly counters: StreamCounters,
  ) {}

  /** Called by the bus for every message on the topic. */
  readonly receive = (msg: unknown): void => {
    const payload = this.encode(msg);
    if (payload === undefined) return;
    const stampNs = this.clock.now();
    const list = this.receivers;
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (r !== undefined) this.deliver(r, stampNs, payload);
    }
  };

  /** One message to one receiver only (a transient-local topic's kept messages for a late subscriber). */
  replay(msg: unknown, receiver: Receiver): void {
    const payload = this.encode(msg);
    if (payload !== undefined) this.deliver(receiver, this.clock.now(), payload);
  }

  private deliver(r: Receiver, stampNs: bigint, payload: Uint8Array): void {
    if (r.sink.congested) {
      this.counters.messagesDropped++;
      r.sink.dropped(this.channel);
      return;
    }
    r.sink.sendBinary(messageDataFrame(r.subscriptionId, stampNs, payload));
    this.counters.messagesSent++;
  }

  private encode(msg: unknown): Uint8Array | undefined {
    try {
      return this.channel.codec.encode(msg);
    } catch (e) {
      this.counters.encodeFailures++;
      if (!this.failureLogged) {
        this.failureLogged = true;
        this.logger.warn(
          { topic: this.channel.topic, type: this.channel.type, code: isKindredError(e) ? e.code : undefined },
          `a message on ${this.channel.topic} could not be encoded for Foxglove clients and was not sent (further failures on this topic are counted, not logged): ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      return undefined;
    }
  }
}

/** The streams of every subscribed channel, made with the first client subscription and dropped with the last. */
export class ChannelStreams {
  private readonly streams = new Map<number, Stream>();

  constructor(
    private readonly bus: Bus<MessageTypeMap>,
    private readonly clock: Clock,
    private readonly logger: Logger,
    readonly counters: StreamCounters,
  ) {}

  /**
   * Send `channel`'s messages to `sink` under `subscriptionId`. A topic whose publishers keep messages
   * for late joiners (transient-local, e.g. `/safety/state`) delivers those to this subscription at
   * once, as a ROS 2 subscriber with matching QoS gets them.
   */
  add(channel: Channel, sink: StreamSink, subscriptionId: number): void {
    let stream = this.streams.get(channel.id);
    if (stream === undefined) {
      const s = new Stream(channel, this.clock, this.logger, this.counters);
      s.subscription = this.bus.subscribeAny(channel.topic, s.receive);
      stream = s;
      this.streams.set(channel.id, s);
    }
    const receiver: Receiver = { sink, subscriptionId };
    stream.receivers.push(receiver);
    if (this.bus.topic(channel.topic)?.durability === 'transient_local') {
      const s = stream;
      this.bus.subscribeAny(channel.topic, (msg) => s.replay(msg, receiver), { durability: 'transient_local' }).unsubscribe();
    }
  }

  /** Stop one client subscription; the bus subscription goes with the channel's last one. */
  remove(channelId: number, sink: StreamSink, subscriptionId: number): void {
    const stream = this.streams.get(channelId);
    if (stream === undefined) return;
    const at = stream.receivers.findIndex((r) => r.sink === sink && r.subscriptionId === subscriptionId);
    if (at >= 0) stream.receivers.splice(at, 1);
    if (stream.receivers.length === 0) {
      stream.subscription?.unsubscribe();
      this.streams.delete(channelId);
    }
  }

  /** The channel went away: its stream and every client subscription to it end. */
  drop(channelId: number): void {
    this.streams.get(channelId)?.subscription?.unsubscribe();
    this.streams.delete(channelId);
  }

  /** Client subscriptions across all channels. */
  get subscriptionCount(): number {
    let n = 0;
    for (const s of this.streams.values()) n += s.receivers.length;
    return n;
  }

  /** Drop every stream (server stop). */
  clear(): void {
    for (const s of this.streams.values()) s.subscription?.unsubscribe();
    this.streams.clear();
  }
}
