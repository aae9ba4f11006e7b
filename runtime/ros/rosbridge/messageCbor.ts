import { Decoder, Encoder } from 'cbor-x';
import { definitionOf, isMessageTypeName } from '../../msgs/index.js';

type TypedArrayMaker = (values: readonly unknown[]) => unknown;

const toBigInt = (x: unknown): bigint => (typeof x === 'bigint' ? x : BigInt(x as number));

/**
 * rosbridge_suite's CBOR writes numeric arrays as RFC 8746 typed arrays (little-endian tags 69–86);
 * cbor-x writes each JavaScript typed array with exactly those tags. Byte arrays stay byte strings,
 * bool and string arrays stay CBOR arrays.
 */
const TYPED: Readonly<Record<string, TypedArrayMaker>> = {
  int8: (v) => Int8Array.from(v as number[]),
  uint16: (v) => Uint16Array.from(v as number[]),
  int16: (v) => Int16Array.from(v as number[]),
  uint32: (v) => Uint32Array.from(v as number[]),
  int32: (v) => Int32Array.from(v as number[]),
  int64: (v) => BigInt64Array.from(v, toBigInt),
  uint64: (v) => BigUint64Array.from(v, toBigInt),
  float32: (v) => Float32Array.from(v as number[]),
  float64: (v) => Float64Array.from(v as number[]),
};

interface FieldPlan {
  readonly name: string;
  /** Message type for nested messages (and arrays of them). */
  readonly nested?: string;
  readonly isArray: boolean;
  readonly typed?: TypedArrayMaker;
}

const plans = new Map<string, readonly FieldPlan[] | null>();

/** The fields of `type` that need converting for CBOR; null when the message goes as it is. */
function planFor(type: string): readonly FieldPlan[] | null {
  const known = plans.get(type);
  if (known !== undefined) return known;
  if (!isMessageTypeName(type)) {
    plans.set(type, null);
    return null;
  }
  const plan: FieldPlan[] = [];
  for (const f of definitionOf(type).fields) {
    if (f.isComplex) {
      if (planFor(f.type) !== null) plan.push({ name: f.name, nested: f.type, isArray: f.isArray });
    } else if (f.isArray) {
      const typed = TYPED[f.type];
      if (typed !== undefined) plan.push({ name: f.name, isArray: true, typed });
    }
  }
  const result = plan.length === 0 ? null : plan;
  plans.set(type, result);
  return result;
}

function convert(type: string, msg: unknown): unknown {
  const plan = planFor(type);
  if (plan === null || typeof msg !== 'object' || msg === null) return msg;
  const out: Record<string, unknown> = { ...(msg as Record<string, unknown>) };
  for (const p of plan) {
    const value = out[p.name];
    if (p.typed !== undefined) {
      if (Array.isArray(value)) out[p.name] = p.typed(value);
    } else if (p.nested !== undefined) {
      const nested = p.nested;
      if (!p.isArray) out[p.name] = convert(nested, value);
      else if (Array.isArray(value)) out[p.name] = value.map((m) => convert(nested, m));
    }
  }
  return out;
}

/**
 * A Kindred message of `type` ready for CBOR the way rosbridge_suite sends it: numeric arrays as
 * typed arrays (tagged, little-endian), 64-bit integers as CBOR integers, byte arrays as byte
 * strings. The message itself is not changed; a shallow copy is made only where a field converts.
 */
export function messageToCborValue(type: string, msg: unknown): unknown {
  return convert(type, msg);
}

/** CBOR as rosbridge peers read it: plain maps (no cbor-x records), byte arrays untagged. */
const encoder = new Encoder({ useRecords: false, tagUint8Array: false });
const decoder = new Decoder({ useRecords: false, mapsAsObjects: true });

/** Encode one rosbridge message (an op object) as CBOR. The buffer is not reused by later calls. */
export function encodeCbor(value: unknown): Buffer {
  return encoder.encode(value);
}

/** Decode a CBOR frame from a client; throws on malformed input. */
export function decodeCbor(bytes: Uint8Array): unknown {
  return decoder.decode(bytes) as unknown;
}
