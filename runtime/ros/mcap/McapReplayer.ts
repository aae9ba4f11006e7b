import type { Bus, Publisher } from '../../bus/index.js';
import { KindredError, isKindredError, show } from '../../errors/index.js';
import type { Clock, Timer } from '../../time/index.js';
import { layoutDifference } from '../cdr/index.js';
import { McapFile, type McapInput, type McapMessage } from './McapFile.js';
import { durabilityOfProfiles } from './rosbag2Metadata.js';

/** What the replayer needs of the bus (any `Bus<M>` has it). */
export type ReplayBus = Pick<Bus<object>, 'topic' | 'advertiseAny'>;

export interface McapReplayerOptions {
  readonly bus: ReplayBus;
  /** The clock whose timers pace the replay (a `SimClock` moves it only when advanced). */
  readonly clock: Clock;
  /** A path, bytes, a source, or an `McapFile` already open (left open afterwards). */
  readonly input: McapInput | McapFile;
  /** Playback speed: 1 = as recorded, 2 = twice as fast, 0.5 = half speed. Default 1. */
  readonly rate?: number;
  /** Only these topics (exact names). Default: every topic in the recording. */
  readonly topics?: readonly string[];
  /** Messages read ahead of the clock. Default 1000. */
  readonly readAhead?: number;
  /** Told of a failure while replaying (a message that cannot be read); the replay then ends. */
  readonly onError?: (error: KindredError) => void;
}

/** What a finished replay reports. */
export interface McapReplaySummary {
  readonly publishedCount: number;
  /** True when `stop()` ended it before the last message. */
  readonly stopped: boolean;
  /** The failure that ended it early, if any. */
  readonly error?: KindredError;
}

interface Pending {
  readonly publisher: Publisher<unknown>;
  readonly dueNs: bigint;
  readonly message: unknown;
}

function checkRate(rate: number): void {
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
    throw new KindredError('ROS_MCAP_OPTIONS_INVALID', `replay rate is ${show(rate)}; expected a number > 0 (1 = real time, 2 = twice as fast)`, {
      field: 'rate',
      value: rate,
      expected: '> 0',
    });
  }
}

/**
 * Publishes a recording back onto the bus, paced by a `Clock`'s timers: message k goes out at
 * `t0 + (logTime_k − logTime_0) / rate`, where t0 is the clock's time at `start()`, in recorded order
 * (ties keep file order). Topics are advertised with the recorded type (transient local when every
 * recorded publisher offered it). One timer is armed at a time, for the next message; a message whose
 * time has passed (reading fell behind) goes out at once, still in order.
 *
 * `open` refuses, with ROS_MCAP_REPLAY_TYPE_MISMATCH, a recording whose topic the bus already carries
 * with another type, or whose definition of one of Kindred's types has a different layout from
 * Kindred's (subscribers would get messages of the wrong shape); and ROS_MCAP_ENCODING_UNSUPPORTED a
 * topic it cannot decode. Nothing is advertised until everything has been checked.
 */
export class McapReplayer {
  private readonly options: McapReplayerOptions;
  private readonly file: McapFile;
  private readonly ownsFile: boolean;
  private readonly rate: number;
  private readonly selected: readonly { readonly topic: string; readonly type: string; readonly transientLocal: boolean }[];
  private readonly publishers = new Map<string, Publisher<unknown>>();
  private readonly buffer: Pending[] = [];
  private head = 0;
  private timer: Timer | undefined;
  private iterator: AsyncGenerator<McapMessage, void, void> | undefined;
  private reading: Promise<void> | undefined;
  private readerDone = false;
  private firstLogNs: bigint | undefined;
  private t0 = 0n;
  private published = 0;
  private state: 'ready' | 'running' | 'done' = 'ready';
  private wasStopped = false;
  private error: KindredError | undefined;
  private resolveDone: ((s: McapReplaySummary) => void) | undefined;
  private readonly done: Promise<McapReplaySummary>;

  private constructor(options: McapReplayerOptions, file: McapFile, ownsFile: boolean, selected: McapReplayer['selected']) {
    this.options = options;
    this.file = file;
    this.ownsFile = ownsFile;
    this.rate = options.rate ?? 1;
    this.selected = selected;
    this.done = new Promise<McapReplaySummary>((resolve) => {
      this.resolveDone = resolve;
    });
  }

