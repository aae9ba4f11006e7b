/**
 * The rosbridge v2 protocol as rosbridge_suite speaks it for ROS 2 (ROSBRIDGE_PROTOCOL.md), as the
 * operations a client may send, each with the fields it must and may carry. `parseClientOp` checks
 * a decoded frame against these before any handler sees it, so handlers work on typed values.
 */

/** Status levels, most severe first; a client sees the levels up to the one it set (default error). */
export type StatusLevel = 'error' | 'warning' | 'info';
/** What `set_level` may choose: a status level, or none at all. */
export type ClientStatusLevel = StatusLevel | 'none';

/** action_msgs/msg/GoalStatus values, as `action_result.status` carries them. */
export const GoalStatus = {
  UNKNOWN: 0,
  ACCEPTED: 1,
  EXECUTING: 2,
  CANCELING: 3,
  SUCCEEDED: 4,
  CANCELED: 5,
  ABORTED: 6,
} as const;

/** Present the token (when the server has one). */
export interface AuthOp {
  readonly op: 'auth';
  /** The token; roslib's `ros.authenticate(token, ...)` sends it as `mac`. */
  readonly mac?: string;
  readonly token?: string;
}
/** Choose which status messages this client receives. */
export interface SetLevelOp {
  readonly op: 'set_level';
  readonly id?: string;
  readonly level: ClientStatusLevel;
}
/** One piece of a message too long for one frame. */
export interface FragmentOp {
  readonly op: 'fragment';
  readonly id: string;
  readonly data: string;
  readonly num: number;
  readonly total: number;
}
/** Announce publishing `type` on `topic` (allow-listed topics only). */
export interface AdvertiseOp {
  readonly op: 'advertise';
  readonly id?: string;
  readonly topic: string;
  readonly type: string;
  readonly latch?: boolean;
  readonly queue_size?: number;
}
/** Stop publishing on `topic`. */
export interface UnadvertiseOp {
  readonly op: 'unadvertise';
  readonly id?: string;
  readonly topic: string;
}
/** One message for the bus. */
export interface PublishOp {
  readonly op: 'publish';
  readonly id?: string;
  readonly topic: string;
  readonly msg: Readonly<Record<string, unknown>>;
  readonly latch?: boolean;
}
/** Receive a topic, with delivery settings. */
export interface SubscribeOp {
  readonly op: 'subscribe';
  readonly id?: string;
  readonly topic: string;
  readonly type?: string;
  readonly throttle_rate?: number;
  readonly queue_length?: number;
  readonly fragment_size?: number;
  readonly compression?: string;
}
/** Stop one subscription (its `id`), or all of this client's on the topic. */
export interface UnsubscribeOp {
  readonly op: 'unsubscribe';
  readonly id?: string;
  readonly topic: string;
}
/** Call a service; answered by `service_response` with the same id. */
export interface CallServiceOp {
  readonly op: 'call_service';
  readonly id?: string;
  readonly service: string;
  readonly args?: unknown;
  readonly fragment_size?: number;
  readonly compression?: string;
  /** Seconds; ≤ 0 or absent means the server's default. */
  readonly timeout?: number;
}
/** A providing client's answer to a forwarded `call_service`. */
export interface ServiceResponseOp {
  readonly op: 'service_response';
  readonly id?: string;
  readonly service: string;
  readonly values?: unknown;
  readonly result: boolean;
}
/** Offer a service provided by this client. */
export interface AdvertiseServiceOp {
  readonly op: 'advertise_service';
  readonly service: string;
  readonly type: string;
}
/** Withdraw a service this client provides. */
export interface UnadvertiseServiceOp {
  readonly op: 'unadvertise_service';
  readonly service: string;
}
/** Send a goal; followed by `action_feedback` and one `action_result` with the same id. */
export interface SendActionGoalOp {
  readonly op: 'send_action_goal';
  readonly id?: string;
  readonly action: string;
  readonly action_type: string;
  readonly args?: unknown;
  readonly feedback?: boolean;
  readonly fragment_size?: number;
  readonly compression?: string;
}
/** Ask for a goal this client sent to be cancelled. */
export interface CancelActionGoalOp {
  readonly op: 'cancel_action_goal';
  readonly id: string;
  readonly action: string;
}
/** A providing client's feedback on a forwarded goal. */
export interface ActionFeedbackOp {
  readonly op: 'action_feedback';
  readonly id: string;
  readonly action: string;
  readonly values?: unknown;
}
/** A providing client's result for a forwarded goal. */
export interface ActionResultOp {
  readonly op: 'action_result';
  readonly id: string;
  readonly action: string;
  readonly values?: unknown;
  readonly status: number;
  readonly result: boolean;
}
/** Offer an action provided by this client. */
export interface AdvertiseActionOp {
  readonly op: 'advertise_action';
  readonly action: string;
  readonly type: string;
}
/** Withdraw an action this client provides. */
export interface UnadvertiseActionOp {
  readonly op: 'unadvertise_action';
  readonly action: string;
}

/** Every operation a client may send, discriminated on `op`. */
export type ClientOp =
  | AuthOp
  | SetLevelOp
  | FragmentOp
  | AdvertiseOp
  | UnadvertiseOp
  | PublishOp
  | SubscribeOp
  | UnsubscribeOp
  | CallServiceOp
  | ServiceResponseOp
  | AdvertiseServiceOp
  | UnadvertiseServiceOp
  | SendActionGoalOp
  | CancelActionGoalOp
  | ActionFeedbackOp
  | ActionResultOp
  | AdvertiseActionOp
  | UnadvertiseActionOp;

/** The `op` names a client may send. */
export type ClientOpName = ClientOp['op'];

