import { basename } from 'node:path';
import { McapWriter } from '@mcap/core';
import type { Bus, Subscription, TopicInfo } from '../../bus/index.js';
import { KindredError, isKindredError, show } from '../../errors/index.js';
import { definitionOf, isMessageTypeName } from '../../msgs/index.js';
import type { Clock } from '../../time/index.js';
import { cdrCodec, kindredTypeHash, type CdrCodec } from '../cdr/index.js';
import { kindredVersion } from './kindredVersion.js';
import { FileWritable, type McapSink } from './McapIo.js';
import { offeredQosProfiles, serializedMetadata } from './rosbag2Metadata.js';
import { loadZstd } from './zstd.js';

/** What the recorder needs of the bus (any `Bus<M>` has it). */
export type RecordableBus = Pick<Bus<object>, 'topics' | 'topic' | 'onTopicAdded' | 'subscribeAny'>;

/** Chunk compression: zstd (rosbag2's `zstd_fast`/`zstd_small` presets use it) or none. */
export type McapCompression = 'zstd' | 'none';

export interface McapRecorderOptions {
  readonly bus: RecordableBus;
  /** Log and publish times of every message: the bus's clock (a `SimClock` in lock-step simulation). */
  readonly clock: Clock;
  /** A file path (created or truncated), or a sink such as `BufferWritable`. */
  readonly output: string | McapSink;
  /**
   * Topics to record, by exact name; a topic not on the bus yet is recorded from when it appears.
   * Default: every topic, including those that appear later.
   */
  readonly topics?: readonly string[];
  /** Default `zstd`. */
  readonly compression?: McapCompression;
  /** zstd level, 1 (fastest) to 19. Default 3. */
  readonly zstdLevel?: number;
  /** Uncompressed bytes per chunk before it is compressed and written. Default 786432 (the MCAP C++ library's, which rosbag2 uses). */
  readonly chunkSizeBytes?: number;
  /** Messages waiting for the file before new ones are dropped (and counted). Default 100000. */
  readonly maxQueuedMessages?: number;
  /** Write each channel's REP-2011 `topic_type_hash`. Default true. */
  readonly typeHashes?: boolean;
  /** The header's `library`. Default `kindred <version>`. */
  readonly library?: string;
  /**
   * Told of every problem that does not stop the recording (a message that cannot be encoded, a topic
   * of a type Kindred has no codec for, a full queue) and of the write failure that does.
   */
  readonly onError?: (error: KindredError) => void;
}

/** Per-topic figures of a finished (or running) recording. */
export interface McapTopicSummary {
  readonly topic: string;
  readonly type: string;
  readonly messageCount: number;
}

/** What `stop()` reports. */
export interface McapRecordingSummary {
  /** The file written, when `output` was a path. */
  readonly path?: string;
  readonly messageCount: number;
  /** Messages not recorded: not encodable, or dropped from a full queue. */
  readonly droppedCount: number;
  readonly topics: readonly McapTopicSummary[];
  /** Log time of the first and last message; undefined when nothing was recorded. */
  readonly startNs?: bigint;
  readonly endNs?: bigint;
}

interface ChannelSlot {
  readonly topic: string;
  readonly type: string;
  readonly codec: CdrCodec<unknown>;
  id: number | undefined;
  /** The `offered_qos_profiles` written on the channel (repeated in the rosbag2 metadata record). */
  qos: string;
  count: number;
  sequence: number;
}

type Job =
  | { readonly kind: 'channel'; readonly slot: ChannelSlot; readonly info: TopicInfo }
  | { readonly kind: 'message'; readonly slot: ChannelSlot; readonly logTime: bigint; readonly data: Uint8Array };

const DEFAULT_CHUNK_SIZE = 768 * 1024;
/** The ROS distribution Kindred's message definitions come from, written into the rosbag2 metadata. */
const ROS_DISTRO = 'jazzy';

