import type { Bus, Publisher, Subscription } from '../../bus/index.js';
import { silentLogger, type Logger } from '../../logging/index.js';
import type { MessageTypeMap, MessageTypeName } from '../../msgs/index.js';
import { resolveMessageType } from '../rosbridge/names.js';
import type { RosBridgeMappingConfig } from './mappingSchema.js';
import type { ActionGoalOptions, AdvertisedService, RosActionGoal, RosbridgeClient, RosPublisher, RosServiceHandler, RosSubscription, ServiceCallOptions } from './RosbridgeClient.js';
import { rosClientError } from './rosClientErrors.js';
import { validateRosBridgeMapping, type MappingRules } from './validateMapping.js';

/** What `new RosBridgeMapping(options)` takes. */
export interface RosBridgeMappingOptions extends MappingRules {
  readonly client: RosbridgeClient;
  readonly bus: Bus<MessageTypeMap>;
  /** The mapping as written (a launch file's section, or an object); checked here. */
  readonly config: unknown;
  /** Handlers for `servicesOut`, by the name each entry gives in `handler`. */
  readonly serviceHandlers?: Readonly<Record<string, RosServiceHandler>>;
  readonly logger?: Logger;
}

/** Messages that crossed each mapped topic since `start()`. */
export interface MappingStats {
  /** ROS → bus, per bus topic. */
  readonly in: Readonly<Record<string, number>>;
  /** bus → ROS, per ROS topic. */
  readonly out: Readonly<Record<string, number>>;
  /** bus → ROS messages dropped because the link was down or congested, per ROS topic. */
  readonly outDropped: Readonly<Record<string, number>>;
}

interface Running {
  readonly subscriptions: RosSubscription[];
  readonly busPublishers: Publisher<unknown>[];
  readonly busSubscriptions: Subscription[];
  readonly rosPublishers: RosPublisher[];
  readonly services: AdvertisedService[];
  readonly inCounts: Record<string, number>;
  readonly outCounts: Record<string, number>;
  readonly outDropped: Record<string, number>;
}

function messageType(type: string): MessageTypeName {
  // The schema accepted only types Kindred knows, so this always resolves.
  return resolveMessageType(type) ?? (type as MessageTypeName);
}

/**
 * Maps a robot's ROS 2 graph, reached through a `RosbridgeClient`, onto Kindred's bus as a
 * configuration says: ROS topics into bus topics (as Kindred message objects), bus topics out to ROS
 * topics, the robot's services and actions callable by name (`call`, `sendGoal`), and ROS services
 * Kindred answers. The configuration is checked once, in the constructor (see
 * `validateRosBridgeMapping`): a mapping that would send actuator commands past the SafetyGate is
 * refused there, so nothing unsafe ever starts. Because the client re-sends its subscriptions and
 * advertisements after a reconnection, the mapping keeps working across server restarts.
 */
export class RosBridgeMapping {
  readonly config: RosBridgeMappingConfig;
  private readonly client: RosbridgeClient;
  private readonly bus: Bus<MessageTypeMap>;
  private readonly handlers: Readonly<Record<string, RosServiceHandler>>;
  private readonly logger: Logger;
  private running: Running | undefined;

  /**
   * Checks the configuration (ROS_CLIENT_MAPPING_INVALID, ROS_CLIENT_UNGATED_COMMAND,
   * ROS_CLIENT_GATED_NOT_ALLOWED, ROS_CLIENT_HANDLER_MISSING); starts nothing.
   */
  constructor(options: RosBridgeMappingOptions) {
    this.handlers = options.serviceHandlers ?? {};
    this.config = validateRosBridgeMapping(options.config, { ...options, serviceHandlers: this.handlers });
    this.client = options.client;
    this.bus = options.bus;
    this.logger = (options.logger ?? silentLogger()).child({ module: 'ros_mapping' });
  }

