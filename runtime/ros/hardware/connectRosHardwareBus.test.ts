import { afterEach, describe, expect, it } from 'vitest';
import { Bus } from '../../bus/index.js';
import { silentLogger } from '../../logging/index.js';
import { LoopHost } from '../../loop/LoopHost.js';
import type { MessageTypeMap, sensor_msgs, std_msgs, trajectory_msgs } from '../../msgs/index.js';
import { SimClock } from '../../time/index.js';
import { connectRosHardwareBus, type RosHardwareBusConnection } from './connectRosHardwareBus.js';
import { prepareRosHardware } from './RosHardwareLink.js';
import type { RosHardwareOptions } from './rosHardwareConfig.js';

const JOINTS = ['shoulder', 'elbow'];
const ARM: RosHardwareOptions = {
  name: 'robot',
  joints: [
    { name: 'shoulder', command: ['position'], min: -1, max: 1 },
    { name: 'elbow', command: ['position'], min: 0, max: 2 },
  ],
  commandInterface: 'position',
  stateTimeoutMs: 50,
};
const STATE: sensor_msgs.JointState = {
  header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' },
  name: ['elbow', 'shoulder'],
  position: [0.5, 0.1],
  velocity: [0, 0],
  effort: [0, 0],
};

let host: LoopHost | undefined;
let connection: RosHardwareBusConnection | undefined;
afterEach(async () => {
  connection?.close();
  connection = undefined;
  await host?.stop();
  host = undefined;
});

const MS = 1_000_000n;

