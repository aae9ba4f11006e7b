import { inertiaProblem, type Geometry, type Joint, type Pose, type RobotModel } from '../../urdf/index.js';
import { mjcfError } from './mjcfError.js';
import { MJCF_NAME_PATTERN } from './names.js';

/**
 * Check everything of a robot description that ends up in MJCF, before any is written: every number
 * finite, masses and inertias physical, every moving link carrying mass, sizes positive, limits
 * ordered, names MJCF-safe, no meshes where a collision shape is needed. MuJoCo would accept NaN
 * silently and mujoco-js reports no compiler message, so this is where the user learns what is wrong.
 */
export function validateRobot(model: RobotModel): void {
  for (const link of model.links) checkName(model, link.name, `link[name=${link.name}]`);
  for (const joint of model.joints) checkName(model, joint.name, `joint[name=${joint.name}]`);

  const massOf = new Map<string, number>();
  for (const link of model.links) {
    const base = `link[name=${link.name}]`;
    const inertial = link.inertial;
    if (inertial !== undefined) {
      const field = `${base}.inertial`;
      checkPose(model, inertial.origin, `${field}.origin`);
      if (!Number.isFinite(inertial.massKg) || inertial.massKg < 0) {
        throw mjcfError('MJCF_MASS_INVALID', model, `link ${link.name} has mass ${inertial.massKg} kg`, `${field}.mass`, inertial.massKg, 'a finite mass ≥ 0 kg');
      }
      const { ixx, ixy, ixz, iyy, iyz, izz } = inertial;
      for (const [key, value] of Object.entries({ ixx, ixy, ixz, iyy, iyz, izz })) {
        checkFinite(model, value, `${field}.inertia.${key}`, `link ${link.name} has inertia ${key}`);
      }
      if (inertial.massKg > 0) {
        const problem = inertiaProblem(ixx, ixy, ixz, iyy, iyz, izz);
        if (problem !== undefined) {
          throw mjcfError('MJCF_MASS_INVALID', model, `link ${link.name}'s inertia tensor ${problem}`, `${field}.inertia`, { ixx, ixy, ixz, iyy, iyz, izz }, 'a positive-definite tensor satisfying the triangle inequality');
        }
      }
    }
    massOf.set(link.name, inertial?.massKg ?? 0);
    // The geoms the generator uses: collisions, or visuals when there are none.
    const shapes = link.collisions.length > 0 ? link.collisions.map((c, i) => ({ c, f: `${base}.collision[${i}]` })) : link.visuals.map((c, i) => ({ c, f: `${base}.visual[${i}]` }));
    for (const { c, f } of shapes) {
      checkPose(model, c.origin, `${f}.origin`);
      checkGeometry(model, link.name, c.geometry, `${f}.geometry`);
    }
  }

  const children = new Map<string, Joint[]>();
  for (const joint of model.joints) {
    const list = children.get(joint.parent);
    if (list === undefined) children.set(joint.parent, [joint]);
    else list.push(joint);
  }
  // Mass MuJoCo moves with a joint: the child link and every link welded to it by fixed joints.
  const weldedMass = (link: string): number => (massOf.get(link) ?? 0) + (children.get(link) ?? []).filter((j) => j.type === 'fixed').reduce((sum, j) => sum + weldedMass(j.child), 0);

  for (const joint of model.joints) {
    const field = `joint[name=${joint.name}]`;
    checkPose(model, joint.origin, `${field}.origin`);
    if (joint.type === 'fixed') continue;
    const [ax, ay, az] = joint.axis;
    const norm = Math.hypot(ax, ay, az);
    if (!Number.isFinite(norm) || norm === 0) {
      throw mjcfError('MJCF_JOINT_INVALID', model, `joint ${joint.name} has axis ${joint.axis.join(' ')}`, `${field}.axis`, joint.axis, 'a finite, non-zero vector');
    }
    if (joint.type === 'revolute' || joint.type === 'prismatic') {
      const lower = joint.limit?.lower;
      const upper = joint.limit?.upper;
      if (lower === undefined || upper === undefined || !Number.isFinite(lower) || !Number.isFinite(upper) || lower > upper) {
        throw mjcfError('MJCF_JOINT_INVALID', model, `${joint.type} joint ${joint.name} has limits [${lower}, ${upper}]`, `${field}.limit`, { lower, upper }, 'finite lower ≤ upper');
      }
    }
    if (joint.limit !== undefined) {
      for (const key of ['effort', 'velocity'] as const) {
        const v = joint.limit[key];
        if (Number.isNaN(v) || v < 0) throw mjcfError('MJCF_JOINT_INVALID', model, `joint ${joint.name} has ${key} limit ${v}`, `${field}.limit.${key}`, v, 'a number ≥ 0');
      }
    }
    if (joint.dynamics !== undefined) {
      for (const key of ['damping', 'friction'] as const) {
        const v = joint.dynamics[key];
        if (!Number.isFinite(v) || v < 0) throw mjcfError('MJCF_JOINT_INVALID', model, `joint ${joint.name} has ${key} ${v}`, `${field}.dynamics.${key}`, v, 'a finite number ≥ 0');
      }
    }
    if (joint.mimic !== undefined) {
      const { multiplier, offset } = joint.mimic;
      checkFinite(model, multiplier, `${field}.mimic.multiplier`, `joint ${joint.name} mimics with multiplier`);
      checkFinite(model, offset, `${field}.mimic.offset`, `joint ${joint.name} mimics with offset`);
      const leader = model.joints.find((j) => j.name === joint.mimic?.joint);
      if (leader === undefined || leader.type === 'fixed' || leader.type === 'floating' || leader.type === 'planar') {
        throw mjcfError('MJCF_JOINT_INVALID', model, `joint ${joint.name} mimics ${joint.mimic.joint}`, `${field}.mimic.joint`, joint.mimic.joint, 'a revolute, continuous or prismatic joint');
      }
    }
    const moved = weldedMass(joint.child);
    if (!(moved > 0)) {
      throw mjcfError('MJCF_MASS_INVALID', model, `joint ${joint.name} moves link ${joint.child}, which has no mass (nor do links fixed to it)`, `link[name=${joint.child}].inertial.mass`, moved, 'a mass > 0 kg on every link moved by a joint');
    }
  }
}

