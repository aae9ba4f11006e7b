import { describe, expect, expectTypeOf, it } from 'vitest';
import { kindred_msgs, lifecycle_msgs, messageDefinitions, zeroMessage } from './index.js';
import type { MessageTypeMap, MessageTypeName } from './index.js';

describe('MessageTypeMap (compile-time shapes)', () => {
  it('sensor_msgs/msg/JointState has ROS 2 field names and TS types', () => {
    expectTypeOf<MessageTypeMap['sensor_msgs/msg/JointState']>().toEqualTypeOf<{
      header: { stamp: { sec: number; nanosec: number }; frame_id: string };
      name: string[];
      position: number[];
      velocity: number[];
      effort: number[];
    }>();
    expectTypeOf<'sensor_msgs/msg/JointState'>().toExtend<MessageTypeName>();
    expectTypeOf<'sensor_msgs/JointState'>().not.toExtend<MessageTypeName>();
  });

  it('maps bytes to Uint8Array, 64-bit integers to bigint and fixed arrays to plain arrays', () => {
    expectTypeOf<MessageTypeMap['sensor_msgs/msg/Image']['data']>().toEqualTypeOf<Uint8Array>();
    expectTypeOf<MessageTypeMap['std_msgs/msg/UInt64MultiArray']['data']>().toEqualTypeOf<bigint[]>();
    expectTypeOf<MessageTypeMap['std_msgs/msg/Int64']['data']>().toEqualTypeOf<bigint>();
    expectTypeOf<MessageTypeMap['sensor_msgs/msg/CameraInfo']['k']>().toEqualTypeOf<number[]>();
    expectTypeOf<MessageTypeMap['std_msgs/msg/Bool']['data']>().toEqualTypeOf<boolean>();
    expectTypeOf<MessageTypeMap['kindred_msgs/msg/LoopStatistics']['cycles']>().toEqualTypeOf<bigint>();
    expectTypeOf<MessageTypeMap['kindred_msgs/msg/SafetyState']['active_faults']>().toEqualTypeOf<kindred_msgs.SafetyFault[]>();
    expectTypeOf<MessageTypeMap['kindred_msgs/msg/ComponentState']['state']>().toEqualTypeOf<lifecycle_msgs.State>();
  });

  it('exposes constants as literal as-const objects', () => {
    expectTypeOf(lifecycle_msgs.State_Constants.PRIMARY_STATE_ACTIVE).toEqualTypeOf<3>();
    expect(lifecycle_msgs.State_Constants).toMatchObject({
      PRIMARY_STATE_UNKNOWN: 0,
      PRIMARY_STATE_UNCONFIGURED: 1,
      PRIMARY_STATE_INACTIVE: 2,
      PRIMARY_STATE_ACTIVE: 3,
      PRIMARY_STATE_FINALIZED: 4,
      TRANSITION_STATE_CONFIGURING: 10,
    });
    expect(kindred_msgs.LoopStatistics_Constants).toEqual({ MODE_REALTIME: 'realtime', MODE_LOCKSTEP: 'lockstep' });
  });
});

describe('zeroMessage', () => {
  it('builds a JointState with empty arrays and a zero header', () => {
    const js = zeroMessage('sensor_msgs/msg/JointState');
    expectTypeOf(js).toEqualTypeOf<MessageTypeMap['sensor_msgs/msg/JointState']>();
    expect(js).toEqual({ header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' }, name: [], position: [], velocity: [], effort: [] });
  });

  it('fills fixed-size arrays to their length and nests messages', () => {
    const ci = zeroMessage('sensor_msgs/msg/CameraInfo');
    expect(ci.k).toEqual(new Array(9).fill(0));
    expect(ci.p).toHaveLength(12);
    expect(ci.roi).toEqual({ x_offset: 0, y_offset: 0, height: 0, width: 0, do_rectify: false });
    expect(zeroMessage('unique_identifier_msgs/msg/UUID').uuid).toEqual(new Uint8Array(16));
  });

  it('uses Uint8Array for byte arrays and bigint for 64-bit fields', () => {
    expect(zeroMessage('sensor_msgs/msg/Image').data).toBeInstanceOf(Uint8Array);
    expect(zeroMessage('std_msgs/msg/UInt64').data).toBe(0n);
    expect(zeroMessage('kindred_msgs/msg/LoopStatistics')).toMatchObject({ cycles: 0n, overruns: 0n, main_thread_stalls: 0n, mode: '', rate_hz: 0 });
  });

  it('honours .msg defaults (identity quaternion, no stop category, full speed)', () => {
    expect(zeroMessage('geometry_msgs/msg/Quaternion')).toEqual({ x: 0, y: 0, z: 0, w: 1 });
    expect(zeroMessage('sensor_msgs/msg/NavSatStatus').status).toBe(-2);
    expect(zeroMessage('kindred_msgs/msg/SafetyState')).toMatchObject({ state: 0, stop_category: -1, active_faults: [], speed_scale: 1 });
  });

  it('returns a fresh object each time', () => {
    const a = zeroMessage('sensor_msgs/msg/JointState');
    a.name.push('knee_left');
    expect(zeroMessage('sensor_msgs/msg/JointState').name).toEqual([]);
  });

  it.each(Object.keys(messageDefinitions) as MessageTypeName[])('%s: has exactly the defined fields', (typeName) => {
    expect(Object.keys(zeroMessage(typeName))).toEqual(messageDefinitions[typeName].fields.map((f) => f.name));
  });
});
