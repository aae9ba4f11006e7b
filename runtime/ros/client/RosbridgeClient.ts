import { isKindredError, show, type KindredError } from '../../errors/index.js';
import { silentLogger, type Logger } from '../../logging/index.js';
import type { MessageTypeName } from '../../msgs/index.js';
import { nsFromMs, WallClock, type Clock, type Timer } from '../../time/index.js';
import type { ActionOutcome } from '../rosbridge/ActionRegistry.js';
import { Defragmenter, type DefragmenterLimits } from '../rosbridge/fragments.js';
import { decodeCbor } from '../rosbridge/messageCbor.js';
import { messageToJson, valueToJson } from '../rosbridge/messageJson.js';
import { resolveMessageType, resolveName } from '../rosbridge/names.js';
import { populateMessage } from '../rosbridge/populateMessage.js';
import { GoalStatus, parseClientOp, type ActionFeedbackOp, type ActionResultOp, type CallServiceOp, type PublishOp, type ServiceResponseOp } from '../rosbridge/protocol.js';
import { resolveClientConfig, type RosbridgeClientConfig, type RosbridgeClientOptions } from './clientConfig.js';
import { ReconnectingSocket, type ClientState, type ClientStateChange } from './ReconnectingSocket.js';
import { rosClientError } from './rosClientErrors.js';
import { parseRosbridgeJson } from './tolerantJson.js';
import { isInterfaceType, type InterfaceKind } from './typeNames.js';

/** How a subscription is delivered (rosbridge's subscribe fields, same names and units). */
export interface SubscribeOptions {
  /** Least time between two messages, in milliseconds (rosbridge `throttle_rate`); 0 = every message. */
  readonly throttle_rate?: number;
  /** Messages the server may hold for this client when it cannot send at once (rosbridge `queue_length`). */
  readonly queue_length?: number;
  /** `cbor`: the server sends binary CBOR frames (numeric arrays as typed arrays), cheaper for large arrays. */
  readonly compression?: 'none' | 'cbor';
  /**
   * Ask the server to split JSON messages longer than this many characters into `fragment` ops
   * (rosbridge `fragment_size`). rosbridge_suite applies it to everything it sends this client.
   */
  readonly fragment_size?: number;
  /** Deliver messages as decoded from the wire, without turning them into Kindred's message objects. */
  readonly raw?: boolean;
}

/**
 * Receives one message. For a type Kindred knows (and without `raw`), a Kindred message object:
 * missing fields defaulted, 64-bit integers as bigint, byte arrays as Uint8Array, NaN restored.
 */
export type MessageCallback = (msg: unknown) => void;

/** A live `subscribe`; re-sent after every reconnection until `unsubscribe()`. */
export interface RosSubscription {
  readonly id: string;
  readonly topic: string;
  readonly type: string;
  readonly active: boolean;
  unsubscribe(): void;
}

/** rosbridge's advertise fields. */
export interface AdvertiseOptions {
  readonly latch?: boolean;
  readonly queue_size?: number;
}

/** The sending end of an `advertise`; re-advertised after every reconnection until `unadvertise()`. */
export interface RosPublisher {
  readonly topic: string;
  readonly type: string;
  readonly active: boolean;
  /**
   * Send one message now. False when it was dropped: not connected, or the socket is congested.
   * Messages are never queued for a later connection, since a late command is worse than none.
   */
  publish(msg: unknown): boolean;
  unadvertise(): void;
}

/** One service call's settings. */
export interface ServiceCallOptions {
  /** Fail with ROS_CLIENT_CALL_TIMEOUT after this long; default the client's `callTimeoutMs`. */
  readonly timeoutMs?: number;
}

/** Answers a `call_service` the server forwards; the return value (or the promise's) is the response. Throwing fails the call. */
export type RosServiceHandler = (request: unknown, context: { readonly service: string; readonly id: string | undefined }) => unknown;

/** A service this client answers; re-advertised after every reconnection until `unadvertise()`. */
export interface AdvertisedService {
  readonly service: string;
  readonly type: string;
  unadvertise(): void;
}

/** How a goal is followed. */
export interface ActionGoalOptions {
  readonly onFeedback?: (feedback: unknown) => void;
}

