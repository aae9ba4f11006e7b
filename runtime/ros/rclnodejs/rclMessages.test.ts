import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../errors/index.js';
import { definitionOf, messageDefinitions, type diagnostic_msgs, type kindred_msgs, type sensor_msgs, type tf2_msgs } from '../../msgs/index.js';
import { randomMessage, seededRandom } from '../cdr/randomMessage.js';
import { kindredToRcl, plainFromRcl, rclToKindred } from './rclMessages.js';

/**
 * What an rclnodejs 2.2.0 subscription hands its callback for a message (default options,
 * `enableTypedArray: true`), after its generator (rosidl_gen/templates/message-template.cjs):
 * arrays of int8/uint8/int16/uint16/int32/uint32/float32/float64/char/byte are typed arrays (char as
 * Int8Array), 64-bit integers are bigint, everything else plain. A model of the data's shape for these
 * pure tests; the integration tests (RclnodejsAdapter.ros.test.ts) receive the real thing.
 */
const TYPED: Readonly<Record<string, (values: number[]) => ArrayLike<number>>> = {
  int8: (v) => Int8Array.from(v),
  char: (v) => Int8Array.from(v),
  uint8: (v) => Uint8Array.from(v),
  byte: (v) => Uint8Array.from(v),
  int16: (v) => Int16Array.from(v),
  uint16: (v) => Uint16Array.from(v),
  int32: (v) => Int32Array.from(v),
  uint32: (v) => Uint32Array.from(v),
  float32: (v) => Float32Array.from(v),
  float64: (v) => Float64Array.from(v),
};

function asDelivered(type: string, message: unknown): Record<string, unknown> {
  const source = message as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of definitionOf(type).fields) {
    const v = source[f.name];
    if (f.isComplex) out[f.name] = f.isArray ? (v as unknown[]).map((e) => asDelivered(f.type, e)) : asDelivered(f.type, v);
    else if (f.isArray && TYPED[f.type] !== undefined) out[f.name] = TYPED[f.type]!(Array.from(v as ArrayLike<number>));
    else out[f.name] = f.isArray ? [...(v as unknown[])] : v;
  }
  return out;
}

/** What rclnodejs's generated setters accept on publish: 64-bit integers must be bigint, arrays must be arrays or typed arrays. */
function acceptableToRclnodejs(type: string, message: unknown, path = ''): string | undefined {
  const m = message as Record<string, unknown>;
  for (const f of definitionOf(type).fields) {
    const v = m[f.name];
    const at = path === '' ? f.name : `${path}.${f.name}`;
    if (f.isArray && !Array.isArray(v) && !ArrayBuffer.isView(v)) return `${at} is not an array`;
    const items: unknown[] = f.isArray ? Array.from(v as ArrayLike<unknown>) : [v];
    for (const item of items) {
      if (f.isComplex) {
        const problem = acceptableToRclnodejs(f.type, item, at);
        if (problem !== undefined) return problem;
      } else if ((f.type === 'int64' || f.type === 'uint64') && typeof item !== 'bigint') return `${at} is not a bigint`;
    }
  }
  return undefined;
}

const jointState: sensor_msgs.JointState = {
  header: { stamp: { sec: 1_700_000_000, nanosec: 250_000_000 }, frame_id: 'base_link' },
  name: ['hip_left', 'knee_left'],
  position: [0.1, -0.45],
  velocity: [0, 0.25],
  effort: [1.5, -3.75],
};

