import { describe, expect, it } from 'vitest';
import { Bus } from '../../bus/index.js';
import { isKindredError, type KindredError } from '../../errors/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import { RosbridgeClient } from './RosbridgeClient.js';
import { RosBridgeMapping } from './RosBridgeMapping.js';
import { rosbridgeClientSectionSchema } from './mappingSchema.js';
import { validateRosBridgeMapping, type MappingRules } from './validateMapping.js';

function refusal(config: unknown, rules: MappingRules = {}): KindredError {
  try {
    validateRosBridgeMapping(config, rules);
  } catch (e) {
    if (isKindredError(e)) return e;
    throw e;
  }
  throw new Error('the mapping was accepted');
}

const out = (ros: string, type = 'std_msgs/msg/Float64MultiArray', bus = '/kindred/out'): unknown => ({ topicsOut: [{ bus, ros, type }] });

describe('the rosbridge mapping refuses actuator commands that have not passed the SafetyGate', () => {
  it.each([
    ['/arm_controller/commands', 'std_msgs/msg/Float64MultiArray', 'forward command controller'],
    ['forward_position_controller/commands', 'std_msgs/msg/Float64MultiArray', 'forward command controller'],
    ['/arm_controller/joint_trajectory', 'trajectory_msgs/msg/JointTrajectory', 'joint_trajectory_controller'],
    ['/cmd_vel', 'geometry_msgs/msg/Twist', 'velocity command'],
    ['/base/diff_drive_controller/cmd_vel', 'geometry_msgs/msg/TwistStamped', 'velocity command'],
    ['/admittance_controller/reference', 'std_msgs/msg/Float64MultiArray', 'reference input'],
    ['/robot/motion_plan', 'trajectory_msgs/msg/JointTrajectory', 'trajectory_msgs/msg/JointTrajectory'],
  ])('topicsOut to %s (%s) → ROS_CLIENT_UNGATED_COMMAND', (ros, type, why) => {
    const e = refusal(out(ros, type));
    expect(e.code).toBe('ROS_CLIENT_UNGATED_COMMAND');
    expect(e.context.field).toBe('topicsOut[0].ros');
    expect(e.message).toContain(why);
    expect(e.message).toContain('SafetyGate');
  });

  it.each([
    ['/arm_controller/follow_joint_trajectory', 'control_msgs/action/FollowJointTrajectory'],
    ['/exo/follow_joint_trajectory', 'my_msgs/action/Move'],
    ['/arm/move', 'control_msgs/FollowJointTrajectory'],
    ['/gripper_controller/gripper_cmd', 'control_msgs/action/GripperCommand'],
  ])('an action %s (%s) → ROS_CLIENT_UNGATED_COMMAND', (ros, type) => {
    const e = refusal({ actions: [{ name: 'move', ros, type }] });
    expect(e.code).toBe('ROS_CLIENT_UNGATED_COMMAND');
    expect(e.context.field).toBe('actions[0].ros');
  });

  it('refuses a bus topic on the caller’s command-topic deny list, by name or glob, even when marked gated', () => {
    const rules = { commandTopics: ['/kindred/joint_commands', '/*_controller/commands'], allowGated: true };
    const byName = refusal(out('/robot/echo', 'std_msgs/msg/Float64MultiArray', '/kindred/joint_commands'), rules);
    expect(byName.code).toBe('ROS_CLIENT_UNGATED_COMMAND');
    expect(byName.context.field).toBe('topicsOut[0].bus');
    expect(byName.message).toContain('/kindred/joint_commands');
    const gated = refusal({ topicsOut: [{ bus: '/knee_controller/commands', ros: '/robot/x', type: 'std_msgs/msg/Float64MultiArray', gated: true }] }, rules);
    expect(gated.code).toBe('ROS_CLIENT_UNGATED_COMMAND');
    expect(gated.message).toContain('commandTopics');
  });

  it('refuses a Kindred raw command topic by its ros2_control name even without a deny list', () => {
    const e = refusal(out('/robot/mirror', 'std_msgs/msg/Float64MultiArray', '/knee_controller/commands'));
    expect(e.code).toBe('ROS_CLIENT_UNGATED_COMMAND');
    expect(e.context.field).toBe('topicsOut[0].bus');
  });

  it('accepts gated: true only from a builder that allows it (the hardware link)', () => {
    const gated = { topicsOut: [{ bus: '/safety/gated_commands', ros: '/arm_controller/commands', type: 'std_msgs/msg/Float64MultiArray', gated: true }] };
    const e = refusal(gated);
    expect(e.code).toBe('ROS_CLIENT_GATED_NOT_ALLOWED');
    expect(e.context.field).toBe('topicsOut[0].gated');
    const config = validateRosBridgeMapping(gated, { allowGated: true });
    expect(config.topicsOut[0]?.gated).toBe(true);
  });

  it('accepts ordinary topics out, with defaults filled in and the result frozen', () => {
    const config = validateRosBridgeMapping({ topicsOut: [{ bus: '/kindred/speech/say', ros: '/robot/tts', type: 'std_msgs/String' }] }, { commandTopics: ['/*/commands'] });
    expect(config.topicsOut[0]).toEqual({ bus: '/kindred/speech/say', ros: '/robot/tts', type: 'std_msgs/String', gated: false });
    expect(config.topicsIn).toEqual([]);
    expect(Object.isFrozen(config.topicsOut)).toBe(true);
  });
});

