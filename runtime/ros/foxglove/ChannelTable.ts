import type { Bus, TopicInfo } from '../../bus/index.js';
import { isKindredError } from '../../errors/index.js';
import type { Logger } from '../../logging/index.js';
import { definitionOf, type MessageTypeMap } from '../../msgs/index.js';
import { cdrCodec, type CdrCodec } from '../cdr/index.js';
import type { ChannelAdvertisement } from './protocol.js';

/** One bus topic offered as a channel: its advertisement and the codec its messages are sent with. */
export interface Channel {
  readonly id: number;
  readonly topic: string;
  readonly type: string;
  readonly codec: CdrCodec<unknown>;
  readonly advertisement: ChannelAdvertisement;
}

/** Told when channels come and go. */
export interface ChannelListener {
  added(channel: Channel): void;
  removed(channel: Channel): void;
}

/**
 * The bus topics as Foxglove channels: message encoding `cdr`, schema name the ROS 2 type, schema
 * the rosbag2 `ros2msg` text with its dependencies (the same text McapRecorder writes), kept in step
 * with the bus as topics appear and disappear. A topic and type keep their channel id for the life
 * of the server, so a topic that reappears gets its old id back (the spec allows reuse only for the
 * same topic, encoding and schema). Topics of types Kindred cannot encode are skipped, logged once.
 */
export class ChannelTable {
  private readonly byTopic = new Map<string, Channel>();
  private readonly byId = new Map<number, Channel>();
  private readonly ids = new Map<string, number>();
  private readonly skipped = new Set<string>();
  private nextId = 1;
  private stopListening: (() => void)[] = [];

  constructor(
    private readonly bus: Bus<MessageTypeMap>,
    private readonly logger: Logger,
    private readonly listener: ChannelListener,
  ) {}

  /** Take in every topic on the bus now and follow the bus from here on. */
  start(): void {
    if (this.stopListening.length > 0) return;
    this.stopListening = [this.bus.onTopicAdded((info) => this.add(info)), this.bus.onTopicRemoved((info) => this.remove(info))];
    for (const info of this.bus.topics()) this.add(info);
  }

  /** Stop following the bus and forget the channels (ids are kept for a restart). */
  stop(): void {
    for (const stop of this.stopListening) stop();
    this.stopListening = [];
    this.byTopic.clear();
    this.byId.clear();
  }

  get(id: number): Channel | undefined {
    return this.byId.get(id);
  }

  /** Every channel, ordered by topic name. */
  list(): Channel[] {
    return [...this.byTopic.values()].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
  }

  get size(): number {
    return this.byTopic.size;
  }

  private add(info: TopicInfo): void {
    if (this.byTopic.has(info.name)) return;
    const key = `${info.name}\u0000${info.type}`;
    if (this.skipped.has(key)) return;
    let codec: CdrCodec<unknown>;
    let schema: string;
    try {
      codec = cdrCodec(info.type);
      schema = definitionOf(info.type).text;
    } catch (e) {
      if (!isKindredError(e)) throw e;
      this.skipped.add(key);
      this.logger.warn(
        { code: 'FOXGLOVE_TOPIC_NOT_ENCODABLE', topic: info.name, type: info.type, cause: e.code },
        `topic ${info.name} (${info.type}) is not offered to Foxglove clients: ${e.message}`,
      );
      return;
    }
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(key, id);
    }
    const channel: Channel = {
      id,
      topic: info.name,
      type: info.type,
      codec,
      advertisement: Object.freeze({ id, topic: info.name, encoding: 'cdr', schemaName: info.type, schema, schemaEncoding: 'ros2msg' }),
    };
    this.byTopic.set(info.name, channel);
    this.byId.set(id, channel);
    this.listener.added(channel);
  }

  private remove(info: TopicInfo): void {
    const channel = this.byTopic.get(info.name);
    if (channel === undefined) return;
    this.byTopic.delete(info.name);
    this.byId.delete(channel.id);
    this.listener.removed(channel);
  }
}