const tf: tf2_msgs.TFMessage = {
  transforms: [
    {
      header: { stamp: { sec: 12, nanosec: 5 }, frame_id: 'pelvis' },
      child_frame_id: 'thigh_left',
      transform: { translation: { x: 0, y: 0.1, z: -0.05 }, rotation: { x: 0, y: 0, z: 0.38268343236, w: 0.92387953251 } },
    },
    {
      header: { stamp: { sec: 12, nanosec: 5 }, frame_id: 'thigh_left' },
      child_frame_id: 'shank_left',
      transform: { translation: { x: 0, y: 0, z: -0.42 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
    },
  ],
};

const diagnostics: diagnostic_msgs.DiagnosticArray = {
  header: { stamp: { sec: 3, nanosec: 0 }, frame_id: '' },
  status: [
    { level: 0, name: 'kindred: control loop', message: 'ok', hardware_id: 'exo', values: [{ key: 'rate_hz', value: '500' }] },
    { level: 2, name: 'kindred: drive knee_left', message: 'watchdog expired / 看门狗超时', hardware_id: 'drive_3', values: [] },
  ],
};

const safety: kindred_msgs.SafetyState = {
  header: { stamp: { sec: 40, nanosec: 1 }, frame_id: '' },
  state: 2,
  stop_category: 1,
  active_faults: [
    {
      monitor: 'force',
      code: 'SAFETY_FORCE_LIMIT',
      joint: 'knee_left',
      value: 151.5,
      limit: 140,
      reaction: 3,
      stamp: { sec: 40, nanosec: 0 },
      message_en: 'cuff force 151.5 N over 140 N',
      message_zh: '绑带力 151.5 N 超过 140 N',
    },
  ],
  speed_scale: 0,
};

describe('Kindred → rclnodejs (publishing natively)', () => {
  it.each([
    ['sensor_msgs/msg/JointState', jointState],
    ['tf2_msgs/msg/TFMessage', tf],
    ['diagnostic_msgs/msg/DiagnosticArray', diagnostics],
    ['kindred_msgs/msg/SafetyState', safety],
  ])('%s needs no conversion: the message itself is handed over, uncopied, and rclnodejs accepts it', (type, message) => {
    const converted = kindredToRcl(type)(message);
    expect(converted).toBe(message);
    expect(acceptableToRclnodejs(type, converted)).toBeUndefined();
  });

  it('64-bit integers that arrived as numbers (from JSON) become the bigints rclnodejs requires; the original is untouched', () => {
    const fromJson = { header: { stamp: { sec: 1, nanosec: 2 }, frame_id: '' }, mode: 'realtime', rate_hz: 500, achieved_rate_hz: 499.9, cycles: 1_000_000, overruns: 0, lateness_p50_ns: 1, lateness_p99_ns: 2, lateness_p999_ns: 3, lateness_max_ns: 4, period_jitter_ns: 5, main_thread_stalls: 2 };
    const converted = kindredToRcl('kindred_msgs/msg/LoopStatistics')(fromJson) as Record<string, unknown>;
    expect(converted['cycles']).toBe(1_000_000n);
    expect(converted['main_thread_stalls']).toBe(2n);
    expect(converted['rate_hz']).toBe(500);
    expect(fromJson.cycles).toBe(1_000_000);
    expect(acceptableToRclnodejs('kindred_msgs/msg/LoopStatistics', converted)).toBeUndefined();
  });

  it.each([
    ['a fraction', 1.5, 'an integer (uint64)'],
    ['a negative uint64', -1, 'an integer from 0 to 18446744073709551615 (uint64)'],
    ['text', 'many', 'an integer (uint64)'],
  ])('a 64-bit field holding %s is refused with RCLNODEJS_MESSAGE_INVALID naming the field', (_label, value, expected) => {
    const bad = { ...zeroLoopStatistics(), overruns: value };
    let caught: unknown;
    try {
      kindredToRcl('kindred_msgs/msg/LoopStatistics')(bad);
    } catch (e) {
      caught = e;
    }
    expect(isKindredError(caught, 'RCLNODEJS_MESSAGE_INVALID')).toBe(true);
    if (!isKindredError(caught)) return;
    expect(caught.context.field).toBe('overruns');
    expect(caught.context.expected).toBe(expected);
    expect(caught.message).toContain('kindred_msgs/msg/LoopStatistics: overruns is');
  });
});

function zeroLoopStatistics(): Record<string, unknown> {
  return { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' }, mode: '', rate_hz: 0, achieved_rate_hz: 0, cycles: 0n, overruns: 0n, lateness_p50_ns: 0, lateness_p99_ns: 0, lateness_p999_ns: 0, lateness_max_ns: 0, period_jitter_ns: 0, main_thread_stalls: 0n };
}

describe('rclnodejs → Kindred (subscribing natively)', () => {
  it('JointState: typed arrays become the plain number arrays Kindred declares', () => {
    const delivered = asDelivered('sensor_msgs/msg/JointState', jointState);
    expect(delivered['position']).toBeInstanceOf(Float64Array);
    const converted = rclToKindred('sensor_msgs/msg/JointState')(delivered) as sensor_msgs.JointState;
    expect(converted).toEqual(jointState);
    expect(Array.isArray(converted.position)).toBe(true);
    expect(Array.isArray(converted.velocity)).toBe(true);
    expect(Array.isArray(converted.effort)).toBe(true);
    expect(converted).not.toBe(delivered);
  });

  it.each([
    ['tf2_msgs/msg/TFMessage', tf],
    ['diagnostic_msgs/msg/DiagnosticArray', diagnostics],
    ['kindred_msgs/msg/SafetyState', safety],
  ])('%s arrives field for field', (type, message) => {
    expect(rclToKindred(type)(asDelivered(type, message))).toEqual(message);
  });

  it('byte arrays stay Uint8Array (a copy, not rclnodejs’s buffer); a list of numbers becomes one too', () => {
    const image = { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'camera' }, height: 1, width: 3, encoding: 'mono8', is_bigendian: 0, step: 3, data: Uint8Array.of(1, 2, 250) };
    const received = rclToKindred('sensor_msgs/msg/Image')(image) as { data: Uint8Array };
    expect(received.data).toBeInstanceOf(Uint8Array);
    expect(received.data).not.toBe(image.data);
    expect([...received.data]).toEqual([1, 2, 250]);
    const fromList = rclToKindred('sensor_msgs/msg/Image')({ ...image, data: [7, 8] }) as { data: Uint8Array };
    expect(fromList.data).toEqual(Uint8Array.of(7, 8));
  });

  it('takes only the declared fields and gives missing ones their zero value', () => {
    const converted = rclToKindred('sensor_msgs/msg/JointState')({ name: ['a'], position: Float64Array.of(1), extra: 'ignored' });
    expect(converted).toEqual({ header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' }, name: ['a'], position: [1], velocity: [], effort: [] });
  });

  it('a field of the wrong shape is refused with RCLNODEJS_MESSAGE_INVALID and its path', () => {
    let caught: unknown;
    try {
      rclToKindred('tf2_msgs/msg/TFMessage')({ transforms: [{ header: 'not a header' }] });
    } catch (e) {
      caught = e;
    }
    expect(isKindredError(caught, 'RCLNODEJS_MESSAGE_INVALID')).toBe(true);
    if (isKindredError(caught)) expect(caught.context.field).toBe('transforms[0].header');
  });
});

describe('round trip through rclnodejs’s representation, every Kindred message type', () => {
  const types = Object.keys(messageDefinitions).sort();

  it(`covers all ${types.length} types`, () => {
    expect(types.length).toBeGreaterThan(100);
  });

  it('publish form is accepted, and what a subscription delivers converts back to the same message', () => {
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (type, seed) => {
        const message = randomMessage(type, seededRandom(seed));
        const published = kindredToRcl(type)(message);
        expect(acceptableToRclnodejs(type, published)).toBeUndefined();
        const received = rclToKindred(type)(asDelivered(type, published));
        // char arrays travel as Int8Array in rclnodejs: values above 127 wrap, a quirk of rclnodejs 2.2.0.
        if (definitionOf(type).fields.some((f) => f.type === 'char' && f.isArray)) return;
        expect(received).toEqual(message);
      }),
      { numRuns: 400, seed: 7 },
    );
  });
});

describe('plainFromRcl (service and action payloads, no definition at hand)', () => {
  it('typed arrays become arrays, byte arrays stay Uint8Array copies, bigints stay, nesting is copied', () => {
    const bytes = Uint8Array.of(1, 2);
    const response = { values: Float64Array.of(0.5, 1), count: 3n, data: bytes, nested: [{ ids: Int32Array.of(4) }], ok: true, message: '好' };
    const plain = plainFromRcl(response) as typeof response & { values: number[]; nested: Array<{ ids: number[] }> };
    expect(plain).toEqual({ values: [0.5, 1], count: 3n, data: Uint8Array.of(1, 2), nested: [{ ids: [4] }], ok: true, message: '好' });
    expect(Array.isArray(plain.values)).toBe(true);
    expect(plain.data).not.toBe(bytes);
  });
});
