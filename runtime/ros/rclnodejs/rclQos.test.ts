import { describe, expect, it } from 'vitest';
import { rclQosProfile, RMW_QOS, toRclQos } from './rclQos.js';
import type { RclQos } from './RclApi.js';

describe('bus QoS → rclnodejs QoS profile', () => {
  it.each([
    ['the bus default', {}, { history: 1, depth: 10, reliability: 1, durability: 2, liveliness: 0 }],
    ['a deeper volatile topic', { depth: 50 }, { history: 1, depth: 50, reliability: 1, durability: 2, liveliness: 0 }],
    ['a latched topic (/safety/state, /robot_description): keep the newest one', { durability: 'transient_local' as const }, { history: 1, depth: 1, reliability: 1, durability: 1, liveliness: 0 }],
    ['a latched topic with its own depth', { durability: 'transient_local' as const, depth: 5 }, { history: 1, depth: 5, reliability: 1, durability: 1, liveliness: 0 }],
    ['a best-effort sensor stream', { reliability: 'best_effort' as const, depth: 5 }, { history: 1, depth: 5, reliability: 2, durability: 2, liveliness: 0 }],
  ])('%s', (_label, qos, expected) => {
    expect(rclQosProfile(qos)).toEqual(expected);
  });

  it('uses rmw’s numbering (rclnodejs QoS.HistoryPolicy / ReliabilityPolicy / DurabilityPolicy)', () => {
    expect(RMW_QOS).toEqual({
      HISTORY_KEEP_LAST: 1,
      RELIABILITY_RELIABLE: 1,
      RELIABILITY_BEST_EFFORT: 2,
      DURABILITY_TRANSIENT_LOCAL: 1,
      DURABILITY_VOLATILE: 2,
      LIVELINESS_SYSTEM_DEFAULT: 0,
    });
  });

  it('builds rclnodejs’s QoS with the documented argument order (history, depth, reliability, durability, liveliness)', () => {
    const calls: unknown[][] = [];
    class RecordingQos implements RclQos {
      history: number;
      depth: number;
      durability: number;
      liveliness: number;
      constructor(...args: [number?, number?, number?, number?, number?, boolean?]) {
        calls.push(args);
        this.history = args[0] ?? 0;
        this.depth = args[1] ?? 0;
        this.durability = args[3] ?? 0;
        this.liveliness = args[4] ?? 0;
      }
    }
    const qos = toRclQos({ QoS: RecordingQos }, rclQosProfile({ durability: 'transient_local' }));
    expect(calls).toEqual([[1, 1, 1, 1, 0, false]]);
    expect(qos.durability).toBe(1);
  });
});
