import { describe, expect, it } from 'vitest';
import type { MessageTypeName } from '../../msgs/index.js';
import { isPlainJsonType, messageToJson } from './messageJson.js';
import { populateMessage } from './populateMessage.js';

function ok(type: MessageTypeName, value: unknown): Record<string, unknown> {
  const p = populateMessage(type, value);
  if (!p.ok) throw new Error(p.problem);
  return p.message;
}

describe('populateMessage: rosbridge JSON into Kindred messages', () => {
  it('fills in what the client leaves out with the .msg defaults', () => {
    expect(ok('geometry_msgs/msg/Pose', { position: { x: 1 } })).toEqual({ position: { x: 1, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } });
    expect(ok('std_msgs/msg/Header', {})).toEqual({ stamp: { sec: 0, nanosec: 0 }, frame_id: '' });
  });

  it.each([
    ['int64 from a JSON number', 'std_msgs/msg/Int64', { data: -42 }, { data: -42n }],
    ['uint64 from a bigint (CBOR)', 'std_msgs/msg/UInt64', { data: 18446744073709551615n }, { data: 18446744073709551615n }],
    ['uint8[] from base64', 'std_msgs/msg/UInt8MultiArray', { data: 'AAH/' }, { layout: { dim: [], data_offset: 0 }, data: new Uint8Array([0, 1, 255]) }],
    ['uint8[] from a list', 'std_msgs/msg/UInt8MultiArray', { data: [3, 4] }, { layout: { dim: [], data_offset: 0 }, data: new Uint8Array([3, 4]) }],
    ['float64 null as NaN', 'std_msgs/msg/Float64', { data: null }, { data: NaN }],
    ['float64[] from a typed array (CBOR)', 'std_msgs/msg/Float64MultiArray', { data: new Float64Array([0.5, 1.5]) }, { layout: { dim: [], data_offset: 0 }, data: [0.5, 1.5] }],
    ['a fixed-size array of the right length', 'unique_identifier_msgs/msg/UUID', { uuid: Array.from({ length: 16 }, (_, i) => i) }, { uuid: new Uint8Array(Array.from({ length: 16 }, (_, i) => i)) }],
  ])('accepts %s', (_what, type, value, expected) => {
    const m = ok(type as MessageTypeName, value);
    expect(m).toEqual(expected);
    if (m['data'] instanceof Uint8Array) expect(Buffer.isBuffer(m['data'])).toBe(false);
  });

  it.each([
    ['a string where a float goes', 'sensor_msgs/msg/JointState', { position: [0.1, 'x'] }, 'msg.position[1] is "x"; expected float64 (a number)'],
    ['an unknown field', 'std_msgs/msg/String', { data: 'a', extra: 1 }, 'msg has no field "extra"; std_msgs/msg/String has data'],
    ['a fractional int', 'std_msgs/msg/Int32', { data: 1.5 }, 'msg.data is 1.5; expected int32 (an integer from -2147483648 to 2147483647)'],
    ['an out-of-range uint8', 'std_msgs/msg/UInt8', { data: 256 }, 'msg.data is 256; expected uint8 (an integer from 0 to 255)'],
    ['a negative uint64', 'std_msgs/msg/UInt64', { data: -1 }, 'msg.data is -1; expected uint64 (an integer from 0 to 18446744073709551615)'],
    ['a number where a bool goes', 'std_msgs/msg/Bool', { data: 1 }, 'msg.data is 1; expected bool (true or false)'],
    ['a string that is not base64', 'std_msgs/msg/UInt8MultiArray', { data: 'not base64!' }, 'msg.data is a string that is not base64; expected uint8[] as base64 or an array of integers'],
    ['a fixed array of the wrong length', 'unique_identifier_msgs/msg/UUID', { uuid: [1, 2, 3] }, 'msg.uuid has 3 elements; expected exactly 16'],
    ['a nested message that is not an object', 'std_msgs/msg/Header', { stamp: 5 }, 'msg.stamp is 5; expected a builtin_interfaces/msg/Time object'],
    ['an array where a message goes', 'std_msgs/msg/String', [], 'msg is an array; expected a std_msgs/msg/String object'],
  ])('refuses %s, naming the path', (_what, type, value, problem) => {
    expect(populateMessage(type as MessageTypeName, value)).toEqual({ ok: false, problem });
  });
});

describe('messageToJson: Kindred messages as rosbridge JSON', () => {
  it('knows which types JSON.stringify can write alone', () => {
    expect(isPlainJsonType('sensor_msgs/msg/JointState')).toBe(true);
    expect(isPlainJsonType('std_msgs/msg/Int64')).toBe(false);
    expect(isPlainJsonType('sensor_msgs/msg/Image')).toBe(false);
    expect(isPlainJsonType('diagnostic_msgs/msg/DiagnosticArray')).toBe(true);
  });

  it('writes bigint as a number, bytes as base64 (a Node Buffer too), NaN as null', () => {
    expect(messageToJson('std_msgs/msg/Int64', { data: 7n })).toBe('{"data":7}');
    expect(messageToJson('sensor_msgs/msg/CompressedImage', { header: { stamp: { sec: 1, nanosec: 2 }, frame_id: 'c' }, format: 'png', data: Buffer.from([1, 2, 3]) })).toBe(
      '{"header":{"stamp":{"sec":1,"nanosec":2},"frame_id":"c"},"format":"png","data":"AQID"}',
    );
    expect(messageToJson('std_msgs/msg/Float64', { data: NaN })).toBe('{"data":null}');
  });

  it('round-trips through populateMessage', () => {
    const m = ok('rcl_interfaces/msg/ParameterValue', { type: 2, integer_value: 5, byte_array_value: 'AQI=', integer_array_value: [1, -2] });
    expect(JSON.parse(messageToJson('rcl_interfaces/msg/ParameterValue', m))).toMatchObject({ integer_value: 5, byte_array_value: 'AQI=', integer_array_value: [1, -2] });
    expect(ok('rcl_interfaces/msg/ParameterValue', JSON.parse(messageToJson('rcl_interfaces/msg/ParameterValue', m)))).toEqual(m);
  });
});
