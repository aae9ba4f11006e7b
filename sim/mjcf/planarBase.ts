import type { RobotModel } from '../../urdf/index.js';
import { linkFrames } from './linkFrames.js';
import { mjcfError } from './mjcfError.js';
import { mjcfNames } from './names.js';
import type { RobotControl } from './readControl.js';
import type { BaseDriveSpec, RobotMount } from './RobotMjcf.js';
import { num } from './xml.js';

/**
 * Time constant of the base's velocity servos, s. Short, so the base follows its wheels almost as
 * rigidly as rolling without slip would (the servo damping is integrated implicitly, so it is stable);
 * with 50 ms the transfer robot's off-centre torso turned it by 9 mrad when it started sideways.
 */
const BASE_SERVO_TAU_S = 0.01;
/** Wheel–floor friction coefficient that bounds the servo force (rubber on vinyl flooring). */
const TRACTION_MU = 0.6;
const G = 9.81;

/**
 * The wheeled-base model (for `mount.kind === 'planar'`): the base slides on world x/y and turns
 * about z, each axis driven by a velocity servo towards the twist the wheels' measured speeds imply
 * (differential or mecanum kinematics, no slip). The wheels themselves spin freely in the air a few
 * millimetres above the floor, driven by their own motors. This is much faster and steadier than
 * rolling contact (mecanum rollers would need dozens of bodies) while keeping what controllers and
 * safety monitors see: wheel joint states, base pose and speed, the base stopping when the wheels
 * stop, pushing back when the base hits furniture (the servo force is bounded by traction).
 */
export function planarBaseDrive(
  model: RobotModel,
  control: RobotControl,
  mount: Extract<RobotMount, { kind: 'planar' }>,
  totalMassKg: number,
): { spec: BaseDriveSpec; actuatorXml: string[] } {
  const wheels = control.joints.filter((c) => c.joint.type === 'continuous' && c.commandInterfaces.includes('velocity'));
  const frames = linkFrames(model);
  const at = wheels.map((w) => ({ name: w.joint.name, p: frames.get(w.joint.child)?.p ?? [0, 0, 0] }));
  const expected = mount.drive === 'differential' ? 2 : 4;
  if (wheels.length !== expected) {
    throw mjcfError('MJCF_OPTIONS_INVALID', model, `a ${mount.drive} base needs ${expected} velocity-commanded continuous wheel joints; the description has ${wheels.length}`, 'options.mount.drive', mount.drive, `${expected} wheel joints in ros2_control`);
  }
  const radii = wheels.map((w) => {
    const link = model.links.find((l) => l.name === w.joint.child);
    const g = (link?.collisions[0] ?? link?.visuals[0])?.geometry;
    return g !== undefined && (g.type === 'cylinder' || g.type === 'sphere') ? g.radius : NaN;
  });
  const radius = radii[0] ?? NaN;
  if (!(radius > 0) || radii.some((r) => Math.abs(r - radius) > 1e-9)) {
    throw mjcfError('MJCF_OPTIONS_INVALID', model, 'the wheels need one common radius, from a cylinder or sphere collision shape', 'options.mount.drive', radii, 'wheel links with equal cylinder/sphere radii');
  }
  const pick = (sx: number, sy: number): string => at.find((w) => Math.sign(w.p[0]) === sx && Math.sign(w.p[1]) === sy)?.name ?? '';
  let wheelJoints: string[];
  if (mount.drive === 'differential') {
    const left = at.find((w) => w.p[1] > 0)?.name ?? '';
    const right = at.find((w) => w.p[1] < 0)?.name ?? '';
    wheelJoints = [left, right];
  } else {
    wheelJoints = [pick(1, 1), pick(1, -1), pick(-1, 1), pick(-1, -1)];
  }
  if (wheelJoints.some((w) => w === '') || new Set(wheelJoints).size !== wheelJoints.length) {
    throw mjcfError('MJCF_OPTIONS_INVALID', model, `cannot tell the wheels of the ${mount.drive} base apart by position`, 'options.mount.drive', at, mount.drive === 'differential' ? 'one wheel at +y and one at -y' : 'one wheel in each quadrant');
  }
  const halfWheelbase = at.reduce((s, w) => s + Math.abs(w.p[0]), 0) / at.length;
  const halfTrack = at.reduce((s, w) => s + Math.abs(w.p[1]), 0) / at.length;
  const separation = mount.drive === 'differential' ? 2 * halfTrack : halfWheelbase + halfTrack;
  const reach = Math.max(...at.map((w) => Math.hypot(w.p[0], w.p[1])));
  const force = TRACTION_MU * totalMassKg * G;
  const yawInertia = (totalMassKg * reach * reach) / 3;
  const spec: BaseDriveSpec = {
    kind: mount.drive,
    wheelJoints,
    wheelRadiusM: radius,
    wheelSeparationM: separation,
    halfWheelbaseM: halfWheelbase,
    halfTrackM: halfTrack,
    xJoint: mjcfNames.baseX,
    yJoint: mjcfNames.baseY,
    yawJoint: mjcfNames.baseYaw,
    xActuator: mjcfNames.baseDrive(mjcfNames.baseX),
    yActuator: mjcfNames.baseDrive(mjcfNames.baseY),
    yawActuator: mjcfNames.baseDrive(mjcfNames.baseYaw),
    yawOffsetRad: mount.pose.rpy[2],
  };
  const servo = (name: string, joint: string, kv: number, limit: number): string =>
    `<velocity name="${name}" joint="${joint}" kv="${num(kv)}" forcelimited="true" forcerange="${num(-limit)} ${num(limit)}"/>`;
  return {
    spec,
    actuatorXml: [
      servo(spec.xActuator, spec.xJoint, totalMassKg / BASE_SERVO_TAU_S, force),
      servo(spec.yActuator, spec.yJoint, totalMassKg / BASE_SERVO_TAU_S, force),
      servo(spec.yawActuator, spec.yawJoint, yawInertia / BASE_SERVO_TAU_S, force * reach),
    ],
  };
}
