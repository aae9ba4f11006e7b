import type { Joint, Link, RobotModel } from '../../../urdf/index.js';
import { num, vec } from '../mjcfFormat.js';
import { quatFromRpy } from '../spatial.js';

/**
 * A minimal MJCF of a robot from its RobotModel, for the humans tests only (the real generator is
 * sim/mjcf, written in parallel): bodies named after links, hinge joints named after URDF joints,
 * fixed child frames without inertia as sites, a stiff position servo `test_servo_<joint>` on every
 * movable joint so a test can hold or move the robot, and no collisions.
 */
export function miniRobotMjcf(robot: RobotModel, rootPos: readonly [number, number, number]): { worldbody: string; actuator: string } {
  const children = new Map<string, Joint[]>();
  for (const j of robot.joints) children.set(j.parent, [...(children.get(j.parent) ?? []), j]);
  const links = new Map<string, Link>(robot.links.map((l) => [l.name, l]));
  const servos: string[] = [];
  const inertial = (link: Link | undefined): string => {
    const i = link?.inertial;
    if (i === undefined) return '<inertial pos="0 0 0" mass="0.01" diaginertia="1e-5 1e-5 1e-5"/>';
    // MJCF takes a full tensor only in the body frame: rotate the URDF inertial frame's tensor, R I Rᵀ.
    const [w, x, y, z] = quatFromRpy(...i.origin.rpy);
    const r = [
      [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
      [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
      [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
    ];
    const t = [
      [i.ixx, i.ixy, i.ixz],
      [i.ixy, i.iyy, i.iyz],
      [i.ixz, i.iyz, i.izz],
    ];
    const at = (a: number, b: number): number => {
      let sum = 0;
      for (let k = 0; k < 3; k++) for (let l = 0; l < 3; l++) sum += r[a]![k]! * t[k]![l]! * r[b]![l]!;
      return sum;
    };
    return `<inertial pos="${vec(...i.origin.xyz)}" mass="${num(i.massKg)}" fullinertia="${vec(at(0, 0), at(1, 1), at(2, 2), at(0, 1), at(0, 2), at(1, 2))}"/>`;
  };
  const body = (name: string, pos: readonly number[], quat: readonly number[], joint: Joint | undefined): string => {
    const parts = [`<body name="${name}" pos="${vec(...pos)}" quat="${vec(...quat)}">`, inertial(links.get(name))];
    if (joint !== undefined) {
      const range = joint.limit?.lower !== undefined && joint.limit.upper !== undefined ? ` range="${vec(joint.limit.lower, joint.limit.upper)}"` : '';
      parts.push(`<joint name="${joint.name}" type="hinge" axis="${vec(...joint.axis)}"${range} damping="2" armature="0.05"/>`);
      servos.push(`<position name="test_servo_${joint.name}" joint="${joint.name}" kp="3000" kv="80"/>`);
    }
    parts.push(`<geom type="sphere" size="0.02" contype="0" conaffinity="0" mass="0" group="2"/>`);
    for (const c of children.get(name) ?? []) {
      const q = quatFromRpy(...c.origin.rpy);
      if (c.type === 'fixed' && links.get(c.child)?.inertial === undefined) {
        parts.push(`<site name="${c.child}" pos="${vec(...c.origin.xyz)}" quat="${vec(...q)}" size="0.01"/>`);
      } else {
        parts.push(body(c.child, c.origin.xyz, q, c.type === 'fixed' ? undefined : c));
      }
    }
    parts.push('</body>');
    return parts.join('');
  };
  return { worldbody: body(robot.rootLink, rootPos, [1, 0, 0, 0], undefined), actuator: servos.join('\n') };
}
