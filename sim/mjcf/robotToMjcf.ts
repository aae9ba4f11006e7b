import type { Joint, RobotModel, Vec3 } from '../../urdf/index.js';
import type { SceneJoint, SceneSensor } from '../scenes/types.js';
import { buildBodyTree, walkBodies, type BodyGeom, type BodyNode } from './bodyTree.js';
import { ROBOT_COLLISION } from './collision.js';
import { mjcfError } from './mjcfError.js';
import { mjcfNames } from './names.js';
import { planarBaseDrive } from './planarBase.js';
import { readControl, type ControlledJoint } from './readControl.js';
import type { RobotMjcf, RobotMjcfOptions } from './RobotMjcf.js';
import { isIdentityQuat, quatFromRpy, quatRotate, quatToMatrix, transformFromPose, type RigidTransform } from './transform.js';
import { validateRobot } from './validateRobot.js';
import { num, vec } from './xml.js';

const DEFAULT_ARMATURE = 0.001;
/** Bodies this many tree edges apart (or closer) never collide: neighbours overlap at their joints. */
const EXCLUDE_DEPTH = 3;
const SITE_SIZE = 0.005;
const TOUCH_MARGIN_M = 0.005;

/**
 * Turn a robot description into an MJCF fragment for a scene: bodies named after the URDF links
 * (fixed frames kept as bodies), joints after the URDF joints, one motor per ros2_control joint
 * (gear = the transmission's reduction, ctrl = joint effort / gear, limited to ±effort/gear), joint
 * position/velocity/effort sensors, force/torque sensors at the ros2_control sensor frames, an IMU
 * and optional touch pads. The description is validated first (coded errors naming the file, the
 * element and the bad value), because mujoco-js does not say why a model fails to compile.
 */