type Rule = 'string' | 'integer' | 'natural' | 'positive' | 'number' | 'boolean' | 'object' | 'level' | 'any';

/** Field rules per op; a `?` after the name marks it optional. `id` is optional everywhere unless listed. */
const SPECS: Readonly<Record<ClientOpName, Readonly<Record<string, Rule>>>> = {
  auth: { 'mac?': 'string', 'token?': 'string' },
  set_level: { level: 'level' },
  fragment: { id: 'string', data: 'string', num: 'natural', total: 'positive' },
  advertise: { topic: 'string', type: 'string', 'latch?': 'boolean', 'queue_size?': 'natural' },
  unadvertise: { topic: 'string' },
  publish: { topic: 'string', msg: 'object', 'latch?': 'boolean' },
  subscribe: {
    topic: 'string',
    'type?': 'string',
    'throttle_rate?': 'natural',
    'queue_length?': 'natural',
    'fragment_size?': 'positive',
    'compression?': 'string',
    'qos?': 'object',
  },
  unsubscribe: { topic: 'string' },
  call_service: { service: 'string', 'args?': 'any', 'fragment_size?': 'positive', 'compression?': 'string', 'timeout?': 'number' },
  service_response: { service: 'string', 'values?': 'any', result: 'boolean' },
  advertise_service: { service: 'string', type: 'string' },
  unadvertise_service: { service: 'string' },
  send_action_goal: { action: 'string', action_type: 'string', 'args?': 'any', 'feedback?': 'boolean', 'fragment_size?': 'positive', 'compression?': 'string' },
  cancel_action_goal: { id: 'string', action: 'string' },
  action_feedback: { id: 'string', action: 'string', 'values?': 'any' },
  action_result: { id: 'string', action: 'string', 'values?': 'any', status: 'natural', result: 'boolean' },
  advertise_action: { action: 'string', type: 'string' },
  unadvertise_action: { action: 'string' },
};

interface FieldCheck {
  readonly name: string;
  readonly rule: Rule;
  readonly required: boolean;
}

const CHECKS = new Map<string, readonly FieldCheck[]>(
  Object.entries(SPECS).map(([op, spec]) => {
    const checks: FieldCheck[] = Object.entries(spec).map(([key, rule]) => ({ name: key.replace(/\?$/, ''), rule, required: !key.endsWith('?') }));
    if (!checks.some((c) => c.name === 'id')) checks.unshift({ name: 'id', rule: 'string', required: false });
    return [op, checks];
  }),
);

const EXPECTED: Readonly<Record<Rule, string>> = {
  string: 'a string',
  integer: 'an integer',
  natural: 'an integer ≥ 0',
  positive: 'an integer ≥ 1',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  level: '"none", "error", "warning" or "info"',
  any: 'any value',
};

function passes(rule: Rule, v: unknown): boolean {
  switch (rule) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return Number.isInteger(v);
    case 'natural':
      return Number.isInteger(v) && (v as number) >= 0;
    case 'positive':
      return Number.isInteger(v) && (v as number) >= 1;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'level':
      return v === 'none' || v === 'error' || v === 'warning' || v === 'info';
    case 'any':
      return true;
  }
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object' && v !== null) return 'an object';
  return String(v);
}

/** A checked client operation, or why the frame was refused (with the frame's id when it had one). */
export type ParsedOp =
  | { readonly ok: true; readonly op: ClientOp }
  | { readonly ok: false; readonly code: 'ROSBRIDGE_BAD_FRAME' | 'ROSBRIDGE_UNKNOWN_OP' | 'ROSBRIDGE_FIELD_INVALID'; readonly problem: string; readonly id?: string };

/** The names of the operations a client may send. */
export const CLIENT_OP_NAMES: readonly ClientOpName[] = Object.keys(SPECS) as ClientOpName[];

/**
 * Check a decoded frame: it must be an object whose `op` names a known operation and whose fields
 * have the types that operation needs (null counts as absent for optional fields, as rosbridge
 * clients send it). Unknown extra fields are ignored, as rosbridge_suite does.
 */
export function parseClientOp(frame: unknown): ParsedOp {
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
    return { ok: false, code: 'ROSBRIDGE_BAD_FRAME', problem: `the frame is ${show(frame)}; expected a JSON object with an "op" field` };
  }
  const m = frame as Record<string, unknown>;
  const id = typeof m['id'] === 'string' ? m['id'] : undefined;
  const withId = id === undefined ? {} : { id };
  const op = m['op'];
  if (typeof op !== 'string') {
    return { ok: false, code: 'ROSBRIDGE_FIELD_INVALID', problem: `"op" is ${op === undefined ? 'missing' : show(op)}; expected one of ${CLIENT_OP_NAMES.join(', ')}`, ...withId };
  }
  const checks = CHECKS.get(op);
  if (checks === undefined) {
    return { ok: false, code: 'ROSBRIDGE_UNKNOWN_OP', problem: `unknown op ${JSON.stringify(op)}; expected one of ${CLIENT_OP_NAMES.join(', ')}`, ...withId };
  }
  for (const c of checks) {
    const v = m[c.name];
    if (v === undefined || (v === null && !c.required)) {
      if (c.required) return { ok: false, code: 'ROSBRIDGE_FIELD_INVALID', problem: `${op}: "${c.name}" is missing; expected ${EXPECTED[c.rule]}`, ...withId };
      if (v === null) delete m[c.name];
      continue;
    }
    if (!passes(c.rule, v)) return { ok: false, code: 'ROSBRIDGE_FIELD_INVALID', problem: `${op}: "${c.name}" is ${show(v)}; expected ${EXPECTED[c.rule]}`, ...withId };
  }
  return { ok: true, op: m as unknown as ClientOp };
}
