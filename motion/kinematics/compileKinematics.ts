import { KindredError, show } from '../../runtime/errors/index.js';
import type { Joint, RobotModel } from '../../urdf/RobotModel.js';
import { JOINT_FIXED, JOINT_PRISMATIC, JOINT_REVOLUTE, type KinematicStructure } from './KinematicStructure.js';
import { KinematicTree } from './KinematicTree.js';
import { rpyToMatrix } from './rpyToMatrix.js';

/**
 * Compile a RobotModel once into a `KinematicTree` with preallocated workspaces.
 *
 * - Every link becomes a node; fixed joints are kept as zero-DOF nodes so every link has a pose.
 * - Actuated joints (revolute, continuous, prismatic without `<mimic>`) form the joint vector, in
 *   model order. Continuous joints are revolute joints without position limits.
 * - Mimic joints follow their leader: value = multiplier·q[leader] + offset (chains of mimics are
 *   composed); their torques and Jacobian columns are summed into the leader's, scaled by the multiplier.
 * - Floating and planar joints are frozen at their origin: the base is treated as fixed for now.
 */
export function compileKinematics(model: RobotModel): KinematicTree {
  return new KinematicTree(compileStructure(model));
}

function where(model: RobotModel): { file?: string } {
  return model.source === undefined ? {} : { file: model.source };
}

function treeError(model: RobotModel, message: string, field: string, value: unknown, expected: string): KindredError {
  return new KindredError('MOTION_TREE_INVALID', `${model.name}: ${message}`, { ...where(model), field, value, expected });
}

function isMovable(joint: Joint): boolean {
  return joint.type === 'revolute' || joint.type === 'continuous' || joint.type === 'prismatic';
}