describe('connectRosHardwareBus: the robot’s topics on Kindred’s bus, the loop in lock-step on a sim clock', () => {
  it('forward_command: JointStates from the bus feed the loop; each new gated vector is published once on /<controller>/commands, the stop too, then nothing', async () => {
    const bus = new Bus<MessageTypeMap>();
    const clock = new SimClock();
    const { spec, link } = prepareRosHardware(ARM);
    connection = connectRosHardwareBus(link, bus, {
      stateTopic: '/robot/joint_states',
      controller: { type: 'forward_command', name: 'forward_position_controller' },
      rateHz: 100,
      clock,
    });
    expect(connection.commandTopic).toBe('/forward_position_controller/commands');
    const sent: std_msgs.Float64MultiArray[] = [];
    bus.subscribe('/forward_position_controller/commands', 'std_msgs/msg/Float64MultiArray', (m) => sent.push(m));
    const robot = bus.advertise('/robot/joint_states', 'sensor_msgs/msg/JointState');
    robot.publish(STATE);
    await link.waitForState(100, clock);
    host = await LoopHost.start(
      {
        rateHz: 500,
        mode: 'lockstep',
        stallTimeoutMs: 100,
        spinUs: 50,
        hardware: [spec],
        controllers: [{ name: 'fwd', type: 'forward_command', joints: JOINTS, interface: 'position', params: {}, autostart: true }],
      },
      silentLogger(),
    );
    const h = host;
    /** 10 ms: the robot publishes, the loop runs 5 cycles, the 100 Hz command timer fires once. */
    const tick = async (publish = true): Promise<void> => {
      if (publish) robot.publish(STATE);
      await h.step(5);
      clock.advance(10n * MS);
    };
    clock.advance(10n * MS);
    expect(sent).toEqual([]); // no cycle yet: nothing to send
    h.setSetpoints({ 'shoulder/position': 0.4, 'elbow/position': 2.5 });
    await tick();
    expect(sent.map((m) => m.data)).toEqual([[0.4, 2]]); // elbow clamped to its max by the gate
    await tick();
    expect(sent).toHaveLength(2);
    // Silence from the robot: after 50 ms of loop time the read fails, the loop stops, the hold goes out once.
    for (let k = 0; k < 6; k++) await tick(false);
    await new Promise((r) => setTimeout(r, 20));
    expect(h.safetyStatus().state).toBe('protective_stop');
    const last = sent.at(-1)!;
    expect(last.data).toEqual([0.1, 0.5]);
    const count = sent.length;
    for (let k = 0; k < 5; k++) await tick();
    expect(sent).toHaveLength(count);
  });

  it('close() after the loop stops publishes the final hold even when no tick followed it', async () => {
    const bus = new Bus<MessageTypeMap>();
    const clock = new SimClock();
    const { spec, link } = prepareRosHardware(ARM);
    connection = connectRosHardwareBus(link, bus, { stateTopic: '/robot/joint_states', controller: { type: 'forward_command', name: 'fwd_ctrl' }, rateHz: 100, clock });
    const sent: number[][] = [];
    bus.subscribe('/fwd_ctrl/commands', 'std_msgs/msg/Float64MultiArray', (m) => sent.push(m.data));
    const robot = bus.advertise('/robot/joint_states', 'sensor_msgs/msg/JointState');
    robot.publish(STATE);
    host = await LoopHost.start(
      {
        rateHz: 500,
        mode: 'lockstep',
        stallTimeoutMs: 100,
        spinUs: 50,
        hardware: [spec],
        controllers: [{ name: 'fwd', type: 'forward_command', joints: JOINTS, interface: 'position', params: {}, autostart: true }],
      },
      silentLogger(),
    );
    host.setSetpoints({ 'shoulder/position': 0.7 });
    await host.step(3);
    clock.advance(10n * MS);
    expect(sent).toEqual([[0.7, 0.5]]);
    await host.stop();
    connection.close();
    connection = undefined;
    expect(sent).toEqual([
      [0.7, 0.5],
      [0.1, 0.5],
    ]);
  });

  it('joint_trajectory: one point per new vector, time_from_start one command period', async () => {
    const bus = new Bus<MessageTypeMap>();
    const clock = new SimClock();
    const { spec, link } = prepareRosHardware(ARM);
    connection = connectRosHardwareBus(link, bus, {
      stateTopic: '/joint_states',
      controller: { type: 'joint_trajectory', name: 'joint_trajectory_controller' },
      rateHz: 50,
      clock,
    });
    const sent: trajectory_msgs.JointTrajectory[] = [];
    bus.subscribe('/joint_trajectory_controller/joint_trajectory', 'trajectory_msgs/msg/JointTrajectory', (m) => sent.push(m));
    const robot = bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
    robot.publish(STATE);
    host = await LoopHost.start(
      {
        rateHz: 500,
        mode: 'lockstep',
        stallTimeoutMs: 100,
        spinUs: 50,
        hardware: [spec],
        controllers: [{ name: 'fwd', type: 'forward_command', joints: JOINTS, interface: 'position', params: {}, autostart: true }],
      },
      silentLogger(),
    );
    host.setSetpoints({ 'shoulder/position': -0.3 });
    robot.publish(STATE);
    await host.step(10);
    clock.advance(20n * MS);
    expect(sent).toEqual([
      {
        header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' },
        joint_names: JOINTS,
        points: [{ positions: [-0.3, 0.5], velocities: [], accelerations: [], effort: [], time_from_start: { sec: 0, nanosec: 20_000_000 } }],
      },
    ]);
  });

  it.each([
    ['forward_command on joints with two command interfaces', { ...ARM, joints: ARM.joints.map((j) => ({ ...j, command: ['position' as const, 'velocity' as const] })) }, { type: 'forward_command' as const, name: 'fwd' }, 100],
    ['a controller name that is not a ROS 2 name', ARM, { type: 'joint_trajectory' as const, name: 'joint trajectory' }, 100],
    ['a zero rate', ARM, { type: 'forward_command' as const, name: 'fwd' }, 0],
  ])('refuses %s (ROS_HW_CONFIG_INVALID) and leaves the bus untouched', (_label, options, controller, rateHz) => {
    const bus = new Bus<MessageTypeMap>();
    const { link } = prepareRosHardware(options);
    expect(() => connectRosHardwareBus(link, bus, { stateTopic: '/joint_states', controller, rateHz })).toThrow(expect.objectContaining({ code: 'ROS_HW_CONFIG_INVALID' }));
    expect(bus.topics()).toEqual([]);
  });
});
