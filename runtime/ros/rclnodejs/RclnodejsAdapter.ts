import type { Bus, Publisher, Subscription, TopicInfo } from '../../bus/index.js';
import { KindredError, show } from '../../errors/index.js';
import { silentLogger, type Logger } from '../../logging/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import type { ActionOutcome } from '../rosbridge/index.js';
import { compileAllowList } from '../rosbridge/names.js';
import { offerActions, outcomeOfStatus } from './nativeActions.js';
import { offerParameters } from './nativeParameters.js';
import { NativeServices, serviceFilter, serviceTimeout } from './nativeServices.js';
import type { RclApi, RclContext, RclNode, RclPublisher, RclSubscription } from './RclApi.js';
import { kindredToRcl, plainFromRcl, rclToKindred, type MessageConverter } from './rclMessages.js';
import { outgoingTopicFilter, resolveRclnodejsConfig, type RclnodejsAdapterOptions, type ResolvedRclnodejsConfig, type TopicIn } from './rclnodejsOptions.js';
import { rclQosProfile, toRclQos } from './rclQos.js';

/** Counters of one bridged topic. */
export interface NativeTopicStats {
  readonly bus: string;
  readonly ros: string;
  readonly type: string;
  /** Messages passed on (published natively, or onto the bus). */
  readonly messages: number;
  /** Messages that could not be converted or published (RCLNODEJS_MESSAGE_INVALID, logged once per topic). */
  readonly dropped: number;
}

/** What the adapter bridges now. */
export interface RclnodejsAdapterStats {
  readonly node: string;
  readonly topicsOut: readonly NativeTopicStats[];
  readonly topicsIn: readonly NativeTopicStats[];
  readonly services: readonly string[];
  readonly actions: readonly string[];
  readonly parameters: readonly string[];
  /** Topics, services and actions not offered, with the reason (usually RCLNODEJS_TYPE_UNAVAILABLE). */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

/** How `callService` / `sendGoal` wait. */
export interface NativeCallOptions {
  /** Wait this long for the server to appear and again for the answer; default `serviceTimeoutMs`. */
  readonly timeoutMs?: number;
}

/** How `sendGoal` follows its goal. */
export interface NativeGoalOptions extends NativeCallOptions {
  readonly onFeedback?: (feedback: unknown) => void;
  /** Abort to cancel the goal. */
  readonly signal?: AbortSignal;
}

interface Counted {
  messages: number;
  dropped: number;
  logged: boolean;
}

interface OutTopic extends Counted {
  readonly info: TopicInfo;
  readonly publisher: RclPublisher;
  readonly subscription: Subscription;
}

interface InTopic extends Counted {
  readonly spec: TopicIn;
  readonly subscription: RclSubscription;
  readonly publisher: Publisher<unknown>;
}

interface Running {
  readonly config: ResolvedRclnodejsConfig;
  readonly context: RclContext;
  readonly node: RclNode;
  readonly logger: Logger;
  readonly out: Map<string, OutTopic>;
  readonly in: InTopic[];
  readonly skipped: Map<string, string>;
  readonly disposers: Array<() => void>;
  services: NativeServices | undefined;
  actions: readonly string[];
  parameters: readonly string[];
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isRclTimeout(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; name?: unknown };
  return e.code === 'TIMEOUT' || e.name === 'TimeoutError';
}

/**
 * Kindred as a native ROS 2 node through rclnodejs, where ROS 2 is sourced (`loadRclnodejs`):
 * bus topics are published as ROS 2 topics (same names, the bus's durability), configured ROS 2
 * topics are brought onto the bus (only bus topics in `allowPublish`, the bridges' rule: commands
 * reach actuators only through Kindred's command path and the SafetyGate), Kindred's services and
 * actions are offered as ROS 2 services and action servers, and its live parameters are the node's
 * ROS 2 parameters, changed only through the ParameterStore's validation. The node runs in an rcl
 * context of its own, so `stop()` leaves any other rclnodejs user in the process alone.
 */
export class RclnodejsAdapter {
  private state: 'idle' | 'starting' | 'running' | 'stopping' = 'idle';
  private running: Running | undefined;

  constructor(private readonly rcl: RclApi) {}

  /** True between a successful `start()` and `stop()`. */
  get started(): boolean {
    return this.state === 'running';
  }

