import type { PrimitiveTypeName } from './MessageDefinition.js';

/** TypeScript type of a scalar of each ROS 2 primitive type. */
export const primitiveTsTypes = {
  bool: 'boolean',
  byte: 'number',
  char: 'number',
  int8: 'number',
  uint8: 'number',
  int16: 'number',
  uint16: 'number',
  int32: 'number',
  uint32: 'number',
  int64: 'bigint',
  uint64: 'bigint',
  float32: 'number',
  float64: 'number',
  string: 'string',
  wstring: 'string',
} as const satisfies Record<PrimitiveTypeName, 'boolean' | 'number' | 'bigint' | 'string'>;

export function isPrimitiveTypeName(type: string): type is PrimitiveTypeName {
  return Object.hasOwn(primitiveTsTypes, type);
}

/** Arrays of these primitive types are `Uint8Array`s rather than `number[]`. */
export function isByteArrayElement(type: string): boolean {
  return type === 'uint8' || type === 'byte';
}

/**
 * The TypeScript type of a primitive field: `number`, `bigint`, `Uint8Array`, `number[]`, ...
 * Fixed-size arrays map like variable-size ones (the length lives in the definition data).
 */
export function primitiveFieldTsType(type: PrimitiveTypeName, isArray: boolean): string {
  if (!isArray) return primitiveTsTypes[type];
  if (isByteArrayElement(type)) return 'Uint8Array';
  return `${primitiveTsTypes[type]}[]`;
}
