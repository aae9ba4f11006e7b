import { z } from 'zod';
import type { Bus } from '../../bus/index.js';
import { KindredError, show } from '../../errors/index.js';
import type { Logger } from '../../logging/index.js';
import type { MessageTypeMap, MessageTypeName } from '../../msgs/index.js';
import type { ParameterStore } from '../../params/index.js';
import type { ActionRegistry, ServiceRegistry } from '../rosbridge/index.js';
import { compileAllowList, resolveMessageType, resolveName } from '../rosbridge/names.js';

const NODE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAMESPACE = /^(\/[A-Za-z_][A-Za-z0-9_]*)*$/;
const TOPIC = /^\/?[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;
const TOPIC_PATTERN = /^\/?[A-Za-z_*?][A-Za-z0-9_*?]*(\/[A-Za-z_*?][A-Za-z0-9_*?]*)*$/;

const nativeQosSchema = z.strictObject({
  depth: z.number().int().min(1).max(10_000).optional(),
  durability: z.enum(['volatile', 'transient_local']).optional(),
  reliability: z.enum(['reliable', 'best_effort']).optional(),
});

/** One ROS 2 topic Kindred subscribes to natively and republishes on its bus. */
const topicInSchema = z.strictObject({
  /** The ROS 2 topic, e.g. `/joint_states` of the robot's ros2_control. */
  ros: z.string().regex(TOPIC, 'a ROS 2 topic name such as /joint_states'),
  /** Its message type, `pkg/msg/Name` (or `pkg/Name`); Kindred must have its definition. */
  type: z.string().min(1),
  /** The bus topic it is published on; it must match `allowPublish`. */
  bus: z.string().regex(TOPIC, 'a bus topic name such as /robot/joint_states'),
  qos: nativeQosSchema.optional(),
});

/** The plain settings of the native bridge, checked once at `start` (unknown keys are refused). */
export const rclnodejsConfigSchema = z.strictObject({
  /** The ROS 2 node Kindred appears as. */
  nodeName: z.string().regex(NODE_NAME, 'a ROS 2 node name such as kindred').default('kindred'),
  /** Its namespace: empty, or `/robot1`. */
  namespace: z.string().regex(NAMESPACE, 'empty or a ROS 2 namespace such as /robot1').default(''),
  /** Bus topics to publish natively: names or globs. Default every bus topic, including later ones. */
  topicsOut: z.array(z.string().regex(TOPIC_PATTERN, 'a topic name or glob such as /joint_states or /humans/*')).default(['*']),
  /** Native QoS per published bus topic, overriding the bus topic's durability (and depth). */
  topicsOutQos: z.record(z.string().regex(TOPIC, 'a bus topic name'), nativeQosSchema).default({}),
  /** ROS 2 topics to bring onto the bus. */
  topicsIn: z.array(topicInSchema).default([]),
  /**
   * Bus topics a ROS 2 publisher may reach (names or globs, as the bridges' `allowPublish`). Default
   * none. A command topic listed here still reaches actuators only through the SafetyGate.
   */
  allowPublish: z.array(z.string().regex(TOPIC_PATTERN, 'a topic name or glob')).default([]),
  /** Services of the registry (names or globs) offered natively. Default those Kindred itself provides. */
  servicesOut: z.array(z.string().regex(TOPIC_PATTERN, 'a service name or glob')).optional(),
  /** Kindred actions (names or globs) offered natively. Default every action Kindred provides. */
  actionsOut: z.array(z.string().regex(TOPIC_PATTERN, 'an action name or glob')).default(['*']),
  /** The DDS domain; default ROS_DOMAIN_ID (or 0). */
  domainId: z.number().int().min(0).max(232).optional(),
  /** `--ros-args ...` for the node's context (remappings, parameter overrides). Default none. */
  rosArgs: z.array(z.string()).default([]),
  /** How long `callService` / `sendGoal` wait for a server and an answer. */
  serviceTimeoutMs: z.number().positive().default(5000),
});

export type RclnodejsConfig = z.output<typeof rclnodejsConfigSchema>;
export type TopicInConfig = z.output<typeof topicInSchema>;

/** Everything `RclnodejsAdapter.start` takes: the settings above plus what it bridges. */
export interface RclnodejsAdapterOptions extends Partial<z.input<typeof rclnodejsConfigSchema>> {
  readonly bus: Bus<MessageTypeMap>;
  /** Kindred's live parameters, offered as the node's ROS 2 parameters. */
  readonly parameters?: ParameterStore;
  /** Kindred's services (the registry rosbridge serves), offered natively. */
  readonly services?: ServiceRegistry;
  /** Kindred's actions, offered natively as ROS 2 action servers. */
  readonly actions?: ActionRegistry;
  readonly logger?: Logger;
}

/** A `topicsIn` entry after checking: names resolved, type known. */
export interface TopicIn {
  readonly ros: string;
  readonly type: MessageTypeName;
  readonly bus: string;
  readonly qos: z.output<typeof nativeQosSchema>;
}

/** The checked settings. */
export interface ResolvedRclnodejsConfig extends Omit<RclnodejsConfig, 'topicsIn'> {
  readonly topicsIn: readonly TopicIn[];
}

function configError(field: string, value: unknown, expected: string): KindredError {
  return new KindredError('RCLNODEJS_CONFIG_INVALID', `rclnodejs option ${field === '' ? '(top level)' : field}${value === undefined ? '' : ` is ${show(value)}`}; expected ${expected}`, {
    field,
    value,
    expected,
  });
}

/**
 * The `topicsIn` entries whose bus topic `allowPublish` admits, or RCLNODEJS_PUBLISH_NOT_ALLOWED
 * naming every one it does not. The same rule as the rosbridge and Foxglove bridges: nothing from
 * outside reaches a bus topic unless the launch file lists it, and an empty list admits nothing.
 */
export function checkTopicsIn<T extends { readonly ros: string; readonly bus: string }>(topicsIn: readonly T[], allowPublish: readonly string[]): readonly T[] {
  const allowed = compileAllowList(allowPublish);
  const refused = topicsIn.filter((t) => !allowed(resolveName(t.bus) ?? t.bus));
  if (refused.length > 0) {
    const names = refused.map((t) => `${t.ros} → ${t.bus}`).join(', ');
    throw new KindredError(
      'RCLNODEJS_PUBLISH_NOT_ALLOWED',
      `ROS 2 topics would publish onto bus topics outside allowPublish (${allowPublish.length === 0 ? 'empty: nothing may be published' : allowPublish.join(', ')}): ${names}; add the bus topic to allowPublish if a ROS 2 publisher may reach it`,
      { field: 'topicsIn', value: refused.map((t) => t.bus), expected: 'bus topics matching allowPublish', allowPublish },
    );
  }
  return topicsIn;
}

/**
 * Check the plain settings once: schema (RCLNODEJS_CONFIG_INVALID naming the field), message types
 * Kindred knows, bus topics in `allowPublish` (RCLNODEJS_PUBLISH_NOT_ALLOWED). Returns them frozen.
 */
export function resolveRclnodejsConfig(options: RclnodejsAdapterOptions): ResolvedRclnodejsConfig {
  const { bus: _bus, parameters: _parameters, services: _services, actions: _actions, logger: _logger, ...plain } = options;
  const parsed = rclnodejsConfigSchema.safeParse(plain);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    const value = path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined), plain);
    throw configError(path.map(String).join('.'), value, issue?.message ?? 'a valid rclnodejs option');
  }
  const config = parsed.data;
  const topicsIn = config.topicsIn.map((t, i): TopicIn => {
    const type = resolveMessageType(t.type);
    if (type === undefined) throw configError(`topicsIn.${i}.type`, t.type, 'a ROS 2 message type Kindred defines, such as sensor_msgs/msg/JointState');
    return { ros: resolveName(t.ros) ?? t.ros, type, bus: resolveName(t.bus) ?? t.bus, qos: t.qos ?? {} };
  });
  const seen = new Set<string>();
  for (const t of topicsIn) {
    if (seen.has(t.ros)) throw configError('topicsIn', t.ros, 'each ROS 2 topic once');
    seen.add(t.ros);
  }
  checkTopicsIn(topicsIn, config.allowPublish);
  return Object.freeze({ ...config, topicsIn: Object.freeze(topicsIn) });
}

/**
 * Which bus topics the adapter publishes natively (under the same name): those `topicsOut` matches,
 * except the bus topics it fills from ROS 2 itself and those named like a ROS 2 topic it subscribes
 * to. Either would echo: the adapter's own subscription would receive what it published.
 */
export function outgoingTopicFilter(config: Pick<ResolvedRclnodejsConfig, 'topicsOut' | 'topicsIn'>): (busTopic: string) => boolean {
  const wanted = compileAllowList(config.topicsOut);
  const incoming = new Set(config.topicsIn.flatMap((t) => [t.bus, t.ros]));
  return (name) => wanted(name) && !incoming.has(name);
}
