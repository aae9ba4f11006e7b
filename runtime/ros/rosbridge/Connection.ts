import { WebSocket, type RawData } from 'ws';
import type { Bus, Publisher, Qos } from '../../bus/index.js';
import { isKindredError } from '../../errors/index.js';
import type { Logger } from '../../logging/index.js';
import type { MessageTypeMap, MessageTypeName } from '../../msgs/index.js';
import type { Clock } from '../../time/index.js';
import type { ActionRegistry } from './ActionRegistry.js';
import type { ClientSubscription, FrameSink, SubscribeSettings } from './ClientSubscription.js';
import { Defragmenter, fragmentFrames, type DefragmenterLimits } from './fragments.js';
import { decodeCbor, encodeCbor } from './messageCbor.js';
import { valueToJson } from './messageJson.js';
import { resolveMessageType, resolveName } from './names.js';
import { populateMessage } from './populateMessage.js';
import {
  GoalStatus,
  parseClientOp,
  type ActionFeedbackOp,
  type ActionResultOp,
  type AdvertiseActionOp,
  type AdvertiseOp,
  type AdvertiseServiceOp,
  type AuthOp,
  type CallServiceOp,
  type CancelActionGoalOp,
  type ClientOp,
  type ClientOpName,
  type FragmentOp,
  type PublishOp,
  type SendActionGoalOp,
  type ServiceResponseOp,
  type SetLevelOp,
  type StatusLevel,
  type SubscribeOp,
  type UnadvertiseActionOp,
  type UnadvertiseOp,
  type UnadvertiseServiceOp,
  type UnsubscribeOp,
} from './protocol.js';
import type { RosbridgeErrorCode } from './rosbridgeErrors.js';
import { failureText, type ServiceProvider, type ServiceRegistry } from './ServiceRegistry.js';
import { tokenMatches } from './tokenAuth.js';
import type { CdrEncoder, Encoding } from './TopicFanout.js';
import type { TopicHub } from './TopicHub.js';

/** Counters shared by all connections of a server. */
export interface MutableStats {
  framesReceived: number;
  framesSent: number;
  messagesPublished: number;
  messagesDropped: number;
  refused: number;
}

/** What a connection needs from its server. */
export interface ConnectionContext {
  readonly bus: Bus<MessageTypeMap>;
  readonly hub: TopicHub;
  readonly services: ServiceRegistry;
  readonly actions: ActionRegistry;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly canPublish: (topic: string) => boolean;
  readonly allowPublishText: string;
  readonly token: string | undefined;
  readonly cdr: CdrEncoder | undefined;
  readonly maxBufferedBytes: number;
  readonly defragLimits: DefragmenterLimits;
  readonly stats: MutableStats;
}

type Handlers = { readonly [K in ClientOpName]: (op: Extract<ClientOp, { op: K }>) => void };

interface SendOptions {
  readonly compression?: string | undefined;
  readonly fragmentSize?: number | undefined;
}

const TEXT = { binary: false } as const;
const BINARY = { binary: true } as const;
const LEVELS = { none: 0, error: 1, warning: 2, info: 3 } as const;
const SEVERITY: Readonly<Record<StatusLevel, number>> = { error: 1, warning: 2, info: 3 };

