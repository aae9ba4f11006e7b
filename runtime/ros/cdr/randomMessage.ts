import { definitionOf, type MessageField } from '../../msgs/index.js';

/** A small seeded generator (mulberry32): the same seed gives the same messages on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Text that exercises UTF-8: ASCII, Mandarin (3 bytes a character) and an emoji (a surrogate pair, 4 bytes). */
const PIECES = ['a', 'Z', '0', ' ', '_', '/', '护', '理', '机器人', '🤖', 'é'];
const ASCII_PIECES = ['a', 'Z', '0', ' ', '_', '/', 'knee', 'hip'];

export interface RandomMessageOptions {
  /** Only ASCII in strings (for peers whose string encoding is not UTF-8-safe). */
  readonly asciiOnly?: boolean;
  /** Longest variable-length array. Default 3. */
  readonly maxSequence?: number;
}

function scalar(type: string, rnd: () => number, options: RandomMessageOptions, bound: number | undefined): unknown {
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  switch (type) {
    case 'bool':
      return rnd() < 0.5;
    case 'int8':
      return int(-128, 127);
    case 'uint8':
    case 'byte':
    case 'char':
      return int(0, 255);
    case 'int16':
      return int(-32768, 32767);
    case 'uint16':
      return int(0, 65535);
    case 'int32':
      return int(-2147483648, 2147483647);
    case 'uint32':
      return int(0, 4294967295);
    case 'int64':
      return BigInt.asIntN(64, (BigInt(int(0, 4294967295)) << 32n) | BigInt(int(0, 4294967295)));
    case 'uint64':
      return BigInt.asUintN(64, (BigInt(int(0, 4294967295)) << 32n) | BigInt(int(0, 4294967295)));
    case 'float32':
      return Math.fround((rnd() - 0.5) * 2e4);
    case 'float64': {
      const r = rnd();
      if (r < 0.05) return Number.NaN;
      if (r < 0.1) return -Infinity;
      return (rnd() - 0.5) * 1e9;
    }
    case 'string':
    case 'wstring': {
      const pieces = options.asciiOnly === true || bound !== undefined ? ASCII_PIECES : PIECES;
      let s = '';
      for (let n = int(0, 6); n > 0; n--) s += pieces[int(0, pieces.length - 1)] ?? '';
      return bound !== undefined ? s.slice(0, bound) : s;
    }
    default:
      throw new Error(`no random value for primitive ${type}`);
  }
}

function element(field: MessageField, rnd: () => number, options: RandomMessageOptions): unknown {
  return field.isComplex ? randomMessage(field.type, rnd, options) : scalar(field.type, rnd, options, field.stringUpperBound);
}

/**
 * A message of `typeName` (one of Kindred's types) with every field filled with seeded random values
 * across each type's range, in Kindred's representation (bigint for 64-bit integers, Uint8Array for
 * byte arrays, fixed-size arrays at their length). For tests and benchmarks.
 */
export function randomMessage(typeName: string, rnd: () => number, options: RandomMessageOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of definitionOf(typeName).fields) {
    if (!field.isArray) {
      out[field.name] = element(field, rnd, options);
      continue;
    }
    const max = Math.min(field.arrayUpperBound ?? Infinity, options.maxSequence ?? 3);
    const length = field.arrayLength ?? Math.floor(rnd() * (max + 1));
    const values = Array.from({ length }, () => element(field, rnd, options));
    out[field.name] = field.type === 'uint8' || field.type === 'byte' ? Uint8Array.from(values as number[]) : values;
  }
  return out;
}