  /**
   * Create the node and everything it bridges, then spin it. Configuration is checked before
   * anything is created (RCLNODEJS_CONFIG_INVALID, RCLNODEJS_PUBLISH_NOT_ALLOWED); a failure while
   * creating (RCLNODEJS_INIT_FAILED, or RCLNODEJS_TYPE_UNAVAILABLE for a `topicsIn` type the ROS 2
   * installation lacks) undoes what was made. Bus topics, services and actions whose types ROS 2
   * lacks are skipped and listed in `stats().skipped`.
   */
  async start(options: RclnodejsAdapterOptions): Promise<void> {
    if (this.state !== 'idle') {
      throw new KindredError('RCLNODEJS_NOT_STARTED', `start() was called while the adapter is ${this.state}; expected one start() per stop()`, {
        field: 'state',
        value: this.state,
        expected: 'idle',
      });
    }
    const config = resolveRclnodejsConfig(options);
    const logger = (options.logger ?? silentLogger()).child({ module: 'rclnodejs' });
    this.state = 'starting';
    let context: RclContext | undefined;
    let node: RclNode;
    try {
      context = config.domainId === undefined ? new this.rcl.Context() : new this.rcl.Context(BigInt(config.domainId));
      await this.rcl.init(context, ['kindred', ...config.rosArgs]);
      // Kindred shuts down in order on SIGINT/SIGTERM (controllers held, worker stopped, logs
      // flushed); rclnodejs's own handler would tear the node down underneath that.
      this.rcl.removeSignalHandlers();
      node = new this.rcl.Node(config.nodeName, config.namespace, context);
    } catch (error) {
      try {
        context?.shutdown();
      } catch {
        // Nothing more can be undone.
      }
      this.state = 'idle';
      throw new KindredError(
        'RCLNODEJS_INIT_FAILED',
        `rclnodejs could not start node ${show(config.nodeName)} (namespace ${show(config.namespace)}, domain ${config.domainId ?? 'ROS_DOMAIN_ID'}): ${errorText(error)}`,
        { field: 'nodeName', value: config.nodeName, expected: 'an rcl context and node ROS 2 accepts' },
        { cause: error },
      );
    }
    const run: Running = { config, context, node, logger, out: new Map(), in: [], skipped: new Map(), disposers: [], services: undefined, actions: [], parameters: [] };
    this.running = run;
    try {
      for (const spec of config.topicsIn) this.bridgeIn(run, options.bus, spec);
      this.bridgeOut(run, options.bus);
      if (options.services !== undefined) {
        run.services = new NativeServices(node, options.services, serviceFilter(config.servicesOut), logger);
        run.services.sync();
      }
      if (options.actions !== undefined) {
        const wanted = compileAllowList(config.actionsOut);
        const actions = offerActions(this.rcl, node, options.actions, (a) => wanted(a.name), logger);
        run.actions = actions.offered;
        for (const [name, reason] of actions.skipped) run.skipped.set(name, reason);
        run.disposers.push(actions.dispose);
      }
      if (options.parameters !== undefined) {
        const parameters = offerParameters(this.rcl, node, options.parameters, logger);
        run.parameters = parameters.declared;
        run.disposers.push(parameters.dispose);
      }
      node.spin();
    } catch (error) {
      this.teardown(run);
      this.running = undefined;
      this.state = 'idle';
      throw error;
    }
    this.state = 'running';
    logger.info(
      { node: node.getFullyQualifiedName(), topicsOut: [...run.out.keys()], topicsIn: config.topicsIn.map((t) => t.ros), services: run.services?.names ?? [], actions: run.actions, skipped: [...run.skipped.keys()] },
      'native ROS 2 node started',
    );
  }

  /** Offer services registered since `start()` and withdraw those that left the registry. */
  syncServices(): void {
    this.require('syncServices').services?.sync();
  }

  /**
   * Call a native ROS 2 service (e.g. a ros2_control or robot driver service) and resolve with its
   * response in Kindred's plain form. Rejects with RCLNODEJS_TYPE_UNAVAILABLE, RCLNODEJS_SERVICE_TIMEOUT
   * (no server, or no answer, within the timeout) or RCLNODEJS_SERVICE_FAILED.
   */
  async callService(name: string, type: string, request: object = {}, options: NativeCallOptions = {}): Promise<unknown> {
    const run = this.require('callService');
    const timeoutMs = options.timeoutMs ?? run.config.serviceTimeoutMs;
    let client;
    try {
      client = run.node.createClient(type, name);
    } catch (error) {
      throw new KindredError('RCLNODEJS_TYPE_UNAVAILABLE', `cannot call ROS 2 service ${show(name)} of type ${show(type)}: ${errorText(error)}`, { field: 'type', value: type, expected: 'a service type installed in the sourced ROS 2' }, { cause: error });
    }
    try {
      if (!(await client.waitForService(timeoutMs))) throw serviceTimeout('service', name, timeoutMs, 'did not appear');
      try {
        return plainFromRcl(await client.sendRequestAsync(request, { timeout: timeoutMs }));
      } catch (error) {
        if (isRclTimeout(error)) throw serviceTimeout('service', name, timeoutMs, 'did not answer');
        throw new KindredError('RCLNODEJS_SERVICE_FAILED', `ROS 2 service ${show(name)} failed: ${errorText(error)}`, { field: 'service', value: name, reason: errorText(error) }, { cause: error });
      }
    } finally {
      try {
        run.node.destroyClient(client);
      } catch {
        // Destroyed with the node already.
      }
    }
  }

