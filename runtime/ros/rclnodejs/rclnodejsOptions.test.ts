import { describe, expect, it } from 'vitest';
import { Bus } from '../../bus/index.js';
import { isKindredError, type KindredError } from '../../errors/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import { checkTopicsIn, outgoingTopicFilter, resolveRclnodejsConfig, type RclnodejsAdapterOptions } from './rclnodejsOptions.js';

const bus = new Bus<MessageTypeMap>();

function refusal(options: Omit<RclnodejsAdapterOptions, 'bus'>): KindredError {
  try {
    resolveRclnodejsConfig({ bus, ...options });
  } catch (e) {
    if (isKindredError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('allowPublish: what a ROS 2 publisher may put on the bus', () => {
  const robotJoints = { ros: '/joint_states', type: 'sensor_msgs/msg/JointState', bus: '/robot/joint_states' };
  const command = { ros: '/legs/commands', type: 'std_msgs/msg/Float64MultiArray', bus: '/legs_position/commands' };

  it('with the default (empty) list, nothing may: start is refused, naming the topic', () => {
    const e = refusal({ topicsIn: [robotJoints] });
    expect(e.code).toBe('RCLNODEJS_PUBLISH_NOT_ALLOWED');
    expect(e.message).toContain('/joint_states → /robot/joint_states');
    expect(e.message).toContain('empty: nothing may be published');
  });

  it('names and globs admit bus topics as the rosbridge allow-list does', () => {
    const allowed = checkTopicsIn([robotJoints, command], ['/robot/*', 'legs_position/commands']);
    expect(allowed.map((t) => t.bus)).toEqual(['/robot/joint_states', '/legs_position/commands']);
  });

  it('one topic outside the list refuses the whole configuration (nothing half-started), listing each refused topic', () => {
    const e = refusal({ topicsIn: [robotJoints, command, { ros: '/cmd_vel', type: 'geometry_msgs/msg/Twist', bus: '/cmd_vel' }], allowPublish: ['/robot/*'] });
    expect(e.code).toBe('RCLNODEJS_PUBLISH_NOT_ALLOWED');
    expect(e.context.value).toEqual(['/legs_position/commands', '/cmd_vel']);
  });

  it('the allow-list is matched on the bus topic, not the ROS topic', () => {
    expect(() => checkTopicsIn([{ ros: '/robot/joint_states', bus: '/joint_states' }], ['/robot/*'])).toThrow(/outside allowPublish/);
  });
});

describe('resolveRclnodejsConfig', () => {
  it('fills defaults: node kindred, every bus topic out, nothing in', () => {
    const config = resolveRclnodejsConfig({ bus });
    expect(config.nodeName).toBe('kindred');
    expect(config.namespace).toBe('');
    expect(config.topicsOut).toEqual(['*']);
    expect(config.topicsIn).toEqual([]);
    expect(config.allowPublish).toEqual([]);
    expect(config.serviceTimeoutMs).toBe(5000);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('resolves short type names and relative topic names', () => {
    const config = resolveRclnodejsConfig({ bus, topicsIn: [{ ros: 'joint_states', type: 'sensor_msgs/JointState', bus: 'robot/joint_states' }], allowPublish: ['/robot/joint_states'] });
    expect(config.topicsIn).toEqual([{ ros: '/joint_states', type: 'sensor_msgs/msg/JointState', bus: '/robot/joint_states', qos: {} }]);
  });

  it.each([
    ['a node name with a slash', { nodeName: 'kindred/one' }, 'nodeName', 'a ROS 2 node name such as kindred'],
    ['a namespace without a leading slash', { namespace: 'robot1' }, 'namespace', 'empty or a ROS 2 namespace such as /robot1'],
    ['an unknown key', { bridge: true } as Record<string, unknown>, '', 'Unrecognized key: "bridge"'],
    ['a topic name with a space', { topicsIn: [{ ros: '/joint states', type: 'sensor_msgs/msg/JointState', bus: '/x' }] }, 'topicsIn.0.ros', 'a ROS 2 topic name such as /joint_states'],
    ['a type Kindred does not define', { topicsIn: [{ ros: '/scan3d', type: 'velodyne_msgs/msg/VelodyneScan', bus: '/x' }], allowPublish: ['/x'] }, 'topicsIn.0.type', 'a ROS 2 message type Kindred defines, such as sensor_msgs/msg/JointState'],
    ['a depth of 0', { topicsIn: [{ ros: '/a', type: 'std_msgs/msg/String', bus: '/a', qos: { depth: 0 } }] }, 'topicsIn.0.qos.depth', 'Too small: expected number to be >=1'],
  ])('refuses %s with RCLNODEJS_CONFIG_INVALID naming the field', (_label, options, field, expected) => {
    const e = refusal(options);
    expect(e.code).toBe('RCLNODEJS_CONFIG_INVALID');
    expect(e.context.field).toBe(field);
    expect(e.context.expected).toBe(expected);
  });

  it('refuses the same ROS topic twice', () => {
    const t = { ros: '/joint_states', type: 'sensor_msgs/msg/JointState', bus: '/a' };
    const e = refusal({ topicsIn: [t, { ...t, bus: '/b' }], allowPublish: ['/a', '/b'] });
    expect(e.code).toBe('RCLNODEJS_CONFIG_INVALID');
    expect(e.message).toContain('each ROS 2 topic once');
  });
});

describe('which bus topics go out to ROS 2', () => {
  it('every bus topic by default', () => {
    const out = outgoingTopicFilter(resolveRclnodejsConfig({ bus }));
    expect(['/joint_states', '/tf', '/safety/state', '/diagnostics', '/humans/bodies/b1/skeleton2d'].every(out)).toBe(true);
  });

  it('only what topicsOut names (names or globs)', () => {
    const out = outgoingTopicFilter(resolveRclnodejsConfig({ bus, topicsOut: ['/joint_states', '/humans/*'] }));
    expect(['/joint_states', '/humans/faces/tracked'].map(out)).toEqual([true, true]);
    expect(['/tf', '/diagnostics'].map(out)).toEqual([false, false]);
  });

  it('never a bus topic filled from ROS 2, nor one named like a ROS 2 topic the adapter subscribes to (no echo)', () => {
    const out = outgoingTopicFilter(resolveRclnodejsConfig({ bus, topicsIn: [{ ros: '/joint_states', type: 'sensor_msgs/msg/JointState', bus: '/robot/joint_states' }], allowPublish: ['/robot/*'] }));
    expect(out('/robot/joint_states')).toBe(false);
    expect(out('/joint_states')).toBe(false);
    expect(out('/tf')).toBe(true);
  });
});
