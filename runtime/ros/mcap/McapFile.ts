import { McapIndexedReader, McapStreamReader, hasMcapPrefix, type McapTypes } from '@mcap/core';
import { KindredError, isKindredError, show } from '../../errors/index.js';
import { cdrCodecFromSchema } from '../cdr/index.js';
import { BytesReadable, FileReadable, type McapSource } from './McapIo.js';
import { decompressHandlers } from './zstd.js';

/** Where an MCAP file comes from: a path, its bytes, or a readable source. */
export type McapInput = string | Uint8Array | McapSource;

/** One channel (topic) of a recording. */
export interface McapChannelInfo {
  readonly id: number;
  readonly topic: string;
  /** The schema's name, which rosbag2 sets to the ROS 2 type (`std_msgs/msg/String`); '' without a schema. */
  readonly type: string;
  /** `ros2msg` for rosbag2 files; '' without a schema. */
  readonly schemaEncoding: string;
  /** The schema text (the ros2msg definition with its dependencies). */
  readonly schemaText: string;
  /** `cdr` for rosbag2 files. */
  readonly messageEncoding: string;
  /** rosbag2 puts `offered_qos_profiles` and `topic_type_hash` here. */
  readonly metadata: ReadonlyMap<string, string>;
  /** Messages on the channel, from the file's statistics (or counted while scanning an unindexed file). */
  readonly messageCount: number | undefined;
}

/** One recorded message, decoded with the recording's own schema. */
export interface McapMessage<T = unknown> {
  readonly topic: string;
  readonly type: string;
  readonly logTimeNs: bigint;
  readonly publishTimeNs: bigint;
  readonly sequence: number;
  readonly message: T;
}

export interface McapReadOptions {
  /** Only these topics (exact names). Default: all. */
  readonly topics?: readonly string[];
  /** Only messages logged at or after this time. */
  readonly startNs?: bigint;
  /** Only messages logged at or before this time. */
  readonly endNs?: bigint;
}

type Decoder = (data: Uint8Array) => unknown;

/** Bytes read per step when scanning a file without an index. */
const SCAN_STEP = 1024 * 1024;

function wrapRead(name: string, e: unknown, what: string): KindredError {
  if (isKindredError(e)) return e;
  return new KindredError('ROS_MCAP_READ_FAILED', `cannot ${what} ${name}: ${e instanceof Error ? e.message : String(e)}`, { file: name }, { cause: e });
}

function toInfo(channel: McapTypes.Channel, schema: McapTypes.Schema | undefined, count: bigint | number | undefined): McapChannelInfo {
  return {
    id: channel.id,
    topic: channel.topic,
    type: schema?.name ?? '',
    schemaEncoding: schema?.encoding ?? '',
    schemaText: schema !== undefined ? new TextDecoder().decode(schema.data) : '',
    messageEncoding: channel.messageEncoding,
    metadata: channel.metadata,
    messageCount: count === undefined ? undefined : Number(count),
  };
}

/**
 * An MCAP file opened for reading: any MCAP, rosbag2's or another writer's. Indexed files (with a
 * summary and chunk index) are read through the index, in log-time order; files without one (a
 * recording cut short, or written without chunks) are scanned from the start, in file order, and a
 * truncated tail is ignored (`truncated` says so). Messages are decoded with the file's own schemas:
 * `ros2msg` + `cdr` (rosbag2) and `json` messages; any other encoding throws
 * ROS_MCAP_ENCODING_UNSUPPORTED when a message of it is read.
 */
export class McapFile {
  readonly name: string;
  readonly profile: string;
  readonly library: string;
  /** True when read through the summary index. */
  readonly indexed: boolean;
  /** True when an unindexed file ended in the middle of a record (e.g. the recorder was killed). */
  readonly truncated: boolean;
  readonly channels: readonly McapChannelInfo[];
  private readonly source: McapSource;
  private readonly ownsSource: boolean;
  private readonly reader: McapIndexedReader | undefined;
  private readonly handlers: Awaited<ReturnType<typeof decompressHandlers>>;
  private readonly decoders = new Map<number, Decoder>();
  private readonly channelById: ReadonlyMap<number, McapChannelInfo>;

