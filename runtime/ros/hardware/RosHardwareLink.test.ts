import { parse } from '@foxglove/rosmsg';
import { MessageReader, MessageWriter } from '@foxglove/rosmsg2-serialization';
import { describe, expect, it } from 'vitest';
import type { HardwareComponent } from '../../control/index.js';
import { isKindredError } from '../../errors/index.js';
import { definitionOf, type MessageTypeName } from '../../msgs/index.js';
import { SimClock } from '../../time/index.js';
import { forwardCommandMessage, forwardCommandTopic, jointTrajectoryMessage, jointTrajectoryTopic } from './commandMessages.js';
import { createHardware } from './plugin.js';
import { prepareRosHardware } from './RosHardwareLink.js';
import type { RosHardwareOptions } from './rosHardwareConfig.js';

const ARM: RosHardwareOptions = {
  name: 'robot',
  joints: [
    { name: 'shoulder', command: ['position', 'velocity'], min: -1, max: 1, velocityLimit: 2 },
    { name: 'elbow', command: ['velocity', 'position'], min: 0, max: 2, velocityLimit: 3 },
  ],
  commandInterface: 'position',
  stateTimeoutMs: 50,
};

function js(name: readonly string[], position: readonly number[], velocity: readonly number[] = [], effort: readonly number[] = []) {
  return { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' }, name: [...name], position: [...position], velocity: [...velocity], effort: [...effort] };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

/** The component as the loop's dry run builds it on the main thread, configured on its own state slice. */
async function dryRun(spec: { name: string; config: unknown }): Promise<{ hw: HardwareComponent; state: Float64Array }> {
  const hw = await createHardware(spec.name, spec.config);
  const state = new Float64Array(hw.stateInterfaces().length);
  hw.configure(state);
  return { hw, state };
}

describe('prepareRosHardware: options checked before anything starts', () => {
  it.each([
    ['no joints', 'joints', { ...ARM, joints: [] }],
    ['a joint named twice', 'joints.1.name', { ...ARM, joints: [ARM.joints[0]!, ARM.joints[0]!] }],
    ['joints taking different interfaces', 'joints.1.command', { ...ARM, joints: [ARM.joints[0]!, { name: 'elbow', command: ['position'] }] }],
    ['an interface listed twice', 'joints.0.command', { ...ARM, joints: [{ name: 'a', command: ['position', 'position'] }] }],
    ['a commandInterface the joints do not take', 'commandInterface', { ...ARM, commandInterface: 'effort' }],
    ['min above max', 'joints.0.min', { ...ARM, joints: [{ name: 'a', command: ['position', 'velocity'], min: 1, max: 0 }] }],
    ['state interfaces without position', 'stateInterfaces', { ...ARM, stateInterfaces: ['velocity'] }],
    ['a zero state timeout', 'stateTimeoutMs', { ...ARM, stateTimeoutMs: 0 }],
    ['a joint name with a slash', 'joints.0.name', { ...ARM, joints: [{ name: 'arm/elbow', command: ['position', 'velocity'] }] }],
    ['an unknown key', 'rate', { ...ARM, rate: 100 }],
  ])('rejects %s (ROS_HW_CONFIG_INVALID, field %s)', (_label, field, options) => {
    const e = thrown(() => prepareRosHardware(options as RosHardwareOptions));
    expect(isKindredError(e) && e.code).toBe('ROS_HW_CONFIG_INVALID');
    expect(isKindredError(e) && String(e.context.field)).toContain(field.split('.')[0]!);
    if (field.includes('.')) expect(isKindredError(e) && String(e.context.field).replace(/\[(\d+)\]/g, '.$1')).toBe(field);
  });
});

describe('RosHardwareLink: the JointState feed', () => {
  it('writes by joint name whatever the order, ignores names it does not drive, flags missing and incomplete joints', async () => {
    const { spec, link } = prepareRosHardware(ARM);
    expect(link.feedJointState(js(['gripper', 'elbow', 'shoulder'], [0.04, 0.7, -0.3], [0, 0.2, 0.1], [1, 2, 3]))).toEqual({
      accepted: true,
      updated: ['shoulder', 'elbow'], // in the link's order
      missing: [],
      incomplete: [],
      unknown: ['gripper'],
    });
    const { hw, state } = await dryRun(spec);
    expect(hw.stateInterfaces().map((d) => `${d.prefix}/${d.interfaceName}`)).toEqual([
      'shoulder/position',
      'shoulder/velocity',
      'shoulder/effort',
      'elbow/position',
      'elbow/velocity',
      'elbow/effort',
    ]);
    expect(Array.from(state)).toEqual([-0.3, 0.1, 3, 0.7, 0.2, 2]);
    // Missing joint: flagged, its values untouched. No velocity array: the joint is incomplete (not refreshed).
    expect(link.feedJointState(js(['shoulder'], [-0.25], [0.05], [3]))).toMatchObject({ accepted: true, updated: ['shoulder'], missing: ['elbow'] });
    expect(link.feedJointState(js(['elbow', 'shoulder'], [0.75, -0.2]))).toMatchObject({ accepted: true, updated: [], incomplete: ['shoulder', 'elbow'] });
    expect(hw.read(0, 0.002)).toBe('ok');
    expect(Array.from(state)).toEqual([-0.2, 0.05, 3, 0.75, 0.2, 2]);
    expect(link.status().joints).toMatchObject([
      { name: 'shoulder', updates: 2, missing: 0, incomplete: 1 },
      { name: 'elbow', updates: 1, missing: 1, incomplete: 1 },
    ]);
    hw.dispose?.();
  });

  it('a robot that publishes positions only is configured with stateInterfaces [position] and exports just that', async () => {
    const { spec, link } = prepareRosHardware({ ...ARM, stateInterfaces: ['position'] });
    expect(link.feedJointState(js(['shoulder', 'elbow'], [0.1, 0.2]))).toMatchObject({ updated: ['shoulder', 'elbow'], incomplete: [] });
    const { hw, state } = await dryRun(spec);
    expect(hw.stateInterfaces().map((d) => d.interfaceName)).toEqual(['position', 'position']);
    expect(Array.from(state)).toEqual([0.1, 0.2]);
  });

  it.each([
    ['not an object', 42],
    ['names that are not strings', { ...js(['a'], [1]), name: [1] }],
    ['a joint named twice', js(['shoulder', 'shoulder'], [0, 1])],
    ['positions for fewer joints than names', js(['shoulder', 'elbow'], [0])],
    ['a velocity that is not a number', { ...js(['shoulder'], [0]), velocity: ['fast'] }],
  ])('refuses a malformed message (%s) without throwing and writes nothing', (_label, msg) => {
    const { link } = prepareRosHardware(ARM);
    const r = link.feedJointState(msg as never);
    expect(r).toMatchObject({ accepted: false, updated: [], error: { code: 'ROS_HW_JOINT_STATE_INVALID' } });
    expect(link.allReceived()).toBe(false);
    expect(link.status()).toMatchObject({ messages: 1, rejected: 1, lastRejection: { code: 'ROS_HW_JOINT_STATE_INVALID' } });
  });

  it('waitForState resolves once every joint was received, and times out on the given clock naming the joints never seen', async () => {
    const clock = new SimClock();
    const { link } = prepareRosHardware(ARM);
    const waiting = link.waitForState(500, clock);
    link.feedJointState(js(['shoulder'], [0], [0], [0]));
    clock.advance(499_000_000n);
    link.feedJointState(js(['elbow', 'shoulder'], [0, 0], [0, 0], [0, 0]));
    await expect(waiting).resolves.toBeUndefined();

    const { link: other } = prepareRosHardware(ARM);
    const timedOut = other.waitForState(100, clock);
    other.feedJointState(js(['shoulder'], [0], [0], [0]));
    clock.advance(100_000_000n);
    await expect(timedOut).rejects.toMatchObject({ code: 'ROS_HW_STATE_TIMEOUT', context: { value: ['elbow'], missingIn: { elbow: 1 } } });
  });
});

describe('the plugin on the main thread (the loop dry run)', () => {
  it('exports the joints’ command interfaces with their limits, judges staleness in loop time, and answers status', async () => {
    const { spec, link } = prepareRosHardware(ARM);
    link.feedJointState(js(['shoulder', 'elbow'], [0.1, 0.2], [0, 0], [0, 0]));
    const { hw } = await dryRun(spec);
    expect(hw.commandInterfaces()).toEqual([
      { prefix: 'shoulder', interfaceName: 'position', min: -1, max: 1 },
      { prefix: 'shoulder', interfaceName: 'velocity', min: -2, max: 2 },
      { prefix: 'elbow', interfaceName: 'position', min: 0, max: 2 },
      { prefix: 'elbow', interfaceName: 'velocity', min: -3, max: 3 },
    ]);
    hw.activate();
    expect(hw.read(1.0, 0.002)).toBe('ok');
    expect(hw.read(1.049, 0.002)).toBe('ok');
    expect(hw.read(1.051, 0.002)).toBe('error');
    expect(link.status()).toMatchObject({ readErrors: 1, lastStaleJoint: 'shoulder' });
    link.feedJointState(js(['shoulder', 'elbow'], [0.1, 0.2], [0, 0], [0, 0]));
    expect(hw.read(1.06, 0.002)).toBe('ok');
    expect(hw.read(1.109, 0.002)).toBe('ok');
    expect(hw.command?.({ op: 'status' })).toMatchObject({ active: true, reads: 5, readErrors: 1, staleJoints: [] });
    expect(hw.read(1.2, 0.002)).toBe('error');
    expect(() => hw.command?.({ op: 'explode' })).toThrow(expect.objectContaining({ code: 'HW_COMMAND_UNSUPPORTED' }));
    // Deactivating sends the stop (hold at the last measured position, zero velocity) once.
    hw.deactivate();
    hw.deactivate();
    expect(link.readCommands()).toMatchObject({ seq: 1, stops: 1, torqueEnabled: false });
    expect(link.readCommands().byInterface).toEqual({ position: Float64Array.from([0.1, 0.2]), velocity: Float64Array.from([0, 0]) });
    hw.dispose?.();
  });

  it('the dry run leaves the buffer as it found it', async () => {
    const { spec, link } = prepareRosHardware(ARM);
    link.feedJointState(js(['shoulder', 'elbow'], [0.1, 0.2], [0, 0], [0, 0]));
    const { hw } = await dryRun(spec);
    hw.activate();
    expect(link.readCommands().torqueEnabled).toBe(true);
    hw.dispose?.();
    expect(link.readCommands()).toMatchObject({ seq: 0, stops: 0, torqueEnabled: false });
  });

  it.each([
    ['no buffer', (c: Record<string, unknown>) => ({ ...c, buffer: undefined }), 'buffer'],
    ['a buffer sized for other joints', (c: Record<string, unknown>) => ({ ...c, buffer: (prepareRosHardware({ ...ARM, joints: [ARM.joints[0]!] }).spec.config as Record<string, unknown>)['buffer'] }), 'buffer'],
    ['an unknown key', (c: Record<string, unknown>) => ({ ...c, extra: 1 }), 'extra'],
    ['not an object', () => 'robot', 'config'],
  ])('refuses %s: ROS_HW_CONFIG_INVALID', async (_label, change, field) => {
    const { spec } = prepareRosHardware(ARM);
    const e = await createHardware('robot', change(spec.config as Record<string, unknown>)).catch((x: unknown) => x);
    expect(isKindredError(e) && e.code).toBe('ROS_HW_CONFIG_INVALID');
    expect(isKindredError(e) && e.context.field).toBe(field);
  });
});

/** Serialise with an independent CDR implementation (Foxglove's) and read back: our fields and types are ROS 2's. */
function viaFoxglove(type: MessageTypeName, msg: unknown): unknown {
  const definitions = parse(definitionOf(type).text, { ros2: true });
  return new MessageReader(definitions).readMessage(new MessageWriter(definitions).writeMessage(msg));
}

describe('command messages for ros2_control controllers', () => {
  it('topics follow ros2_controllers’ naming; a bad controller name is refused', () => {
    expect(forwardCommandTopic('forward_position_controller')).toBe('/forward_position_controller/commands');
    expect(jointTrajectoryTopic('/arm/joint_trajectory_controller')).toBe('/arm/joint_trajectory_controller/joint_trajectory');
    expect(() => forwardCommandTopic('my controller')).toThrow(expect.objectContaining({ code: 'ROS_HW_CONFIG_INVALID' }));
  });

  it('Float64MultiArray and a single-point JointTrajectory carry the gated vector, and serialise as ROS 2 CDR', async () => {
    const { spec, link } = prepareRosHardware(ARM);
    link.feedJointState(js(['shoulder', 'elbow'], [0.1, 0.2], [0, 0], [0, 0]));
    const { hw } = await dryRun(spec);
    hw.activate();
    hw.read(0, 0.002);
    hw.deactivate(); // the stop command: a vector the worker wrote, with both interfaces
    const c = link.readCommands();
    const fwd = forwardCommandMessage(c);
    expect(fwd).toEqual({ layout: { dim: [{ label: 'joints', size: 2, stride: 2 }], data_offset: 0 }, data: [0.1, 0.2] });
    const jt = jointTrajectoryMessage(c, 0.002);
    expect(jt).toEqual({
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' },
      joint_names: ['shoulder', 'elbow'],
      points: [{ positions: [0.1, 0.2], velocities: [0, 0], accelerations: [], effort: [], time_from_start: { sec: 0, nanosec: 2_000_000 } }],
    });
    expect(jointTrajectoryMessage(c, 1.5).points[0]!.time_from_start).toEqual({ sec: 1, nanosec: 500_000_000 });
    expect(() => jointTrajectoryMessage(c, 0)).toThrow(expect.objectContaining({ code: 'ROS_HW_CONFIG_INVALID' }));
    const back = viaFoxglove('std_msgs/msg/Float64MultiArray', fwd) as { data: Float64Array };
    expect(Array.from(back.data)).toEqual([0.1, 0.2]);
    const jtBack = viaFoxglove('trajectory_msgs/msg/JointTrajectory', jt) as { joint_names: string[]; points: { positions: Float64Array; time_from_start: unknown }[] };
    expect(jtBack.joint_names).toEqual(['shoulder', 'elbow']);
    expect(Array.from(jtBack.points[0]!.positions)).toEqual([0.1, 0.2]);
    expect(jtBack.points[0]!.time_from_start).toEqual({ sec: 0, nanosec: 2_000_000 });
  });
});