function checkName(model: RobotModel, name: string, field: string): void {
  if (!MJCF_NAME_PATTERN.test(name)) throw mjcfError('MJCF_NAME_INVALID', model, `name ${JSON.stringify(name)} cannot be an MJCF name`, field, name, 'letters, digits and _.:/- only');
}

function checkFinite(model: RobotModel, value: number, field: string, what: string): void {
  if (!Number.isFinite(value)) throw mjcfError('MJCF_NUMBER_INVALID', model, `${what} ${value}`, field, value, 'a finite number');
}

function checkPose(model: RobotModel, pose: Pose, field: string): void {
  pose.xyz.forEach((v, i) => checkFinite(model, v, `${field}.xyz[${i}]`, 'origin position'));
  pose.rpy.forEach((v, i) => checkFinite(model, v, `${field}.rpy[${i}]`, 'origin orientation'));
}

function checkGeometry(model: RobotModel, link: string, g: Geometry, field: string): void {
  const positive = (v: number, key: string): void => {
    if (!Number.isFinite(v)) throw mjcfError('MJCF_NUMBER_INVALID', model, `link ${link} has a ${g.type} ${key} of ${v}`, `${field}.${key}`, v, 'a finite number (m)');
    if (v <= 0) throw mjcfError('MJCF_GEOMETRY_INVALID', model, `link ${link} has a ${g.type} ${key} of ${v}`, `${field}.${key}`, v, 'a positive size (m)');
  };
  switch (g.type) {
    case 'box':
      g.size.forEach((v, i) => positive(v, `size[${i}]`));
      return;
    case 'cylinder':
      positive(g.radius, 'radius');
      positive(g.length, 'length');
      return;
    case 'sphere':
      positive(g.radius, 'radius');
      return;
    case 'mesh':
      throw mjcfError('MJCF_MESH_UNSUPPORTED', model, `link ${link} uses mesh ${g.filename} as a collision shape`, field, g.filename, 'a box, cylinder or sphere collision (a mesh may stay as the visual)');
  }
}
