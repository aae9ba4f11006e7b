import { WebSocket, type RawData } from 'ws';
import type { Bus, Publisher } from '../../bus/index.js';
import { isKindredError, type ErrorCode } from '../../errors/index.js';
import type { Logger } from '../../logging/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import type { ParameterStore } from '../../params/index.js';
import { cdrCodec, type CdrCodec } from '../cdr/index.js';
import { valueToJson } from '../rosbridge/messageJson.js';
import { resolveMessageType, resolveName } from '../rosbridge/names.js';
import { populateMessage } from '../rosbridge/populateMessage.js';
import type { ServiceRegistry } from '../rosbridge/index.js';
import { failureText } from '../rosbridge/ServiceRegistry.js';
import { parseClientBinary, serviceCallResponseFrame } from './binaryFrames.js';
import type { Channel, ChannelTable } from './ChannelTable.js';
import type { ChannelStreams, StreamSink } from './ChannelStreams.js';
import { statusText } from './foxgloveErrors.js';
import { parameterEntry, wantedValue } from './parameterValues.js';
import {
  parseClientOp,
  StatusLevel,
  type Capability,
  type ClientChannelSpec,
  type ClientOp,
  type ClientOpName,
  type ParameterEntry,
  type SetParameterSpec,
  type StatusLevelName,
} from './protocol.js';
import type { OfferedService, ServiceTable } from './ServiceTable.js';

/** Counters shared by all connections of a server. */
export interface ConnectionCounters {
  framesReceived: number;
  framesSent: number;
  messagesPublished: number;
  serviceCalls: number;
  refused: number;
}

/** What a connection needs from its server. */
export interface ConnectionContext {
  readonly bus: Bus<MessageTypeMap>;
  readonly channels: ChannelTable;
  readonly streams: ChannelStreams;
  readonly services: ServiceTable | undefined;
  readonly registry: ServiceRegistry | undefined;
  readonly parameters: ParameterStore | undefined;
  readonly capabilities: ReadonlySet<Capability>;
  readonly logger: Logger;
  readonly canPublish: (topic: string) => boolean;
  readonly allowPublishText: string;
  readonly maxBufferedBytes: number;
  readonly serviceTimeoutMs: number | undefined;
  readonly counters: ConnectionCounters;
}

/** A channel this client advertised: the bus publisher its messages go to, and how they are decoded. */
interface ClientChannel {
  readonly id: number;
  readonly topic: string;
  readonly type: keyof MessageTypeMap;
  readonly encoding: 'cdr' | 'json';
  readonly codec: CdrCodec<unknown> | undefined;
  readonly publisher: Publisher<unknown>;
}

type Handlers = { readonly [K in ClientOpName]: (op: Extract<ClientOp, { op: K }>) => void };