export function robotToMjcf(model: RobotModel, options: RobotMjcfOptions): RobotMjcf {
  validateRobot(model);
  const control = readControl(model);
  const { armature, imuLink, touchLinks, collision } = checkOptions(model, options);
  const mount = options.mount;
  const tops = buildBodyTree(model, transformFromPose(mount.pose));

  const nodeOf = new Map<string, BodyNode>();
  walkBodies(tops, (n) => nodeOf.set(n.link.name, n));

  // Sites, per body.
  const sites = new Map<string, string[]>();
  const addSite = (link: string, xml: string): void => {
    const list = sites.get(link);
    if (list === undefined) sites.set(link, [xml]);
    else list.push(xml);
  };
  const sensorFrames = new Set(control.sensors.map((s) => s.frame));
  for (const link of model.links) {
    const node = nodeOf.get(link.name);
    const isFrame = link.inertial === undefined && (node?.geoms.length ?? 0) === 0 && node?.joint?.type === 'fixed';
    if (isFrame || sensorFrames.has(link.name)) addSite(link.name, `<site name="${link.name}" size="${SITE_SIZE}"/>`);
  }
  const sensors: SceneSensor[] = [];
  const sensorXml: string[] = [];
  for (const s of control.sensors) {
    if (s.kind === 'force_torque') {
      const names = [mjcfNames.ftForce(s.name), mjcfNames.ftTorque(s.name)];
      sensors.push({ name: s.name, kind: 'force_torque', site: s.frame, mjSensors: names });
      sensorXml.push(`<force name="${names[0]}" site="${s.frame}"/>`, `<torque name="${names[1]}" site="${s.frame}"/>`);
    } else {
      const names = [`${s.name}_accelerometer`, `${s.name}_gyro`, `${s.name}_orientation`];
      sensors.push({ name: s.name, kind: 'imu', site: s.frame, mjSensors: names });
      sensorXml.push(...imuSensorXml(names, s.frame));
    }
  }
  if (!control.sensors.some((s) => s.kind === 'imu')) {
    addSite(imuLink, `<site name="${mjcfNames.imuSite}" size="${SITE_SIZE}"/>`);
    const names = [mjcfNames.imuAccelerometer, mjcfNames.imuGyro, mjcfNames.imuOrientation];
    sensors.push({ name: 'imu', kind: 'imu', site: mjcfNames.imuSite, mjSensors: names });
    sensorXml.push(...imuSensorXml(names, mjcfNames.imuSite));
  }
  for (const link of touchLinks) {
    let holder: BodyNode | undefined;
    let geom: BodyGeom | undefined;
    walkBodies(tops, (n) => {
      const g = n.geoms.find((x) => x.link === link);
      if (geom === undefined && g !== undefined) {
        holder = n;
        geom = g;
      }
    });
    if (holder === undefined || geom === undefined) continue; // checkOptions guarantees a geom
    const name = mjcfNames.touch(link);
    addSite(holder.link.name, `<site name="${name}" ${shapeXml(geom, TOUCH_MARGIN_M)} rgba="1 0.6 0.1 0.25"/>`);
    sensors.push({ name, kind: 'touch', site: name, mjSensors: [name] });
    sensorXml.push(`<touch name="${name}" site="${name}"/>`);
  }

  // Bodies and joints.
  const cls = mjcfNames.robotClass(model.name);
  const bodies: string[] = [];
  const mjJoints: string[] = [];
  const lines: string[] = [];
  const emit = (node: BodyNode, depth: number, top: boolean): void => {
    const pad = '  '.repeat(depth);
    const name = node.link.name;
    bodies.push(name);
    lines.push(`${pad}<body name="${name}"${poseXml(node.local)}${top ? ` childclass="${cls}"` : ''}>`);
    const joints = top && !node.hoisted ? mountJointsXml(options, name) : jointXml(node.joint, armature);
    for (const j of joints) {
      mjJoints.push(j.name);
      lines.push(`${pad}  ${j.xml}`);
    }
    const inertial = node.link.inertial;
    if (inertial !== undefined && inertial.massKg > 0) {
      const r = quatToMatrix(quatFromRpy(inertial.origin.rpy[0], inertial.origin.rpy[1], inertial.origin.rpy[2]));
      const i = rotateInertia(r, inertial);
      lines.push(`${pad}  <inertial pos="${vec(inertial.origin.xyz)}" mass="${num(inertial.massKg)}" fullinertia="${vec(i)}"/>`);
    }
    for (const g of node.geoms) lines.push(`${pad}  <geom name="${g.name}" ${shapeXml(g, 0)} rgba="${vec(g.rgba)}"/>`);
    for (const s of sites.get(name) ?? []) lines.push(`${pad}  ${s}`);
    for (const c of node.children) emit(c, depth + 1, false);
    lines.push(`${pad}</body>`);
  };
  tops.forEach((t) => emit(t, 0, true));

  // Actuators and joint sensors.
  const actuatorXml: string[] = [];
  const joints: SceneJoint[] = control.joints.map((c) => {
    actuatorXml.push(motorXml(c));
    sensorXml.push(
      `<jointpos name="${mjcfNames.jointPosition(c.joint.name)}" joint="${c.joint.name}"/>`,
      `<jointvel name="${mjcfNames.jointVelocity(c.joint.name)}" joint="${c.joint.name}"/>`,
      `<jointactuatorfrc name="${mjcfNames.jointEffort(c.joint.name)}" joint="${c.joint.name}"/>`,
    );
    return {
      name: c.joint.name,
      actuator: c.actuator,
      gear: c.gear,
      effortLimit: c.effortLimit,
      velocityLimit: c.velocityLimit,
      lower: c.lower,
      upper: c.upper,
      commandInterfaces: c.commandInterfaces,
    };
  });
  const totalMassKg = model.links.reduce((sum, l) => sum + (l.inertial?.massKg ?? 0), 0);
  const baseDrive = mount.kind === 'planar' ? planarBaseDrive(model, control, mount, totalMassKg) : undefined;
  if (baseDrive !== undefined) actuatorXml.push(...baseDrive.actuatorXml);

  const excludes = neighbourExcludes(tops);
  for (const [a, b] of options.excludeContacts ?? []) {
    for (const body of [a, b]) {
      if (!bodies.includes(body)) {
        throw mjcfError('MJCF_OPTIONS_INVALID', model, `contact exclusion names ${body}, which is not a body`, 'options.excludeContacts', body, `one of ${bodies.join(', ')}`);
      }
    }
    excludes.push(`<exclude body1="${a}" body2="${b}"/>`);
  }
  const equality = model.joints
    .filter((j) => j.mimic !== undefined && j.type !== 'fixed')
    .map((j) => `<joint name="${j.name}_mimic" joint1="${j.name}" joint2="${j.mimic?.joint ?? ''}" polycoef="${num(j.mimic?.offset ?? 0)} ${num(j.mimic?.multiplier ?? 1)} 0 0 0"/>`);

  checkUnique(model, 'body', bodies);
  checkUnique(model, 'joint', mjJoints);
  checkUnique(model, 'actuator', [...joints.map((j) => j.actuator), ...(baseDrive?.spec === undefined ? [] : [baseDrive.spec.xActuator, baseDrive.spec.yActuator, baseDrive.spec.yawActuator])]);
  checkUnique(model, 'sensor', sensors.flatMap((s) => s.mjSensors).concat(joints.flatMap((j) => [mjcfNames.jointPosition(j.name), mjcfNames.jointVelocity(j.name), mjcfNames.jointEffort(j.name)])));
  checkUnique(model, 'site', [...sites.values()].flat().map((s) => /name="([^"]+)"/.exec(s)?.[1] ?? ''));

  const defaultXml =
    `<default class="${cls}">` +
    `<geom contype="${collision.contype}" conaffinity="${collision.conaffinity}" density="0" condim="3" friction="0.8 0.02 0.001" group="1"/>` +
    `<site group="4" rgba="1 0.4 0 1"/>` +
    `</default>`;
  return {
    fragment: {
      default: defaultXml,
      worldbody: lines.join('\n'),
      actuator: actuatorXml.join('\n'),
      sensor: sensorXml.join('\n'),
      contact: excludes.join('\n'),
      ...(equality.length > 0 ? { equality: equality.join('\n') } : {}),
    },
    joints,
    sensors,
    bodies,
    mjJoints,
    totalMassKg,
    ...(baseDrive === undefined ? {} : { baseDrive: baseDrive.spec }),
  };
}

