import { describe, expect, it } from 'vitest';
import type { MessageField, PrimitiveTypeName } from './MessageDefinition.js';
import { isPrimitiveTypeName, primitiveFieldTsType } from './primitiveTypes.js';
import { fieldTsType } from './renderMessageFiles.js';

describe('ROS 2 primitive → TypeScript mapping', () => {
  it.each<[PrimitiveTypeName, string, string]>([
    ['bool', 'boolean', 'boolean[]'],
    ['byte', 'number', 'Uint8Array'],
    ['char', 'number', 'number[]'],
    ['int8', 'number', 'number[]'],
    ['uint8', 'number', 'Uint8Array'],
    ['int16', 'number', 'number[]'],
    ['uint16', 'number', 'number[]'],
    ['int32', 'number', 'number[]'],
    ['uint32', 'number', 'number[]'],
    ['int64', 'bigint', 'bigint[]'],
    ['uint64', 'bigint', 'bigint[]'],
    ['float32', 'number', 'number[]'],
    ['float64', 'number', 'number[]'],
    ['string', 'string', 'string[]'],
    ['wstring', 'string', 'string[]'],
  ])('%s → %s, %s[] → %s', (type, scalar, array) => {
    expect(isPrimitiveTypeName(type)).toBe(true);
    expect(primitiveFieldTsType(type, false)).toBe(scalar);
    expect(primitiveFieldTsType(type, true)).toBe(array);
  });

  it.each(['time', 'Header', 'std_msgs/msg/Header', 'float', 'toString', 'constructor'])('%s is not a primitive', (type) => {
    expect(isPrimitiveTypeName(type)).toBe(false);
  });

  const field = (over: Partial<MessageField>): MessageField => ({ name: 'f', type: 'float64', isComplex: false, isArray: false, ...over });
  it.each<[string, MessageField, string]>([
    ['fixed-size array maps like a variable one', field({ isArray: true, arrayLength: 9 }), 'number[]'],
    ['bounded sequence', field({ type: 'int32', isArray: true, arrayUpperBound: 3 }), 'number[]'],
    ['fixed-size byte array', field({ type: 'uint8', isArray: true, arrayLength: 16 }), 'Uint8Array'],
    ['message in the same package', field({ type: 'sensor_msgs/msg/RegionOfInterest', isComplex: true }), 'RegionOfInterest'],
    ['message in another package', field({ type: 'std_msgs/msg/Header', isComplex: true }), 'std_msgs.Header'],
    ['array of messages', field({ type: 'geometry_msgs/msg/Point', isComplex: true, isArray: true }), 'geometry_msgs.Point[]'],
  ])('%s', (_, f, expected) => {
    expect(fieldTsType(f, 'sensor_msgs')).toBe(expected);
  });
});
