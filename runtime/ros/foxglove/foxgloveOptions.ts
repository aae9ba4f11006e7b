import { z } from 'zod';
import type { Bus } from '../../bus/index.js';
import { show } from '../../errors/index.js';
import type { Logger } from '../../logging/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import type { ParameterStore } from '../../params/index.js';
import type { Clock } from '../../time/index.js';
import type { ServiceRegistry } from '../rosbridge/index.js';
import { isLoopbackHost } from '../rosbridge/tokenAuth.js';
import { foxgloveError } from './foxgloveErrors.js';

/** The port Foxglove and foxglove_bridge use, which Foxglove's "Open connection" dialog proposes. */
export const DEFAULT_FOXGLOVE_PORT = 8765;

/** The plain settings of a Foxglove server, checked once at construction (unknown keys are refused). */
export const foxgloveConfigSchema = z.strictObject({
  /** Interface to listen on. Anything but loopback needs a `token`. */
  host: z.string().min(1).default('127.0.0.1'),
  /** TCP port; 0 picks a free one (read it back from `server.port`). */
  port: z.number().int().min(0).max(65535).default(DEFAULT_FOXGLOVE_PORT),
  /**
   * Topics clients may advertise and publish to: names or globs (`/cmd/*`), as rosbridge's list.
   * Default none: the bridge is read-only (and does not announce `clientPublish`).
   */
  allowPublish: z.array(z.string().min(1)).default([]),
  /**
   * When set, each client must connect with `?token=<token>` on the URL (Foxglove: `ws://host:8765/?token=…`);
   * any other connection attempt is answered 401.
   */
  token: z.string().min(16, 'a token of at least 16 characters').optional(),
  /** The server name Foxglove shows (serverInfo `name`). */
  name: z.string().min(1).default('kindred'),
  /** Unsent bytes a client's socket may hold; beyond it topic messages to that client are dropped and counted. */
  maxBufferedBytes: z.number().int().positive().default(4 * 1024 * 1024),
  /** Largest frame accepted from a client; a larger one closes the connection (WebSocket 1009). */
  maxMessageBytes: z.number().int().positive().default(16 * 1024 * 1024),
  /** How often the service list is compared with the registry (services a rosbridge client advertises come and go). */
  servicePollMs: z.number().int().positive().default(1000),
  /** Period of binary `time` messages on a simulated clock (the `time` capability), in that clock's time. */
  timePeriodMs: z.number().positive().default(100),
  /** Service calls fail after this long; default the registry's own timeout. */
  serviceTimeoutMs: z.number().positive().optional(),
});

/** The plain settings with defaults filled in, frozen (`server.config`). */
export type FoxgloveConfig = z.output<typeof foxgloveConfigSchema>;

/** Everything `new FoxgloveServer(options)` takes: the settings above plus what it bridges. */
export interface FoxgloveServerOptions extends Partial<z.input<typeof foxgloveConfigSchema>> {
  /** Kindred's bus: every bus topic Kindred can encode is a channel. */
  readonly bus: Bus<MessageTypeMap>;
  /** Live parameters (capabilities `parameters` and `parametersSubscribe`); without them neither is announced. */
  readonly parameters?: ParameterStore;
  /**
   * The services to offer (capability `services`): pass the rosbridge server's `services` so both
   * bridges offer the same ones. Without it, no services.
   */
  readonly services?: ServiceRegistry;
  /** Message timestamps; a simulated clock is also served to clients (capability `time`). Default the wall clock. */
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/**
 * Check the plain settings: schema, then the rule between them (a non-loopback host needs a token,
 * the same rule as rosbridge's). Throws FOXGLOVE_CONFIG_INVALID or FOXGLOVE_TOKEN_REQUIRED.
 */
export function resolveFoxgloveConfig(options: FoxgloveServerOptions): FoxgloveConfig {
  const { bus: _bus, parameters: _parameters, services: _services, clock: _clock, logger: _logger, ...plain } = options;
  const parsed = foxgloveConfigSchema.safeParse(plain);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    const value = issue === undefined ? undefined : issue.path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined), plain);
    const keys = issue?.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    throw foxgloveError('FOXGLOVE_CONFIG_INVALID', `Foxglove server option ${field === '' ? '(top level)' : field}${value === undefined ? '' : ` is ${show(value)}`}: ${issue?.message ?? 'invalid'}${keys}`, {
      field,
      value,
      expected: issue?.message ?? 'a valid Foxglove server option',
    });
  }
  const config = parsed.data;
  if (!isLoopbackHost(config.host) && config.token === undefined) {
    throw foxgloveError('FOXGLOVE_TOKEN_REQUIRED', `the Foxglove server on host ${show(config.host)} would be reachable from other machines; set a token (or listen on 127.0.0.1)`, {
      field: 'token',
      value: config.host,
      expected: 'a token when host is not loopback',
    });
  }
  return Object.freeze({ ...config, allowPublish: Object.freeze([...config.allowPublish]) as string[] });
}