interface CheckedOptions {
  readonly armature: number;
  readonly imuLink: string;
  readonly touchLinks: readonly string[];
  readonly collision: { readonly contype: number; readonly conaffinity: number };
}

function checkOptions(model: RobotModel, options: RobotMjcfOptions): CheckedOptions {
  const bad = (message: string, field: string, value: unknown, expected: string): never => {
    throw mjcfError('MJCF_OPTIONS_INVALID', model, message, `options.${field}`, value, expected);
  };
  const { pose } = options.mount;
  [...pose.xyz, ...pose.rpy].forEach((v, i) => {
    if (!Number.isFinite(v)) bad(`the mount pose has ${v}`, i < 3 ? `mount.pose.xyz[${i}]` : `mount.pose.rpy[${i - 3}]`, v, 'finite numbers');
  });
  if (options.mount.kind === 'planar' && (pose.rpy[0] !== 0 || pose.rpy[1] !== 0)) {
    bad('a planar mount cannot roll or pitch', 'mount.pose.rpy', pose.rpy, 'roll = pitch = 0 (yaw only)');
  }
  const armature = options.armature ?? DEFAULT_ARMATURE;
  if (!Number.isFinite(armature) || armature < 0) bad(`armature is ${armature}`, 'armature', armature, 'a finite number ≥ 0');
  const links = new Map(model.links.map((l) => [l.name, l] as const));
  const imuLink = options.imuLink ?? (links.has('base_link') ? 'base_link' : model.rootLink);
  if (!links.has(imuLink)) bad(`IMU link ${imuLink} is not a link`, 'imuLink', imuLink, 'the name of a link');
  const touchLinks = options.touchLinks ?? [];
  for (const t of touchLinks) {
    const link = links.get(t);
    if (link === undefined || link.collisions.length + link.visuals.length === 0) {
      bad(`touch link ${t} ${link === undefined ? 'is not a link' : 'has no geometry'}`, 'touchLinks', t, 'a link with a collision or visual shape');
    }
  }
  const collision = options.collision ?? ROBOT_COLLISION;
  return { armature, imuLink, touchLinks, collision };
}

