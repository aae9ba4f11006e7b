import { MessageReader, MessageWriter } from '@foxglove/rosmsg2-serialization';
import { parse } from '@foxglove/rosmsg';
import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../errors/index.js';
import { definitionOf, messageDefinitions, zeroMessage, type MessageTypeName } from '../../msgs/index.js';
import { cdrCodec, cdrCodecFromSchema } from './cdrCodec.js';
import { randomMessage, seededRandom } from './randomMessage.js';

const allTypes = Object.keys(messageDefinitions).sort() as MessageTypeName[];
/**
 * Foxglove's reader and writer take a definition with only constants (rcl_interfaces/ParameterType)
 * for a module of constants and refuse it; ROS 2 (and Kindred) send such a message as the one uint8
 * an empty structure gets. Those types are checked against that byte instead.
 */
const constantsOnly = (type: MessageTypeName): boolean => definitionOf(type).fields.length === 0 && definitionOf(type).constants.length > 0;

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text.trim().split(/\s+/).map((h) => Number.parseInt(h, 16)));
}

/** Foxglove's reader gives typed arrays where Kindred has plain arrays: compare like with like. */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<unknown>);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('cdrCodec: every Kindred message type round-trips', () => {
  it('covers every generated type', () => {
    expect(allTypes.length).toBeGreaterThan(100);
  });

  it.each(allTypes)('%s: zero message and seeded random messages', (type) => {
    // By name only (as a bridge would): the codec is typed `unknown`, the random messages are records.
    const codec = cdrCodec(type as string);
    const zero = zeroMessage(type);
    expect(codec.decode(codec.encode(zero))).toEqual(zero);
    const rnd = seededRandom(type.length * 7919 + 17);
    for (let i = 0; i < 5; i++) {
      const msg = randomMessage(type, rnd);
      const bytes = codec.encode(msg);
      expect(codec.decode(bytes)).toEqual(msg);
      if (constantsOnly(type)) {
        expect(hex(bytes)).toBe('00 01 00 00 00');
        continue;
      }
      // Foxglove's reader (an independent implementation) reads Kindred's bytes to the same values.
      const reader = new MessageReader(parse(definitionOf(type).text, { ros2: true }));
      expect(plain(reader.readMessage(bytes))).toEqual(plain(msg));
      expect(reader.lastReadByteLength()).toBe(bytes.length);
    }
  });

  it.each(allTypes.filter((t) => !constantsOnly(t)))('%s: the same bytes as @foxglove/rosmsg2-serialization for ASCII text', (type) => {
    const writer = new MessageWriter(parse(definitionOf(type).text, { ros2: true }));
    const rnd = seededRandom(type.length * 104729 + 3);
    for (let i = 0; i < 3; i++) {
      const msg = randomMessage(type, rnd, { asciiOnly: true });
      expect(hex(cdrCodec(type as string).encode(msg))).toBe(hex(writer.writeMessage(msg)));
    }
  });

  it('is cached: the same codec object for the same type', () => {
    expect(cdrCodec('sensor_msgs/msg/JointState')).toBe(cdrCodec('sensor_msgs/msg/JointState'));
  });
});