describe('the rosbridge mapping names the field it cannot accept', () => {
  it.each([
    [{ topicsIn: [{ ros: '/joint_states', type: 'sensor_msgs/msg/JointStat', bus: '/robot/joint_states' }] }, 'topicsIn[0].type', 'a message type Kindred knows'],
    [{ topicsIn: [{ ros: '/joint states', type: 'sensor_msgs/msg/JointState', bus: '/robot/joint_states' }] }, 'topicsIn[0].ros', 'a ROS 2 name'],
    [{ topicsIn: [{ ros: '/joint_states', type: 'sensor_msgs/msg/JointState', bus: '/robot/joint_states', throttle: 10 }] }, 'topicsIn[0].throttle', 'unknown key'],
    [{ topicsIn: [{ ros: '/joint_states', type: 'sensor_msgs/msg/JointState', bus: '/robot/joint_states', throttleMs: -1 }] }, 'topicsIn[0].throttleMs', '≥ 0'],
    [{ topicsIn: [{ ros: '/joint_states', type: 'sensor_msgs/msg/JointState' }] }, 'topicsIn[0].bus', 'missing'],
    [{ servicesIn: [{ name: 'reset', ros: '/reset', type: 'Trigger' }] }, 'servicesIn[0].type', 'a service type'],
    [{ topicsOut: [], extra: [] }, 'extra', 'unknown key'],
  ])('%j → ROS_CLIENT_MAPPING_INVALID at %s', (config, field, text) => {
    const e = refusal(config);
    expect(e.code).toBe('ROS_CLIENT_MAPPING_INVALID');
    expect(e.context.field).toBe(field);
    expect(e.message).toContain(field);
    expect(e.message).toContain(text);
  });

  it('refuses a topic both received and sent, which would echo every message', () => {
    const e = refusal({
      topicsIn: [{ ros: '/robot/tts', type: 'std_msgs/msg/String', bus: '/speech/say' }],
      topicsOut: [{ bus: '/speech/say', ros: '/robot/tts_in', type: 'std_msgs/msg/String' }],
    });
    expect(e.code).toBe('ROS_CLIENT_MAPPING_INVALID');
    expect(e.context.field).toBe('topicsOut[0].bus');
    expect(e.message).toContain('echo');
  });

  it('refuses the same Kindred name for two services', () => {
    const e = refusal({ servicesIn: [{ name: 'reset', ros: '/a/reset', type: 'std_srvs/srv/Trigger' }, { name: 'reset', ros: '/b/reset', type: 'std_srvs/srv/Trigger' }] });
    expect(e.code).toBe('ROS_CLIENT_MAPPING_INVALID');
    expect(e.context.field).toBe('servicesIn[1].name');
  });

  it('refuses a servicesOut handler that was not supplied, listing the ones that were', () => {
    const client = new RosbridgeClient({ url: 'ws://127.0.0.1:9' });
    const config = { servicesOut: [{ ros: '/kindred/confirm', type: 'std_srvs/srv/SetBool', handler: 'confirm' }] };
    const build = (): RosBridgeMapping => new RosBridgeMapping({ client, bus: new Bus<MessageTypeMap>(), config, serviceHandlers: { ask: () => ({}) } });
    expect(build).toThrowError(expect.objectContaining({ code: 'ROS_CLIENT_HANDLER_MISSING', context: expect.objectContaining({ field: 'servicesOut[0].handler' }) }));
    expect(build).toThrowError(/supplied: ask/);
  });

  it('refuses bad client options naming the option', () => {
    expect(() => new RosbridgeClient({ url: 'http://robot:9090' })).toThrowError(expect.objectContaining({ code: 'ROS_CLIENT_CONFIG_INVALID', context: expect.objectContaining({ field: 'url' }) }));
    expect(() => new RosbridgeClient({ url: 'ws://robot:9090', backoff: { initialMs: 500, maxMs: 100 } })).toThrowError(
      expect.objectContaining({ code: 'ROS_CLIENT_CONFIG_INVALID', context: expect.objectContaining({ field: 'backoff.maxMs' }) }),
    );
    expect(() => new RosbridgeClient({ url: 'ws://robot:9090', callTimeoutMs: 0 })).toThrowError(/callTimeoutMs is 0/);
  });

  it('reads a launch-file section: off by default, a URL once enabled', () => {
    expect(rosbridgeClientSectionSchema.parse({})).toMatchObject({ enabled: false, topicsIn: [], backoff: { initialMs: 250, maxMs: 10_000, factor: 2, jitter: 0.2 } });
    expect(rosbridgeClientSectionSchema.safeParse({ enabled: true }).success).toBe(false);
    expect(rosbridgeClientSectionSchema.safeParse({ enabled: true, url: 'ws://robot.local:9090', tokenEnv: 'ROBOT_BRIDGE_TOKEN' }).success).toBe(true);
  });
});
