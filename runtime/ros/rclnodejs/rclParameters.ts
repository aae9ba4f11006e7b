import { isKindredError, show } from '../../errors/index.js';
import type { ParameterDescription, ParameterStore } from '../../params/index.js';

/** rcl_interfaces/msg/ParameterType, as rclnodejs's `ParameterType` numbers it. */
export const ROS_PARAMETER_TYPE = {
  NOT_SET: 0,
  BOOL: 1,
  INTEGER: 2,
  DOUBLE: 3,
  STRING: 4,
  BYTE_ARRAY: 5,
  BOOL_ARRAY: 6,
  INTEGER_ARRAY: 7,
  DOUBLE_ARRAY: 8,
  STRING_ARRAY: 9,
} as const;

const TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'not set',
  1: 'bool',
  2: 'integer',
  3: 'double',
  4: 'string',
  5: 'byte array',
  6: 'bool array',
  7: 'integer array',
  8: 'double array',
  9: 'string array',
};

/**
 * How a Kindred parameter appears in ROS 2. Its JSON schema decides: booleans, whole numbers
 * (INTEGER, as bigint), numbers (DOUBLE), strings and lists of those map to the ROS type; anything
 * ROS 2 has no type for (a mapping, a list of mixed or nested values, an optional value) becomes a
 * STRING holding the value as JSON text, which a ROS-side set must send back as JSON.
 */
export type RosParameterKind = 'bool' | 'integer' | 'double' | 'string' | 'bool_array' | 'integer_array' | 'double_array' | 'string_array' | 'json';

const KIND_TYPE: Readonly<Record<RosParameterKind, number>> = {
  bool: ROS_PARAMETER_TYPE.BOOL,
  integer: ROS_PARAMETER_TYPE.INTEGER,
  double: ROS_PARAMETER_TYPE.DOUBLE,
  string: ROS_PARAMETER_TYPE.STRING,
  bool_array: ROS_PARAMETER_TYPE.BOOL_ARRAY,
  integer_array: ROS_PARAMETER_TYPE.INTEGER_ARRAY,
  double_array: ROS_PARAMETER_TYPE.DOUBLE_ARRAY,
  string_array: ROS_PARAMETER_TYPE.STRING_ARRAY,
  json: ROS_PARAMETER_TYPE.STRING,
};

/** The ROS parameter type number of a kind. */
export function rosParameterType(kind: RosParameterKind): number {
  return KIND_TYPE[kind];
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** The name ROS 2 tools print for a parameter type number. */
export function rosParameterTypeName(type: number): string {
  return TYPE_NAMES[type] ?? `type ${type}`;
}

function scalarKind(schemaType: unknown): 'bool' | 'integer' | 'double' | 'string' | undefined {
  switch (schemaType) {
    case 'boolean':
      return 'bool';
    case 'integer':
      return 'integer';
    case 'number':
      return 'double';
    case 'string':
      return 'string';
    default:
      return undefined;
  }
}

function fits(kind: RosParameterKind, value: unknown): boolean {
  const isInt = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v);
  switch (kind) {
    case 'bool':
      return typeof value === 'boolean';
    case 'integer':
      return isInt(value);
    case 'double':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'bool_array':
      return Array.isArray(value) && value.every((v) => typeof v === 'boolean');
    case 'integer_array':
      return Array.isArray(value) && value.every(isInt);
    case 'double_array':
      return Array.isArray(value) && value.every((v) => typeof v === 'number');
    case 'string_array':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'json':
      return true;
  }
}

/** The ROS 2 kind of a Kindred parameter, from its schema (and its current value, which must fit). */
export function rosParameterKind(description: Pick<ParameterDescription, 'type' | 'value'>): RosParameterKind {
  const schema = description.type;
  let kind: RosParameterKind = 'json';
  const scalar = scalarKind(schema['type']);
  if (scalar !== undefined) kind = scalar;
  else if (schema['type'] === 'array') {
    const items = schema['items'];
    const inner = typeof items === 'object' && items !== null && !Array.isArray(items) ? scalarKind((items as Record<string, unknown>)['type']) : undefined;
    if (inner !== undefined) kind = `${inner}_array`;
  }
  return fits(kind, description.value) ? kind : 'json';
}

/** A Kindred parameter's value as the value of a ROS parameter of `kind` (INTEGER as bigint, JSON as text). */
export function toRosParameterValue(kind: RosParameterKind, value: unknown): unknown {
  switch (kind) {
    case 'integer':
      return BigInt(value as number);
    case 'integer_array':
      return (value as readonly number[]).map((v) => BigInt(v));
    case 'bool_array':
    case 'double_array':
    case 'string_array':
      return [...(value as readonly unknown[])];
    case 'json':
      return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)) ?? 'null';
    default:
      return value;
  }
}

/** A parameter as ROS hands it over (rclnodejs's `Parameter`: name, type number, value). */
export interface RosParameterInput {
  readonly name: string;
  readonly type: number;
  readonly value: unknown;
}

