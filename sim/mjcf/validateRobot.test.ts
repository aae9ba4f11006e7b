import { describe, expect, it } from 'vitest';
import { loadUrdfFile, shippedRobots, type Joint, type Link, type RobotModel } from '../../urdf/index.js';
import { robotToMjcf } from './robotToMjcf.js';
import type { RobotMjcfOptions } from './RobotMjcf.js';

const exo = loadUrdfFile(shippedRobots.kindred_exo);
const transfer = loadUrdfFile(shippedRobots.kindred_transfer);
const FIXED: RobotMjcfOptions = { mount: { kind: 'fixed', pose: { xyz: [0, 0, 1], rpy: [0, 0, 0] } } };

function withLink(model: RobotModel, name: string, change: (l: Link) => Link): RobotModel {
  return { ...model, links: model.links.map((l) => (l.name === name ? change(l) : l)) };
}
function withJoint(model: RobotModel, name: string, change: (j: Joint) => Joint): RobotModel {
  return { ...model, joints: model.joints.map((j) => (j.name === name ? change(j) : j)) };
}
const thigh = (change: (i: NonNullable<Link['inertial']>) => NonNullable<Link['inertial']>): RobotModel =>
  withLink(exo, 'thigh_left', (l) => (l.inertial === undefined ? l : { ...l, inertial: change(l.inertial) }));

