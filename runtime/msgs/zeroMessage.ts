import { definitionOf } from './definitionOf.js';
import type { MessageTypeMap, MessageTypeName } from './generated/index.js';
import type { MessageDefinition, MessageField, MessageScalar } from './MessageDefinition.js';
import { isByteArrayElement } from './primitiveTypes.js';

function zeroScalar(type: string): MessageScalar {
  switch (type) {
    case 'bool':
      return false;
    case 'int64':
    case 'uint64':
      return 0n;
    case 'string':
    case 'wstring':
      return '';
    default:
      return 0;
  }
}

/** A .msg default converted to the field's TypeScript type (64-bit integers as bigint). */
function asFieldScalar(type: string, value: MessageScalar): MessageScalar {
  if ((type === 'int64' || type === 'uint64') && typeof value === 'number') return BigInt(value);
  if (type !== 'int64' && type !== 'uint64' && typeof value === 'bigint') return Number(value);
  return value;
}

function zeroElement(field: MessageField): unknown {
  return field.isComplex ? zeroOf(definitionOf(field.type)) : zeroScalar(field.type);
}

function zeroField(field: MessageField): unknown {
  const d = field.defaultValue;
  if (!field.isArray) {
    if (d !== undefined && !Array.isArray(d)) return asFieldScalar(field.type, d as MessageScalar);
    return zeroElement(field);
  }
  const given = Array.isArray(d) ? (d as readonly MessageScalar[]).map((v) => asFieldScalar(field.type, v)) : [];
  const length = field.arrayLength ?? given.length;
  if (!field.isComplex && isByteArrayElement(field.type)) {
    const bytes = new Uint8Array(length);
    bytes.set(given.map(Number).slice(0, length));
    return bytes;
  }
  return Array.from({ length }, (_, i) => (i < given.length ? given[i] : zeroElement(field)));
}

function zeroOf(definition: MessageDefinition): Record<string, unknown> {
  const message: Record<string, unknown> = {};
  for (const field of definition.fields) message[field.name] = zeroField(field);
  return message;
}

/**
 * A new message of `typeName` with every field at its default: the .msg default where one is given
 * (e.g. a quaternion's `w` is 1), else 0, 0n, '', false; variable arrays empty; fixed-size arrays
 * filled to their length; nested messages built the same way.
 */
export function zeroMessage<T extends MessageTypeName>(typeName: T): MessageTypeMap[T] {
  return zeroOf(definitionOf(typeName)) as unknown as MessageTypeMap[T];
}
