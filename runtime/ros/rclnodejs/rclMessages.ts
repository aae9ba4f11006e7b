import { KindredError, show } from '../../errors/index.js';
import { definitionOf, type MessageDefinition, type MessageField } from '../../msgs/index.js';

/** Converts one message between Kindred's form and rclnodejs's; throws RCLNODEJS_MESSAGE_INVALID. */
export type MessageConverter = (message: unknown) => unknown;

const identity: MessageConverter = (m) => m;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function is64(type: string): boolean {
  return type === 'int64' || type === 'uint64';
}

function isByte(type: string): boolean {
  return type === 'uint8' || type === 'byte';
}

function invalid(type: string, path: string, value: unknown, expected: string): KindredError {
  return new KindredError('RCLNODEJS_MESSAGE_INVALID', `${type}: ${path} is ${show(value)}; expected ${expected}`, { field: path, value, expected, type });
}

/** A 64-bit integer field's value as the bigint rclnodejs requires (it refuses numbers there). */
function toBigInt(field: MessageField, value: unknown, type: string, path: string): bigint {
  let big: bigint;
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'number' && Number.isInteger(value)) big = BigInt(value);
  else if (typeof value === 'string' && /^-?\d+$/.test(value)) big = BigInt(value);
  else throw invalid(type, path, value, `an integer (${field.type})`);
  const [lo, hi] = field.type === 'uint64' ? [0n, UINT64_MAX] : [INT64_MIN, INT64_MAX];
  if (big < lo || big > hi) throw invalid(type, path, value, `an integer from ${lo} to ${hi} (${field.type})`);
  return big;
}

function record(value: unknown, type: string, path: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw invalid(type, path === '' ? '(message)' : path, value, `a ${type} object`);
}

function list(value: unknown, type: string, path: string): ArrayLike<unknown> {
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return value as unknown as ArrayLike<unknown>;
  throw invalid(type, path, value, 'an array');
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

// ---------------------------------------------------------------------------------------------
// Kindred → rclnodejs

const outCache = new Map<string, MessageConverter>();
const out64Cache = new Map<string, boolean>();

/** True when `def` or a message it contains has a 64-bit integer field (the only fields that need work outbound). */
function has64(def: MessageDefinition): boolean {
  const known = out64Cache.get(def.name);
  if (known !== undefined) return known;
  out64Cache.set(def.name, false); // Message types cannot contain themselves; this guards the walk anyway.
  const result = def.fields.some((f) => (f.isComplex ? has64(definitionOf(f.type)) : is64(f.type)));
  out64Cache.set(def.name, result);
  return result;
}

function compileOut(def: MessageDefinition): (value: unknown, path: string) => unknown {
  if (!has64(def)) return (value) => value;
  const steps = def.fields
    .filter((f) => (f.isComplex ? has64(definitionOf(f.type)) : is64(f.type)))
    .map((f) => {
      if (f.isComplex) {
        const inner = compileOut(definitionOf(f.type));
        return f.isArray
          ? (v: unknown, p: string) => Array.from(list(v, def.name, p), (e, i) => inner(e, `${p}[${i}]`))
          : (v: unknown, p: string) => inner(v, p);
      }
      return f.isArray
        ? (v: unknown, p: string) => Array.from(list(v, def.name, p), (e, i) => toBigInt(f, e, def.name, `${p}[${i}]`))
        : (v: unknown, p: string) => toBigInt(f, v, def.name, p);
    });
  const fields = def.fields.filter((f) => (f.isComplex ? has64(definitionOf(f.type)) : is64(f.type)));
  return (value, path) => {
    const copy = { ...record(value, def.name, path) };
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const p = join(path, f.name);
      if (copy[f.name] !== undefined) copy[f.name] = steps[i]!(copy[f.name], p);
    }
    return copy;
  };
}

/**
 * The converter from a Kindred message of `type` to what rclnodejs's publisher takes. Kindred's
 * messages already carry ROS 2 field names, `{sec, nanosec}` stamps, number arrays (rclnodejs accepts
 * arrays where it would deliver typed arrays) and `Uint8Array` byte arrays; the one difference is that
 * rclnodejs refuses a 64-bit integer field that is not a bigint, so those are made bigint (a message
 * from JSON may hold numbers there). A type with no 64-bit field converts to the message itself, uncopied.
 * Throws MSG_UNKNOWN_TYPE for a type Kindred does not know.
 */