  private constructor(init: {
    source: McapSource;
    ownsSource: boolean;
    reader: McapIndexedReader | undefined;
    handlers: Awaited<ReturnType<typeof decompressHandlers>>;
    header: McapTypes.Header;
    channels: McapChannelInfo[];
    truncated: boolean;
  }) {
    this.source = init.source;
    this.name = init.source.name;
    this.ownsSource = init.ownsSource;
    this.reader = init.reader;
    this.handlers = init.handlers;
    this.profile = init.header.profile;
    this.library = init.header.library;
    this.indexed = init.reader !== undefined;
    this.truncated = init.truncated;
    this.channels = init.channels;
    this.channelById = new Map(init.channels.map((c) => [c.id, c]));
  }

  /**
   * Open a recording. Throws ROS_MCAP_READ_FAILED when it cannot be opened, is not an MCAP file or is
   * damaged before its first message, ROS_MCAP_COMPRESSION_UNSUPPORTED for lz4 chunks.
   */
  static async open(input: McapInput): Promise<McapFile> {
    const ownsSource = typeof input === 'string' || input instanceof Uint8Array;
    const source = typeof input === 'string' ? await FileReadable.open(input) : input instanceof Uint8Array ? new BytesReadable(input) : input;
    try {
      return await McapFile.openSource(source, ownsSource);
    } catch (e) {
      if (ownsSource) await source.close().catch(() => undefined);
      throw e;
    }
  }

  private static async openSource(source: McapSource, ownsSource: boolean): Promise<McapFile> {
    const size = await source.size();
    const head = await source.read(0n, size < 8n ? size : 8n);
    if (!hasMcapPrefix(new DataView(head.buffer, head.byteOffset, head.byteLength))) {
      const shown = Array.from(head, (b) => b.toString(16).padStart(2, '0')).join(' ');
      throw new KindredError('ROS_MCAP_READ_FAILED', `${source.name} is not an MCAP file: it starts with ${shown === '' ? 'nothing (it is empty)' : shown}, not the MCAP magic 89 4d 43 41 50 30 0d 0a`, {
        file: source.name,
        expected: 'an MCAP file (.mcap)',
      });
    }
    const handlers = await decompressHandlers(source.name);
    let reader: McapIndexedReader | undefined;
    try {
      reader = await McapIndexedReader.Initialize({ readable: source, decompressHandlers: handlers });
    } catch {
      reader = undefined; // no usable summary: scan instead
    }
    if (reader !== undefined) {
      const counted = reader.statistics?.messageCount ?? 0n;
      const unsupported = reader.chunkIndexes.find((c) => c.compression !== '' && !(c.compression in handlers));
      if (unsupported !== undefined) {
        throw new KindredError('ROS_MCAP_COMPRESSION_UNSUPPORTED', `${source.name} has ${show(unsupported.compression)}-compressed chunks; Kindred reads zstd and uncompressed chunks`, {
          file: source.name,
          value: unsupported.compression,
          expected: 'zstd or none',
        });
      }
      // Messages outside chunks (rosbag2's `fastwrite` preset) are not in the index: scan those files.
      if (reader.chunkIndexes.length > 0 || counted === 0n) {
        const channels = [...reader.channelsById.values()].map((c) => toInfo(c, reader?.schemasById.get(c.schemaId), reader?.statistics?.channelMessageCounts.get(c.id) ?? (reader?.statistics !== undefined ? 0n : undefined)));
        return new McapFile({ source, ownsSource, reader, handlers, header: reader.header, channels, truncated: false });
      }
    }
    const scan = await McapFile.scan(source, handlers);
    return new McapFile({ source, ownsSource, reader: undefined, handlers, header: scan.header, channels: scan.channels, truncated: scan.truncated });
  }

