import { z } from 'zod';
import type { DeepReadonly } from '../../params/index.js';
import type { Logger } from '../../logging/index.js';
import type { Clock } from '../../time/index.js';
import { DEFAULT_BACKOFF } from './backoff.js';
import { checkSchema } from './checkSchema.js';

/** A rosbridge server's address: `ws://host:port` or `wss://…`. */
export const wsUrlSchema = z.string().refine((u) => /^wss?:\/\/[^/]/.test(u) && URL.canParse(u), 'a ws:// or wss:// URL such as ws://robot.local:9090');

/** Back-off between connection attempts; each field optional, defaults in `DEFAULT_BACKOFF`. */
export const backoffSchema = z
  .strictObject({
    initialMs: z.number().positive().default(DEFAULT_BACKOFF.initialMs),
    maxMs: z.number().positive().default(DEFAULT_BACKOFF.maxMs),
    factor: z.number().min(1).default(DEFAULT_BACKOFF.factor),
    jitter: z.number().min(0).max(1).default(DEFAULT_BACKOFF.jitter),
  })
  .refine((b) => b.maxMs >= b.initialMs, { message: 'maxMs at least as large as initialMs', path: ['maxMs'] });

/**
 * The plain settings of a rosbridge client (the part a launch file can hold), checked once at
 * construction; unknown keys are refused.
 */
export const rosbridgeClientConfigSchema = z.strictObject({
  /** The robot's rosbridge_server, e.g. `ws://robot.local:9090`. */
  url: wsUrlSchema,
  /** Sent as the first op (`{"op":"auth","mac":token}`) on every connection, when given. */
  token: z.string().min(1).optional(),
  backoff: backoffSchema.prefault({}),
  /** An opening handshake that takes longer than this counts as a failed attempt. */
  connectTimeoutMs: z.number().positive().default(5000),
  /** Default timeout of `callService` (a call's own `timeoutMs` overrides it). */
  callTimeoutMs: z.number().positive().default(10_000),
  /** Unsent bytes the socket may hold before `publish` drops messages instead of queueing them (stale commands are worse than none). */
  maxBufferedBytes: z.number().int().positive().default(8 * 1024 * 1024),
});

/** The client's settings with defaults filled in, frozen (`client.config`). */
export type RosbridgeClientConfig = DeepReadonly<z.output<typeof rosbridgeClientConfigSchema>>;

/** Everything `new RosbridgeClient(options)` takes: the settings plus what is injected. */
export interface RosbridgeClientOptions extends z.input<typeof rosbridgeClientConfigSchema> {
  /** Time for back-off waits and call timeouts; default the wall clock. */
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Random numbers in [0, 1) for back-off jitter; default `Math.random`. */
  readonly random?: () => number;
}

/** Check the plain settings; throws ROS_CLIENT_CONFIG_INVALID naming the field. */
export function resolveClientConfig(options: RosbridgeClientOptions): RosbridgeClientConfig {
  const { clock: _clock, logger: _logger, random: _random, ...plain } = options;
  return checkSchema(rosbridgeClientConfigSchema, plain, 'ROS_CLIENT_CONFIG_INVALID', 'rosbridge client option');
}