  /**
   * Send a goal to a native ROS 2 action server and resolve with how it ended (the same
   * `ActionOutcome` the rosbridge registry gives). Feedback goes to `onFeedback`; aborting `signal`
   * requests cancellation. Rejects with RCLNODEJS_TYPE_UNAVAILABLE, RCLNODEJS_ACTION_FAILED (no
   * server within the timeout, or the goal rejected).
   */
  async sendGoal(name: string, type: string, goal: object = {}, options: NativeGoalOptions = {}): Promise<ActionOutcome> {
    const run = this.require('sendGoal');
    const timeoutMs = options.timeoutMs ?? run.config.serviceTimeoutMs;
    let client;
    try {
      client = new this.rcl.ActionClient(run.node, type, name);
    } catch (error) {
      throw new KindredError('RCLNODEJS_TYPE_UNAVAILABLE', `cannot use ROS 2 action ${show(name)} of type ${show(type)}: ${errorText(error)}`, { field: 'type', value: type, expected: 'an action type installed in the sourced ROS 2' }, { cause: error });
    }
    const failed = (why: string, cause?: unknown): KindredError =>
      new KindredError('RCLNODEJS_ACTION_FAILED', `ROS 2 action ${show(name)}: ${why}`, { field: 'action', value: name, reason: why }, cause === undefined ? undefined : { cause });
    try {
      if (!(await client.waitForServer(timeoutMs))) throw failed(`no action server appeared within ${timeoutMs} ms`);
      const onFeedback = options.onFeedback;
      const handle = await client.sendGoal(goal, onFeedback === undefined ? undefined : (feedback) => onFeedback(plainFromRcl(feedback)));
      if (!handle.accepted) throw failed('the goal was rejected');
      const cancel = (): void => {
        handle.cancelGoal().catch((error: unknown) => run.logger.warn({ err: error, action: name }, 'cancelling a ROS 2 goal failed'));
      };
      options.signal?.addEventListener('abort', cancel, { once: true });
      if (options.signal?.aborted === true) cancel();
      try {
        const result = await handle.getResult();
        return outcomeOfStatus(handle.status, result);
      } finally {
        options.signal?.removeEventListener('abort', cancel);
      }
    } catch (error) {
      if (error instanceof KindredError) throw error;
      throw failed(errorText(error), error);
    } finally {
      try {
        client.destroy();
      } catch {
        // Destroyed with the node already.
      }
    }
  }