describe('cdrCodec: bytes as ROS 2 writes them (derived by hand from the XCDR1 rules)', () => {
  // XCDR1 (plain CDR), as rmw_fastrtps/rmw_cyclonedds put on the wire and rosbag2 stores:
  // 4-byte encapsulation header 00 01 00 00 (CDR_LE, options 0); every primitive aligned to its own
  // size (8-byte types to 8) counted from the end of the header; a string is a uint32 byte count
  // including the NUL, the UTF-8 bytes, then NUL; a sequence is a uint32 count then the elements.
  it('std_msgs/String "hello"', () => {
    // header | length 6 (5 bytes + NUL) | h e l l o NUL
    const expected = '00 01 00 00  06 00 00 00  68 65 6c 6c 6f 00';
    const codec = cdrCodec('std_msgs/msg/String');
    expect(hex(codec.encode({ data: 'hello' }))).toBe(hex(bytesOf(expected)));
    expect(codec.decode(bytesOf(expected))).toEqual({ data: 'hello' });
  });

  it('sensor_msgs/JointState with two joints', () => {
    const msg = {
      header: { stamp: { sec: 1, nanosec: 2 }, frame_id: 'base' },
      name: ['hip', 'knee'],
      position: [0.5, -1.25],
      velocity: [],
      effort: [2],
    };
    // Offsets are counted after the 4-byte header.
    const expected = [
      '00 01 00 00', //               encapsulation: CDR_LE
      '01 00 00 00', //               0  header.stamp.sec = 1 (int32)
      '02 00 00 00', //               4  header.stamp.nanosec = 2 (uint32)
      '05 00 00 00 62 61 73 65 00', // 8  header.frame_id: length 5, "base", NUL (ends at 17)
      '00 00 00', //                  17 padding to 20 (uint32 alignment)
      '02 00 00 00', //               20 name: 2 strings
      '04 00 00 00 68 69 70 00', //   24 "hip" (ends at 32)
      '05 00 00 00 6b 6e 65 65 00', // 32 "knee" (ends at 41)
      '00 00 00', //                  41 padding to 44
      '02 00 00 00', //               44 position: 2 doubles; 48 is already 8-aligned
      '00 00 00 00 00 00 e0 3f', //   48 0.5   = 0x3FE0000000000000, little-endian
      '00 00 00 00 00 00 f4 bf', //   56 -1.25 = 0xBFF4000000000000
      '00 00 00 00', //               64 velocity: empty
      '01 00 00 00', //               68 effort: 1 double; 72 is 8-aligned
      '00 00 00 00 00 00 00 40', //   72 2.0   = 0x4000000000000000 (ends at 80: 84 bytes in all)
    ].join(' ');
    const codec = cdrCodec('sensor_msgs/msg/JointState');
    const bytes = codec.encode(msg);
    expect(bytes.length).toBe(84);
    expect(hex(bytes)).toBe(hex(bytesOf(expected)));
    expect(codec.decode(bytesOf(expected))).toEqual(msg);
  });

  it('std_msgs/Empty carries the one uint8 ROS 2 adds to empty structures', () => {
    expect(hex(cdrCodec('std_msgs/msg/Empty').encode({}))).toBe('00 01 00 00 00');
  });

  it('std_msgs/Int64 as an 8-byte little-endian two’s complement', () => {
    expect(hex(cdrCodec('std_msgs/msg/Int64').encode({ data: -2n }))).toBe('00 01 00 00 fe ff ff ff ff ff ff ff');
  });

  it('non-ASCII text is UTF-8 with its byte count (foxglove’s own writer cuts it short)', () => {
    const codec = cdrCodec('std_msgs/msg/String');
    // 护 = e6 8a a4, 理 = e7 90 86: 6 bytes + NUL = 7
    expect(hex(codec.encode({ data: '护理' }))).toBe('00 01 00 00 07 00 00 00 e6 8a a4 e7 90 86 00');
    const reader = new MessageReader(parse(definitionOf('std_msgs/msg/String').text, { ros2: true }));
    expect(reader.readMessage(codec.encode({ data: '护理 🤖' }))).toEqual({ data: '护理 🤖' });
  });

  it('a 5 MiB robot description round-trips, and the next small message is unaffected', () => {
    const codec = cdrCodec('std_msgs/msg/String');
    const big = `<robot name="exo">${'<link name="l"/>'.repeat(330_000)}</robot>`;
    const bytes = codec.encode({ data: big });
    expect(bytes.length).toBe(4 + 4 + big.length + 1);
    expect(codec.decode(bytes).data).toBe(big);
    expect(hex(codec.encode({ data: 'hello' }))).toBe('00 01 00 00 06 00 00 00 68 65 6c 6c 6f 00');
  });

  it('decodes big-endian CDR too, and ignores the padding some middlewares append', () => {
    const codec = cdrCodec('std_msgs/msg/String');
    expect(codec.decode(bytesOf('00 00 00 00  00 00 00 06  68 65 6c 6c 6f 00'))).toEqual({ data: 'hello' });
    expect(codec.decode(bytesOf('00 01 00 02  06 00 00 00  68 65 6c 6c 6f 00 00 00'))).toEqual({ data: 'hello' });
  });
});

