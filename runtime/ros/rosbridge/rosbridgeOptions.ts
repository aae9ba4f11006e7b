import { z } from 'zod';
import type { Bus } from '../../bus/index.js';
import { show } from '../../errors/index.js';
import type { Logger } from '../../logging/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import type { ParameterStore } from '../../params/index.js';
import type { Clock } from '../../time/index.js';
import { resolveName } from './names.js';
import { rosbridgeError } from './rosbridgeErrors.js';
import { isLoopbackHost } from './tokenAuth.js';
import type { CdrEncoder } from './TopicFanout.js';
import type { ServiceRegistry } from './ServiceRegistry.js';
import type { ActionRegistry } from './ActionRegistry.js';

/** rosbridge_suite's port, which roslib users expect. */
export const DEFAULT_ROSBRIDGE_PORT = 9090;

/** The plain settings of a rosbridge server, checked once at construction (unknown keys are refused). */
export const rosbridgeConfigSchema = z.strictObject({
  /** Interface to listen on. Anything but loopback needs a `token`. */
  host: z.string().min(1).default('127.0.0.1'),
  /** TCP port; 0 picks a free one (read it back from `server.port`). */
  port: z.number().int().min(0).max(65535).default(DEFAULT_ROSBRIDGE_PORT),
  /**
   * Topics clients may advertise and publish to: names or globs (`/cmd/*`). Default none: a
   * bridge is read-only until the launch file says otherwise.
   */
  allowPublish: z.array(z.string().min(1)).default([]),
  /**
   * When set, each client must present it before anything else: `?token=<token>` on the WebSocket
   * URL, or `{"op":"auth","mac":"<token>"}` as its first op (roslib: `ros.authenticate(token, ...)`).
   */
  token: z.string().min(16, 'a token of at least 16 characters').optional(),
  /** The ROS node Kindred's topics, services and parameters appear under in rosapi. */
  nodeName: z.string().default('/kindred'),
  /** How long a service call may take before it fails with a timeout (a client's `timeout` overrides it). */
  serviceTimeoutMs: z.number().positive().default(5000),
  /** A client that has not authenticated within this long is disconnected. */
  authTimeoutMs: z.number().positive().default(10_000),
  /** Unsent bytes a client's socket may hold before topic messages to it wait (queued) or drop. */
  maxBufferedBytes: z.number().int().positive().default(8 * 1024 * 1024),
  /** Largest frame accepted from a client; a larger one closes the connection (WebSocket 1009). */
  maxMessageBytes: z.number().int().positive().default(16 * 1024 * 1024),
});

/** The plain settings with defaults filled in, frozen (`server.config`). */
export type RosbridgeConfig = z.output<typeof rosbridgeConfigSchema>;

/** Everything `new RosbridgeServer(options)` takes: the settings above plus what it bridges. */
export interface RosbridgeServerOptions extends Partial<z.input<typeof rosbridgeConfigSchema>> {
  /** Kindred's bus: bus topics are the bridge's topics. */
  readonly bus: Bus<MessageTypeMap>;
  /** Live parameters served through rosapi's get_param / set_param. */
  readonly parameters?: ParameterStore;
  /** Time for throttling, timeouts and `cbor-raw` stamps; default the wall clock. */
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** CDR serialiser for `compression: cbor-raw` (runtime/ros/cdr); without it cbor-raw is refused. */
  readonly cdr?: CdrEncoder;
  /**
   * The service and action registries to serve, when other bridges (Foxglove, rclnodejs) offer the same
   * ones; the server then leaves them open when it stops. Default: its own.
   */
  readonly services?: ServiceRegistry;
  readonly actions?: ActionRegistry;
}

/**
 * Check the plain settings: schema, then the rules between them (a non-loopback host needs a token;
 * the node name must be a ROS 2 name). Throws ROSBRIDGE_CONFIG_INVALID or ROSBRIDGE_TOKEN_REQUIRED.
 */
export function resolveRosbridgeConfig(options: RosbridgeServerOptions): RosbridgeConfig {
  const { bus: _bus, parameters: _parameters, clock: _clock, logger: _logger, cdr: _cdr, services: _services, actions: _actions, ...plain } = options;
  const parsed = rosbridgeConfigSchema.safeParse(plain);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    const value = issue === undefined ? undefined : issue.path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined), plain);
    throw rosbridgeError('ROSBRIDGE_CONFIG_INVALID', `rosbridge option ${field === '' ? '(top level)' : field}${value === undefined ? '' : ` is ${show(value)}`}: ${issue?.message ?? 'invalid'}`, {
      field,
      value,
      expected: issue?.message ?? 'a valid rosbridge option',
    });
  }
  const config = parsed.data;
  const node = resolveName(config.nodeName);
  if (node === undefined) {
    throw rosbridgeError('ROSBRIDGE_CONFIG_INVALID', `rosbridge option nodeName is ${show(config.nodeName)}; expected a ROS 2 node name such as /kindred`, {
      field: 'nodeName',
      value: config.nodeName,
      expected: 'a ROS 2 name',
    });
  }
  if (!isLoopbackHost(config.host) && config.token === undefined) {
    throw rosbridgeError('ROSBRIDGE_TOKEN_REQUIRED', `rosbridge on host ${show(config.host)} would be reachable from other machines; set a token (or listen on 127.0.0.1)`, {
      field: 'token',
      value: config.host,
      expected: 'a token when host is not loopback',
    });
  }
  return Object.freeze({ ...config, nodeName: node, allowPublish: Object.freeze([...config.allowPublish]) as string[] });
}