  /** Open the recording and check it against the bus (see the class comment for what is refused). */
  static async open(options: McapReplayerOptions): Promise<McapReplayer> {
    checkRate(options.rate ?? 1);
    if (options.readAhead !== undefined && (!Number.isInteger(options.readAhead) || options.readAhead < 1)) {
      throw new KindredError('ROS_MCAP_OPTIONS_INVALID', `replay readAhead is ${show(options.readAhead)}; expected a whole number ≥ 1`, { field: 'readAhead', value: options.readAhead, expected: '≥ 1' });
    }
    const ownsFile = !(options.input instanceof McapFile);
    const file = options.input instanceof McapFile ? options.input : await McapFile.open(options.input);
    try {
      const selected = McapReplayer.check(options, file);
      return new McapReplayer(options, file, ownsFile, selected);
    } catch (e) {
      if (ownsFile) await file.close().catch(() => undefined);
      throw e;
    }
  }

  private static check(options: McapReplayerOptions, file: McapFile): McapReplayer['selected'] {
    const wanted = options.topics;
    if (wanted !== undefined) {
      const missing = wanted.filter((t) => file.channel(t) === undefined);
      if (missing.length > 0) {
        throw new KindredError('ROS_MCAP_OPTIONS_INVALID', `${file.name} has no topic ${missing.join(', ')}; it has ${file.channels.map((c) => c.topic).join(', ') || 'none'}`, {
          file: file.name,
          field: 'topics',
          value: missing,
          expected: file.channels.map((c) => c.topic).join(', '),
        });
      }
    }
    const channels = file.channels.filter((c) => wanted === undefined || wanted.includes(c.topic));
    const seen = new Map<string, string>();
    for (const c of channels) {
      if (!(c.messageEncoding === 'cdr' && c.schemaEncoding === 'ros2msg') && c.messageEncoding !== 'json') {
        throw new KindredError(
          'ROS_MCAP_ENCODING_UNSUPPORTED',
          `${file.name}: topic ${c.topic} has schema encoding ${show(c.schemaEncoding)} and message encoding ${show(c.messageEncoding)}; Kindred replays ros2msg/cdr and json topics (choose topics with --topics)`,
          { file: file.name, topic: c.topic, value: `${c.schemaEncoding}/${c.messageEncoding}`, expected: 'ros2msg/cdr or json' },
        );
      }
      const earlier = seen.get(c.topic);
      if (earlier !== undefined && earlier !== c.type) {
        throw new KindredError('ROS_MCAP_REPLAY_TYPE_MISMATCH', `${file.name} records topic ${c.topic} with two types, ${earlier} and ${c.type}`, { file: file.name, topic: c.topic, value: c.type, expected: earlier });
      }
      seen.set(c.topic, c.type);
      const existing = options.bus.topic(c.topic);
      if (existing !== undefined && existing.type !== c.type) {
        throw new KindredError(
          'ROS_MCAP_REPLAY_TYPE_MISMATCH',
          `cannot replay ${c.topic} from ${file.name}: it was recorded as ${c.type}, but the bus carries ${existing.type} on it`,
          { file: file.name, topic: c.topic, value: c.type, expected: existing.type },
        );
      }
      if (c.schemaEncoding === 'ros2msg') {
        const difference = layoutDifference(c.type, c.schemaText);
        if (difference !== undefined) {
          throw new KindredError('ROS_MCAP_REPLAY_TYPE_MISMATCH', `cannot replay ${c.topic} from ${file.name}: its ${c.type} is not Kindred's: ${difference}`, {
            file: file.name,
            topic: c.topic,
            value: c.type,
            expected: `Kindred's definition of ${c.type}`,
          });
        }
      }
    }
    return [...seen.entries()].map(([topic, type]) => {
      const profiles = channels.filter((c) => c.topic === topic).map((c) => c.metadata.get('offered_qos_profiles'));
      return { topic, type, transientLocal: profiles.every((p) => durabilityOfProfiles(p) === 'transient_local') };
    });
  }

  /** The topics this replay publishes, with their recorded types. */
  get topics(): { topic: string; type: string }[] {
    return this.selected.map(({ topic, type }) => ({ topic, type }));
  }

  /** Messages published so far. */
  get publishedCount(): number {
    return this.published;
  }