  /**
   * Set the mapping up on the client and the bus (idempotent). The client need not be connected
   * yet: what it is asked for goes out when the link comes up. Throws BUS_TYPE_MISMATCH when a
   * mapped bus topic already carries another type (nothing is left half set up).
   */
  start(): void {
    if (this.running !== undefined) return;
    const run: Running = { subscriptions: [], busPublishers: [], busSubscriptions: [], rosPublishers: [], services: [], inCounts: {}, outCounts: {}, outDropped: {} };
    this.running = run;
    try {
      for (const t of this.config.topicsIn) {
        const type = messageType(t.type);
        const publisher = this.bus.advertiseAny(t.bus, type);
        run.busPublishers.push(publisher);
        run.inCounts[t.bus] = 0;
        const options = {
          compression: t.compression,
          ...(t.throttleMs === undefined ? {} : { throttle_rate: t.throttleMs }),
          ...(t.queueLength === undefined ? {} : { queue_length: t.queueLength }),
          ...(t.fragmentSize === undefined ? {} : { fragment_size: t.fragmentSize }),
        };
        run.subscriptions.push(
          this.client.subscribe(
            t.ros,
            type,
            (msg) => {
              run.inCounts[t.bus] = (run.inCounts[t.bus] ?? 0) + 1;
              publisher.publish(msg);
            },
            options,
          ),
        );
      }
      for (const t of this.config.topicsOut) {
        const type = messageType(t.type);
        const ros = this.client.advertise(t.ros, type, t.latch === undefined ? {} : { latch: t.latch });
        run.rosPublishers.push(ros);
        run.outCounts[t.ros] = 0;
        run.outDropped[t.ros] = 0;
        run.busSubscriptions.push(
          this.bus.subscribe(t.bus, type, (msg) => {
            if (ros.publish(msg)) run.outCounts[t.ros] = (run.outCounts[t.ros] ?? 0) + 1;
            else run.outDropped[t.ros] = (run.outDropped[t.ros] ?? 0) + 1;
          }),
        );
      }
      for (const s of this.config.servicesOut) {
        const handler = this.handlers[s.handler];
        if (handler !== undefined) run.services.push(this.client.advertiseService(s.ros, s.type, handler));
      }
    } catch (e) {
      this.stop();
      throw e;
    }
    this.logger.info(
      { topicsIn: this.config.topicsIn.length, topicsOut: this.config.topicsOut.length, servicesIn: this.config.servicesIn.length, servicesOut: this.config.servicesOut.length, actions: this.config.actions.length },
      'rosbridge mapping started',
    );
  }

  /** Undo `start()`: unsubscribe, unadvertise, withdraw services, leave the bus topics (idempotent). */
  stop(): void {
    const run = this.running;
    if (run === undefined) return;
    this.running = undefined;
    for (const s of run.subscriptions) s.unsubscribe();
    for (const s of run.busSubscriptions) s.unsubscribe();
    for (const p of run.busPublishers) p.close();
    for (const s of run.services) s.unadvertise();
    for (const p of run.rosPublishers) p.unadvertise();
  }

  /**
   * Call the robot's service listed in `servicesIn` under `name`, through the client (see
   * `RosbridgeClient.callService` for how it fails). Rejects with ROS_CLIENT_NAME_UNKNOWN for a name
   * the mapping does not list.
   */
  call(name: string, args: unknown = {}, options: ServiceCallOptions = {}): Promise<unknown> {
    const entry = this.config.servicesIn.find((s) => s.name === name);
    if (entry === undefined) {
      const known = this.config.servicesIn.map((s) => s.name);
      return Promise.reject(
        rosClientError('ROS_CLIENT_NAME_UNKNOWN', `call ${JSON.stringify(name)}: the rosbridge mapping lists no such service; listed: ${known.length === 0 ? 'none' : known.join(', ')}`, {
          field: 'name',
          value: name,
          expected: known.length === 0 ? 'a servicesIn entry' : `one of ${known.join(', ')}`,
        }),
      );
    }
    const timeoutMs = options.timeoutMs ?? entry.timeoutMs;
    return this.client.callService(entry.ros, entry.type, args, timeoutMs === undefined ? {} : { timeoutMs });
  }

  /**
   * Send a goal to the robot's action listed in `actions` under `name` (see
   * `RosbridgeClient.sendActionGoal`). Throws ROS_CLIENT_NAME_UNKNOWN for a name the mapping does not list.
   */
  sendGoal(name: string, goal: unknown = {}, options: ActionGoalOptions = {}): RosActionGoal {
    const entry = this.config.actions.find((a) => a.name === name);
    if (entry === undefined) {
      const known = this.config.actions.map((a) => a.name);
      throw rosClientError('ROS_CLIENT_NAME_UNKNOWN', `sendGoal ${JSON.stringify(name)}: the rosbridge mapping lists no such action; listed: ${known.length === 0 ? 'none' : known.join(', ')}`, {
        field: 'name',
        value: name,
        expected: known.length === 0 ? 'an actions entry' : `one of ${known.join(', ')}`,
      });
    }
    return this.client.sendActionGoal(entry.ros, entry.type, goal, options);
  }

  /** Messages moved per mapped topic since `start()` (zeros when stopped). */
  stats(): MappingStats {
    const run = this.running;
    return { in: { ...run?.inCounts }, out: { ...run?.outCounts }, outDropped: { ...run?.outDropped } };
  }
}