/** The value ROS sent, converted to what Kindred's store takes, or why it cannot be. */
export type FromRosResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

function exactNumber(v: unknown): number | undefined {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : undefined;
  if (typeof v === 'number') return v;
  return undefined;
}

/**
 * The Kindred value of a ROS parameter of `kind`. An INTEGER value for a DOUBLE parameter is taken
 * as the number (`ros2 param set ... 50` on a rate in Hz); a whole-number DOUBLE for an INTEGER
 * parameter is not (ROS 2 would refuse it too). JSON parameters must hold valid JSON text.
 */
export function fromRosParameterValue(kind: RosParameterKind, input: RosParameterInput): FromRosResult {
  const wrongType = (): FromRosResult => ({
    ok: false,
    reason: `parameter "${input.name}" is ${withArticle(rosParameterTypeName(KIND_TYPE[kind]))} parameter${kind === 'json' ? ' (JSON text)' : ''}; got ${withArticle(rosParameterTypeName(input.type))} (${show(input.value)})`,
  });
  const v = input.value;
  const seq = (x: unknown): unknown[] | undefined => (Array.isArray(x) ? x : ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<unknown>) : undefined);
  switch (kind) {
    case 'bool':
    case 'string':
      return input.type === KIND_TYPE[kind] ? { ok: true, value: v } : wrongType();
    case 'integer':
    case 'double': {
      const accepted = kind === 'double' ? input.type === ROS_PARAMETER_TYPE.DOUBLE || input.type === ROS_PARAMETER_TYPE.INTEGER : input.type === ROS_PARAMETER_TYPE.INTEGER;
      if (!accepted) return wrongType();
      const n = exactNumber(v);
      return n === undefined ? { ok: false, reason: `parameter "${input.name}": ${show(v)} does not fit a JavaScript number exactly` } : { ok: true, value: n };
    }
    case 'bool_array':
    case 'string_array': {
      const items = seq(v);
      return input.type === KIND_TYPE[kind] && items !== undefined ? { ok: true, value: items } : wrongType();
    }
    case 'integer_array':
    case 'double_array': {
      const accepted =
        kind === 'double_array' ? input.type === ROS_PARAMETER_TYPE.DOUBLE_ARRAY || input.type === ROS_PARAMETER_TYPE.INTEGER_ARRAY : input.type === ROS_PARAMETER_TYPE.INTEGER_ARRAY;
      const items = seq(v);
      if (!accepted || items === undefined) return wrongType();
      const numbers = items.map(exactNumber);
      const bad = numbers.findIndex((n) => n === undefined);
      if (bad >= 0) return { ok: false, reason: `parameter "${input.name}"[${bad}]: ${show(items[bad])} does not fit a JavaScript number exactly` };
      return { ok: true, value: numbers };
    }
    case 'json': {
      if (input.type !== ROS_PARAMETER_TYPE.STRING || typeof v !== 'string') return wrongType();
      try {
        return { ok: true, value: JSON.parse(v) as unknown };
      } catch (e) {
        return { ok: false, reason: `parameter "${input.name}" holds JSON text; ${show(v)} is not JSON (${e instanceof Error ? e.message : String(e)})` };
      }
    }
  }
}

/**
 * Apply a set of parameters that arrived through ROS 2 to Kindred's store, all or nothing
 * (`ParameterStore.setMany`). Parameters that are not Kindred's (rclnodejs's own, such as
 * `use_sim_time`) are left to rclnodejs. Returns ROS 2's SetParametersResult: on refusal the reason
 * carries the code (RCLNODEJS_PARAMETER_REFUSED, or the store's PARAM_INVALID / PARAM_READ_ONLY) and
 * the store's message, and nothing changed.
 */
export function applyRosParameters(
  store: ParameterStore,
  kinds: ReadonlyMap<string, RosParameterKind>,
  parameters: readonly RosParameterInput[],
): { successful: boolean; reason: string } {
  const values: Record<string, unknown> = {};
  let any = false;
  for (const p of parameters) {
    const kind = kinds.get(p.name);
    if (kind === undefined) continue;
    if (p.type === ROS_PARAMETER_TYPE.NOT_SET) return { successful: false, reason: `RCLNODEJS_PARAMETER_REFUSED: parameter "${p.name}" is declared by Kindred and cannot be undeclared` };
    const converted = fromRosParameterValue(kind, p);
    if (!converted.ok) return { successful: false, reason: `RCLNODEJS_PARAMETER_REFUSED: ${converted.reason}` };
    values[p.name] = converted.value;
    any = true;
  }
  if (!any) return { successful: true, reason: '' };
  try {
    store.setMany(values);
    return { successful: true, reason: '' };
  } catch (e) {
    if (isKindredError(e)) return { successful: false, reason: `${e.code}: ${e.message}` };
    return { successful: false, reason: `RCLNODEJS_PARAMETER_REFUSED: ${e instanceof Error ? e.message : String(e)}` };
  }
}