describe('cdrCodec: coded errors', () => {
  it('refuses an unknown type, with a hint for pkg/Name', () => {
    const e = thrown(() => cdrCodec('sensor_msgs/JointState'));
    expect(isKindredError(e, 'ROS_CDR_UNKNOWN_TYPE')).toBe(true);
    expect((e as Error).message).toContain('did you mean sensor_msgs/msg/JointState?');
  });

  it('names type, field, offset and length of truncated bytes', () => {
    const codec = cdrCodec('sensor_msgs/msg/JointState');
    const bytes = codec.encode({ header: { stamp: { sec: 1, nanosec: 2 }, frame_id: 'base' }, name: ['hip'], position: [1], velocity: [], effort: [] });
    const e = thrown(() => codec.decode(bytes.subarray(0, bytes.length - 12)));
    expect(isKindredError(e, 'ROS_CDR_DECODE_FAILED')).toBe(true);
    if (!isKindredError(e)) return;
    expect(e.message).toMatch(/^cannot decode \d+ bytes as sensor_msgs\/msg\/JointState: field position /);
    expect(e.context).toMatchObject({ type: 'sensor_msgs/msg/JointState', field: 'position', length: bytes.length - 12 });
    expect(typeof e.context.offset).toBe('number');
  });

  it('rejects an impossible sequence length without allocating it', () => {
    const e = thrown(() => cdrCodec('sensor_msgs/msg/JointState').decode(bytesOf('00 01 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 ff ff ff ff')));
    expect(isKindredError(e, 'ROS_CDR_DECODE_FAILED')).toBe(true);
    expect((e as Error).message).toContain('field name has a sequence length of 4294967295 at offset 20');
  });

  it.each([
    ['too short for the header', '00 01'],
    ['XCDR2', '00 07 00 00 00 00 00 00'],
    ['parameter list CDR', '00 03 00 00 00 00 00 00'],
  ])('refuses bytes that are %s', (_what, text) => {
    const e = thrown(() => cdrCodec('std_msgs/msg/Bool').decode(bytesOf(text)));
    expect(isKindredError(e, 'ROS_CDR_DECODE_FAILED')).toBe(true);
  });

  it.each([
    ['a missing field', { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' }, name: [], position: [], velocity: [] }, 'field effort is missing; expected an array of numbers'],
    ['a string where a number belongs', { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' }, name: [], position: [1, '2'], velocity: [], effort: [] }, 'field position[1] is "2"; expected a float64'],
    ['an out-of-range uint32', { header: { stamp: { sec: 0, nanosec: -1 }, frame_id: '' }, name: [], position: [], velocity: [], effort: [] }, 'field header.stamp.nanosec is -1; expected a uint32'],
    ['a number where a string belongs', { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' }, name: ['a', 7], position: [], velocity: [], effort: [] }, 'field name[1] is 7; expected a string'],
  ])('refuses %s, naming the field', (_what, msg, text) => {
    const e = thrown(() => cdrCodec('sensor_msgs/msg/JointState').encode(msg as never));
    expect(isKindredError(e, 'ROS_CDR_ENCODE_FAILED')).toBe(true);
    expect((e as Error).message).toContain(text);
  });

  it('refuses a fixed-size array of the wrong length', () => {
    const msg = { ...zeroMessage('sensor_msgs/msg/Imu'), orientation_covariance: [1, 2, 3] };
    const e = thrown(() => cdrCodec('sensor_msgs/msg/Imu').encode(msg));
    expect(isKindredError(e, 'ROS_CDR_ENCODE_FAILED')).toBe(true);
    expect((e as Error).message).toContain('field orientation_covariance has 3 elements; expected exactly 9');
  });

  it('accepts number[] for a byte array and safe-integer numbers for 64-bit fields', () => {
    const codec = cdrCodec('std_msgs/msg/UInt8MultiArray');
    const msg = { layout: { dim: [], data_offset: 0 }, data: [1, 2, 255] };
    expect(codec.decode(codec.encode(msg as never)).data).toEqual(Uint8Array.from([1, 2, 255]));
    expect(cdrCodec('std_msgs/msg/Int64').decode(cdrCodec('std_msgs/msg/Int64').encode({ data: 42 as unknown as bigint }))).toEqual({ data: 42n });
  });
});

describe('cdrCodecFromSchema: types Kindred does not ship', () => {
  const schema = 'string<=4 code\nint32[<=2] values\nbyte[2] raw\nbuiltin_interfaces/Time stamp\nPoint p\n================================================================================\nMSG: my_msgs/Point\nfloat64 x\nfloat64 y\n';

  it('encodes and decodes with bounds, fixed arrays, time and nested types', () => {
    const codec = cdrCodecFromSchema('my_msgs/msg/Thing', schema);
    const msg = { code: 'ok', values: [1, -2], raw: Uint8Array.from([9, 8]), stamp: { sec: 3, nanosec: 4 }, p: { x: 1.5, y: -2 } };
    expect(codec.decode(codec.encode(msg))).toEqual(msg);
    expect(cdrCodecFromSchema('my_msgs/msg/Thing', schema)).toBe(codec);
  });

  it('refuses values past a bound', () => {
    const codec = cdrCodecFromSchema('my_msgs/msg/Thing', schema);
    const base = { code: 'ok', values: [1], raw: [0, 0], stamp: { sec: 0, nanosec: 0 }, p: { x: 0, y: 0 } };
    expect((thrown(() => codec.encode({ ...base, code: 'toolong' })) as Error).message).toContain('field code is 7 bytes of UTF-8; expected a string of at most 4 bytes');
    expect((thrown(() => codec.encode({ ...base, values: [1, 2, 3] })) as Error).message).toContain('field values has 3 elements; expected at most 2');
  });

  it('refuses a schema naming a type it does not define', () => {
    const e = thrown(() => cdrCodecFromSchema('my_msgs/msg/Broken', 'Missing m\n'));
    expect(isKindredError(e)).toBe(true);
    expect((e as Error).message).toContain('Missing');
  });

  it('refuses text that is not a message definition', () => {
    expect(isKindredError(thrown(() => cdrCodecFromSchema('my_msgs/msg/Bad', 'this is not a field line at all = =\n')), 'ROS_CDR_SCHEMA_INVALID')).toBe(true);
  });

  it('refuses wstring fields with ROS_CDR_UNSUPPORTED', () => {
    const e = thrown(() => cdrCodecFromSchema('my_msgs/msg/Wide', 'wstring w\n'));
    expect(isKindredError(e, 'ROS_CDR_UNSUPPORTED')).toBe(true);
    expect((e as Error).message).toContain('field w is a wstring');
  });
});
