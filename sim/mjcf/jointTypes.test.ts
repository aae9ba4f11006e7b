import { describe, expect, it } from 'vitest';
import type { Inertial, Joint, Link, RobotModel } from '../../urdf/index.js';
import { compileRobot, idOf, nameOf } from './testing/mujocoTestKit.js';

const O = { xyz: [0, 0, 0], rpy: [0, 0, 0] } as const;
const inertial: Inertial = { origin: O, massKg: 1, ixx: 0.01, iyy: 0.01, izz: 0.01, ixy: 0, ixz: 0, iyz: 0 };
const link = (name: string): Link => ({ name, inertial, visuals: [], collisions: [] });
const joint = (name: string, type: Joint['type'], child: string, extra: Partial<Joint> = {}): Joint => ({ name, type, parent: 'base', child, origin: O, axis: [0, 0, 1], ...extra });

/** Every URDF joint kind the generator handles, on one small robot. */
const model: RobotModel = {
  name: 'joint_kinds',
  rootLink: 'base',
  links: [link('base'), link('puck'), link('drone'), link('wheel'), link('follower')],
  joints: [
    joint('puck_joint', 'planar', 'puck'),
    joint('drone_joint', 'floating', 'drone', { origin: { xyz: [0.5, 0, 1], rpy: [0, 0, 0.3] } }),
    joint('wheel_joint', 'continuous', 'wheel', { axis: [0, 1, 0] }),
    joint('follower_joint', 'revolute', 'follower', { axis: [1, 0, 0], limit: { lower: -3, upper: 3, effort: 1, velocity: 1 }, mimic: { joint: 'wheel_joint', multiplier: 2, offset: 0.1 } }),
  ],
  materials: [],
  transmissions: [],
  ros2Control: [],
  extensions: [],
};

describe('URDF joint kinds in MJCF', () => {
  it('planar → two slides and a hinge; floating → a free body hoisted to the world; mimic → a joint equality', async () => {
    const c = await compileRobot(model, { mount: { kind: 'fixed', pose: { xyz: [0, 0, 1], rpy: [0, 0, 0] } } });
    const { mujoco, model: m, data } = c;
    const types = m.jnt_type as Int32Array;
    const { mjJNT_SLIDE, mjJNT_HINGE, mjJNT_FREE } = mujoco.mjtJoint;
    expect([types[idOf(c, 'joint', 'puck_joint_x')], types[idOf(c, 'joint', 'puck_joint_y')], types[idOf(c, 'joint', 'puck_joint_yaw')]]).toEqual([mjJNT_SLIDE.value, mjJNT_SLIDE.value, mjJNT_HINGE.value]);
    const axis = m.jnt_axis as Float64Array;
    for (const j of ['puck_joint_x', 'puck_joint_y']) expect(axis[3 * idOf(c, 'joint', j) + 2]).toBeCloseTo(0, 12); // in the plane normal to z

    const drone = idOf(c, 'body', 'drone');
    expect(nameOf(c, 'body', (m.body_parentid as Int32Array)[drone] ?? -1)).toBe('world');
    expect(types[idOf(c, 'joint', 'drone_joint')]).toBe(mjJNT_FREE.value);
    mujoco.mj_forward(m, data);
    expect(Array.from((data.xpos as Float64Array).subarray(3 * drone, 3 * drone + 3))).toEqual([0.5, 0, 2].map((v) => expect.closeTo(v, 12)));

    const qposadr = m.jnt_qposadr as Int32Array;
    const qpos = data.qpos as Float64Array;
    qpos[qposadr[idOf(c, 'joint', 'wheel_joint')] ?? -1] = 0.5;
    for (let k = 0; k < 500; k++) mujoco.mj_step(m, data);
    const wheel = (data.qpos as Float64Array)[qposadr[idOf(c, 'joint', 'wheel_joint')] ?? -1] ?? NaN;
    const follower = (data.qpos as Float64Array)[qposadr[idOf(c, 'joint', 'follower_joint')] ?? -1] ?? NaN;
    expect(follower).toBeCloseTo(2 * wheel + 0.1, 2);
  });
});