function checkUnique(model: RobotModel, kind: string, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw mjcfError('MJCF_NAME_INVALID', model, `two MJCF ${kind}s would be named ${n}`, `${kind}[name=${n}]`, n, `unique ${kind} names (the generator adds imu, base_x/base_y/base_yaw, <joint>_motor, <sensor>_force …)`);
    seen.add(n);
  }
}

function poseXml(t: RigidTransform): string {
  const p = t.p[0] === 0 && t.p[1] === 0 && t.p[2] === 0 ? '' : ` pos="${vec(t.p)}"`;
  return isIdentityQuat(t.q) ? p : `${p} quat="${vec(t.q)}"`;
}

function shapeXml(g: BodyGeom, margin: number): string {
  const at = poseXml(g.at).trim();
  const place = at === '' ? '' : ` ${at}`;
  switch (g.geometry.type) {
    case 'box':
      return `type="box" size="${vec(g.geometry.size.map((s) => s / 2 + margin))}"${place}`;
    case 'cylinder':
      return `type="cylinder" size="${num(g.geometry.radius + margin)} ${num(g.geometry.length / 2 + margin)}"${place}`;
    case 'sphere':
      return `type="sphere" size="${num(g.geometry.radius + margin)}"${place}`;
  }
}

/** Inertia about the centre of mass, rotated from the URDF inertial frame into the link frame: R·I·Rᵀ (MJCF fullinertia order). */
function rotateInertia(r: readonly number[], i: { ixx: number; ixy: number; ixz: number; iyy: number; iyz: number; izz: number }): number[] {
  const m = [i.ixx, i.ixy, i.ixz, i.ixy, i.iyy, i.iyz, i.ixz, i.iyz, i.izz];
  const out = new Array<number>(9).fill(0);
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) {
      let s = 0;
      for (let k = 0; k < 3; k++) for (let l = 0; l < 3; l++) s += (r[3 * a + k] ?? 0) * (m[3 * k + l] ?? 0) * (r[3 * b + l] ?? 0);
      out[3 * a + b] = s;
    }
  }
  return [out[0] ?? 0, out[4] ?? 0, out[8] ?? 0, out[1] ?? 0, out[2] ?? 0, out[5] ?? 0];
}

function unit(v: Vec3): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
}

function jointXml(joint: Joint | undefined, armature: number): { name: string; xml: string }[] {
  if (joint === undefined || joint.type === 'fixed') return [];
  const dyn = joint.dynamics;
  const common = `${dyn !== undefined && dyn.damping > 0 ? ` damping="${num(dyn.damping)}"` : ''}${dyn !== undefined && dyn.friction > 0 ? ` frictionloss="${num(dyn.friction)}"` : ''} armature="${num(armature)}"`;
  const axis = unit(joint.axis);
  const range = (): string => ` limited="true" range="${num(joint.limit?.lower ?? 0)} ${num(joint.limit?.upper ?? 0)}"`;
  switch (joint.type) {
    case 'revolute':
      return [{ name: joint.name, xml: `<joint name="${joint.name}" type="hinge" axis="${vec(axis)}"${range()}${common}/>` }];
    case 'continuous':
      return [{ name: joint.name, xml: `<joint name="${joint.name}" type="hinge" axis="${vec(axis)}" limited="false"${common}/>` }];
    case 'prismatic':
      return [{ name: joint.name, xml: `<joint name="${joint.name}" type="slide" axis="${vec(axis)}"${range()}${common}/>` }];
    case 'floating':
      return [{ name: joint.name, xml: `<freejoint name="${joint.name}"/>` }];
    case 'planar': {
      const [u, v] = planeAxes(axis);
      const x = mjcfNames.planarJoint(joint.name, 'x');
      const y = mjcfNames.planarJoint(joint.name, 'y');
      const yaw = mjcfNames.planarJoint(joint.name, 'yaw');
      return [
        { name: x, xml: `<joint name="${x}" type="slide" axis="${vec(u)}" limited="false"${common}/>` },
        { name: y, xml: `<joint name="${y}" type="slide" axis="${vec(v)}" limited="false"${common}/>` },
        { name: yaw, xml: `<joint name="${yaw}" type="hinge" axis="${vec(axis)}" limited="false"${common}/>` },
      ];
    }
  }
}