export function kindredToRcl(type: string): MessageConverter {
  const cached = outCache.get(type);
  if (cached !== undefined) return cached;
  const def = definitionOf(type);
  const compiled = compileOut(def);
  const converter: MessageConverter = has64(def) ? (m) => compiled(m, '') : identity;
  outCache.set(type, converter);
  return converter;
}

// ---------------------------------------------------------------------------------------------
// rclnodejs → Kindred

const inCache = new Map<string, (value: unknown, path: string) => Record<string, unknown>>();

function zeroScalar(type: string): unknown {
  if (type === 'bool') return false;
  if (is64(type)) return 0n;
  if (type === 'string' || type === 'wstring') return '';
  return 0;
}

function compileIn(def: MessageDefinition): (value: unknown, path: string) => Record<string, unknown> {
  const cached = inCache.get(def.name);
  if (cached !== undefined) return cached;
  const steps = def.fields.map((f): ((v: unknown, p: string) => unknown) => {
    if (f.isComplex) {
      // Resolved on first use: compiling eagerly would recurse through every dependency at once.
      let inner: ((value: unknown, path: string) => Record<string, unknown>) | undefined;
      const get = (): ((value: unknown, path: string) => Record<string, unknown>) => (inner ??= compileIn(definitionOf(f.type)));
      return f.isArray
        ? (v, p) => (v === undefined ? [] : Array.from(list(v, def.name, p), (e, i) => get()(e, `${p}[${i}]`)))
        : (v, p) => get()(v ?? {}, p);
    }
    if (!f.isArray) {
      if (is64(f.type)) return (v, p) => (v === undefined ? 0n : toBigInt(f, v, def.name, p));
      return (v) => (v === undefined ? zeroScalar(f.type) : v);
    }
    if (isByte(f.type)) return (v, p) => (v === undefined ? new Uint8Array(0) : Uint8Array.from(list(v, def.name, p) as ArrayLike<number>));
    if (is64(f.type)) return (v, p) => (v === undefined ? [] : Array.from(list(v, def.name, p), (e, i) => toBigInt(f, e, def.name, `${p}[${i}]`)));
    // Typed arrays (rclnodejs's default for numeric arrays) become the plain arrays Kindred's types declare.
    return (v, p) => (v === undefined ? [] : Array.from(list(v, def.name, p)));
  });
  const compiled = (value: unknown, path: string): Record<string, unknown> => {
    const source = record(value, def.name, path);
    const result: Record<string, unknown> = {};
    for (let i = 0; i < def.fields.length; i++) {
      const f = def.fields[i]!;
      result[f.name] = steps[i]!(source[f.name], join(path, f.name));
    }
    return result;
  };
  inCache.set(def.name, compiled);
  return compiled;
}

/**
 * The converter from a message rclnodejs delivered (typed arrays by default, bigint 64-bit
 * integers) to Kindred's form of `type`: plain number arrays, `Uint8Array` byte arrays, bigint
 * 64-bit integers, and only the fields the type declares (a missing one takes its zero value).
 * Always returns a fresh object. Throws MSG_UNKNOWN_TYPE for a type Kindred does not know.
 */
export function rclToKindred(type: string): MessageConverter {
  const compiled = compileIn(definitionOf(type));
  return (m) => compiled(m, '');
}

/**
 * A service request/response or action goal/feedback/result from rclnodejs, for Kindred handlers
 * that have no definition of its type: typed arrays become plain arrays (byte arrays stay
 * `Uint8Array`, as in Kindred's messages), 64-bit integers stay bigint, objects are copied.
 */
export function plainFromRcl(value: unknown): unknown {
  if (value instanceof Uint8Array) return Uint8Array.from(value);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<unknown>);
  if (Array.isArray(value)) return value.map(plainFromRcl);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plainFromRcl(v);
    return out;
  }
  return value;
}
