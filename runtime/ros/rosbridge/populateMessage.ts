import { definitionOf, zeroMessage, type MessageField, type MessageTypeName } from '../../msgs/index.js';

/** What `populateMessage` made of a client's message: the Kindred message, or why it was refused. */
export type Populated = { readonly ok: true; readonly message: Record<string, unknown> } | { readonly ok: false; readonly problem: string };

const INT_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  byte: [0, 255],
  char: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};
const INT64_RANGE = [-(2n ** 63n), 2n ** 63n - 1n] as const;
const UINT64_RANGE = [0n, 2n ** 64n - 1n] as const;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

class Problem {
  constructor(readonly text: string) {}
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function scalar(type: string, value: unknown, path: string): unknown {
  const range = INT_RANGES[type];
  if (range !== undefined) {
    if (typeof value === 'number' && Number.isInteger(value) && value >= range[0] && value <= range[1]) return value;
    if (typeof value === 'bigint' && value >= BigInt(range[0]) && value <= BigInt(range[1])) return Number(value);
    throw new Problem(`${path} is ${describe(value)}; expected ${type} (an integer from ${range[0]} to ${range[1]})`);
  }
  switch (type) {
    case 'float32':
    case 'float64':
      if (typeof value === 'number') return value;
      if (value === null) return NaN; // JSON cannot write NaN; rosbridge clients send null for it
      throw new Problem(`${path} is ${describe(value)}; expected ${type} (a number)`);
    case 'int64':
    case 'uint64': {
      const [lo, hi] = type === 'int64' ? INT64_RANGE : UINT64_RANGE;
      const big = typeof value === 'bigint' ? value : typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : undefined;
      if (big !== undefined && big >= lo && big <= hi) return big;
      throw new Problem(`${path} is ${describe(value)}; expected ${type} (an integer from ${lo} to ${hi})`);
    }
    case 'bool':
      if (typeof value === 'boolean') return value;
      throw new Problem(`${path} is ${describe(value)}; expected bool (true or false)`);
    case 'string':
    case 'wstring':
      if (typeof value === 'string') return value;
      throw new Problem(`${path} is ${describe(value)}; expected a string`);
    default:
      throw new Problem(`${path} has primitive type ${type}, which the bridge cannot convert`);
  }
}

function checkLength(field: MessageField, length: number, path: string): void {
  if (field.arrayLength !== undefined && length !== field.arrayLength) {
    throw new Problem(`${path} has ${length} elements; expected exactly ${field.arrayLength}`);
  }
  if (field.arrayUpperBound !== undefined && length > field.arrayUpperBound) {
    throw new Problem(`${path} has ${length} elements; expected at most ${field.arrayUpperBound}`);
  }
}

function bytes(field: MessageField, value: unknown, path: string): Uint8Array {
  let out: Uint8Array;
  if (typeof value === 'string') {
    if (!BASE64.test(value)) throw new Problem(`${path} is a string that is not base64; expected ${field.type}[] as base64 or an array of integers`);
    const b = Buffer.from(value, 'base64');
    out = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } else if (value instanceof Uint8Array) {
    out = new Uint8Array(value); // a copy, and never a Node Buffer (whose toJSON differs)
  } else if (Array.isArray(value)) {
    out = new Uint8Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = scalar(field.type, value[i], `${path}[${i}]`) as number;
  } else {
    throw new Problem(`${path} is ${describe(value)}; expected ${field.type}[] as base64 or an array of integers`);
  }
  checkLength(field, out.length, path);
  return out;
}

function field(f: MessageField, value: unknown, path: string): unknown {
  if (f.isArray) {
    if (!f.isComplex && (f.type === 'uint8' || f.type === 'byte')) return bytes(f, value, path);
    const list = Array.isArray(value) ? value : ArrayBuffer.isView(value) && !(value instanceof DataView) ? Array.from(value as unknown as ArrayLike<unknown>) : undefined;
    if (list === undefined) throw new Problem(`${path} is ${describe(value)}; expected an array of ${f.type}`);
    checkLength(f, list.length, path);
    const out = new Array<unknown>(list.length);
    for (let i = 0; i < list.length; i++) out[i] = f.isComplex ? message(f.type, list[i], `${path}[${i}]`) : scalar(f.type, list[i], `${path}[${i}]`);
    return out;
  }
  if (f.isComplex) return message(f.type, value, path);
  const s = scalar(f.type, value, path);
  if (f.stringUpperBound !== undefined && typeof s === 'string' && s.length > f.stringUpperBound) {
    throw new Problem(`${path} has ${s.length} characters; expected at most ${f.stringUpperBound}`);
  }
  return s;
}

function message(type: string, value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Problem(`${path} is ${describe(value)}; expected a ${type} object`);
  const definition = definitionOf(type);
  const input = value as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!definition.fields.some((f) => f.name === key)) {
      throw new Problem(`${path} has no field "${key}"; ${type} has ${definition.fields.map((f) => f.name).join(', ') || 'no fields'}`);
    }
  }
  const out = zeroMessage(type as MessageTypeName) as unknown as Record<string, unknown>;
  for (const f of definition.fields) {
    if (Object.hasOwn(input, f.name) && input[f.name] !== undefined) out[f.name] = field(f, input[f.name], `${path}.${f.name}`);
  }
  return out;
}

/**
 * A client's message (rosbridge JSON, or CBOR decoded) as a Kindred message of `type`: fields it
 * leaves out take their defaults, as rosbridge fills in the blanks; 64-bit integers become bigint,
 * byte arrays (base64 text or integer lists) Uint8Array, null floats NaN. Unknown fields, values
 * of the wrong type or out of range, and arrays of the wrong length are refused with the path of
 * the first such value, e.g. `msg.position[2] is "x"; expected float64 (a number)`.
 */
export function populateMessage(type: MessageTypeName, value: unknown, path = 'msg'): Populated {
  try {
    return { ok: true, message: message(type, value, path) };
  } catch (e) {
    if (e instanceof Problem) return { ok: false, problem: e.text };
    throw e;
  }
}