/** Two unit vectors spanning the plane normal to `n` (a URDF planar joint's axis). */
function planeAxes(n: Vec3): [Vec3, Vec3] {
  const a = Math.abs(n[0]) < 0.9 ? ([1, 0, 0] as const) : ([0, 1, 0] as const);
  const u = unit([n[1] * a[2] - n[2] * a[1], n[2] * a[0] - n[0] * a[2], n[0] * a[1] - n[1] * a[0]]);
  const v: Vec3 = [n[1] * u[2] - n[2] * u[1], n[2] * u[0] - n[0] * u[2], n[0] * u[1] - n[1] * u[0]];
  return [u, v];
}

/** The root body's joints for a mount: none (fixed), a free joint, or world-x/world-y slides and a yaw hinge. */
function mountJointsXml(options: RobotMjcfOptions, root: string): { name: string; xml: string }[] {
  const mount = options.mount;
  switch (mount.kind) {
    case 'fixed':
      return [];
    case 'free':
      return [{ name: mjcfNames.freeJoint(root), xml: `<freejoint name="${mjcfNames.freeJoint(root)}"/>` }];
    case 'planar': {
      // Joint axes are in the body frame, which the mount already yawed: turn them back onto world x and y.
      const back = quatFromRpy(0, 0, -mount.pose.rpy[2]);
      const ax = quatRotate(back, [1, 0, 0]);
      const ay = quatRotate(back, [0, 1, 0]);
      return [
        { name: mjcfNames.baseX, xml: `<joint name="${mjcfNames.baseX}" type="slide" axis="${vec(ax)}" limited="false"/>` },
        { name: mjcfNames.baseY, xml: `<joint name="${mjcfNames.baseY}" type="slide" axis="${vec(ay)}" limited="false"/>` },
        { name: mjcfNames.baseYaw, xml: `<joint name="${mjcfNames.baseYaw}" type="hinge" axis="0 0 1" limited="false"/>` },
      ];
    }
  }
}

function motorXml(c: ControlledJoint): string {
  const g = Math.abs(c.gear);
  const limit = Number.isFinite(c.effortLimit) ? c.effortLimit / g : undefined;
  const limits = limit === undefined ? ' ctrllimited="false"' : ` ctrllimited="true" ctrlrange="${num(-limit)} ${num(limit)}" forcelimited="true" forcerange="${num(-limit)} ${num(limit)}"`;
  return `<motor name="${c.actuator}" joint="${c.joint.name}" gear="${num(c.gear)}"${limits}/>`;
}

function imuSensorXml(names: readonly string[], site: string): string[] {
  return [
    `<accelerometer name="${names[0] ?? ''}" site="${site}"/>`,
    `<gyro name="${names[1] ?? ''}" site="${site}"/>`,
    `<framequat name="${names[2] ?? ''}" objtype="site" objname="${site}"/>`,
  ];
}

/**
 * Contact excludes between near neighbours: a body and each ancestor up to EXCLUDE_DEPTH edges away
 * that both carry geoms (MuJoCo already skips parent/child pairs, but not e.g. the exoskeleton's
 * pelvis and thigh, which the massless hip link separates and which overlap as the hip flexes).
 */
function neighbourExcludes(tops: readonly BodyNode[]): string[] {
  const out: string[] = [];
  const chain: BodyNode[] = [];
  const go = (n: BodyNode): void => {
    if (n.geoms.length > 0) {
      for (let k = chain.length - 1, d = 1; k >= 0 && d <= EXCLUDE_DEPTH; k--, d++) {
        const a = chain[k];
        if (a !== undefined && a.geoms.length > 0) out.push(`<exclude body1="${a.link.name}" body2="${n.link.name}"/>`);
      }
    }
    chain.push(n);
    for (const c of n.children) go(c);
    chain.pop();
  };
  for (const t of tops) go(t);
  return out;
}