function checkOptions(o: McapRecorderOptions): void {
  const bad = (field: string, value: unknown, expected: string): KindredError =>
    new KindredError('ROS_MCAP_OPTIONS_INVALID', `recorder option ${field} is ${show(value)}; expected ${expected}`, { field, value, expected });
  if (o.compression !== undefined && o.compression !== 'zstd' && o.compression !== 'none') throw bad('compression', o.compression, "'zstd' or 'none'");
  if (o.zstdLevel !== undefined && (!Number.isInteger(o.zstdLevel) || o.zstdLevel < 1 || o.zstdLevel > 19)) throw bad('zstdLevel', o.zstdLevel, 'an integer from 1 to 19');
  if (o.chunkSizeBytes !== undefined && (!Number.isInteger(o.chunkSizeBytes) || o.chunkSizeBytes < 1)) throw bad('chunkSizeBytes', o.chunkSizeBytes, 'a whole number of bytes ≥ 1');
  if (o.maxQueuedMessages !== undefined && (!Number.isInteger(o.maxQueuedMessages) || o.maxQueuedMessages < 1)) throw bad('maxQueuedMessages', o.maxQueuedMessages, 'a whole number ≥ 1');
  if (o.topics !== undefined) {
    for (const t of o.topics) if (typeof t !== 'string' || !t.startsWith('/')) throw bad('topics', t, 'topic names starting with /');
  }
}

/**
 * Records bus topics into an MCAP file laid out as rosbag2 writes it, so `ros2 bag info/play`,
 * Foxglove and the `mcap` CLI read it unchanged: header profile `ros2`; one schema per type (encoding
 * `ros2msg`, the full definition with its dependencies); one channel per topic (message encoding
 * `cdr`, metadata `offered_qos_profiles` and `topic_type_hash`); zstd-compressed chunks with message
 * indexes, and on `stop()` the summary (statistics, chunk index) and a `rosbag2` metadata record.
 *
 * Messages are encoded inside the publisher's `publish` call (a synchronous subscription), so later
 * mutation of a published object cannot change what was recorded, and stamped with `clock.now()` as
 * both log and publish time. Writing to the file happens afterwards, in order, off the publisher's path.
 * Transient-local topics deliver their kept messages when the recorder subscribes, as rosbag2 does.
 */
export class McapRecorder {
  private readonly options: McapRecorderOptions;
  private readonly writer: McapWriter;
  private readonly sink: McapSink;
  private readonly path: string | undefined;
  private readonly slots = new Map<string, ChannelSlot>();
  private readonly subscriptions: Subscription[] = [];
  private readonly schemaIds = new Map<string, number>();
  private readonly skippedTopics = new Set<string>();
  private readonly queue: (Job | undefined)[] = [];
  private queueHead = 0;
  private draining: Promise<void> | undefined;
  private stopTopicListener: (() => void) | undefined;
  private failure: KindredError | undefined;
  private stopped = false;
  private finished: Promise<McapRecordingSummary> | undefined;
  private messages = 0;
  private dropped = 0;
  private firstNs: bigint | undefined;
  private lastNs: bigint | undefined;

  private constructor(options: McapRecorderOptions, writer: McapWriter, sink: McapSink, path: string | undefined) {
    this.options = options;
    this.writer = writer;
    this.sink = sink;
    this.path = path;
  }

  /**
   * Open the output, write the header and start recording. Throws ROS_MCAP_OPTIONS_INVALID for a bad
   * option and ROS_MCAP_WRITE_FAILED when the file cannot be created.
   */
  static async start(options: McapRecorderOptions): Promise<McapRecorder> {
    checkOptions(options);
    const compression = options.compression ?? 'zstd';
    const level = options.zstdLevel ?? 3;
    const zstd = compression === 'zstd' ? await loadZstd() : undefined;
    const path = typeof options.output === 'string' ? options.output : undefined;
    const sink = typeof options.output === 'string' ? await FileWritable.create(options.output) : options.output;
    const writer = new McapWriter({
      writable: sink,
      useChunks: true,
      chunkSize: options.chunkSizeBytes ?? DEFAULT_CHUNK_SIZE,
      startChannelId: 1,
      useStatistics: true,
      useSummaryOffsets: true,
      useMessageIndex: true,
      useChunkIndex: true,
      ...(zstd !== undefined ? { compressChunk: (data: Uint8Array) => ({ compression: 'zstd', compressedData: zstd.compress(data, level) }) } : {}),
    });
    const recorder = new McapRecorder(options, writer, sink, path);
    try {
      await writer.start({ profile: 'ros2', library: options.library ?? `kindred ${kindredVersion()}` });
    } catch (e) {
      await sink.close().catch(() => undefined);
      throw isKindredError(e) ? e : new KindredError('ROS_MCAP_WRITE_FAILED', `cannot start the recording: ${String(e)}`, path !== undefined ? { file: path } : {}, { cause: e });
    }
    recorder.subscribeTopics();
    return recorder;
  }

