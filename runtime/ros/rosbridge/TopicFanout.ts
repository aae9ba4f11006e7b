import type { Subscription } from '../../bus/index.js';
import type { Clock } from '../../time/index.js';
import { encodeCbor, messageToCborValue } from './messageCbor.js';
import { messageToJson } from './messageJson.js';

/** Serialises messages to CDR for `cbor-raw` subscriptions (runtime/ros/cdr provides one). */
export interface CdrEncoder {
  /** The CDR bytes (with the 4-byte encapsulation header, as ROS 2 puts on the wire) of `message`. */
  encode(type: string, message: unknown): Uint8Array;
}

/** How a subscription wants its messages on the wire. */
export type Encoding = 'json' | 'cbor' | 'cbor-raw';

/**
 * The frames of the current message for one spelling of the topic name (`/joint_states` and
 * `joint_states` are the same topic, but each client must get back the name it subscribed to).
 * Every frame is made at most once per message, on first demand, and shared by all subscriptions.
 */
export class TopicSpelling {
  /** `{"op":"publish","topic":"<spelling>","msg":` */
  readonly jsonHead: string;
  private jsonSeq = -1;
  private jsonTextValue = '';
  private jsonBufferSeq = -1;
  private jsonBufferValue: Buffer = Buffer.alloc(0);
  private cborSeq = -1;
  private cborValue: Buffer = Buffer.alloc(0);
  private rawSeq = -1;
  private rawValue: Buffer = Buffer.alloc(0);
  /** Subscriptions using this spelling; the spelling is forgotten when none are left. */
  users = 0;

  constructor(
    readonly spelling: string,
    private readonly fanout: TopicFanout,
  ) {
    this.jsonHead = `{"op":"publish","topic":${JSON.stringify(spelling)},"msg":`;
  }

  /** The JSON text of the current publish frame (for fragmenting). */
  jsonText(): string {
    const f = this.fanout;
    if (this.jsonSeq !== f.seq) {
      this.jsonTextValue = this.jsonHead + f.body() + '}';
      this.jsonSeq = f.seq;
    }
    return this.jsonTextValue;
  }

  /** The JSON publish frame as UTF-8, sent as a text frame. */
  json(): Buffer {
    const f = this.fanout;
    if (this.jsonBufferSeq !== f.seq) {
      this.jsonBufferValue = Buffer.from(this.jsonText(), 'utf8');
      this.jsonBufferSeq = f.seq;
    }
    return this.jsonBufferValue;
  }

  /** The publish frame as CBOR with typed arrays, as rosbridge_suite's `compression: cbor`. */
  cbor(): Buffer {
    const f = this.fanout;
    if (this.cborSeq !== f.seq) {
      this.cborValue = encodeCbor({ op: 'publish', topic: this.spelling, msg: messageToCborValue(f.type, f.current) });
      this.cborSeq = f.seq;
    }
    return this.cborValue;
  }

  /**
   * The publish frame of `compression: cbor-raw`: `msg` is `{secs, nsecs, bytes}`, the time it
   * was encoded (within the bus delivery of the message) and its CDR bytes, as rosbridge_suite sends it.
   */
  cborRaw(cdr: CdrEncoder): Buffer {
    const f = this.fanout;
    if (this.rawSeq !== f.seq) {
      const ns = f.clockNow();
      const secs = Number(ns / 1_000_000_000n);
      const nsecs = Number(ns % 1_000_000_000n);
      this.rawValue = encodeCbor({ op: 'publish', topic: this.spelling, msg: { secs, nsecs, bytes: cdr.encode(f.type, f.current) } });
      this.rawSeq = f.seq;
    }
    return this.rawValue;
  }
}

/** One subscriber's end of a fan-out: told of each new message, it takes the frames it needs. */
export interface FanoutReceiver {
  offer(spelling: TopicSpelling): void;
}

/**
 * One bus subscription per topic, shared by every client subscribed to it. Each message is
 * serialised lazily: JSON body once, then once per (spelling, encoding) that a subscription
 * actually sends — throttled-out messages are never encoded at all.
 */
export class TopicFanout {
  /** Increments per message; frames remember the `seq` they were made for. */
  seq = 0;
  current: unknown = undefined;
  private bodySeq = -1;
  private bodyValue = '';
  private readonly receivers: { receiver: FanoutReceiver; spelling: TopicSpelling }[] = [];
  private readonly spellings = new Map<string, TopicSpelling>();
  subscription: Subscription | undefined;

  constructor(
    readonly topic: string,
    readonly type: string,
    private readonly clock: Clock,
  ) {}

  /** Called by the bus for every message on the topic. */
  readonly receive = (msg: unknown): void => {
    this.current = msg;
    this.seq++;
    const list = this.receivers;
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (r !== undefined) r.receiver.offer(r.spelling);
    }
  };

  /** Deliver `msg` to one receiver only (a transient-local topic's kept messages for a late joiner). */
  replay(msg: unknown, receiver: FanoutReceiver, spelling: TopicSpelling): void {
    this.current = msg;
    this.seq++;
    receiver.offer(spelling);
  }

  /** The bridge clock's time (cbor-raw stamps). */
  clockNow(): bigint {
    return this.clock.now();
  }

  /** The JSON text of the current message (shared by all spellings). */
  body(): string {
    if (this.bodySeq !== this.seq) {
      this.bodyValue = messageToJson(this.type, this.current);
      this.bodySeq = this.seq;
    }
    return this.bodyValue;
  }

  /** The shared frame cache for one spelling of this topic's name. */
  spelling(name: string): TopicSpelling {
    let s = this.spellings.get(name);
    if (s === undefined) {
      s = new TopicSpelling(name, this);
      this.spellings.set(name, s);
    }
    return s;
  }

  add(receiver: FanoutReceiver, spelling: TopicSpelling): void {
    spelling.users++;
    this.receivers.push({ receiver, spelling });
  }

  /** Remove a receiver; returns true when none are left. */
  remove(receiver: FanoutReceiver): boolean {
    const at = this.receivers.findIndex((r) => r.receiver === receiver);
    if (at >= 0) {
      const [gone] = this.receivers.splice(at, 1);
      if (gone !== undefined && --gone.spelling.users === 0) this.spellings.delete(gone.spelling.spelling);
    }
    return this.receivers.length === 0;
  }

  get receiverCount(): number {
    return this.receivers.length;
  }
}
