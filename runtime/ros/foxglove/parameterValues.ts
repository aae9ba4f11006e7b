import type { ParameterDescription } from '../../params/index.js';
import type { ParameterEntry, SetParameterSpec } from './protocol.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A parameter value as plain JSON data: 64-bit integers as numbers, typed arrays as arrays. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number | bigint>, (v) => plain(v));
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

/**
 * The type hint Foxglove needs to keep a floating-point parameter floating-point: JSON writes 1.0
 * as 1, so a `number` (not `integer`) parameter is marked `float64`, and an array of them `float64_array`.
 */
function typeHint(schema: Readonly<Record<string, unknown>>, value: unknown): ParameterEntry['type'] {
  if (schema['type'] === 'number' && typeof value === 'number') return 'float64';
  const items = schema['items'];
  if (schema['type'] === 'array' && Array.isArray(value) && typeof items === 'object' && items !== null && (items as Record<string, unknown>)['type'] === 'number') return 'float64_array';
  return undefined;
}

/** One of Kindred's parameters as `parameterValues` carries it. */
export function parameterEntry(p: Pick<ParameterDescription, 'name' | 'value' | 'type'>): ParameterEntry {
  const value = plain(p.value);
  const type = typeHint(p.type, value);
  return type === undefined ? { name: p.name, value } : { name: p.name, value, type };
}

/** What a `setParameters` entry asks for: the value to give the store, or why it cannot be applied. */
export type WantedValue = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

/**
 * The value a client's `setParameters` entry means. No value means "unset", which Kindred's declared
 * parameters do not allow; `byte_array` values arrive as base64 and become a list of byte values.
 * Everything else is handed to the store as sent, to be validated there.
 */
export function wantedValue(p: SetParameterSpec): WantedValue {
  if (p.value === undefined || p.value === null) return { ok: false, problem: `parameter "${p.name}" has no value; Kindred's parameters are declared by the runtime and cannot be unset` };
  if (p.type === 'byte_array') {
    if (typeof p.value !== 'string' || !BASE64.test(p.value)) return { ok: false, problem: `parameter "${p.name}" is marked byte_array but its value is not base64 text` };
    return { ok: true, value: [...Buffer.from(p.value, 'base64')] };
  }
  return { ok: true, value: p.value };
}