  /** Messages recorded so far (queued for the file included). */
  get messageCount(): number {
    return this.messages;
  }

  /** Messages not recorded: not encodable, or dropped from a full queue. */
  get droppedCount(): number {
    return this.dropped;
  }

  /** The topics being recorded (those that have carried at least one message, or been subscribed). */
  get topics(): McapTopicSummary[] {
    return [...this.slots.values()].map((s) => ({ topic: s.topic, type: s.type, messageCount: s.count }));
  }

  private report(error: KindredError): void {
    try {
      this.options.onError?.(error);
    } catch {
      // The hook is the last place an error can go.
    }
  }

  private subscribeTopics(): void {
    const wanted = this.options.topics === undefined ? undefined : new Set(this.options.topics);
    const consider = (info: TopicInfo): void => {
      if (this.stopped || this.slots.has(info.name) || this.skippedTopics.has(info.name)) return;
      if (wanted !== undefined && !wanted.has(info.name)) return;
      this.record(info);
    };
    this.stopTopicListener = this.options.bus.onTopicAdded(consider);
    for (const info of this.options.bus.topics()) consider(info);
  }

  private record(info: TopicInfo): void {
    let codec: CdrCodec<unknown>;
    try {
      codec = cdrCodec(info.type);
    } catch (e) {
      this.skippedTopics.add(info.name);
      if (isKindredError(e)) this.report(new KindredError(e.code, `topic ${info.name} is not recorded: ${e.message}`, { ...e.context, topic: info.name }));
      return;
    }
    const slot: ChannelSlot = { topic: info.name, type: info.type, codec, id: undefined, qos: '', count: 0, sequence: 0 };
    this.slots.set(info.name, slot);
    const onMessage = (msg: unknown): void => this.onMessage(slot, msg);
    this.subscriptions.push(this.options.bus.subscribeAny(info.name, onMessage, { durability: 'transient_local' }));
  }

  private onMessage(slot: ChannelSlot, msg: unknown): void {
    if (this.stopped || this.failure !== undefined) return;
    const logTime = this.options.clock.now();
    let data: Uint8Array;
    try {
      data = slot.codec.encode(msg);
    } catch (e) {
      this.dropped++;
      if (isKindredError(e)) this.report(new KindredError(e.code, `a message on ${slot.topic} is not recorded: ${e.message}`, { ...e.context, topic: slot.topic }));
      return;
    }
    if (this.queue.length - this.queueHead >= (this.options.maxQueuedMessages ?? 100_000)) {
      this.dropped++;
      if (this.dropped === 1 || this.dropped % 1000 === 0) {
        this.report(new KindredError('ROS_MCAP_WRITE_FAILED', `the recording cannot keep up: ${this.dropped} message(s) dropped so far (latest on ${slot.topic})`, { topic: slot.topic, value: this.dropped }));
      }
      return;
    }
    if (slot.id === undefined && slot.count === 0) {
      const info = this.options.bus.topic(slot.topic);
      if (info !== undefined) this.push({ kind: 'channel', slot, info });
    }
    slot.count++;
    this.messages++;
    this.firstNs ??= logTime;
    this.lastNs = logTime;
    this.push({ kind: 'message', slot, logTime, data });
  }

