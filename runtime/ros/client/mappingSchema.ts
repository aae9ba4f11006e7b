import { z } from 'zod';
import type { DeepReadonly } from '../../params/index.js';
import { resolveMessageType, resolveName } from '../rosbridge/names.js';
import { rosbridgeClientConfigSchema, wsUrlSchema } from './clientConfig.js';
import { isInterfaceType } from './typeNames.js';

const rosName = z.string().refine((n) => resolveName(n) !== undefined, 'a ROS 2 name such as /joint_states (segments of [A-Za-z0-9_] separated by /)');
const messageType = z
  .string()
  .refine((t) => resolveMessageType(t) !== undefined, 'a message type Kindred knows, such as sensor_msgs/msg/JointState (messages are converted field for field)');
const serviceType = z.string().refine((t) => isInterfaceType(t, 'srv'), 'a service type such as std_srvs/srv/Trigger');
const actionType = z.string().refine((t) => isInterfaceType(t, 'action'), 'an action type such as nav2_msgs/action/NavigateToPose');
const localName = z.string().regex(/^[A-Za-z_/][A-Za-z0-9_/.-]*$/, 'a name for Kindred callers such as reset or /robot/reset');

/** A ROS topic received from the robot and published on Kindred's bus. */
export const topicInSchema = z.strictObject({
  ros: rosName,
  type: messageType,
  bus: rosName,
  /** Least time between two messages, asked of the server (rosbridge `throttle_rate`). */
  throttleMs: z.number().int().min(0).optional(),
  /** Messages the server may hold for Kindred when it cannot send at once (rosbridge `queue_length`). */
  queueLength: z.number().int().min(0).optional(),
  compression: z.enum(['none', 'cbor']).default('none'),
  /** Ask the server to fragment JSON messages longer than this (rosbridge `fragment_size`; rosbridge_suite applies it to the whole connection). */
  fragmentSize: z.number().int().min(1).optional(),
});

/** A bus topic published to the robot's ROS topic. Never a raw command source: see `gated`. */
export const topicOutSchema = z.strictObject({
  bus: rosName,
  ros: rosName,
  type: messageType,
  latch: z.boolean().optional(),
  /**
   * The entry carries the SafetyGate's output, so it may feed a ROS command input. Accepted only
   * when the mapping's builder passes `allowGated: true` (the hardware link does; launch files cannot).
   */
  gated: z.boolean().default(false),
});

/** A service the robot offers, callable by Kindred as `mapping.call(name, args)`. */
export const serviceInSchema = z.strictObject({
  name: localName,
  ros: rosName,
  type: serviceType,
  timeoutMs: z.number().positive().optional(),
});

/** A ROS service Kindred answers for the robot, with a handler supplied by whoever builds the mapping. */
export const serviceOutSchema = z.strictObject({
  ros: rosName,
  type: serviceType,
  /** The key of the handler in the mapping's `serviceHandlers`. */
  handler: z.string().min(1),
});

/** A ROS action server on the robot that Kindred sends goals to, as `mapping.sendGoal(name, goal)`. */
export const actionSchema = z.strictObject({
  name: localName,
  ros: rosName,
  type: actionType,
  gated: z.boolean().default(false),
});

/** What `RosBridgeMapping` maps between the robot's ROS 2 graph and Kindred's bus; unknown keys are refused. */
export const rosBridgeMappingSchema = z.strictObject({
  topicsIn: z.array(topicInSchema).default([]),
  topicsOut: z.array(topicOutSchema).default([]),
  servicesIn: z.array(serviceInSchema).default([]),
  servicesOut: z.array(serviceOutSchema).default([]),
  actions: z.array(actionSchema).default([]),
});

/** A checked mapping with defaults filled in, frozen. */
export type RosBridgeMappingConfig = DeepReadonly<z.output<typeof rosBridgeMappingSchema>>;
/** A mapping as written (defaults may be left out). */
export type RosBridgeMappingInput = z.input<typeof rosBridgeMappingSchema>;

/**
 * A launch file's `bridges.rosbridgeClient` section as one schema: whether it runs, the client's
 * settings (the token is read from the environment variable `tokenEnv`, never written in the
 * file) and the mapping. `url` is required once `enabled` is true.
 */
export const rosbridgeClientSectionSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    ...rosbridgeClientConfigSchema.omit({ token: true, url: true }).shape,
    url: wsUrlSchema.optional(),
    tokenEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as KINDRED_ROSBRIDGE_CLIENT_TOKEN').optional(),
    ...rosBridgeMappingSchema.shape,
  })
  .refine((s) => !s.enabled || s.url !== undefined, { message: 'the robot rosbridge_server URL (ws://host:9090) when enabled is true', path: ['url'] });

/** The checked `bridges.rosbridgeClient` section. */
export type RosbridgeClientSection = DeepReadonly<z.output<typeof rosbridgeClientSectionSchema>>;