  /** One pass over an unindexed file for its header, schemas, channels and message counts. */
  private static async scan(
    source: McapSource,
    handlers: Awaited<ReturnType<typeof decompressHandlers>>,
  ): Promise<{ header: McapTypes.Header; channels: McapChannelInfo[]; truncated: boolean }> {
    let header: McapTypes.Header = { profile: '', library: '' };
    const schemas = new Map<number, McapTypes.Schema>();
    const channels = new Map<number, McapTypes.Channel>();
    const counts = new Map<number, number>();
    const truncated = await McapFile.stream(source, handlers, (record) => {
      if (record.type === 'Header') header = record;
      else if (record.type === 'Schema') schemas.set(record.id, record);
      else if (record.type === 'Channel') channels.set(record.id, record);
      else if (record.type === 'Message') counts.set(record.channelId, (counts.get(record.channelId) ?? 0) + 1);
    });
    return { header, channels: [...channels.values()].map((c) => toInfo(c, schemas.get(c.schemaId), counts.get(c.id) ?? 0)), truncated };
  }

  /**
   * Feed the file through a stream reader, calling `onRecord` for every record (messages inside chunks
   * included); returns true when it ended part-way through a record. `onRecord` may return a promise
   * to pause the stream (the consumer of `messages()` does).
   */
  private static async stream(
    source: McapSource,
    handlers: Awaited<ReturnType<typeof decompressHandlers>>,
    onRecord: (record: McapTypes.TypedMcapRecord) => void | Promise<void>,
  ): Promise<boolean> {
    const reader = new McapStreamReader({ decompressHandlers: handlers });
    const size = await source.size();
    let offset = 0n;
    try {
      while (offset < size) {
        const step = size - offset < BigInt(SCAN_STEP) ? size - offset : BigInt(SCAN_STEP);
        reader.append(await source.read(offset, step));
        offset += step;
        for (let record = reader.nextRecord(); record !== undefined; record = reader.nextRecord()) {
          const pending = onRecord(record);
          if (pending !== undefined) await pending;
        }
      }
    } catch (e) {
      throw wrapRead(source.name, e, 'read');
    }
    return !reader.done() && reader.bytesRemaining() > 0;
  }

  private decoderFor(channelId: number): Decoder {
    const known = this.decoders.get(channelId);
    if (known !== undefined) return known;
    const channel = this.channelById.get(channelId);
    if (channel === undefined) {
      throw new KindredError('ROS_MCAP_READ_FAILED', `${this.name} has a message on channel ${channelId}, which it never defines`, { file: this.name, value: channelId });
    }
    let decoder: Decoder;
    if (channel.messageEncoding === 'cdr' && channel.schemaEncoding === 'ros2msg') {
      const codec = cdrCodecFromSchema(channel.type, channel.schemaText);
      decoder = (data) => codec.decode(data);
    } else if (channel.messageEncoding === 'json') {
      const text = new TextDecoder();
      decoder = (data) => JSON.parse(text.decode(data)) as unknown;
    } else {
      throw new KindredError(
        'ROS_MCAP_ENCODING_UNSUPPORTED',
        `${this.name}: topic ${channel.topic} has schema encoding ${show(channel.schemaEncoding)} and message encoding ${show(channel.messageEncoding)}; Kindred decodes ros2msg schemas with cdr messages, and json messages`,
        { file: this.name, topic: channel.topic, value: `${channel.schemaEncoding}/${channel.messageEncoding}`, expected: 'ros2msg/cdr or json' },
      );
    }
    this.decoders.set(channelId, decoder);
    return decoder;
  }

  /** The channel a topic is recorded on, if any. */
  channel(topic: string): McapChannelInfo | undefined {
    return this.channels.find((c) => c.topic === topic);
  }