function withId(id: string | undefined): { id?: string } {
  return id === undefined ? {} : { id };
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * One client of the rosbridge server: decodes its frames, checks them, runs each operation, and
 * keeps what it set up (publishers, subscriptions, advertised services and actions, goals in
 * flight) so that all of it is undone when it disconnects. A refused or malformed operation is
 * answered with a `status` message (level error, the op's id, a code and the reason); the
 * connection stays open, as rosbridge_suite keeps it.
 */
export class Connection implements FrameSink, ServiceProvider {
  private authenticated: boolean;
  private level: number = LEVELS.error;
  private readonly publishers = new Map<string, { readonly publisher: Publisher<unknown>; readonly type: MessageTypeName }>();
  private readonly subscriptions = new Map<string, ClientSubscription>();
  private readonly goals = new Map<string, AbortController>();
  private readonly defrag: Defragmenter;
  private fragments = 0;
  private goalsSent = 0;
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    readonly clientId: string,
    private readonly ctx: ConnectionContext,
    authenticated: boolean,
  ) {
    this.authenticated = authenticated;
    this.defrag = new Defragmenter(ctx.defragLimits, () => ctx.clock.now());
  }

  get open(): boolean {
    return !this.closed && this.socket.readyState === WebSocket.OPEN;
  }

  get congested(): boolean {
    return this.socket.bufferedAmount > this.ctx.maxBufferedBytes;
  }

  get isAuthenticated(): boolean {
    return this.authenticated;
  }

  /** Topics this client publishes to and subscribes to (for rosapi's node details). */
  topics(): { publishing: string[]; subscribing: string[] } {
    return { publishing: [...this.publishers.keys()], subscribing: [...this.subscriptions.values()].map((s) => s.fanout.topic) };
  }

  send(data: Buffer | string, binary: boolean): void {
    if (!this.open) return;
    this.socket.send(data, binary ? BINARY : TEXT);
    this.ctx.stats.framesSent++;
  }

  nextFragmentId(): string {
    return `fragment:${this.clientId}:${++this.fragments}`;
  }

  countDrop(): void {
    this.ctx.stats.messagesDropped++;
  }

  /** Send one op as JSON (fragmented when longer than `fragmentSize`) or as CBOR. */
  sendOp(op: Readonly<Record<string, unknown>>, options: SendOptions = {}): void {
    if (!this.open) return;
    if (options.compression === 'cbor') {
      this.send(encodeCbor(op), true);
      return;
    }
    const text = valueToJson(op);
    const size = options.fragmentSize;
    if (size !== undefined && text.length > size) {
      const id = typeof op['id'] === 'string' ? op['id'] : this.nextFragmentId();
      for (const frame of fragmentFrames(id, text, size)) this.send(frame, false);
      return;
    }
    this.send(text, false);
  }

  /** Tell the client something went wrong (or, at levels it asked for, how things went). */
  status(level: StatusLevel, code: RosbridgeErrorCode | string | undefined, msg: string, id?: string): void {
    if (level === 'error') this.ctx.stats.refused++;
    this.ctx.logger.debug({ client: this.clientId, code, id, statusLevel: level }, msg);
    if (SEVERITY[level] > this.level) return;
    this.sendOp({ op: 'status', level, msg, ...(code === undefined ? {} : { code }), ...withId(id) });
  }

  /** A frame from the socket. Never throws: whatever goes wrong is answered with a status. */
  receive(data: RawData, isBinary: boolean): void {
    this.ctx.stats.framesReceived++;
    let frame: unknown;
    if (isBinary) {
      try {
        frame = decodeCbor(toBuffer(data));
      } catch (e) {
        this.status('error', 'ROSBRIDGE_BAD_FRAME', `a binary frame must be one CBOR-encoded rosbridge op; this one does not decode (${e instanceof Error ? e.message : String(e)})`);
        return;
      }
    } else if (!this.parseText(toBuffer(data).toString('utf8'), (f) => (frame = f))) {
      return;
    }
    this.dispatch(frame);
  }

  /** The client went away: undo everything it set up. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const sub of this.subscriptions.values()) this.ctx.hub.release(sub);
    this.subscriptions.clear();
    for (const p of this.publishers.values()) p.publisher.close();
    this.publishers.clear();
    this.ctx.services.dropProvider(this);
    this.ctx.actions.dropProvider(this);
    for (const g of this.goals.values()) g.abort();
    this.goals.clear();
  }

  private parseText(text: string, done: (frame: unknown) => void): boolean {
    try {
      done(JSON.parse(text));
      return true;
    } catch (e) {
      const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
      this.status('error', 'ROSBRIDGE_BAD_FRAME', `the frame is not JSON (${e instanceof Error ? e.message : String(e)}): ${JSON.stringify(shown)}`);
      return false;
    }
  }

  private dispatch(frame: unknown): void {
    const parsed = parseClientOp(frame);
    if (!parsed.ok) {
      this.status('error', parsed.code, parsed.problem, parsed.id);
      return;
    }
    const op = parsed.op;
    const id = 'id' in op ? op.id : undefined;
    if (!this.authenticated && op.op !== 'auth') {
      this.status('error', 'ROSBRIDGE_NOT_AUTHENTICATED', `${op.op} refused: this server needs a token; send {"op":"auth","mac":"<token>"} (roslib: ros.authenticate(token, ...)) or connect with ?token=<token>`, id);
      return;
    }
    try {
      (this.handlers[op.op] as (op: ClientOp) => void)(op);
    } catch (e) {
      if (isKindredError(e)) {
        this.status('error', e.code, `${op.op}: ${e.message}`, id);
        return;
      }
      this.ctx.logger.error({ err: e, client: this.clientId, op: op.op }, 'rosbridge op failed');
      this.status('error', 'INTERNAL', `${op.op} failed inside the server: ${e instanceof Error ? e.message : String(e)}`, id);
    }
  }

  /** A topic, service or action name resolved, or undefined after telling the client why not. */
  private nameOf(name: string, what: string, id: string | undefined): string | undefined {
    const resolved = resolveName(name);
    if (resolved === undefined) this.status('error', 'ROSBRIDGE_FIELD_INVALID', `${what} ${JSON.stringify(name)} is not a valid ROS 2 name; expected segments of [A-Za-z0-9_] separated by /`, id);
    return resolved;
  }

  private readonly handlers: Handlers = {
    auth: (op) => this.onAuth(op),
    set_level: (op) => this.onSetLevel(op),
    fragment: (op) => this.onFragment(op),
    advertise: (op) => this.onAdvertise(op),
    unadvertise: (op) => this.onUnadvertise(op),
    publish: (op) => this.onPublish(op),
    subscribe: (op) => this.onSubscribe(op),
    unsubscribe: (op) => this.onUnsubscribe(op),
    call_service: (op) => this.onCallService(op),
    service_response: (op) => this.onServiceResponse(op),
    advertise_service: (op) => this.onAdvertiseService(op),
    unadvertise_service: (op) => this.onUnadvertiseService(op),
    send_action_goal: (op) => this.onSendActionGoal(op),
    cancel_action_goal: (op) => this.onCancelActionGoal(op),
    action_feedback: (op) => this.onActionFeedback(op),
    action_result: (op) => this.onActionResult(op),
    advertise_action: (op) => this.onAdvertiseAction(op),
    unadvertise_action: (op) => this.onUnadvertiseAction(op),
  };

  private onAuth(op: AuthOp): void {
    const token = this.ctx.token;
    if (token === undefined || this.authenticated) {
      this.status('info', undefined, token === undefined ? 'this server needs no token; auth ignored' : 'already authenticated');
      return;
    }
    const given = op.token ?? op.mac;
    if (given !== undefined && tokenMatches(given, token)) {
      this.authenticated = true;
      this.ctx.logger.info({ client: this.clientId }, 'rosbridge client authenticated');
      this.status('info', undefined, 'authenticated');
      return;
    }
    this.status('error', 'ROSBRIDGE_AUTH_FAILED', 'wrong or missing token; the connection is closed');
    this.ctx.logger.warn({ client: this.clientId }, 'rosbridge client sent a wrong token');
    this.socket.close(1008, 'authentication failed');
  }

  private onSetLevel(op: SetLevelOp): void {
    this.level = LEVELS[op.level];
  }

  private onFragment(op: FragmentOp): void {
    const outcome = this.defrag.add(op.id, op.data, op.num, op.total);
    if (outcome.kind === 'refused') this.status('error', 'ROSBRIDGE_FRAGMENT_INVALID', outcome.problem, op.id);
    else if (outcome.kind === 'complete') {
      let frame: unknown;
      if (this.parseText(outcome.text, (f) => (frame = f))) this.dispatch(frame);
    }
  }

  private onAdvertise(op: AdvertiseOp): void {
    const topic = this.nameOf(op.topic, 'topic', op.id);
    if (topic === undefined || !this.mayPublish(topic, op.id)) return;
    const type = resolveMessageType(op.type);
    if (type === undefined) {
      this.status('error', 'ROSBRIDGE_TYPE_UNKNOWN', `advertise ${topic}: Kindred has no message type ${JSON.stringify(op.type)}; expected e.g. std_msgs/msg/String`, op.id);
      return;
    }
    const existing = this.publishers.get(topic);
    if (existing !== undefined) {
      if (existing.type !== type) this.status('error', 'BUS_TYPE_MISMATCH', `advertise ${topic}: this client already publishes ${existing.type} there, not ${type}`, op.id);
      return;
    }
    const qos: Qos | undefined = op.latch === true ? { durability: 'transient_local', depth: 1 } : undefined;
    this.publishers.set(topic, { publisher: this.ctx.bus.advertiseAny(topic, type, qos), type });
  }

  private onUnadvertise(op: UnadvertiseOp): void {
    const topic = this.nameOf(op.topic, 'topic', op.id);
    if (topic === undefined) return;
    const entry = this.publishers.get(topic);
    if (entry === undefined) {
      this.status('warning', 'ROSBRIDGE_TOPIC_UNKNOWN', `unadvertise ${topic}: this client does not publish there`, op.id);
      return;
    }
    entry.publisher.close();
    this.publishers.delete(topic);
  }

  private mayPublish(topic: string, id: string | undefined): boolean {
    if (this.ctx.canPublish(topic)) return true;
    this.status('error', 'ROSBRIDGE_PUBLISH_NOT_ALLOWED', `publishing to ${topic} is not allowed through this bridge; allowed: ${this.ctx.allowPublishText}`, id);
    return false;
  }

  private onPublish(op: PublishOp): void {
    const topic = this.nameOf(op.topic, 'topic', op.id);
    if (topic === undefined || !this.mayPublish(topic, op.id)) return;
    let entry = this.publishers.get(topic);
    if (entry === undefined) {
      // rosbridge publishes without an advertise when the topic's type is known.
      const info = this.ctx.bus.topic(topic);
      const type = info === undefined ? undefined : resolveMessageType(info.type);
      if (type === undefined) {
        this.status('error', 'ROSBRIDGE_TOPIC_UNKNOWN', `publish to ${topic}: the topic does not exist yet; advertise it first with its type`, op.id);
        return;
      }
      entry = { publisher: this.ctx.bus.advertiseAny(topic, type), type };
      this.publishers.set(topic, entry);
    }
    const populated = populateMessage(entry.type, op.msg);
    if (!populated.ok) {
      this.status('error', 'ROSBRIDGE_MESSAGE_INVALID', `publish to ${topic} (${entry.type}): ${populated.problem}`, op.id);
      return;
    }
    entry.publisher.publish(populated.message);
    this.ctx.stats.messagesPublished++;
  }

  private encodingOf(compression: string | undefined, id: string | undefined): Encoding | undefined {
    if (compression === undefined || compression === 'none') return 'json';
    if (compression === 'cbor') return 'cbor';
    if (compression === 'cbor-raw') {
      if (this.ctx.cdr !== undefined) return 'cbor-raw';
      this.status('error', 'ROSBRIDGE_COMPRESSION_UNSUPPORTED', 'compression "cbor-raw" needs a CDR encoder, which this server was started without; use "cbor" or "none"', id);
      return undefined;
    }
    this.status('error', 'ROSBRIDGE_COMPRESSION_UNSUPPORTED', `compression ${JSON.stringify(compression)} is not supported; expected "none", "cbor"${this.ctx.cdr === undefined ? '' : ' or "cbor-raw"'}`, id);
    return undefined;
  }

  private onSubscribe(op: SubscribeOp): void {
    const topic = this.nameOf(op.topic, 'topic', op.id);
    if (topic === undefined) return;
    const encoding = this.encodingOf(op.compression, op.id);
    if (encoding === undefined) return;
    const info = this.ctx.bus.topic(topic);
    let type: MessageTypeName | undefined;
    if (op.type !== undefined) {
      type = resolveMessageType(op.type);
      if (type === undefined) {
        this.status('error', 'ROSBRIDGE_TYPE_UNKNOWN', `subscribe ${topic}: Kindred has no message type ${JSON.stringify(op.type)}; expected e.g. sensor_msgs/msg/JointState`, op.id);
        return;
      }
      if (info !== undefined && info.type !== type) {
        this.status('error', 'BUS_TYPE_MISMATCH', `subscribe ${topic}: the topic carries ${info.type}, not ${type}`, op.id);
        return;
      }
    } else {
      if (info === undefined) {
        this.status('error', 'ROSBRIDGE_TOPIC_UNKNOWN', `subscribe ${topic}: the topic does not exist, so its type cannot be inferred; subscribe with "type"`, op.id);
        return;
      }
      type = resolveMessageType(info.type);
      if (type === undefined) {
        this.status('error', 'ROSBRIDGE_TYPE_UNKNOWN', `subscribe ${topic}: the bridge cannot convert its type ${info.type}`, op.id);
        return;
      }
    }
    const settings: SubscribeSettings = {
      throttleRateMs: op.throttle_rate ?? 0,
      queueLength: op.queue_length ?? 0,
      fragmentSize: op.fragment_size,
      encoding,
    };
    const key = op.id ?? op.topic;
    const existing = this.subscriptions.get(op.topic);
    if (existing !== undefined) existing.set(key, settings);
    else this.subscriptions.set(op.topic, this.ctx.hub.subscribe(this, op.topic, topic, type, key, settings));
  }

  private onUnsubscribe(op: UnsubscribeOp): void {
    const sub = this.subscriptions.get(op.topic);
    if (sub === undefined) {
      this.status('warning', 'ROSBRIDGE_TOPIC_UNKNOWN', `unsubscribe ${op.topic}: this client is not subscribed to it`, op.id);
      return;
    }
    if (sub.unset(op.id)) {
      this.ctx.hub.release(sub);
      this.subscriptions.delete(op.topic);
    }
  }

  private onCallService(op: CallServiceOp): void {
    const options: SendOptions = { compression: op.compression, fragmentSize: op.fragment_size };
    const respond = (result: boolean, values: unknown): void => this.sendOp({ op: 'service_response', ...withId(op.id), service: op.service, values, result }, options);
    const name = resolveName(op.service);
    if (name === undefined) {
      respond(false, `ROSBRIDGE_FIELD_INVALID: service ${JSON.stringify(op.service)} is not a valid ROS 2 name`);
      return;
    }
    const cancelAll = /^(.*)\/_action\/cancel_goal$/.exec(name);
    if (cancelAll?.[1] !== undefined && this.ctx.actions.list().some((a) => a.name === cancelAll[1] && a.provider === 'kindred')) {
      this.ctx.actions.cancelAll(cancelAll[1]);
      respond(true, { return_code: 0, goals_canceling: [] });
      return;
    }
    const args = Array.isArray(op.args) && op.args.length === 0 ? {} : (op.args ?? {});
    const timeoutMs = op.timeout !== undefined && op.timeout > 0 ? op.timeout * 1000 : undefined;
    this.ctx.services.call(name, args, timeoutMs === undefined ? { client: this.clientId } : { client: this.clientId, timeoutMs }).then(
      (values) => respond(true, values),
      (e: unknown) => respond(false, failureText(e)),
    );
  }

  private onServiceResponse(op: ServiceResponseOp): void {
    if (!this.ctx.services.respond(this, op.id, op.result, op.values)) {
      this.status('warning', 'ROSBRIDGE_SERVICE_UNKNOWN', `service_response for ${op.service}: no call with id ${JSON.stringify(op.id)} is waiting on this client (answered too late?)`, op.id);
    }
  }

  private onAdvertiseService(op: AdvertiseServiceOp): void {
    const name = this.nameOf(op.service, 'service', undefined);
    if (name === undefined) return;
    const outcome = this.ctx.services.advertise(name, op.service, op.type, this);
    if (outcome === 'taken') this.status('error', 'ROSBRIDGE_SERVICE_DUPLICATE', `service ${name} is provided by Kindred; a client cannot take it over`);
    else if (outcome === 'replaced') this.status('warning', 'ROSBRIDGE_SERVICE_DUPLICATE', `service ${name} was advertised by another client; this client now provides it`);
  }

  private onUnadvertiseService(op: UnadvertiseServiceOp): void {
    const name = this.nameOf(op.service, 'service', undefined);
    if (name !== undefined && !this.ctx.services.unadvertise(name, this)) {
      this.status('warning', 'ROSBRIDGE_SERVICE_UNKNOWN', `unadvertise_service ${name}: this client does not provide it`);
    }
  }

  private onSendActionGoal(op: SendActionGoalOp): void {
    const id = op.id ?? `send_action_goal:${op.action}:${++this.goalsSent}`;
    const options: SendOptions = { compression: op.compression, fragmentSize: op.fragment_size };
    const name = resolveName(op.action);
    if (name === undefined) {
      this.sendOp({ op: 'action_result', id, action: op.action, values: `ROSBRIDGE_FIELD_INVALID: action ${JSON.stringify(op.action)} is not a valid ROS 2 name`, status: GoalStatus.UNKNOWN, result: false });
      return;
    }
    const controller = new AbortController();
    this.goals.set(id, controller);
    const onFeedback = op.feedback === true ? (values: unknown): void => this.sendOp({ op: 'action_feedback', id, action: op.action, values }, options) : undefined;
    this.ctx.actions
      .sendGoal(name, op.args ?? {}, onFeedback === undefined ? { signal: controller.signal, client: this.clientId } : { signal: controller.signal, client: this.clientId, onFeedback })
      .then(
        (o) => this.sendOp({ op: 'action_result', id, action: op.action, values: o.result, status: o.statusCode, result: true }, options),
        (e: unknown) => {
          const unknown = isKindredError(e) && (e.code as string) === 'ROSBRIDGE_ACTION_UNKNOWN';
          this.sendOp({ op: 'action_result', id, action: op.action, values: failureText(e), status: unknown ? GoalStatus.UNKNOWN : GoalStatus.ABORTED, result: false });
        },
      )
      .finally(() => {
        if (this.goals.get(id) === controller) this.goals.delete(id);
      });
  }

  private onCancelActionGoal(op: CancelActionGoalOp): void {
    const goal = this.goals.get(op.id);
    if (goal === undefined) {
      this.status('warning', 'ROSBRIDGE_ACTION_UNKNOWN', `cancel_action_goal: this client has no goal ${JSON.stringify(op.id)} in progress on ${op.action}`, op.id);
      return;
    }
    goal.abort();
  }

  private onActionFeedback(op: ActionFeedbackOp): void {
    if (!this.ctx.actions.feedback(this, op.id, op.values)) {
      this.status('warning', 'ROSBRIDGE_ACTION_UNKNOWN', `action_feedback for ${op.action}: no goal ${JSON.stringify(op.id)} is waiting on this client`, op.id);
    }
  }

  private onActionResult(op: ActionResultOp): void {
    if (!this.ctx.actions.result(this, op.id, op.status, op.result, op.values)) {
      this.status('warning', 'ROSBRIDGE_ACTION_UNKNOWN', `action_result for ${op.action}: no goal ${JSON.stringify(op.id)} is waiting on this client`, op.id);
    }
  }

  private onAdvertiseAction(op: AdvertiseActionOp): void {
    const name = this.nameOf(op.action, 'action', undefined);
    if (name === undefined) return;
    const outcome = this.ctx.actions.advertise(name, op.action, op.type, this);
    if (outcome === 'taken') this.status('error', 'ROSBRIDGE_ACTION_DUPLICATE', `action ${name} is provided by Kindred; a client cannot take it over`);
    else if (outcome === 'replaced') this.status('warning', 'ROSBRIDGE_ACTION_DUPLICATE', `action ${name} was advertised by another client; this client now provides it`);
  }

  private onUnadvertiseAction(op: UnadvertiseActionOp): void {
    const name = this.nameOf(op.action, 'action', undefined);
    if (name !== undefined && !this.ctx.actions.unadvertise(name, this)) {
      this.status('warning', 'ROSBRIDGE_ACTION_UNKNOWN', `unadvertise_action ${name}: this client does not provide it`);
    }
  }
}