  /** What is bridged now, with counters. Throws RCLNODEJS_NOT_STARTED when not running. */
  stats(): RclnodejsAdapterStats {
    const run = this.require('stats');
    const skipped = new Map(run.skipped);
    for (const [name, reason] of run.services?.skipped ?? []) skipped.set(name, reason);
    return {
      node: run.node.getFullyQualifiedName(),
      topicsOut: [...run.out.values()].map((t) => ({ bus: t.info.name, ros: t.info.name, type: t.info.type, messages: t.messages, dropped: t.dropped })),
      topicsIn: run.in.map((t) => ({ bus: t.spec.bus, ros: t.spec.ros, type: t.spec.type, messages: t.messages, dropped: t.dropped })),
      services: run.services?.names ?? [],
      actions: run.actions,
      parameters: run.parameters,
      skipped: [...skipped].map(([name, reason]) => ({ name, reason })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    };
  }

  /** Destroy everything the adapter made (bus subscriptions and publishers, the node, its context). Idempotent. */
  async stop(): Promise<void> {
    const run = this.running;
    if (run === undefined || this.state === 'stopping') return;
    this.state = 'stopping';
    this.teardown(run);
    this.running = undefined;
    this.state = 'idle';
    run.logger.info({ node: run.config.nodeName }, 'native ROS 2 node stopped');
    await Promise.resolve();
  }

  private require(what: string): Running {
    if (this.state !== 'running' || this.running === undefined) {
      throw new KindredError('RCLNODEJS_NOT_STARTED', `${what}() needs a started adapter; it is ${this.state}`, { field: 'state', value: this.state, expected: 'running' });
    }
    return this.running;
  }

  /** A ROS 2 topic onto the bus. Its type must exist in the ROS 2 installation (RCLNODEJS_TYPE_UNAVAILABLE). */
  private bridgeIn(run: Running, bus: Bus<MessageTypeMap>, spec: TopicIn): void {
    const profile = rclQosProfile(spec.qos);
    const publisher = bus.advertiseAny(spec.bus, spec.type, { depth: profile.depth, durability: spec.qos.durability ?? 'volatile' });
    const convert = rclToKindred(spec.type);
    const counted: Counted = { messages: 0, dropped: 0, logged: false };
    let subscription: RclSubscription;
    try {
      subscription = run.node.createSubscription(spec.type, spec.ros, { qos: toRclQos(this.rcl, profile), enableTypedArray: true }, (message) => {
        // Nothing may escape into rclnodejs's executor: a failure is counted and logged once.
        try {
          publisher.publish(convert(message));
          counted.messages++;
        } catch (error) {
          this.drop(run, counted, spec.ros, error);
        }
      });
    } catch (error) {
      publisher.close();
      throw new KindredError('RCLNODEJS_TYPE_UNAVAILABLE', `cannot subscribe to ROS 2 topic ${show(spec.ros)} as ${spec.type}: ${errorText(error)}`, { field: 'topicsIn', value: spec.ros, expected: 'a message type installed in the sourced ROS 2', type: spec.type }, { cause: error });
    }
    run.in.push(Object.assign(counted, { spec, subscription, publisher }));
  }

  /** Every matching bus topic, now and later, published natively under the same name. */
  private bridgeOut(run: Running, bus: Bus<MessageTypeMap>): void {
    const wanted = outgoingTopicFilter(run.config);
    const add = (info: TopicInfo): void => {
      if (!wanted(info.name) || run.out.has(info.name) || run.skipped.has(info.name)) return;
      this.mirror(run, bus, info);
    };
    const remove = (info: TopicInfo): void => {
      const topic = run.out.get(info.name);
      if (topic === undefined) return;
      run.out.delete(info.name);
      topic.subscription.unsubscribe();
      try {
        run.node.destroyPublisher(topic.publisher);
      } catch {
        // Destroyed with the node already.
      }
    };
    run.disposers.push(bus.onTopicAdded(add), bus.onTopicRemoved(remove));
    for (const info of bus.topics()) add(info);
  }

  private mirror(run: Running, bus: Bus<MessageTypeMap>, info: TopicInfo): void {
    let convert: MessageConverter;
    let publisher: RclPublisher;
    const qos = run.config.topicsOutQos[info.name] ?? { durability: info.durability };
    const profile = rclQosProfile(qos);
    try {
      convert = kindredToRcl(info.type);
      publisher = run.node.createPublisher(info.type, info.name, { qos: toRclQos(this.rcl, profile) });
    } catch (error) {
      run.skipped.set(info.name, `RCLNODEJS_TYPE_UNAVAILABLE: topic ${info.name} (${info.type}) could not be published natively: ${errorText(error)}`);
      run.logger.warn({ code: 'RCLNODEJS_TYPE_UNAVAILABLE', topic: info.name, type: info.type, err: error }, 'bus topic not published to ROS 2');
      return;
    }
    const counted: Counted = { messages: 0, dropped: 0, logged: false };
    // Queued: publishing natively (serialisation, DDS) never holds up a bus publisher such as the
    // state publisher. Transient-local: a latched bus topic's kept message reaches ROS 2 too.
    const subscription = bus.subscribeAny(
      info.name,
      (message) => {
        try {
          publisher.publish(convert(message) as object);
          counted.messages++;
        } catch (error) {
          this.drop(run, counted, info.name, error);
        }
      },
      { delivery: 'queued', depth: profile.depth, durability: 'transient_local' },
    );
    run.out.set(info.name, Object.assign(counted, { info, publisher, subscription }));
  }

  /** Count a message that could not be passed on; log the first per topic (no per-message logs). */
  private drop(run: Running, counted: Counted, topic: string, error: unknown): void {
    counted.dropped++;
    if (counted.logged) return;
    counted.logged = true;
    run.logger.warn({ code: 'RCLNODEJS_MESSAGE_INVALID', topic, err: error }, 'a message could not be bridged; further failures on this topic are only counted');
  }

  private teardown(run: Running): void {
    for (const dispose of run.disposers.splice(0).reverse()) {
      try {
        dispose();
      } catch (error) {
        run.logger.warn({ err: error }, 'cleaning up the native ROS 2 bridge failed');
      }
    }
    run.services?.dispose();
    for (const topic of run.out.values()) topic.subscription.unsubscribe();
    run.out.clear();
    for (const topic of run.in) topic.publisher.close();
    try {
      run.node.destroy();
    } catch {
      // rclnodejs's own shutdown may have destroyed it.
    }
    try {
      if (!run.context.isShutdown()) run.context.shutdown();
    } catch (error) {
      run.logger.warn({ err: error }, 'shutting down the rcl context failed');
    }
  }
}