export function compileStructure(model: RobotModel): KinematicStructure {
  const linkByName = new Map(model.links.map((l) => [l.name, l] as const));
  if (!linkByName.has(model.rootLink)) {
    throw treeError(model, `root link ${show(model.rootLink)} is not among the links`, 'rootLink', model.rootLink, 'the name of one of the links');
  }
  const jointByName = new Map<string, Joint>();
  const childJoints = new Map<string, Joint[]>();
  const parentJointOf = new Map<string, Joint>();
  for (const joint of model.joints) {
    const field = `joint[name=${joint.name}]`;
    if (jointByName.has(joint.name)) throw treeError(model, `joint ${show(joint.name)} appears twice`, field, joint.name, 'unique joint names');
    jointByName.set(joint.name, joint);
    if (!linkByName.has(joint.parent)) {
      throw treeError(model, `joint ${show(joint.name)} has parent ${show(joint.parent)}, which is not a link`, `${field}.parent`, joint.parent, 'the name of a link');
    }
    if (!linkByName.has(joint.child)) {
      throw treeError(model, `joint ${show(joint.name)} has child ${show(joint.child)}, which is not a link`, `${field}.child`, joint.child, 'the name of a link');
    }
    if (joint.child === model.rootLink) {
      throw treeError(model, `joint ${show(joint.name)} has the root link ${show(joint.child)} as its child`, `${field}.child`, joint.child, 'a link other than the root');
    }
    const earlier = parentJointOf.get(joint.child);
    if (earlier !== undefined) {
      throw treeError(model, `link ${show(joint.child)} is the child of both ${show(earlier.name)} and ${show(joint.name)}`, `${field}.child`, joint.child, 'each link the child of at most one joint');
    }
    parentJointOf.set(joint.child, joint);
    const list = childJoints.get(joint.parent);
    if (list === undefined) childJoints.set(joint.parent, [joint]);
    else list.push(joint);
  }

  // Depth-first numbering from the root, children in model order.
  const order: { link: string; joint: Joint | undefined; parentNode: number }[] = [];
  const stack: { link: string; joint: Joint | undefined; parentNode: number }[] = [{ link: model.rootLink, joint: undefined, parentNode: -1 }];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === undefined) break;
    const index = order.length;
    order.push(item);
    const children = childJoints.get(item.link) ?? [];
    for (let c = children.length - 1; c >= 0; c--) {
      const joint = children[c];
      if (joint !== undefined) stack.push({ link: joint.child, joint, parentNode: index });
    }
  }
  if (order.length !== model.links.length) {
    const reached = new Set(order.map((o) => o.link));
    const lost = model.links.find((l) => !reached.has(l.name));
    throw treeError(model, `link ${show(lost?.name)} cannot be reached from the root link ${show(model.rootLink)}`, `link[name=${lost?.name ?? ''}]`, lost?.name, 'every link connected to the root');
  }

  // Actuated joints in model order.
  const actuated = model.joints.filter((j) => isMovable(j) && j.mimic === undefined);
  const dofOfJoint = new Map(actuated.map((j, i) => [j.name, i] as const));
  const lowerLimits = new Float64Array(actuated.length);
  const upperLimits = new Float64Array(actuated.length);
  actuated.forEach((j, i) => {
    const bounded = j.type !== 'continuous';
    lowerLimits[i] = bounded && j.limit?.lower !== undefined ? j.limit.lower : -Infinity;
    upperLimits[i] = bounded && j.limit?.upper !== undefined ? j.limit.upper : Infinity;
  });

  const resolveMimic = (joint: Joint): { dof: number; scale: number; offset: number } => {
    let scale = 1;
    let offset = 0;
    let current = joint;
    const seen = new Set<string>();
    while (current.mimic !== undefined) {
      const field = `joint[name=${current.name}].mimic`;
      const { joint: leaderName, multiplier, offset: off } = current.mimic;
      if (!Number.isFinite(multiplier) || !Number.isFinite(off)) {
        throw new KindredError('MOTION_MIMIC_INVALID', `${model.name}: joint ${show(current.name)} mimics with multiplier ${show(multiplier)} and offset ${show(off)}`, { ...where(model), field, value: current.mimic, expected: 'finite multiplier and offset' });
      }
      seen.add(current.name);
      const leader = jointByName.get(leaderName);
      if (leader === undefined || !isMovable(leader) || seen.has(leaderName)) {
        const why = leader === undefined ? 'which does not exist' : !isMovable(leader) ? `which is ${leader.type}` : 'which closes a mimic cycle';
        throw new KindredError('MOTION_MIMIC_INVALID', `${model.name}: joint ${show(current.name)} mimics ${show(leaderName)}, ${why}`, { ...where(model), field: `${field}.joint`, value: leaderName, expected: 'a revolute, continuous or prismatic joint outside any mimic cycle' });
      }
      // value = multiplier·(value of leader) + off, where leader's value = scale'·q + offset'.
      offset = scale * off + offset;
      scale *= multiplier;
      current = leader;
    }
    const dof = dofOfJoint.get(current.name);
    if (dof === undefined) throw new KindredError('INTERNAL', `mimic leader ${current.name} has no joint index`);
    return { dof, scale, offset };
  };

  const n = order.length;
  const s: KinematicStructure = {
    linkNames: order.map((o) => o.link),
    nodeJointNames: order.map((o) => o.joint?.name ?? ''),
    jointNames: actuated.map((j) => j.name),
    frozenJoints: model.joints.filter((j) => j.type === 'floating' || j.type === 'planar').map((j) => j.name),
    lowerLimits,
    upperLimits,
    parent: new Int32Array(n),
    jointType: new Uint8Array(n),
    dof: new Int32Array(n).fill(-1),
    scale: new Float64Array(n).fill(1),
    offset: new Float64Array(n),
    originRotation: new Float64Array(9 * n),
    originPositionM: new Float64Array(3 * n),
    axis: new Float64Array(3 * n),
    massKg: new Float64Array(n),
    comM: new Float64Array(3 * n),
    inertiaComKgM2: new Float64Array(9 * n),
  };
  const rIn = new Float64Array(9);
  order.forEach((item, i) => {
    s.parent[i] = item.parentNode;
    const joint = item.joint;
    if (joint === undefined) {
      rpyToMatrix(0, 0, 0, s.originRotation, 0);
    } else {
      const field = `joint[name=${joint.name}]`;
      rpyToMatrix(joint.origin.rpy[0], joint.origin.rpy[1], joint.origin.rpy[2], s.originRotation, 9 * i);
      s.originPositionM.set(joint.origin.xyz, 3 * i);
      if (isMovable(joint)) {
        const [ax, ay, az] = joint.axis;
        const norm = Math.hypot(ax, ay, az);
        if (!Number.isFinite(norm) || norm === 0) {
          throw new KindredError('MOTION_JOINT_AXIS_INVALID', `${model.name}: joint ${show(joint.name)} has axis ${show(joint.axis)}`, { ...where(model), field: `${field}.axis`, value: joint.axis, expected: 'a finite, non-zero vector' });
        }
        s.axis[3 * i] = ax / norm;
        s.axis[3 * i + 1] = ay / norm;
        s.axis[3 * i + 2] = az / norm;
        s.jointType[i] = joint.type === 'prismatic' ? JOINT_PRISMATIC : JOINT_REVOLUTE;
        const m = resolveMimic(joint);
        s.dof[i] = m.dof;
        s.scale[i] = m.scale;
        s.offset[i] = m.offset;
      } else {
        s.jointType[i] = JOINT_FIXED;
      }
    }
    const inertial = linkByName.get(item.link)?.inertial;
    if (inertial !== undefined) {
      const field = `link[name=${item.link}].inertial`;
      if (!Number.isFinite(inertial.massKg) || inertial.massKg < 0) {
        throw new KindredError('MOTION_INERTIAL_INVALID', `${model.name}: link ${show(item.link)} has mass ${show(inertial.massKg)} kg`, { ...where(model), field: `${field}.mass`, value: inertial.massKg, expected: 'a finite mass ≥ 0 kg' });
      }
      const { ixx, ixy, ixz, iyy, iyz, izz } = inertial;
      const entries = { ixx, ixy, ixz, iyy, iyz, izz };
      for (const [key, value] of Object.entries(entries)) {
        if (!Number.isFinite(value)) {
          throw new KindredError('MOTION_INERTIAL_INVALID', `${model.name}: link ${show(item.link)} has ${key} ${show(value)}`, { ...where(model), field: `${field}.inertia.${key}`, value, expected: 'a finite number (kg·m²)' });
        }
      }
      s.massKg[i] = inertial.massKg;
      s.comM.set(inertial.origin.xyz, 3 * i);
      // Rotate the inertia from the inertial frame into link axes: R·I·Rᵀ.
      rpyToMatrix(inertial.origin.rpy[0], inertial.origin.rpy[1], inertial.origin.rpy[2], rIn, 0);
      const inertia = [ixx, ixy, ixz, ixy, iyy, iyz, ixz, iyz, izz];
      for (let r = 0; r < 3; r++) {
        for (let c = 0; c < 3; c++) {
          let sum = 0;
          for (let k = 0; k < 3; k++) {
            for (let l = 0; l < 3; l++) sum += (rIn[3 * r + k] ?? 0) * (inertia[3 * k + l] ?? 0) * (rIn[3 * c + l] ?? 0);
          }
          s.inertiaComKgM2[9 * i + 3 * r + c] = sum;
        }
      }
    }
  });
  return s;
}
