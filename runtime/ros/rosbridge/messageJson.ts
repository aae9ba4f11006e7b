import { definitionOf, isMessageTypeName } from '../../msgs/index.js';

const plainTypes = new Map<string, boolean>();

/**
 * True when `JSON.stringify` alone writes messages of `type` the way rosbridge does: nothing inside
 * is a 64-bit integer (a bigint in Kindred) or a byte array (a Uint8Array). Such types, JointState
 * among them, skip the replacer, which costs a call per value. Unknown types answer false.
 */
export function isPlainJsonType(type: string): boolean {
  const known = plainTypes.get(type);
  if (known !== undefined) return known;
  let plain = isMessageTypeName(type);
  if (plain) {
    for (const f of definitionOf(type).fields) {
      const wide = f.type === 'int64' || f.type === 'uint64';
      const bytes = f.isArray && (f.type === 'uint8' || f.type === 'byte');
      if (f.isComplex ? !isPlainJsonType(f.type) : wide || bytes) {
        plain = false;
        break;
      }
    }
  }
  plainTypes.set(type, plain);
  return plain;
}

/**
 * `JSON.stringify` replacer for rosbridge's JSON conventions: 64-bit integers as numbers (exact up
 * to 2^53, as any JSON reader in a browser would read them anyway), byte arrays (`uint8[]`) as
 * base64 strings, other typed arrays as plain arrays. Looks at the holder's own value so a Node
 * Buffer is not first turned into `{type, data}` by its `toJSON`.
 */
export function rosbridgeJsonReplacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (typeof raw === 'bigint') return Number(raw);
  if (raw instanceof Uint8Array) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64');
  if (ArrayBuffer.isView(raw) && !(raw instanceof DataView)) {
    return Array.from(raw as unknown as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? Number(v) : v));
  }
  return value;
}

/** A Kindred message of `type` as rosbridge JSON text (NaN and ±Infinity become null, as JSON must). */
export function messageToJson(type: string, msg: unknown): string {
  return (isPlainJsonType(type) ? JSON.stringify(msg) : JSON.stringify(msg, rosbridgeJsonReplacer)) ?? 'null';
}

/** Any value (service requests and responses, action goals) as rosbridge JSON text. */
export function valueToJson(value: unknown): string {
  return JSON.stringify(value, rosbridgeJsonReplacer) ?? 'null';
}