const TEXT = { binary: false } as const;
const BINARY = { binary: true } as const;

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function shown(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/**
 * One Foxglove client: decodes its frames, checks them, runs each operation, and keeps what it set
 * up (subscriptions, advertised channels and their bus publishers, parameter subscriptions) so that
 * all of it is undone when it disconnects. A refused or malformed operation is answered with a
 * `status` message (level error, the code, the English reason naming the topic or id, the Mandarin
 * meaning); the connection stays open.
 */
export class FoxgloveConnection implements StreamSink {
  /** Subscription id → channel id. */
  private readonly subscriptions = new Map<number, number>();
  /** Channel id → subscription id (one subscription per channel, as the spec says). */
  private readonly subscribedChannels = new Map<number, number>();
  private readonly clientChannels = new Map<number, ClientChannel>();
  private readonly parameterSubscriptions = new Set<string>();
  private closed = false;
  private congestionDrops = 0;
  private totalDrops = 0;

  constructor(
    private readonly socket: WebSocket,
    readonly clientId: string,
    private readonly ctx: ConnectionContext,
  ) {}

  get open(): boolean {
    return !this.closed && this.socket.readyState === WebSocket.OPEN;
  }

  get congested(): boolean {
    return this.socket.bufferedAmount > this.ctx.maxBufferedBytes;
  }

  /** Topic messages this client did not get because its socket was congested. */
  get droppedCount(): number {
    return this.totalDrops;
  }

  sendBinary(frame: Buffer): void {
    if (!this.open) return;
    if (this.congestionDrops > 0) this.endCongestion();
    this.socket.send(frame, BINARY);
    this.ctx.counters.framesSent++;
  }

  dropped(channel: Channel): void {
    this.totalDrops++;
    if (this.congestionDrops++ === 0) {
      this.ctx.logger.warn(
        { client: this.clientId, code: 'FOXGLOVE_CLIENT_CONGESTED', topic: channel.topic, bufferedBytes: this.socket.bufferedAmount },
        `Foxglove client ${this.clientId} is not keeping up: topic messages to it are dropped until its socket drains`,
      );
    }
  }

  /** Send one JSON message. */
  sendJson(message: Readonly<Record<string, unknown>>): void {
    if (!this.open) return;
    this.socket.send(valueToJson(message), TEXT);
    this.ctx.counters.framesSent++;
  }

  /** Tell the client something (Foxglove lists errors and warnings as problems). */
  status(level: StatusLevelName, code: ErrorCode, english: string, subject?: string): void {
    if (level === 'error') this.ctx.counters.refused++;
    this.ctx.logger.debug({ client: this.clientId, code, level }, english);
    this.sendJson({ op: 'status', level: StatusLevel[level], message: statusText(code, english, subject) });
  }

  /** Greet the client: what the server offers, its channels and services (and the time, when served). */
  greet(serverInfo: Readonly<Record<string, unknown>>, timeFrame: Buffer | undefined): void {
    this.sendJson(serverInfo);
    this.advertiseChannels(this.ctx.channels.list());
    if (this.ctx.services !== undefined) this.advertiseServices(this.ctx.services.list());
    if (timeFrame !== undefined) this.sendBinary(timeFrame);
  }

  advertiseChannels(channels: readonly Channel[]): void {
    this.sendJson({ op: 'advertise', channels: channels.map((c) => c.advertisement) });
  }

  /** A channel went away: its subscription here ends, and the client is told. */
  channelRemoved(channel: Channel): void {
    const sub = this.subscribedChannels.get(channel.id);
    if (sub !== undefined) {
      this.subscribedChannels.delete(channel.id);
      this.subscriptions.delete(sub);
    }
    this.sendJson({ op: 'unadvertise', channelIds: [channel.id] });
  }

  advertiseServices(services: readonly OfferedService[]): void {
    if (services.length > 0) this.sendJson({ op: 'advertiseServices', services: services.map((s) => s.advertisement) });
  }

  unadvertiseServices(services: readonly OfferedService[]): void {
    if (services.length > 0) this.sendJson({ op: 'unadvertiseServices', serviceIds: services.map((s) => s.id) });
  }

  /** A parameter changed: tell the client if it subscribed to it. */
  parameterChanged(entry: ParameterEntry): void {
    if (this.parameterSubscriptions.has(entry.name)) this.sendJson({ op: 'parameterValues', parameters: [entry] });
  }

  /** A frame from the socket. Never throws: whatever goes wrong is answered with a status. */
  receive(data: RawData, isBinary: boolean): void {
    this.ctx.counters.framesReceived++;
    const bytes = toBuffer(data);
    try {
      if (isBinary) this.receiveBinary(bytes);
      else this.receiveText(bytes.toString('utf8'));
    } catch (e) {
      if (isKindredError(e)) {
        this.status('error', e.code, e.message);
        return;
      }
      this.ctx.logger.error({ err: e, client: this.clientId }, 'Foxglove client frame failed inside the server');
      this.status('error', 'INTERNAL', `the frame failed inside the server: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The client went away: undo everything it set up. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [subscriptionId, channelId] of this.subscriptions) this.ctx.streams.remove(channelId, this, subscriptionId);
    this.subscriptions.clear();
    this.subscribedChannels.clear();
    for (const c of this.clientChannels.values()) c.publisher.close();
    this.clientChannels.clear();
    this.parameterSubscriptions.clear();
  }

  private endCongestion(): void {
    const n = this.congestionDrops;
    this.congestionDrops = 0;
    this.ctx.logger.info({ client: this.clientId, dropped: n }, `Foxglove client ${this.clientId} caught up after ${n} dropped messages`);
    this.status('warning', 'FOXGLOVE_CLIENT_CONGESTED', `${n} topic messages were dropped because this client did not keep up`, `丢弃 ${n} 条消息`);
  }

  private receiveText(text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch (e) {
      this.status('error', 'FOXGLOVE_BAD_FRAME', `the text frame is not JSON (${e instanceof Error ? e.message : String(e)}): ${shown(text)}`);
      return;
    }
    const parsed = parseClientOp(frame);
    if (!parsed.ok) {
      this.status('error', parsed.code, parsed.problem);
      return;
    }
    (this.handlers[parsed.op.op] as (op: ClientOp) => void)(parsed.op);
  }

  private receiveBinary(bytes: Buffer): void {
    const frame = parseClientBinary(bytes);
    switch (frame.op) {
      case 'invalid':
        this.status('error', 'FOXGLOVE_BAD_FRAME', frame.problem);
        return;
      case 'messageData':
        this.onClientMessage(frame.channelId, frame.data);
        return;
      case 'serviceCallRequest':
        this.onServiceCall(frame.serviceId, frame.callId, frame.encoding, frame.data);
        return;
    }
  }

  /** True when the server announced `capability`; otherwise tells the client and returns false. */
  private offers(capability: Capability, what: string): boolean {
    if (this.ctx.capabilities.has(capability)) return true;
    this.status('error', 'FOXGLOVE_CAPABILITY_UNAVAILABLE', `${what} refused: this server does not offer ${capability} (see serverInfo.capabilities)`, capability);
    return false;
  }

  private readonly handlers: Handlers = {
    subscribe: (op) => {
      for (const { id, channelId } of op.subscriptions) this.subscribe(id, channelId);
    },
    unsubscribe: (op) => {
      for (const id of op.subscriptionIds) this.unsubscribe(id);
    },
    advertise: (op) => {
      if (!this.offers('clientPublish', 'advertise')) return;
      for (const channel of op.channels) this.advertise(channel);
    },
    unadvertise: (op) => {
      for (const id of op.channelIds) this.unadvertise(id);
    },
    getParameters: (op) => this.getParameters(op.parameterNames, op.id),
    setParameters: (op) => this.setParameters(op.parameters, op.id),
    subscribeParameterUpdates: (op) => this.subscribeParameters(op.parameterNames),
    unsubscribeParameterUpdates: (op) => {
      if (!this.offers('parametersSubscribe', 'unsubscribeParameterUpdates')) return;
      if (op.parameterNames.length === 0) this.parameterSubscriptions.clear();
      for (const name of op.parameterNames) this.parameterSubscriptions.delete(name);
    },
    subscribeConnectionGraph: () => void this.offers('connectionGraph', 'subscribeConnectionGraph'),
    unsubscribeConnectionGraph: () => void this.offers('connectionGraph', 'unsubscribeConnectionGraph'),
    fetchAsset: (op) => void this.offers('assets', `fetchAsset ${op.uri}`),
  };

  private subscribe(id: number, channelId: number): void {
    if (this.subscriptions.has(id)) {
      this.status('error', 'FOXGLOVE_SUBSCRIPTION_INVALID', `subscribe: subscription id ${id} is already in use (channel ${this.subscriptions.get(id)}); unsubscribe it first`, `id ${id}`);
      return;
    }
    const channel = this.ctx.channels.get(channelId);
    if (channel === undefined) {
      this.status('error', 'FOXGLOVE_CHANNEL_UNKNOWN', `subscribe ${id}: no channel ${channelId} is advertised (it may have been withdrawn)`, `channel ${channelId}`);
      return;
    }
    const existing = this.subscribedChannels.get(channelId);
    if (existing !== undefined) {
      this.status('error', 'FOXGLOVE_SUBSCRIPTION_INVALID', `subscribe ${id}: channel ${channelId} (${channel.topic}) is already subscribed as ${existing}`, channel.topic);
      return;
    }
    this.subscriptions.set(id, channelId);
    this.subscribedChannels.set(channelId, id);
    this.ctx.streams.add(channel, this, id);
  }

  private unsubscribe(id: number): void {
    const channelId = this.subscriptions.get(id);
    if (channelId === undefined) {
      this.status('warning', 'FOXGLOVE_SUBSCRIPTION_INVALID', `unsubscribe: subscription id ${id} is not subscribed`, `id ${id}`);
      return;
    }
    this.subscriptions.delete(id);
    this.subscribedChannels.delete(channelId);
    this.ctx.streams.remove(channelId, this, id);
  }

  private advertise(spec: ClientChannelSpec): void {
    if (this.clientChannels.has(spec.id)) {
      this.status('error', 'FOXGLOVE_FIELD_INVALID', `advertise ${spec.topic}: client channel id ${spec.id} is already advertised by this client; unadvertise it first`, spec.topic);
      return;
    }
    const topic = resolveName(spec.topic);
    if (topic === undefined) {
      this.status('error', 'FOXGLOVE_FIELD_INVALID', `advertise: topic ${shown(spec.topic)} is not a valid ROS 2 name; expected segments of [A-Za-z0-9_] separated by /`, spec.topic);
      return;
    }
    if (!this.ctx.canPublish(topic)) {
      this.status('error', 'FOXGLOVE_PUBLISH_NOT_ALLOWED', `advertise ${topic} refused: the topic is not in this server's allowPublish list (${this.ctx.allowPublishText})`, topic);
      return;
    }
    if (spec.encoding !== 'cdr' && spec.encoding !== 'json') {
      this.status('error', 'FOXGLOVE_ENCODING_UNSUPPORTED', `advertise ${topic}: encoding ${shown(spec.encoding)} is not supported; expected cdr or json`, topic);
      return;
    }
    const type = resolveMessageType(spec.schemaName);
    if (type === undefined) {
      this.status('error', 'FOXGLOVE_TYPE_UNKNOWN', `advertise ${topic}: Kindred has no message type ${shown(spec.schemaName)}; expected a ROS 2 type such as geometry_msgs/msg/Twist`, topic);
      return;
    }
    const onBus = this.ctx.bus.topic(topic);
    if (onBus !== undefined && onBus.type !== type) {
      this.status('error', 'FOXGLOVE_TYPE_UNKNOWN', `advertise ${topic}: the topic carries ${onBus.type} on the bus, not ${type}`, topic);
      return;
    }
    const codec = spec.encoding === 'cdr' ? cdrCodec(type) : undefined;
    const publisher = this.ctx.bus.advertiseAny(topic, type);
    this.clientChannels.set(spec.id, { id: spec.id, topic, type, encoding: spec.encoding, codec, publisher });
    this.ctx.logger.info({ client: this.clientId, topic, type, encoding: spec.encoding }, 'Foxglove client publishes');
  }

  private unadvertise(id: number): void {
    const channel = this.clientChannels.get(id);
    if (channel === undefined) {
      this.status('warning', 'FOXGLOVE_CHANNEL_UNKNOWN', `unadvertise: client channel ${id} is not advertised by this client`, `channel ${id}`);
      return;
    }
    channel.publisher.close();
    this.clientChannels.delete(id);
  }

  private onClientMessage(channelId: number, data: Uint8Array): void {
    const channel = this.clientChannels.get(channelId);
    if (channel === undefined) {
      this.status('error', 'FOXGLOVE_CHANNEL_UNKNOWN', `message data on client channel ${channelId}, which this client has not advertised (or was refused); nothing was published`, `channel ${channelId}`);
      return;
    }
    let message: unknown;
    if (channel.codec !== undefined) {
      try {
        message = channel.codec.decode(data);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        this.status('error', 'FOXGLOVE_MESSAGE_INVALID', `message on ${channel.topic} not published: ${why}`, channel.topic);
        return;
      }
    } else {
      let value: unknown;
      try {
        value = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
      } catch (e) {
        this.status('error', 'FOXGLOVE_MESSAGE_INVALID', `message on ${channel.topic} not published: the payload is not JSON (${e instanceof Error ? e.message : String(e)})`, channel.topic);
        return;
      }
      const populated = populateMessage(channel.type, value);
      if (!populated.ok) {
        this.status('error', 'FOXGLOVE_MESSAGE_INVALID', `message on ${channel.topic} not published: ${populated.problem}`, channel.topic);
        return;
      }
      message = populated.message;
    }
    channel.publisher.publish(message);
    this.ctx.counters.messagesPublished++;
  }

  private getParameters(names: readonly string[], id: string | undefined): void {
    const store = this.ctx.parameters;
    if (!this.offers('parameters', 'getParameters') || store === undefined) return;
    const all = store.list();
    const wanted = names.length === 0 ? all : all.filter((p) => names.includes(p.name));
    const unknown = names.filter((n) => !store.has(n));
    if (unknown.length > 0) this.status('warning', 'PARAM_UNKNOWN', `getParameters: no parameter named ${unknown.map((n) => JSON.stringify(n)).join(', ')}`, unknown.join(', '));
    this.sendJson({ op: 'parameterValues', parameters: wanted.map(parameterEntry), ...(id === undefined ? {} : { id }) });
  }

  private setParameters(entries: readonly SetParameterSpec[], id: string | undefined): void {
    const store = this.ctx.parameters;
    if (!this.offers('parameters', 'setParameters') || store === undefined) return;
    const values: Record<string, unknown> = {};
    let refusal: { code: ErrorCode; text: string; subject: string } | undefined;
    for (const entry of entries) {
      const wanted = wantedValue(entry);
      if (!wanted.ok) {
        refusal = { code: 'FOXGLOVE_PARAMETER_INVALID', text: `setParameters refused, nothing changed: ${wanted.problem}`, subject: entry.name };
        break;
      }
      values[entry.name] = wanted.value;
    }
    if (refusal === undefined) {
      try {
        store.setMany(values);
      } catch (e) {
        if (!isKindredError(e)) throw e;
        const name = typeof e.context['parameter'] === 'string' ? e.context['parameter'] : Object.keys(values).join(', ');
        refusal = { code: e.code, text: `setParameters refused, nothing changed: ${e.message}`, subject: name };
      }
    }
    if (refusal !== undefined) this.status('error', refusal.code, refusal.text, refusal.subject);
    const answered = store.list().filter((p) => entries.some((e) => e.name === p.name));
    this.sendJson({ op: 'parameterValues', parameters: answered.map(parameterEntry), ...(id === undefined ? {} : { id }) });
  }

  private subscribeParameters(names: readonly string[]): void {
    const store = this.ctx.parameters;
    if (!this.offers('parametersSubscribe', 'subscribeParameterUpdates') || store === undefined) return;
    const wanted = names.length === 0 ? store.list().map((p) => p.name) : names;
    const unknown: string[] = [];
    for (const name of wanted) {
      if (store.has(name)) this.parameterSubscriptions.add(name);
      else unknown.push(name);
    }
    if (unknown.length > 0) this.status('warning', 'PARAM_UNKNOWN', `subscribeParameterUpdates: no parameter named ${unknown.map((n) => JSON.stringify(n)).join(', ')}`, unknown.join(', '));
  }

  private onServiceCall(serviceId: number, callId: number, encoding: string, data: Uint8Array): void {
    const fail = (code: ErrorCode, english: string, subject?: string): void => {
      this.ctx.counters.refused++;
      this.sendJson({ op: 'serviceCallFailure', serviceId, callId, message: statusText(code, english, subject) });
    };
    const table = this.ctx.services;
    const registry = this.ctx.registry;
    if (table === undefined || registry === undefined) {
      fail('FOXGLOVE_CAPABILITY_UNAVAILABLE', `service call ${callId} refused: this server does not offer services`, 'services');
      return;
    }
    const service = table.get(serviceId);
    if (service === undefined) {
      fail('FOXGLOVE_SERVICE_UNKNOWN', `service call ${callId}: no service ${serviceId} is advertised (it may have been withdrawn)`, `service ${serviceId}`);
      return;
    }
    if (encoding !== 'json') {
      fail('FOXGLOVE_ENCODING_UNSUPPORTED', `call to ${service.name}: encoding ${shown(encoding)} is not supported for Kindred services, which have no ROS 2 .srv definition; call with encoding json`, service.name);
      return;
    }
    let request: unknown = {};
    const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8').trim();
    if (text !== '') {
      try {
        request = JSON.parse(text);
      } catch (e) {
        fail('FOXGLOVE_MESSAGE_INVALID', `call to ${service.name}: the request is not JSON (${e instanceof Error ? e.message : String(e)})`, service.name);
        return;
      }
    }
    this.ctx.counters.serviceCalls++;
    const options = this.ctx.serviceTimeoutMs === undefined ? { client: `foxglove:${this.clientId}` } : { client: `foxglove:${this.clientId}`, timeoutMs: this.ctx.serviceTimeoutMs };
    registry.call(service.name, request, options).then(
      (values) => {
        if (!this.open) return;
        this.sendBinary(serviceCallResponseFrame(serviceId, callId, 'json', Buffer.from(valueToJson(values ?? {}), 'utf8')));
      },
      (e: unknown) => {
        if (!this.open) return;
        const code: ErrorCode = isKindredError(e) ? e.code : 'INTERNAL';
        fail(code, `call to ${service.name} failed: ${failureText(e)}`, service.name);
      },
    );
  }
}