  /**
   * The recording's messages, decoded: in log-time order when indexed, file order otherwise. Decoding
   * errors throw (ROS_CDR_DECODE_FAILED with the topic added to the context).
   */
  async *messages(options: McapReadOptions = {}): AsyncGenerator<McapMessage, void, void> {
    const topics = options.topics === undefined ? undefined : new Set(options.topics);
    const decode = (record: McapTypes.Message): McapMessage => {
      const channel = this.channelById.get(record.channelId);
      const decoder = this.decoderFor(record.channelId);
      let message: unknown;
      try {
        message = decoder(record.data);
      } catch (e) {
        if (isKindredError(e)) throw new KindredError(e.code, `${this.name}, topic ${channel?.topic ?? '?'} at log time ${record.logTime} ns: ${e.message}`, { ...e.context, file: this.name, topic: channel?.topic });
        throw wrapRead(this.name, e, `decode a message of`);
      }
      return {
        topic: channel?.topic ?? '',
        type: channel?.type ?? '',
        logTimeNs: record.logTime,
        publishTimeNs: record.publishTime,
        sequence: record.sequence,
        message,
      };
    };
    if (this.reader !== undefined) {
      const it = this.reader.readMessages({
        ...(topics !== undefined ? { topics: [...topics] } : {}),
        ...(options.startNs !== undefined ? { startTime: options.startNs } : {}),
        ...(options.endNs !== undefined ? { endTime: options.endNs } : {}),
      });
      while (true) {
        let next: IteratorResult<McapTypes.TypedMcapRecords['Message'], void>;
        try {
          next = await it.next();
        } catch (e) {
          throw wrapRead(this.name, e, 'read');
        }
        if (next.done === true) return;
        yield decode(next.value);
      }
    }
    // Unindexed: stream the file, handing messages out through a small buffer.
    const wanted = (r: McapTypes.Message): boolean => {
      if (options.startNs !== undefined && r.logTime < options.startNs) return false;
      if (options.endNs !== undefined && r.logTime > options.endNs) return false;
      return topics === undefined || topics.has(this.channelById.get(r.channelId)?.topic ?? '');
    };
    const buffered: McapTypes.Message[] = [];
    let resume: (() => void) | undefined;
    let wake: (() => void) | undefined;
    let ended = false;
    let cancelled = false;
    let failure: unknown;
    const pump = McapFile.stream(this.source, this.handlers, (record) => {
      if (cancelled) throw new Error('reading stopped');
      if (record.type !== 'Message' || !wanted(record)) return undefined;
      buffered.push(record);
      wake?.();
      if (buffered.length < 256) return undefined;
      return new Promise<void>((r) => {
        resume = r;
      });
    }).then(
      () => {
        ended = true;
        wake?.();
      },
      (e: unknown) => {
        failure = e;
        ended = true;
        wake?.();
      },
    );
    try {
      while (true) {
        if (buffered.length > 0) {
          const batch = buffered.splice(0, buffered.length);
          const r = resume;
          resume = undefined;
          r?.();
          for (const m of batch) yield decode(m);
          continue;
        }
        if (ended) break;
        await new Promise<void>((r) => {
          wake = r;
        });
        wake = undefined;
      }
      if (failure !== undefined) throw failure;
    } finally {
      cancelled = true;
      resume?.();
      await pump;
    }
  }

  /** Close the file (when this object opened it). */
  async close(): Promise<void> {
    if (this.ownsSource) await this.source.close();
  }
}

/**
 * Every message of an MCAP file, decoded with its own schemas: `for await (const m of readMcap(path))`
 * gives `{ topic, type, logTimeNs, publishTimeNs, sequence, message }`. The file is closed at the end
 * (or when the loop breaks).
 */
export async function* readMcap(input: McapInput, options: McapReadOptions = {}): AsyncGenerator<McapMessage, void, void> {
  const file = await McapFile.open(input);
  try {
    yield* file.messages(options);
  } finally {
    await file.close();
  }
}