describe('robotToMjcf rejects what MuJoCo cannot simulate, naming the file, element and value', () => {
  it.each<[string, RobotModel, RobotMjcfOptions, string, string]>([
    ['NaN mass', thigh((i) => ({ ...i, massKg: NaN })), FIXED, 'MJCF_MASS_INVALID', 'link[name=thigh_left].inertial.mass'],
    ['negative mass', thigh((i) => ({ ...i, massKg: -2 })), FIXED, 'MJCF_MASS_INVALID', 'link[name=thigh_left].inertial.mass'],
    ['infinite inertia', thigh((i) => ({ ...i, iyy: Infinity })), FIXED, 'MJCF_NUMBER_INVALID', 'link[name=thigh_left].inertial.inertia.iyy'],
    ['inertia breaking the triangle inequality', thigh((i) => ({ ...i, izz: 1 })), FIXED, 'MJCF_MASS_INVALID', 'link[name=thigh_left].inertial.inertia'],
    ['NaN centre of mass', thigh((i) => ({ ...i, origin: { ...i.origin, xyz: [0, NaN, 0] } })), FIXED, 'MJCF_NUMBER_INVALID', 'link[name=thigh_left].inertial.origin.xyz[1]'],
    ['a moving link without mass', withLink(exo, 'shank_left', ({ inertial: _, ...l }) => l), FIXED, 'MJCF_MASS_INVALID', 'link[name=shank_left].inertial.mass'],
    ['NaN joint origin', withJoint(exo, 'knee_left', (j) => ({ ...j, origin: { ...j.origin, xyz: [0, 0, NaN] } })), FIXED, 'MJCF_NUMBER_INVALID', 'joint[name=knee_left].origin.xyz[2]'],
    ['limits in the wrong order', withJoint(exo, 'knee_left', (j) => ({ ...j, limit: { effort: 80, velocity: 4, lower: 2, upper: 0 } })), FIXED, 'MJCF_JOINT_INVALID', 'joint[name=knee_left].limit'],
    ['zero axis', withJoint(exo, 'knee_left', (j) => ({ ...j, axis: [0, 0, 0] })), FIXED, 'MJCF_JOINT_INVALID', 'joint[name=knee_left].axis'],
    ['negative damping', withJoint(exo, 'knee_left', (j) => ({ ...j, dynamics: { damping: -1, friction: 0 } })), FIXED, 'MJCF_JOINT_INVALID', 'joint[name=knee_left].dynamics.damping'],
    [
      'a cylinder of negative radius',
      withLink(exo, 'shank_left', (l) => ({ ...l, collisions: [{ origin: { xyz: [0, 0, 0], rpy: [0, 0, 0] }, geometry: { type: 'cylinder', radius: -0.05, length: 0.4 } }] })),
      FIXED,
      'MJCF_GEOMETRY_INVALID',
      'link[name=shank_left].collision[0].geometry.radius',
    ],
    [
      'a mesh collision',
      withLink(exo, 'shank_left', (l) => ({ ...l, collisions: [{ origin: { xyz: [0, 0, 0], rpy: [0, 0, 0] }, geometry: { type: 'mesh', filename: 'shank.stl', scale: [1, 1, 1] } }] })),
      FIXED,
      'MJCF_MESH_UNSUPPORTED',
      'link[name=shank_left].collision[0].geometry',
    ],
    ['a name MJCF cannot carry', withLink(exo, 'thigh_cuff_left', (l) => ({ ...l, name: 'thigh "cuff"' })), FIXED, 'MJCF_NAME_INVALID', 'link[name=thigh "cuff"]'],
    [
      'a ros2_control joint that does not exist',
      { ...exo, ros2Control: exo.ros2Control.map((b) => ({ ...b, joints: b.joints.map((j, i) => (i === 0 ? { ...j, name: 'hip_abduction_middle' } : j)) })) },
      FIXED,
      'MJCF_ROS2_CONTROL_INVALID',
      'ros2_control[name=KindredExoSystem].joint[name=hip_abduction_middle]',
    ],
    [
      'a sensor frame that is not a link',
      { ...exo, ros2Control: exo.ros2Control.map((b) => ({ ...b, sensors: b.sensors.map((s, i) => (i === 0 ? { ...s, parameters: { frame_id: 'thigh_cuff_middle' } } : s)) })) },
      FIXED,
      'MJCF_ROS2_CONTROL_INVALID',
      'ros2_control[name=KindredExoSystem].sensor[name=thigh_cuff_left_ft].param[name=frame_id]',
    ],
    [
      'a sensor kind the simulator cannot produce',
      { ...exo, ros2Control: exo.ros2Control.map((b) => ({ ...b, sensors: [{ name: 'thermometer', commandInterfaces: [], stateInterfaces: [{ name: 'temperature', parameters: {} }], parameters: { frame_id: 'pelvis' } }] })) },
      FIXED,
      'MJCF_SENSOR_UNSUPPORTED',
      'ros2_control[name=KindredExoSystem].sensor[name=thermometer].state_interface',
    ],
    [
      'a zero transmission reduction',
      { ...exo, transmissions: exo.transmissions.map((t) => ({ ...t, actuators: t.actuators.map((a) => ({ ...a, mechanicalReduction: 0 })) })) },
      FIXED,
      'MJCF_ROS2_CONTROL_INVALID',
      'transmission[name=hip_abduction_left_transmission].actuator.mechanicalReduction',
    ],
    ['a non-finite mount pose', exo, { mount: { kind: 'fixed', pose: { xyz: [0, Infinity, 1], rpy: [0, 0, 0] } } }, 'MJCF_OPTIONS_INVALID', 'options.mount.pose.xyz[1]'],
    ['a planar mount that pitches', transfer, { mount: { kind: 'planar', drive: 'mecanum', pose: { xyz: [0, 0, 0], rpy: [0, 0.1, 0] } } }, 'MJCF_OPTIONS_INVALID', 'options.mount.pose.rpy'],
    ['a differential drive on four wheels', transfer, { mount: { kind: 'planar', drive: 'differential', pose: { xyz: [0, 0, 0], rpy: [0, 0, 0] } } }, 'MJCF_OPTIONS_INVALID', 'options.mount.drive'],
    ['an unknown IMU link', exo, { ...FIXED, imuLink: 'torso' }, 'MJCF_OPTIONS_INVALID', 'options.imuLink'],
    ['an exclusion naming no body', exo, { ...FIXED, excludeContacts: [['pelvis', 'tail']] }, 'MJCF_OPTIONS_INVALID', 'options.excludeContacts'],
  ])('%s', (_what, model, options, code, field) => {
    let error: unknown;
    try {
      robotToMjcf(model, options);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code, context: { field, file: shippedRobots[model.name as keyof typeof shippedRobots] } });
    expect((error as Error).message).toContain(model.source ?? '');
    expect((error as Error).message).toContain(field);
  });

  it('accepts a mesh visual when the link has a primitive collision', () => {
    const model = withLink(exo, 'shank_left', (l) => ({ ...l, visuals: [{ origin: { xyz: [0, 0, 0], rpy: [0, 0, 0] }, geometry: { type: 'mesh', filename: 'shank.stl', scale: [1, 1, 1] } }] }));
    expect(robotToMjcf(model, FIXED).fragment.worldbody).toContain('shank_left_geom0');
  });
});
