import { MessageRing } from '../../bus/index.js';
import type { Clock, Timer } from '../../time/index.js';
import { fragmentFrames } from './fragments.js';
import type { CdrEncoder, Encoding, FanoutReceiver, TopicFanout, TopicSpelling } from './TopicFanout.js';

/** The socket side a subscription sends through (a client connection). */
export interface FrameSink {
  /** False once the connection has closed. */
  readonly open: boolean;
  /** True while the socket holds more unsent bytes than the server allows; topic messages wait or drop. */
  readonly congested: boolean;
  send(data: Buffer | string, binary: boolean): void;
  /** A fresh id for one fragmented message (roslib joins fragments by id). */
  nextFragmentId(): string;
  /** Count a topic message this client did not get (throttled out, queue overflow, congestion). */
  countDrop(): void;
}

/** One `subscribe` request's settings (rosbridge's per-`id` client details). */
export interface SubscribeSettings {
  readonly throttleRateMs: number;
  readonly queueLength: number;
  readonly fragmentSize: number | undefined;
  readonly encoding: Encoding;
}

const CONGESTION_RETRY_MS = 5;

/**
 * One client's subscription to one topic name, possibly made by several `subscribe` requests (ids);
 * like rosbridge_suite it uses the lowest throttle rate, the shortest queue and the smallest
 * fragment size among them, and cbor-raw over cbor over JSON. Delivery follows rosbridge's
 * subscription modifiers:
 * - no throttle, no queue: every message is sent as it arrives (dropped while the socket is congested);
 * - `throttle_rate` only: a message within `throttle_rate` ms of the last one sent is dropped;
 * - `queue_length` N: the newest N messages wait in a queue (older ones drop) and go out oldest
 *   first — at most one per `throttle_rate` ms, or all at the next turn of the event loop when there
 *   is no throttle, so a burst published in one turn reaches the client as its newest N messages.
 */
export class ClientSubscription implements FanoutReceiver {
  private readonly requests = new Map<string, SubscribeSettings>();
  private throttleNs = 0n;
  private queueLength = 0;
  private fragmentSize: number | undefined;
  encoding: Encoding = 'json';
  private lastSentNs: bigint | undefined;
  private ring: MessageRing<Buffer | string> | undefined;
  private drainPending = false;
  private timer: Timer | undefined;
  private retry: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private closed = false;

  constructor(
    readonly fanout: TopicFanout,
    readonly spelling: TopicSpelling,
    private readonly sink: FrameSink,
    private readonly clock: Clock,
    private readonly cdr: CdrEncoder | undefined,
  ) {}

  /** Add or replace the settings of one `subscribe` id. */
  set(id: string, settings: SubscribeSettings): void {
    this.requests.set(id, settings);
    this.update();
  }

  /** Forget one `subscribe` id (all of them when `id` is undefined); true when none are left. */
  unset(id: string | undefined): boolean {
    if (id === undefined) this.requests.clear();
    else this.requests.delete(id);
    if (this.requests.size > 0) this.update();
    return this.requests.size === 0;
  }

  /** Stop: no more sends, timers cancelled, queued messages discarded. */
  close(): void {
    this.closed = true;
    this.timer?.cancel();
    if (this.retry !== undefined) clearTimeout(this.retry);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.ring?.clear();
  }

  private update(): void {
    let throttle = Infinity;
    let queue = Infinity;
    let fragment: number | undefined;
    let encoding: Encoding = 'json';
    for (const s of this.requests.values()) {
      throttle = Math.min(throttle, s.throttleRateMs);
      queue = Math.min(queue, s.queueLength);
      if (s.fragmentSize !== undefined) fragment = Math.min(fragment ?? Infinity, s.fragmentSize);
      if (s.encoding === 'cbor-raw' || (s.encoding === 'cbor' && encoding === 'json')) encoding = s.encoding;
    }
    this.throttleNs = BigInt(Math.round(throttle)) * 1_000_000n;
    this.fragmentSize = fragment;
    // Queued frames were made for the old encoding; the next messages will come in the new one.
    if (encoding !== this.encoding) this.ring?.clear();
    this.encoding = encoding;
    if (queue !== this.queueLength || (queue > 0 && this.ring === undefined)) {
      const old = this.ring;
      this.queueLength = queue;
      this.ring = queue > 0 ? new MessageRing<Buffer | string>(queue) : undefined;
      if (old !== undefined && this.ring !== undefined) for (let item = old.shift(); item !== undefined; item = old.shift()) this.ring.push(item);
    }
  }

  /** The current message's frame in this subscription's encoding (text when it must be fragmented). */
  private frame(spelling: TopicSpelling): Buffer | string {
    switch (this.encoding) {
      case 'json':
        if (this.fragmentSize !== undefined) {
          const text = spelling.jsonText();
          if (text.length > this.fragmentSize) return text;
        }
        return spelling.json();
      case 'cbor':
        return spelling.cbor();
      case 'cbor-raw':
        return spelling.cborRaw(this.cdr as CdrEncoder);
    }
  }

  offer(spelling: TopicSpelling): void {
    if (this.closed || !this.sink.open) return;
    if (this.ring === undefined) {
      if (this.throttleNs > 0n) {
        const now = this.clock.now();
        if (this.lastSentNs !== undefined && now - this.lastSentNs < this.throttleNs) {
          this.sink.countDrop();
          return;
        }
        this.lastSentNs = now;
      }
      if (this.sink.congested) {
        this.sink.countDrop();
        return;
      }
      this.emit(this.frame(spelling));
      return;
    }
    if (this.ring.push(this.frame(spelling))) this.sink.countDrop();
    if (this.drainPending) return;
    this.drainPending = true;
    if (this.throttleNs === 0n) this.immediate = setImmediate(this.drain);
    else this.drain();
  }

  private readonly drain = (): void => {
    this.drainPending = false;
    this.immediate = undefined;
    const ring = this.ring;
    if (this.closed || ring === undefined || !this.sink.open) return;
    while (ring.size > 0) {
      if (this.throttleNs > 0n) {
        const now = this.clock.now();
        if (this.lastSentNs !== undefined && now - this.lastSentNs < this.throttleNs) {
          this.drainPending = true;
          this.timer = this.clock.setTimer(this.lastSentNs + this.throttleNs - now, this.drain, { oneShot: true });
          return;
        }
      }
      if (this.sink.congested) {
        // Keep the newest queue_length messages until the socket drains.
        this.drainPending = true;
        this.retry = setTimeout(this.drain, CONGESTION_RETRY_MS);
        return;
      }
      if (this.throttleNs > 0n) this.lastSentNs = this.clock.now();
      const item = ring.shift();
      if (item !== undefined) this.emit(item);
    }
  };

  private emit(frame: Buffer | string): void {
    if (typeof frame === 'string') {
      // Only JSON texts longer than the fragment size are kept as text.
      for (const f of fragmentFrames(this.sink.nextFragmentId(), frame, this.fragmentSize ?? frame.length)) this.sink.send(f, false);
      return;
    }
    this.sink.send(frame, this.encoding !== 'json');
  }
}
