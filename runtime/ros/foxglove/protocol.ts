/**
 * The Foxglove WebSocket protocol v1 (subprotocol `foxglove.websocket.v1`, ws-protocol's
 * docs/spec.md) as this server speaks it: what it sends, and the JSON operations a client may send,
 * each checked by `parseClientOp` before any handler sees it, so handlers work on typed values.
 * Binary frames are in `binaryFrames.ts`.
 */
import { z } from 'zod';
import type { FoxgloveErrorCode } from './foxgloveErrors.js';

/** The subprotocol a client must offer (Foxglove, Lichtblick and `@foxglove/ws-protocol` do). */
export const FOXGLOVE_SUBPROTOCOL = 'foxglove.websocket.v1';

/** Optional features announced in serverInfo; a client may use only those announced. */
export type Capability = 'clientPublish' | 'parameters' | 'parametersSubscribe' | 'services' | 'time' | 'connectionGraph' | 'assets';

/** Status levels as the protocol numbers them. */
export const StatusLevel = { info: 0, warning: 1, error: 2 } as const;
/** A status level by name (`'error'` is sent as 2). */
export type StatusLevelName = keyof typeof StatusLevel;

/** Message and schema encodings a client may publish and call services with. */
export const SUPPORTED_ENCODINGS = ['cdr', 'json'] as const;
/** One of `SUPPORTED_ENCODINGS`. */
export type SupportedEncoding = (typeof SUPPORTED_ENCODINGS)[number];

/** One server channel as advertised: a bus topic with its ROS 2 type and `ros2msg` schema. */
export interface ChannelAdvertisement {
  readonly id: number;
  readonly topic: string;
  readonly encoding: 'cdr';
  readonly schemaName: string;
  readonly schema: string;
  readonly schemaEncoding: 'ros2msg';
}

/** How a service's request or response travels. */
export interface ServiceMessageSchema {
  readonly encoding: string;
  readonly schemaName: string;
  readonly schemaEncoding: string;
  readonly schema: string;
}

/** One service as advertised. */
export interface ServiceAdvertisement {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly request: ServiceMessageSchema;
  readonly response: ServiceMessageSchema;
}

/** A parameter as `parameterValues` carries it. */
export interface ParameterEntry {
  readonly name: string;
  readonly value: unknown;
  readonly type?: 'byte_array' | 'float64' | 'float64_array';
}

const u32 = z.number().int().min(0).max(0xffff_ffff);
const optionalId = z.string().optional();

const subscribe = z.object({
  op: z.literal('subscribe'),
  subscriptions: z.array(z.object({ id: u32, channelId: u32 })),
});
const unsubscribe = z.object({ op: z.literal('unsubscribe'), subscriptionIds: z.array(u32) });
const clientChannel = z.object({
  id: u32,
  topic: z.string().min(1),
  encoding: z.string(),
  schemaName: z.string(),
  schema: z.string().optional(),
  schemaEncoding: z.string().optional(),
});
const advertise = z.object({ op: z.literal('advertise'), channels: z.array(clientChannel) });
const unadvertise = z.object({ op: z.literal('unadvertise'), channelIds: z.array(u32) });
const getParameters = z.object({ op: z.literal('getParameters'), parameterNames: z.array(z.string()), id: optionalId });
const setParameters = z.object({
  op: z.literal('setParameters'),
  parameters: z.array(
    z.object({
      name: z.string().min(1),
      value: z.unknown().optional(),
      type: z.enum(['byte_array', 'float64', 'float64_array']).optional(),
    }),
  ),
  id: optionalId,
});
const subscribeParameterUpdates = z.object({ op: z.literal('subscribeParameterUpdates'), parameterNames: z.array(z.string()) });
const unsubscribeParameterUpdates = z.object({ op: z.literal('unsubscribeParameterUpdates'), parameterNames: z.array(z.string()) });
const subscribeConnectionGraph = z.object({ op: z.literal('subscribeConnectionGraph') });
const unsubscribeConnectionGraph = z.object({ op: z.literal('unsubscribeConnectionGraph') });
const fetchAsset = z.object({ op: z.literal('fetchAsset'), uri: z.string(), requestId: u32 });

const OPS = {
  subscribe,
  unsubscribe,
  advertise,
  unadvertise,
  getParameters,
  setParameters,
  subscribeParameterUpdates,
  unsubscribeParameterUpdates,
  subscribeConnectionGraph,
  unsubscribeConnectionGraph,
  fetchAsset,
} as const;

/** The names of the JSON operations a client may send. */
export type ClientOpName = keyof typeof OPS;
/** One checked JSON operation from a client, discriminated on `op`. */
export type ClientOp = { [K in ClientOpName]: z.output<(typeof OPS)[K]> }[ClientOpName];
/** A client's advertised channel, as checked. */
export type ClientChannelSpec = z.output<typeof clientChannel>;
/** One entry of a checked `setParameters`. */
export type SetParameterSpec = z.output<typeof setParameters>['parameters'][number];

/** What `parseClientOp` made of a frame. */
export type ParsedOp = { readonly ok: true; readonly op: ClientOp } | { readonly ok: false; readonly code: FoxgloveErrorCode; readonly problem: string };

function isOpName(name: string): name is ClientOpName {
  return Object.hasOwn(OPS, name);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `${text.length > 40 ? `${text.slice(0, 37)}...` : text}`;
}

/**
 * Check a decoded JSON frame: an object with a known `op` and the fields that op needs, of the
 * right types (ids whole numbers 0 … 2^32−1). Extra fields are ignored, as clients of newer protocol
 * versions may send them. The refusal names the op, the field path and what was expected.
 */
export function parseClientOp(frame: unknown): ParsedOp {
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
    return { ok: false, code: 'FOXGLOVE_BAD_FRAME', problem: `a text frame must be a JSON object with an "op" field; this one is ${describe(frame)}` };
  }
  const op = (frame as Record<string, unknown>)['op'];
  if (typeof op !== 'string') return { ok: false, code: 'FOXGLOVE_BAD_FRAME', problem: `the frame has no string "op" field (op is ${describe(op)})` };
  if (!isOpName(op)) {
    return { ok: false, code: 'FOXGLOVE_UNKNOWN_OP', problem: `unknown op ${JSON.stringify(op)}; the Foxglove WebSocket protocol has ${Object.keys(OPS).join(', ')}` };
  }
  const result = OPS[op].safeParse(frame);
  if (result.success) return { ok: true, op: result.data as ClientOp };
  const issue = result.error.issues[0];
  const path = issue === undefined ? '' : issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
  const value = issue === undefined ? undefined : issue.path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined), frame);
  return {
    ok: false,
    code: 'FOXGLOVE_FIELD_INVALID',
    problem: `${op}${path === '' ? '' : `: ${path.replace(/^\./, '')}`} is ${describe(value)}; expected ${expectedText(issue)}`,
  };
}

function expectedText(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return 'a valid value';
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'number' || issue.expected === 'int' ? 'a whole number from 0 to 4294967295' : `a value of type ${issue.expected}`;
    case 'too_small':
    case 'too_big':
      return issue.origin === 'number' ? 'a whole number from 0 to 4294967295' : issue.message;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}
