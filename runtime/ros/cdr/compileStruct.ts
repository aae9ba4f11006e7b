/**
 * Turns a `CdrStruct` into an encoder and a decoder, once per type: each field becomes a small
 * function chosen for its type and array kind, so encoding and decoding run straight through the
 * message without looking anything up. Values are checked while they are written (type, integer
 * range, fixed array length, bounds); a bad one throws a `CdrFault` carrying its field path.
 *
 * In-memory representation (Kindred's, as the generated types declare it):
 * int64/uint64 → bigint; other numbers → number; bool → boolean; string → string;
 * uint8/byte arrays → Uint8Array; other arrays → plain arrays (number[], bigint[], boolean[],
 * string[], message objects); fixed-size arrays are arrays of exactly their length.
 * Encoding also accepts any array-like of the right element type (number[] for a byte array, a
 * Float64Array for float64[]) and numbers for 64-bit integers when they are safe integers.
 */
import { show } from '../../errors/index.js';
import { CdrFault } from './CdrFault.js';
import type { CdrReader } from './CdrReader.js';
import { isCdrPrimitive, type CdrField, type CdrPrimitive, type CdrStructLookup } from './CdrSpec.js';
import type { CdrWriter } from './CdrWriter.js';

type Enc = (w: CdrWriter, v: unknown) => void;
type Dec = (r: CdrReader) => unknown;

/** One struct's compiled codec. */
export interface CompiledStruct {
  readonly name: string;
  write(w: CdrWriter, value: unknown): void;
  read(r: CdrReader): Record<string, unknown>;
  /** A lower bound on the encoded size of one value (to reject impossible sequence lengths). */
  readonly minBytes: number;
}

interface Scalar {
  readonly enc: Enc;
  readonly dec: Dec;
  /** Encoded size, which is also its alignment (strings: the minimum, 4). */
  readonly size: number;
}

function bad(v: unknown, expected: string): CdrFault {
  return new CdrFault(`is ${v === undefined ? 'missing' : show(v)}; expected ${expected}`);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function toBigInt(v: unknown, min: bigint, max: bigint, expected: string): bigint {
  let b: bigint;
  if (typeof v === 'bigint') b = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) b = BigInt(v);
  else throw bad(v, expected);
  if (b < min || b > max) throw bad(v, expected);
  return b;
}

const SCALARS: Readonly<Record<Exclude<CdrPrimitive, 'wstring' | 'byte' | 'char'>, Scalar>> = {
  bool: {
    size: 1,
    enc: (w, v) => {
      if (typeof v !== 'boolean') throw bad(v, 'a boolean');
      w.uint8(v ? 1 : 0);
    },
    dec: (r) => r.uint8() !== 0,
  },
  int8: {
    size: 1,
    enc: (w, v) => {
      if (typeof v !== 'number' || (v << 24) >> 24 !== v) throw bad(v, 'an int8 (integer from -128 to 127)');
      w.int8(v);
    },
    dec: (r) => r.int8(),
  },
  uint8: {
    size: 1,
    enc: (w, v) => {
      if (typeof v !== 'number' || (v & 0xff) !== v) throw bad(v, 'a uint8 (integer from 0 to 255)');
      w.uint8(v);
    },
    dec: (r) => r.uint8(),
  },
  int16: {
    size: 2,
    enc: (w, v) => {
      if (typeof v !== 'number' || (v << 16) >> 16 !== v) throw bad(v, 'an int16 (integer from -32768 to 32767)');
      w.int16(v);
    },
    dec: (r) => r.int16(),
  },
  uint16: {
    size: 2,
    enc: (w, v) => {
      if (typeof v !== 'number' || (v & 0xffff) !== v) throw bad(v, 'a uint16 (integer from 0 to 65535)');
      w.uint16(v);
    },
    dec: (r) => r.uint16(),
  },
  int32: {
    size: 4,
    enc: (w, v) => {
      if (typeof v !== 'number' || (v | 0) !== v) throw bad(v, 'an int32 (integer from -2147483648 to 2147483647)');
      w.int32(v);
    },
    dec: (r) => r.int32(),
  },
  uint32: {
    size: 4,
    enc: (w, v) => {
      if (typeof v !== 'number' || v >>> 0 !== v) throw bad(v, 'a uint32 (integer from 0 to 4294967295)');
      w.uint32(v);
    },
    dec: (r) => r.uint32(),
  },
  int64: {
    size: 8,
    enc: (w, v) => w.int64(toBigInt(v, INT64_MIN, INT64_MAX, 'an int64 (bigint, or a safe integer number)')),
    dec: (r) => r.int64(),
  },
  uint64: {
    size: 8,
    enc: (w, v) => w.uint64(toBigInt(v, 0n, UINT64_MAX, 'a uint64 (non-negative bigint, or a safe integer number)')),
    dec: (r) => r.uint64(),
  },
  float32: {
    size: 4,
    enc: (w, v) => {
      if (typeof v !== 'number') throw bad(v, 'a float32 (number)');
      w.float32(v);
    },
    dec: (r) => r.float32(),
  },
  float64: {
    size: 8,
    enc: (w, v) => {
      if (typeof v !== 'number') throw bad(v, 'a float64 (number)');
      w.float64(v);
    },
    dec: (r) => r.float64(),
  },
  string: {
    size: 4,
    enc: (w, v) => {
      if (typeof v !== 'string') throw bad(v, 'a string');
      w.string(v);
    },
    dec: (r) => r.string(),
  },
};