/** A goal sent to a ROS action server through the bridge. */
export interface RosActionGoal {
  readonly id: string;
  readonly action: string;
  /**
   * How the goal ended: succeeded, canceled or aborted, with the result. Rejects with
   * ROS_CLIENT_ACTION_FAILED (`result: false`), ROS_CLIENT_NOT_CONNECTED, ROS_CLIENT_DISCONNECTED
   * or ROS_CLIENT_CLOSED.
   */
  readonly result: Promise<ActionOutcome>;
  /** Ask the action server to cancel the goal (`cancel_action_goal`); how it ends is the server's answer. */
  cancel(): void;
}

/** A `status` op from the server (rosbridge's own log line for this client). */
export interface RosbridgeStatus {
  readonly level: string;
  readonly msg: string;
  readonly id?: string;
  /** Kindred's server adds a code (e.g. ROSBRIDGE_TYPE_UNKNOWN); rosbridge_suite does not. */
  readonly code?: string;
}

/** Counters since the client was made. */
export interface RosbridgeClientStats {
  readonly state: ClientState;
  /** Connections opened (the first one and every reconnection). */
  readonly connections: number;
  readonly framesReceived: number;
  /** Of those, binary (CBOR) frames: subscriptions with `compression: 'cbor'`. */
  readonly cborFramesReceived: number;
  readonly framesSent: number;
  /** Topic messages delivered to subscription callbacks. */
  readonly messagesReceived: number;
  /** Topic messages that did not fit their type (dropped, logged once per subscription). */
  readonly messagesInvalid: number;
  readonly messagesPublished: number;
  /** `publish` calls dropped because the link was down or congested. */
  readonly publishDropped: number;
  /** Frames that were not JSON/CBOR rosbridge ops. */
  readonly badFrames: number;
  /** `status` ops of level error received. */
  readonly statusErrors: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface SubEntry {
  readonly id: string;
  readonly topic: string;
  readonly type: string;
  readonly kindredType: MessageTypeName | undefined;
  readonly callback: MessageCallback;
  readonly options: SubscribeOptions;
  active: boolean;
  warned: boolean;
}

interface PubEntry {
  readonly topic: string;
  readonly type: string;
  readonly options: AdvertiseOptions;
  readonly handle: RosPublisher;
  active: boolean;
}

interface ServiceEntry {
  readonly service: string;
  readonly type: string;
  readonly handler: RosServiceHandler;
}

interface PendingCall {
  readonly service: string;
  readonly timer: Timer;
  readonly resolve: (values: unknown) => void;
  readonly reject: (e: KindredError) => void;
}

interface PendingGoal {
  readonly action: string;
  readonly onFeedback: ((feedback: unknown) => void) | undefined;
  readonly resolve: (o: ActionOutcome) => void;
  readonly reject: (e: KindredError) => void;
}

const DEFRAG_LIMITS: DefragmenterLimits = { maxChars: 64 * 1024 * 1024, maxPending: 64, timeoutNs: 30_000_000_000n };
const MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

function outcome(statusCode: number, result: unknown): ActionOutcome {
  const status = statusCode === GoalStatus.SUCCEEDED ? 'succeeded' : statusCode === GoalStatus.CANCELED ? 'canceled' : 'aborted';
  return { status, statusCode, result: result ?? {} };
}

function reasonOf(values: unknown): string {
  return typeof values === 'string' ? values : show(values);
}

function errorText(e: unknown): string {
  if (isKindredError(e)) return `${e.code}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

/**
 * A rosbridge v2 client: Kindred's link to a robot's existing `rosbridge_server` (rosbridge_suite
 * for ROS 2, or another Kindred). It keeps what was set up — subscriptions, advertised topics,
 * advertised services — and sends it again on every new connection, so the mappings survive a
 * server restart; in between it retries with exponential back-off and jitter. Calls and goals in
 * flight when the link drops fail with ROS_CLIENT_DISCONNECTED (their outcome on the robot is
 * unknown); publishing while the link is down drops the message. Frames as rosbridge_suite writes
 * them are read: fragments, CBOR, `status` ops (logged), and Python's bare `NaN`/`Infinity`.
 *
 * This client sends whatever it is given; Kindred's rule that actuator commands pass the SafetyGate
 * is kept by `RosBridgeMapping` (which refuses ungated command mappings) and by the hardware link,
 * the only user that publishes the gate's output.
 */
export class RosbridgeClient {
  readonly config: RosbridgeClientConfig;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly socket: ReconnectingSocket;
  private readonly subs = new Map<string, SubEntry>();
  private readonly subsByTopic = new Map<string, Set<SubEntry>>();
  private readonly pubs = new Map<string, PubEntry>();
  private readonly services = new Map<string, ServiceEntry>();
  private readonly calls = new Map<string, PendingCall>();
  private readonly goals = new Map<string, PendingGoal>();
  private readonly stateListeners = new Set<(change: ClientStateChange) => void>();
  private readonly statusListeners = new Set<(status: RosbridgeStatus) => void>();
  private readonly counters: Mutable<Omit<RosbridgeClientStats, 'state'>> = {
    connections: 0,
    framesReceived: 0,
    cborFramesReceived: 0,
    framesSent: 0,
    messagesReceived: 0,
    messagesInvalid: 0,
    messagesPublished: 0,
    publishDropped: 0,
    badFrames: 0,
    statusErrors: 0,
  };
  private defrag: Defragmenter;
  private nextId = 0;

  /** Throws ROS_CLIENT_CONFIG_INVALID naming the bad option; connects nothing until `connect()`. */
  constructor(options: RosbridgeClientOptions) {
    this.config = resolveClientConfig(options);
    this.clock = options.clock ?? new WallClock();
    this.logger = (options.logger ?? silentLogger()).child({ module: 'ros_client' });
    this.defrag = new Defragmenter(DEFRAG_LIMITS, () => this.clock.now());
    this.socket = new ReconnectingSocket(
      { url: this.config.url, backoff: this.config.backoff, connectTimeoutMs: this.config.connectTimeoutMs, maxPayloadBytes: MAX_PAYLOAD_BYTES },
      {
        onOpen: () => this.opened(),
        onFrame: (data, isBinary) => this.receive(data, isBinary),
        onDrop: (error) => this.dropped(error),
        onState: (change) => this.emitState(change),
      },
      this.clock,
      this.logger,
      options.random ?? Math.random,
    );
  }

  /** Where the link stands now. */
  get state(): ClientState {
    return this.socket.state;
  }

  /**
   * Start connecting (and keep reconnecting until `close()`). Resolves once connected; rejects with
   * ROS_CLIENT_CLOSED if the client is closed first. Not awaiting it is fine: what is set up
   * meanwhile is sent when the link comes up.
   */
  connect(): Promise<void> {
    if (this.state === 'closed') return Promise.reject(this.closedError('connect'));
    this.socket.start();
    if (this.state === 'connected') return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const off = this.onState((change) => {
        if (change.state === 'connected') {
          off();
          resolve();
        } else if (change.state === 'closed') {
          off();
          reject(this.closedError('connect'));
        }
      });
    });
  }

  /** Call `listener` on every state change (with the back-off delay and the reason); returns a function that stops it. */
  onState(listener: (change: ClientStateChange) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Call `listener` for every `status` op the server sends (they are logged too); returns a function that stops it. */
  onStatus(listener: (status: RosbridgeStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  stats(): RosbridgeClientStats {
    return { state: this.state, ...this.counters };
  }

  /**
   * Receive `topic` (ROS type `type`, e.g. `sensor_msgs/msg/JointState`). Several subscriptions to
   * one topic share what the server sends (rosbridge applies the least throttle of a client's
   * subscriptions). Throws ROS_CLIENT_ARGUMENT_INVALID, ROS_CLIENT_REGISTRATION_CONFLICT (another
   * type on the same topic) or ROS_CLIENT_CLOSED.
   */
  subscribe(topic: string, type: string, callback: MessageCallback, options: SubscribeOptions = {}): RosSubscription {
    this.checkOpen('subscribe');
    const name = this.checkName(topic, 'topic');
    this.checkType(type, 'msg');
    for (const other of this.subsByTopic.get(name) ?? []) {
      if (other.type !== type) {
        throw rosClientError('ROS_CLIENT_REGISTRATION_CONFLICT', `subscribe ${name} as ${type}: this client already subscribes to it as ${other.type}`, { field: 'type', value: type, expected: other.type, topic: name });
      }
    }
    const entry: SubEntry = {
      id: `subscribe:${name}:${++this.nextId}`,
      topic: name,
      type,
      kindredType: options.raw === true ? undefined : resolveMessageType(type),
      callback,
      options,
      active: true,
      warned: false,
    };
    this.subs.set(entry.id, entry);
    let set = this.subsByTopic.get(name);
    if (set === undefined) this.subsByTopic.set(name, (set = new Set()));
    set.add(entry);
    this.sendOp(this.subscribeOp(entry));
    return {
      id: entry.id,
      topic: name,
      type,
      get active() {
        return entry.active;
      },
      unsubscribe: () => this.unsubscribe(entry),
    };
  }

  /**
   * Publish `type` on `topic` (rosbridge `advertise`). Advertising a topic again with the same type
   * returns the same publisher. Throws ROS_CLIENT_ARGUMENT_INVALID, ROS_CLIENT_REGISTRATION_CONFLICT
   * (another type) or ROS_CLIENT_CLOSED.
   */
  advertise(topic: string, type: string, options: AdvertiseOptions = {}): RosPublisher {
    this.checkOpen('advertise');
    const name = this.checkName(topic, 'topic');
    this.checkType(type, 'msg');
    const existing = this.pubs.get(name);
    if (existing !== undefined) {
      if (existing.type === type) return existing.handle;
      throw rosClientError('ROS_CLIENT_REGISTRATION_CONFLICT', `advertise ${name} as ${type}: this client already publishes ${existing.type} there`, { field: 'type', value: type, expected: existing.type, topic: name });
    }
    const head = `{"op":"publish","topic":${JSON.stringify(name)},"msg":`;
    const entry: PubEntry = {
      topic: name,
      type,
      options,
      active: true,
      handle: {
        topic: name,
        type,
        get active() {
          return entry.active;
        },
        publish: (msg) => this.publishText(entry, head, msg),
        unadvertise: () => this.unadvertise(entry),
      },
    };
    this.pubs.set(name, entry);
    this.sendOp(this.advertiseOp(entry));
    return entry.handle;
  }

  /**
   * Call a ROS service through the bridge. Resolves with the response's values; rejects with
   * ROS_CLIENT_SERVICE_FAILED (the server answered `result: false`; `context.reason` has its text),
   * ROS_CLIENT_CALL_TIMEOUT, ROS_CLIENT_NOT_CONNECTED, ROS_CLIENT_DISCONNECTED (the link dropped
   * while waiting), ROS_CLIENT_CLOSED or ROS_CLIENT_ARGUMENT_INVALID.
   */
  callService(service: string, type: string, args: unknown = {}, options: ServiceCallOptions = {}): Promise<unknown> {
    try {
      this.checkOpen('callService');
      const name = this.checkName(service, 'service');
      this.checkType(type, 'srv');
      const timeoutMs = options.timeoutMs ?? this.config.callTimeoutMs;
      if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
        throw rosClientError('ROS_CLIENT_ARGUMENT_INVALID', `callService ${name}: timeoutMs is ${show(timeoutMs)}; expected a positive number of milliseconds`, { field: 'timeoutMs', value: timeoutMs, expected: '> 0' });
      }
      this.checkConnected(`call ${name}`);
      const id = `call_service:${name}:${++this.nextId}`;
      return new Promise<unknown>((resolve, reject) => {
        const timer = this.clock.setTimer(
          nsFromMs(timeoutMs),
          () => {
            if (!this.calls.delete(id)) return;
            reject(rosClientError('ROS_CLIENT_CALL_TIMEOUT', `service ${name} did not answer within ${timeoutMs} ms`, { service: name, timeoutMs }));
          },
          { oneShot: true },
        );
        this.calls.set(id, { service: name, timer, resolve, reject });
        // `timeout` (seconds) lets the server give up too; a second later than us, so our timeout decides.
        this.sendOp({ op: 'call_service', id, service: name, type, args, timeout: timeoutMs / 1000 + 1 });
      });
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Answer `service` (ROS type `type`) for the robot's ROS 2 graph: the server forwards each call as
   * `call_service` and gets `handler`'s value back as `service_response` (a throw answers
   * `result: false` with its text). Throws ROS_CLIENT_ARGUMENT_INVALID, ROS_CLIENT_REGISTRATION_CONFLICT
   * (already advertised) or ROS_CLIENT_CLOSED.
   */
  advertiseService(service: string, type: string, handler: RosServiceHandler): AdvertisedService {
    this.checkOpen('advertiseService');
    const name = this.checkName(service, 'service');
    this.checkType(type, 'srv');
    if (this.services.has(name)) {
      throw rosClientError('ROS_CLIENT_REGISTRATION_CONFLICT', `advertiseService ${name}: this client already answers it`, { field: 'service', value: name });
    }
    const entry: ServiceEntry = { service: name, type, handler };
    this.services.set(name, entry);
    this.sendOp({ op: 'advertise_service', service: name, type });
    return {
      service: name,
      type,
      unadvertise: () => {
        if (this.services.get(name) !== entry) return;
        this.services.delete(name);
        this.sendOp({ op: 'unadvertise_service', service: name });
      },
    };
  }

  /**
   * Send a goal to a ROS 2 action server (`send_action_goal`, with feedback). Goals are not re-sent
   * after a reconnection: they fail with ROS_CLIENT_DISCONNECTED. Throws ROS_CLIENT_ARGUMENT_INVALID
   * or ROS_CLIENT_CLOSED; when not connected, `result` rejects with ROS_CLIENT_NOT_CONNECTED.
   */
  sendActionGoal(action: string, type: string, goal: unknown = {}, options: ActionGoalOptions = {}): RosActionGoal {
    this.checkOpen('sendActionGoal');
    const name = this.checkName(action, 'action');
    this.checkType(type, 'action');
    const id = `send_action_goal:${name}:${++this.nextId}`;
    let result: Promise<ActionOutcome>;
    if (this.state !== 'connected') {
      result = Promise.reject(rosClientError('ROS_CLIENT_NOT_CONNECTED', `goal for ${name} not sent: the client is ${this.state}, not connected to ${this.config.url}`, { action: name, state: this.state }));
    } else {
      result = new Promise<ActionOutcome>((resolve, reject) => {
        this.goals.set(id, { action: name, onFeedback: options.onFeedback, resolve, reject });
      });
      this.sendOp({ op: 'send_action_goal', id, action: name, action_type: type, args: goal, feedback: true });
    }
    return {
      id,
      action: name,
      result,
      cancel: () => {
        if (this.goals.has(id)) this.sendOp({ op: 'cancel_action_goal', id, action: name });
      },
    };
  }

  /**
   * Stop for good: close the link (1000), stop reconnecting, fail calls and goals in flight with
   * ROS_CLIENT_CLOSED. Resolves once the socket has closed. Idempotent.
   */
  async close(): Promise<void> {
    const stopped = this.socket.stop();
    const error = this.closedError('the call');
    this.failPending(() => error);
    for (const e of this.subs.values()) e.active = false;
    for (const e of this.pubs.values()) e.active = false;
    await stopped;
  }

  // --- connection events -------------------------------------------------------------------

  private opened(): void {
    this.counters.connections++;
    this.defrag = new Defragmenter(DEFRAG_LIMITS, () => this.clock.now());
    const token = this.config.token;
    if (token !== undefined) this.sendOp({ op: 'auth', mac: token });
    for (const p of this.pubs.values()) this.sendOp(this.advertiseOp(p));
    for (const s of this.services.values()) this.sendOp({ op: 'advertise_service', service: s.service, type: s.type });
    for (const s of this.subs.values()) this.sendOp(this.subscribeOp(s));
  }

  private dropped(error: KindredError): void {
    this.failPending((what) => rosClientError('ROS_CLIENT_DISCONNECTED', `${what} failed: ${error.message}`, { ...error.context, cause: error.code }, error));
  }

  private failPending(make: (what: string) => KindredError): void {
    const calls = [...this.calls.values()];
    const goals = [...this.goals.values()];
    this.calls.clear();
    this.goals.clear();
    for (const c of calls) {
      c.timer.cancel();
      c.reject(make(`call to ${c.service}`));
    }
    for (const g of goals) g.reject(make(`goal for ${g.action}`));
  }

  private emitState(change: ClientStateChange): void {
    for (const listener of [...this.stateListeners]) {
      try {
        listener(change);
      } catch (e) {
        this.logger.error({ err: e }, 'rosbridge client: a state listener threw');
      }
    }
  }

  // --- incoming ----------------------------------------------------------------------------

  private receive(data: Buffer, isBinary: boolean): void {
    this.counters.framesReceived++;
    if (isBinary) this.counters.cborFramesReceived++;
    let frame: unknown;
    try {
      frame = isBinary ? decodeCbor(data) : parseRosbridgeJson(data.toString('utf8'));
    } catch (e) {
      this.badFrame(`a ${isBinary ? 'binary' : 'text'} frame does not decode (${e instanceof Error ? e.message : String(e)})`);
      return;
    }
    this.dispatch(frame);
  }

  private badFrame(problem: string): void {
    this.counters.badFrames++;
    this.logger.warn({ url: this.config.url }, `rosbridge client: ${problem}; ignored`);
  }

  private dispatch(frame: unknown): void {
    if (typeof frame === 'object' && frame !== null) {
      const op = (frame as Record<string, unknown>)['op'];
      if (op === 'status') {
        this.onStatusOp(frame as Record<string, unknown>);
        return;
      }
      if (op === 'fragment') {
        this.onFragment(frame as Record<string, unknown>);
        return;
      }
    }
    const parsed = parseClientOp(frame);
    if (!parsed.ok) {
      if (parsed.code === 'ROSBRIDGE_UNKNOWN_OP') this.logger.debug({ problem: parsed.problem }, 'rosbridge client: op not for clients; ignored');
      else this.badFrame(parsed.problem);
      return;
    }
    const op = parsed.op;
    switch (op.op) {
      case 'publish':
        this.onPublish(op);
        return;
      case 'service_response':
        this.onServiceResponse(op);
        return;
      case 'call_service':
        this.onCallService(op);
        return;
      case 'action_feedback':
        this.onActionFeedback(op);
        return;
      case 'action_result':
        this.onActionResult(op);
        return;
      default:
        this.logger.debug({ op: op.op }, 'rosbridge client: op not handled by a client; ignored');
    }
  }

  private onStatusOp(m: Record<string, unknown>): void {
    const level = typeof m['level'] === 'string' ? m['level'] : 'info';
    const msg = typeof m['msg'] === 'string' ? m['msg'] : show(m['msg']);
    const id = typeof m['id'] === 'string' ? m['id'] : undefined;
    const code = typeof m['code'] === 'string' ? m['code'] : undefined;
    const status: RosbridgeStatus = { level, msg, ...(id === undefined ? {} : { id }), ...(code === undefined ? {} : { code }) };
    // Not `level`: pino would take it for the record's own level.
    const bindings = { statusLevel: level, id, code, url: this.config.url };
    if (level === 'error') {
      this.counters.statusErrors++;
      this.logger.error(bindings, `rosbridge server status: ${msg}`);
    } else if (level === 'warning') this.logger.warn(bindings, `rosbridge server status: ${msg}`);
    else this.logger.info(bindings, `rosbridge server status: ${msg}`);
    if (level === 'error' && id !== undefined) this.failById(id, msg, code);
    for (const listener of [...this.statusListeners]) {
      try {
        listener(status);
      } catch (e) {
        this.logger.error({ err: e }, 'rosbridge client: a status listener threw');
      }
    }
  }

  /** A status error naming a call or goal in flight: the server refused it, so it will not be answered. */
  private failById(id: string, msg: string, code: string | undefined): void {
    const call = this.calls.get(id);
    if (call !== undefined) {
      this.calls.delete(id);
      call.timer.cancel();
      call.reject(rosClientError('ROS_CLIENT_SERVICE_FAILED', `service ${call.service} refused by the rosbridge server: ${msg}`, { service: call.service, reason: msg, serverCode: code }));
      return;
    }
    const goal = this.goals.get(id);
    if (goal !== undefined) {
      this.goals.delete(id);
      goal.reject(rosClientError('ROS_CLIENT_ACTION_FAILED', `goal for ${goal.action} refused by the rosbridge server: ${msg}`, { action: goal.action, reason: msg, serverCode: code }));
    }
  }

  /**
   * One piece of a fragmented message. rosbridge_suite (ROS 2) numbers fragments of an op without an
   * id with an integer id (usually 0 for every message) and computes `total` as `(len-1)/size + 1`
   * with Python 3's float division, so 3.6 means 3 pieces; both are accepted as they come.
   */
  private onFragment(m: Record<string, unknown>): void {
    const { id, data, num, total } = m;
    const key = typeof id === 'string' ? id : typeof id === 'number' ? String(id) : '';
    if (typeof data !== 'string' || !Number.isInteger(num) || typeof total !== 'number' || !Number.isFinite(total) || total < 1) {
      this.badFrame(`a fragment needs string "data", integer "num" and a "total" ≥ 1; got num ${show(num)}, total ${show(total)}`);
      return;
    }
    const pieces = Math.floor(total);
    const outcome = this.defrag.add(key, data, num as number, pieces);
    if (outcome.kind === 'refused') this.badFrame(`fragment ${show(num)}/${pieces} of ${JSON.stringify(key)}: ${outcome.problem}`);
    else if (outcome.kind === 'complete') {
      let frame: unknown;
      try {
        frame = parseRosbridgeJson(outcome.text);
      } catch (e) {
        this.badFrame(`the joined fragments of ${JSON.stringify(key)} are not JSON (${e instanceof Error ? e.message : String(e)})`);
        return;
      }
      this.dispatch(frame);
    }
  }

  private onPublish(op: PublishOp): void {
    const name = resolveName(op.topic);
    const entries = name === undefined ? undefined : this.subsByTopic.get(name);
    if (entries === undefined) return;
    for (const entry of [...entries]) {
      if (!entry.active) continue;
      let msg: unknown = op.msg;
      if (entry.kindredType !== undefined) {
        const populated = populateMessage(entry.kindredType, op.msg);
        if (!populated.ok) {
          this.counters.messagesInvalid++;
          if (!entry.warned) {
            entry.warned = true;
            this.logger.warn({ topic: entry.topic, type: entry.type }, `rosbridge client: a message on ${entry.topic} does not fit ${entry.type} (${populated.problem}); such messages are dropped (logged once)`);
          }
          continue;
        }
        msg = populated.message;
      }
      this.counters.messagesReceived++;
      try {
        entry.callback(msg);
      } catch (e) {
        this.logger.error({ err: e, topic: entry.topic }, 'rosbridge client: a subscription callback threw');
      }
    }
  }

  private onServiceResponse(op: ServiceResponseOp): void {
    const id = op.id;
    const call = id === undefined ? undefined : this.calls.get(id);
    if (id === undefined || call === undefined) {
      this.logger.debug({ id, service: op.service }, 'rosbridge client: service_response for no call in flight (answered after its timeout?)');
      return;
    }
    this.calls.delete(id);
    call.timer.cancel();
    if (op.result) call.resolve(op.values ?? {});
    else {
      const reason = reasonOf(op.values);
      call.reject(rosClientError('ROS_CLIENT_SERVICE_FAILED', `service ${call.service} failed: ${reason}`, { service: call.service, reason }));
    }
  }

  private onCallService(op: CallServiceOp): void {
    const name = resolveName(op.service);
    const entry = name === undefined ? undefined : this.services.get(name);
    const respond = (result: boolean, values: unknown): void => {
      this.sendOp({ op: 'service_response', ...(op.id === undefined ? {} : { id: op.id }), service: op.service, values, result });
    };
    if (entry === undefined) {
      respond(false, `service ${op.service} is not advertised by this client`);
      return;
    }
    const args = Array.isArray(op.args) && op.args.length === 0 ? {} : (op.args ?? {});
    Promise.resolve()
      .then(() => entry.handler(args, { service: entry.service, id: op.id }))
      .then(
        (values) => respond(true, values ?? {}),
        (e: unknown) => {
          this.logger.warn({ service: entry.service, err: e }, 'rosbridge client: a service handler failed');
          respond(false, errorText(e));
        },
      );
  }

  private onActionFeedback(op: ActionFeedbackOp): void {
    const goal = this.goals.get(op.id);
    if (goal === undefined) return;
    try {
      goal.onFeedback?.(op.values);
    } catch (e) {
      this.logger.error({ err: e, action: goal.action }, 'rosbridge client: a feedback callback threw');
    }
  }

  private onActionResult(op: ActionResultOp): void {
    const goal = this.goals.get(op.id);
    if (goal === undefined) return;
    this.goals.delete(op.id);
    if (op.result) goal.resolve(outcome(op.status, op.values));
    else {
      const reason = reasonOf(op.values);
      goal.reject(rosClientError('ROS_CLIENT_ACTION_FAILED', `goal for ${goal.action} failed (status ${op.status}): ${reason}`, { action: goal.action, reason, statusCode: op.status }));
    }
  }

  // --- outgoing ----------------------------------------------------------------------------

  private sendOp(op: Readonly<Record<string, unknown>>): boolean {
    if (!this.socket.send(valueToJson(op))) return false;
    this.counters.framesSent++;
    return true;
  }

  private publishText(entry: PubEntry, head: string, msg: unknown): boolean {
    if (!entry.active || this.state !== 'connected' || this.socket.bufferedBytes > this.config.maxBufferedBytes) {
      this.counters.publishDropped++;
      return false;
    }
    if (!this.socket.send(`${head}${messageToJson(entry.type, msg)}}`)) {
      this.counters.publishDropped++;
      return false;
    }
    this.counters.framesSent++;
    this.counters.messagesPublished++;
    return true;
  }

  private subscribeOp(entry: SubEntry): Record<string, unknown> {
    const o = entry.options;
    return {
      op: 'subscribe',
      id: entry.id,
      topic: entry.topic,
      type: entry.type,
      ...(o.throttle_rate === undefined ? {} : { throttle_rate: o.throttle_rate }),
      ...(o.queue_length === undefined ? {} : { queue_length: o.queue_length }),
      ...(o.compression === undefined || o.compression === 'none' ? {} : { compression: o.compression }),
      ...(o.fragment_size === undefined ? {} : { fragment_size: o.fragment_size }),
    };
  }

  private advertiseOp(entry: PubEntry): Record<string, unknown> {
    const o = entry.options;
    return {
      op: 'advertise',
      topic: entry.topic,
      type: entry.type,
      ...(o.latch === undefined ? {} : { latch: o.latch }),
      ...(o.queue_size === undefined ? {} : { queue_size: o.queue_size }),
    };
  }

  private unsubscribe(entry: SubEntry): void {
    if (!entry.active) return;
    entry.active = false;
    this.subs.delete(entry.id);
    const set = this.subsByTopic.get(entry.topic);
    set?.delete(entry);
    if (set?.size === 0) this.subsByTopic.delete(entry.topic);
    this.sendOp({ op: 'unsubscribe', id: entry.id, topic: entry.topic });
  }

  private unadvertise(entry: PubEntry): void {
    if (!entry.active) return;
    entry.active = false;
    this.pubs.delete(entry.topic);
    this.sendOp({ op: 'unadvertise', topic: entry.topic });
  }

  // --- checks ------------------------------------------------------------------------------

  private checkOpen(what: string): void {
    if (this.state === 'closed') throw this.closedError(what);
  }

  private checkConnected(what: string): void {
    if (this.state !== 'connected') {
      throw rosClientError('ROS_CLIENT_NOT_CONNECTED', `${what}: the client is ${this.state}, not connected to ${this.config.url}`, { state: this.state, url: this.config.url });
    }
  }

  private closedError(what: string): KindredError {
    return rosClientError('ROS_CLIENT_CLOSED', `${what}: the rosbridge client for ${this.config.url} is closed`, { url: this.config.url });
  }

  private checkName(name: string, what: string): string {
    const resolved = resolveName(name);
    if (resolved === undefined) {
      throw rosClientError('ROS_CLIENT_ARGUMENT_INVALID', `${what} name ${show(name)} is not a ROS 2 name; expected segments of [A-Za-z0-9_] separated by /, e.g. /joint_states`, {
        field: what,
        value: name,
        expected: 'a ROS 2 name',
      });
    }
    return resolved;
  }

  private checkType(type: string, kind: InterfaceKind): void {
    if (!isInterfaceType(type, kind)) {
      throw rosClientError('ROS_CLIENT_ARGUMENT_INVALID', `type ${show(type)} is not a ROS 2 ${kind} type; expected pkg/${kind}/Name (or pkg/Name)`, {
        field: 'type',
        value: type,
        expected: `pkg/${kind}/Name`,
      });
    }
  }
}