  /**
   * Advertise the topics and begin. Resolves once the first messages are read and the first timer is
   * armed (so a test can advance a `SimClock` straight after); `finished()` resolves at the end.
   * Throws ROS_MCAP_STATE when called twice, ROS_MCAP_REPLAY_TYPE_MISMATCH if the bus took one of the
   * topics with another type since `open`.
   */
  async start(): Promise<void> {
    if (this.state !== 'ready') {
      throw new KindredError('ROS_MCAP_STATE', `replay of ${this.file.name} has already been started or stopped; open a new replayer to play it again`, { file: this.file.name });
    }
    McapReplayer.check(this.options, this.file);
    for (const { topic, type, transientLocal } of this.selected) {
      this.publishers.set(topic, this.options.bus.advertiseAny(topic, type, transientLocal ? { durability: 'transient_local' } : undefined));
    }
    this.state = 'running';
    this.t0 = this.options.clock.now();
    this.iterator = this.file.messages(this.options.topics !== undefined ? { topics: this.options.topics } : {});
    await this.refill();
    this.arm();
    if (this.readerDone && this.pendingCount() === 0) this.finish();
  }

  /** Resolves when the last message has been published, the replay was stopped, or it failed. */
  finished(): Promise<McapReplaySummary> {
    return this.done;
  }

  /** Stop: cancel the pending timer, stop reading, close the publishers (and the file, if opened here). */
  async stop(): Promise<McapReplaySummary> {
    if (this.state !== 'done') {
      this.wasStopped = this.state === 'running';
      this.finish();
    }
    return this.done;
  }

  private pendingCount(): number {
    return this.buffer.length - this.head;
  }

  private dueOf(logTimeNs: bigint): bigint {
    this.firstLogNs ??= logTimeNs;
    const dt = logTimeNs - this.firstLogNs;
    if (dt <= 0n) return this.t0;
    const scaled = Number.isInteger(this.rate) ? dt / BigInt(this.rate) : BigInt(Math.round(Number(dt) / this.rate));
    return this.t0 + scaled;
  }

  /** Read until the buffer holds `readAhead` messages or the file ends. */
  private refill(): Promise<void> {
    this.reading ??= (async () => {
      const limit = this.options.readAhead ?? 1000;
      const iterator = this.iterator;
      try {
        while (iterator !== undefined && this.state === 'running' && this.pendingCount() < limit) {
          const next = await iterator.next();
          if (next.done === true) {
            this.readerDone = true;
            break;
          }
          const publisher = this.publishers.get(next.value.topic);
          if (publisher === undefined) continue;
          this.buffer.push({ publisher, dueNs: this.dueOf(next.value.logTimeNs), message: next.value.message });
          if (this.timer === undefined && this.state === 'running') this.arm();
        }
      } catch (e) {
        this.error = isKindredError(e) ? e : new KindredError('ROS_MCAP_READ_FAILED', `replay of ${this.file.name} failed: ${String(e)}`, { file: this.file.name }, { cause: e });
        try {
          this.options.onError?.(this.error);
        } catch {
          // The hook is the last place an error can go.
        }
        this.finish();
      } finally {
        this.reading = undefined;
      }
      if (this.state === 'running' && this.readerDone && this.pendingCount() === 0 && this.timer === undefined) this.finish();
    })();
    return this.reading;
  }

  private arm(): void {
    if (this.timer !== undefined || this.state !== 'running') return;
    const next = this.buffer[this.head];
    if (next === undefined) return;
    const now = this.options.clock.now();
    const delay = next.dueNs > now ? next.dueNs - now : 0n;
    this.timer = this.options.clock.setTimer(delay, this.onTimer, { oneShot: true });
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    const now = this.options.clock.now();
    for (let next = this.buffer[this.head]; next !== undefined && next.dueNs <= now && this.state === 'running'; next = this.buffer[this.head]) {
      this.head++;
      this.published++;
      next.publisher.publish(next.message);
    }
    if (this.head > 1024 && this.head * 2 > this.buffer.length) {
      this.buffer.splice(0, this.head);
      this.head = 0;
    }
    if (this.state !== 'running') return;
    this.arm();
    const limit = this.options.readAhead ?? 1000;
    if (!this.readerDone && this.pendingCount() < limit / 2) void this.refill();
    if (this.readerDone && this.pendingCount() === 0 && this.reading === undefined) this.finish();
  };

  private finish(): void {
    if (this.state === 'done') return;
    const wasRunning = this.state === 'running';
    this.state = 'done';
    this.timer?.cancel();
    this.timer = undefined;
    this.buffer.length = 0;
    this.head = 0;
    for (const p of this.publishers.values()) p.close();
    const summary: McapReplaySummary = { publishedCount: this.published, stopped: this.wasStopped, ...(this.error !== undefined ? { error: this.error } : {}) };
    const iterator = this.iterator;
    void (async () => {
      if (wasRunning && iterator !== undefined) await iterator.return(undefined).catch(() => undefined);
      if (this.ownsFile) await this.file.close().catch(() => undefined);
      this.resolveDone?.(summary);
    })();
  }
}