  private push(job: Job): void {
    this.queue.push(job);
    this.draining ??= this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queueHead < this.queue.length && this.failure === undefined) {
        const job = this.queue[this.queueHead];
        this.queue[this.queueHead] = undefined;
        this.queueHead++;
        if (job !== undefined) await this.write(job);
        if (this.queueHead > 4096 && this.queueHead * 2 > this.queue.length) {
          this.queue.splice(0, this.queueHead);
          this.queueHead = 0;
        }
      }
    } catch (e) {
      this.failure = isKindredError(e) ? e : new KindredError('ROS_MCAP_WRITE_FAILED', `the recording failed: ${String(e)}`, this.path !== undefined ? { file: this.path } : {}, { cause: e });
      this.report(this.failure);
    } finally {
      this.queue.length = 0;
      this.queueHead = 0;
      this.draining = undefined;
    }
  }

  private async write(job: Job): Promise<void> {
    const slot = job.slot;
    if (job.kind === 'channel') {
      let schemaId = this.schemaIds.get(slot.type);
      if (schemaId === undefined) {
        const text = isMessageTypeName(slot.type) ? definitionOf(slot.type).text : '';
        schemaId = await this.writer.registerSchema({ name: slot.type, encoding: 'ros2msg', data: new TextEncoder().encode(text) });
        this.schemaIds.set(slot.type, schemaId);
      }
      slot.qos = offeredQosProfiles(job.info.durability, job.info.publishers);
      const metadata = new Map<string, string>([['offered_qos_profiles', slot.qos]]);
      if (this.options.typeHashes !== false) metadata.set('topic_type_hash', kindredTypeHash(slot.type) ?? '');
      slot.id = await this.writer.registerChannel({ schemaId, topic: slot.topic, messageEncoding: 'cdr', metadata });
      return;
    }
    if (slot.id === undefined) return;
    await this.writer.addMessage({ channelId: slot.id, sequence: slot.sequence, logTime: job.logTime, publishTime: job.logTime, data: job.data });
    slot.sequence = (slot.sequence + 1) >>> 0;
  }

  /**
   * Stop recording: unsubscribe, write what is queued, the `rosbag2` metadata record and the summary,
   * and close the file. Idempotent (later calls return the same result). Rejects with
   * ROS_MCAP_WRITE_FAILED when a write failed (what was written before the failure stays readable).
   */
  stop(): Promise<McapRecordingSummary> {
    this.finished ??= this.finish();
    return this.finished;
  }

  private async finish(): Promise<McapRecordingSummary> {
    this.stopped = true;
    this.stopTopicListener?.();
    for (const s of this.subscriptions) s.unsubscribe();
    while (this.draining !== undefined) await this.draining;
    try {
      if (this.failure === undefined) {
        await this.writer.addMetadata({ name: 'rosbag2', metadata: new Map([['serialized_metadata', this.rosbag2Metadata()]]) });
        await this.writer.end();
      }
    } catch (e) {
      this.failure = isKindredError(e) ? e : new KindredError('ROS_MCAP_WRITE_FAILED', `cannot finish the recording: ${String(e)}`, this.path !== undefined ? { file: this.path } : {}, { cause: e });
    }
    try {
      await this.sink.close();
    } catch (e) {
      this.failure ??= isKindredError(e) ? e : new KindredError('ROS_MCAP_WRITE_FAILED', `cannot close the recording: ${String(e)}`, this.path !== undefined ? { file: this.path } : {}, { cause: e });
    }
    if (this.failure !== undefined) throw this.failure;
    return {
      ...(this.path !== undefined ? { path: this.path } : {}),
      messageCount: this.messages,
      droppedCount: this.dropped,
      topics: this.topics,
      ...(this.firstNs !== undefined ? { startNs: this.firstNs } : {}),
      ...(this.lastNs !== undefined ? { endNs: this.lastNs } : {}),
    };
  }

  private rosbag2Metadata(): string {
    const start = this.firstNs ?? 0n;
    const recorded = [...this.slots.values()].filter((s) => s.id !== undefined);
    return serializedMetadata({
      fileName: this.path !== undefined ? basename(this.path) : 'recording.mcap',
      startNs: start,
      durationNs: (this.lastNs ?? start) - start,
      messageCount: this.messages,
      rosDistro: ROS_DISTRO,
      topics: recorded.map((s) => ({
        topic: s.topic,
        type: s.type,
        offeredQosProfiles: s.qos,
        typeHash: this.options.typeHashes === false ? '' : (kindredTypeHash(s.type) ?? ''),
        messageCount: s.count,
      })),
    });
  }
}