/** byte and char are 8-bit unsigned in ROS 2's IDL mapping. */
function scalarOf(type: Exclude<CdrPrimitive, 'wstring'>): Scalar {
  return type === 'byte' || type === 'char' ? SCALARS.uint8 : SCALARS[type];
}

type Elements = ArrayLike<unknown> & object;

function isArrayLike(v: unknown): v is Elements {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

function boundedString(bound: number): Enc {
  return (w, v) => {
    if (typeof v !== 'string') throw bad(v, `a string of at most ${bound} bytes`);
    const n = w.string(v);
    if (n > bound) throw new CdrFault(`is ${n} bytes of UTF-8; expected a string of at most ${bound} bytes (string<=${bound})`);
  };
}

/** Checks an array value's shape; returns it typed. */
function checkArray(field: CdrField, v: unknown, elements: string): Elements {
  if (!isArrayLike(v)) {
    const what = field.arrayKind === 'fixed' ? `an array of exactly ${field.arrayLength ?? 0} ${elements}` : `an array of ${elements}`;
    throw bad(v, what);
  }
  if (field.arrayKind === 'fixed' && v.length !== field.arrayLength) {
    throw new CdrFault(`has ${v.length} elements; expected exactly ${field.arrayLength ?? 0} (fixed-size array ${field.type}[${field.arrayLength ?? 0}])`);
  }
  if (field.arrayUpperBound !== undefined && v.length > field.arrayUpperBound) {
    throw new CdrFault(`has ${v.length} elements; expected at most ${field.arrayUpperBound} (bounded sequence ${field.type}[<=${field.arrayUpperBound}])`);
  }
  return v;
}

function atIndex(e: unknown, i: number): unknown {
  if (e instanceof CdrFault) e.path.unshift(i);
  return e;
}

/** Encoder for an array field whose elements are written by `each`. */
function arrayEnc(field: CdrField, elements: string, each: Enc): Enc {
  const fixed = field.arrayKind === 'fixed';
  return (w, v) => {
    const a = checkArray(field, v, elements);
    const n = a.length;
    if (!fixed) w.uint32(n);
    let i = 0;
    try {
      for (; i < n; i++) each(w, a[i]);
    } catch (e) {
      throw atIndex(e, i);
    }
  };
}

/** float64 arrays are the bulk of robot messages (joint states, covariances): a tight loop of their own. */
function float64ArrayEnc(field: CdrField): Enc {
  const fixed = field.arrayKind === 'fixed';
  return (w, v) => {
    const a = checkArray(field, v, 'numbers');
    const n = a.length;
    if (!fixed) w.uint32(n);
    for (let i = 0; i < n; i++) {
      const x = a[i];
      if (typeof x !== 'number') throw atIndex(bad(x, 'a float64 (number)'), i);
      w.float64(x);
    }
  };
}

function byteArrayEnc(field: CdrField): Enc {
  const fixed = field.arrayKind === 'fixed';
  const each = SCALARS.uint8.enc;
  return (w, v) => {
    if (v instanceof Uint8Array) {
      checkArray(field, v, 'bytes');
      if (!fixed) w.uint32(v.length);
      w.bytes(v);
      return;
    }
    const a = checkArray(field, v, 'bytes (integers 0 to 255)');
    if (!fixed) w.uint32(a.length);
    let i = 0;
    try {
      for (; i < a.length; i++) each(w, a[i]);
    } catch (e) {
      throw atIndex(e, i);
    }
  };
}

function readCount(field: CdrField, r: CdrReader, minElementBytes: number): number {
  if (field.arrayKind === 'fixed') return field.arrayLength ?? 0;
  const n = r.sequenceLength(minElementBytes);
  if (field.arrayUpperBound !== undefined && n > field.arrayUpperBound) {
    throw new CdrFault(`has a sequence length of ${n}; the definition allows at most ${field.arrayUpperBound}`, r.offset - 4);
  }
  return n;
}

function arrayDec(field: CdrField, minElementBytes: number, each: Dec): Dec {
  return (r) => {
    const n = readCount(field, r, minElementBytes);
    const out: unknown[] = [];
    let i = 0;
    try {
      for (; i < n; i++) out.push(each(r));
    } catch (e) {
      throw atIndex(e, i);
    }
    return out;
  };
}

function float64ArrayDec(field: CdrField): Dec {
  return (r) => {
    const n = readCount(field, r, 8);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(r.float64());
    return out;
  };
}

function byteArrayDec(field: CdrField): Dec {
  return (r) => r.byteArray(readCount(field, r, 1));
}

interface FieldOp {
  readonly name: string;
  readonly enc: Enc;
  readonly dec: Dec;
  readonly minBytes: number;
}

/** Compiles structs on demand and caches them by name within one lookup. */
export class StructCompiler {
  private readonly compiled = new Map<string, CompiledStruct>();
  private readonly inProgress = new Set<string>();
  private readonly lookup: CdrStructLookup;

  constructor(lookup: CdrStructLookup) {
    this.lookup = lookup;
  }

  /** The compiled codec of struct `name`; throws CdrFault for unknown types, cycles and wstring. */
  compile(name: string): CompiledStruct {
    const done = this.compiled.get(name);
    if (done !== undefined) return done;
    const spec = this.lookup(name);
    if (spec === undefined) throw new CdrFault(`names type ${name}, which has no definition`);
    if (this.inProgress.has(name)) throw new CdrFault(`type ${name} contains itself, which a ROS 2 message cannot`);
    this.inProgress.add(name);
    let ops: FieldOp[];
    try {
      ops = spec.fields.map((f) => {
        try {
          return this.fieldOp(f);
        } catch (e) {
          if (e instanceof CdrFault) e.path.unshift(f.name);
          throw e;
        }
      });
    } finally {
      this.inProgress.delete(name);
    }
    const struct = makeStruct(spec.name, ops);
    this.compiled.set(name, struct);
    return struct;
  }

  private fieldOp(f: CdrField): FieldOp {
    if (f.isComplex) {
      const inner = this.compile(f.type);
      const enc: Enc = (w, v) => inner.write(w, v);
      const dec: Dec = (r) => inner.read(r);
      if (f.arrayKind === 'none') return { name: f.name, enc, dec, minBytes: inner.minBytes };
      return {
        name: f.name,
        enc: arrayEnc(f, `${f.type} messages`, enc),
        dec: arrayDec(f, inner.minBytes, dec),
        minBytes: f.arrayKind === 'fixed' ? (f.arrayLength ?? 0) * inner.minBytes : 4,
      };
    }
    if (!isCdrPrimitive(f.type)) throw new CdrFault(`has type ${show(f.type)}, which is neither a ROS 2 primitive nor a message type`);
    if (f.type === 'wstring') throw new CdrFault('is a wstring, whose CDR layout differs between DDS vendors; Kindred does not encode or decode it', undefined, true);
    const scalar = scalarOf(f.type);
    const sizeOfAll = f.arrayKind === 'fixed' ? (f.arrayLength ?? 0) * scalar.size : 4;
    if (f.arrayKind === 'none') {
      const enc = f.type === 'string' && f.stringUpperBound !== undefined ? boundedString(f.stringUpperBound) : scalar.enc;
      return { name: f.name, enc, dec: scalar.dec, minBytes: scalar.size };
    }
    if (f.type === 'uint8' || f.type === 'byte') return { name: f.name, enc: byteArrayEnc(f), dec: byteArrayDec(f), minBytes: sizeOfAll };
    if (f.type === 'float64') return { name: f.name, enc: float64ArrayEnc(f), dec: float64ArrayDec(f), minBytes: sizeOfAll };
    const each = f.type === 'string' && f.stringUpperBound !== undefined ? boundedString(f.stringUpperBound) : scalar.enc;
    return { name: f.name, enc: arrayEnc(f, `${f.type} values`, each), dec: arrayDec(f, scalar.size, scalar.dec), minBytes: sizeOfAll };
  }
}

function makeStruct(name: string, ops: readonly FieldOp[]): CompiledStruct {
  if (ops.length === 0) {
    // ROS 2 gives an empty message one uint8 member (`structure_needs_at_least_one_member`).
    return {
      name,
      minBytes: 1,
      write: (w, v) => {
        if (typeof v !== 'object' || v === null) throw bad(v, `a ${name} message (an object)`);
        w.uint8(0);
      },
      read: (r) => {
        r.uint8();
        return {};
      },
    };
  }
  let minBytes = 0;
  for (const op of ops) minBytes += op.minBytes;
  return {
    name,
    minBytes,
    write(w, v) {
      if (typeof v !== 'object' || v === null) throw bad(v, `a ${name} message (an object)`);
      const m = v as Record<string, unknown>;
      let at = '';
      try {
        for (const op of ops) {
          at = op.name;
          op.enc(w, m[op.name]);
        }
      } catch (e) {
        if (e instanceof CdrFault) e.path.unshift(at);
        throw e;
      }
    },
    read(r) {
      const m: Record<string, unknown> = {};
      let at = '';
      try {
        for (const op of ops) {
          at = op.name;
          m[op.name] = op.dec(r);
        }
      } catch (e) {
        if (e instanceof CdrFault) e.path.unshift(at);
        throw e;
      }
      return m;
    },
  };
}
