/**
 * Adapter to KDL (Debian python3-pykdl) for the kinematics tests and benchmark: it sends a RobotModel
 * and a batch of configurations to `kdl_reference.py` under `/usr/bin/python3` and returns KDL's
 * answers. Not part of the runtime: it spawns a process and is imported only by tests and bench/.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KindredError } from '../../runtime/errors/index.js';
import type { Joint, RobotModel } from '../../urdf/RobotModel.js';
import type { KinematicTree } from '../kinematics/KinematicTree.js';

export const KDL_PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./kdl_reference.py', import.meta.url));

/** One configuration in Kindred's joint-vector order. */
export interface JointState3 {
  readonly q: ArrayLike<number>;
  readonly qd: ArrayLike<number>;
  readonly qdd: ArrayLike<number>;
}

export interface KdlDynamics {
  readonly tau: readonly number[];
  readonly gravity: readonly number[];
  readonly coriolis: readonly number[];
  /** k × k, row-major, k = joints of the chain. */
  readonly mass: readonly number[];
}

export interface KdlAnswer {
  /** Moving joints of the chain root → tip, in chain order: the columns/entries of KDL's results. */
  readonly chains: Readonly<Record<string, readonly string[]>>;
  /** Per configuration, per tip: rotation (9, row-major) then position (3). */
  readonly fk: readonly Readonly<Record<string, readonly number[]>>[];
  /** Per configuration, per tip: 6 × k, row-major, [v; ω] in the base frame at the tip. */
  readonly jac: readonly Readonly<Record<string, readonly number[]>>[];
  readonly dyn: readonly Readonly<Record<string, KdlDynamics>>[];
  readonly bench?: { readonly configurations: number; readonly seconds: number };
}

export interface KdlRequestOptions {
  readonly gravity: readonly [number, number, number];
  /** Links whose pose and Jacobian KDL computes (default: every link but the root). */
  readonly fkTips?: readonly string[];
  /** Chain tips for dynamics (default: every leaf link with a moving joint on its path). */
  readonly dynTips?: readonly string[];
  /** When > 0, KDL also times FK + Jacobian + RNE over the dynamics chains this many times. */
  readonly benchRepeat?: number;
}

/** Why KDL cannot run here, or undefined when it can. */
export function kdlUnavailableReason(): string | undefined {
  const r = spawnSync(KDL_PYTHON, ['-c', 'import PyKDL'], { encoding: 'utf8' });
  if (r.error !== undefined) return `${KDL_PYTHON} cannot be started: ${r.error.message}`;
  if (r.status !== 0) return `${KDL_PYTHON} cannot import PyKDL (install Debian python3-pykdl): ${r.stderr.trim()}`;
  return undefined;
}

function kdlJointType(joint: Joint): 'revolute' | 'prismatic' | 'fixed' {
  if (joint.type === 'revolute' || joint.type === 'continuous') return 'revolute';
  if (joint.type === 'prismatic') return 'prismatic';
  return 'fixed'; // fixed, and floating/planar frozen like Kindred does
}

/** Leaf links whose path from the root has at least one moving joint. */
export function dynamicsLeaves(model: RobotModel): string[] {
  const parentJoint = new Map(model.joints.map((j) => [j.child, j] as const));
  const parents = new Set(model.joints.map((j) => j.parent));
  return model.links
    .map((l) => l.name)
    .filter((name) => !parents.has(name) && name !== model.rootLink)
    .filter((name) => {
      for (let j = parentJoint.get(name); j !== undefined; j = parentJoint.get(j.parent)) if (kdlJointType(j) !== 'fixed') return true;
      return false;
    });
}

export function runKdlReference(model: RobotModel, tree: KinematicTree, configs: readonly JointState3[], options: KdlRequestOptions): KdlAnswer {
  const jointOfChild = new Map(model.joints.map((j) => [j.child, j] as const));
  const linkByName = new Map(model.links.map((l) => [l.name, l] as const));
  const segments = tree.linkNames.slice(1).map((name) => {
    const joint = jointOfChild.get(name);
    if (joint === undefined) throw new KindredError('MOTION_TREE_INVALID', `link ${name} has no parent joint`);
    const inertial = linkByName.get(name)?.inertial;
    return {
      name,
      parent: joint.parent,
      joint: { name: joint.name, type: kdlJointType(joint), xyz: joint.origin.xyz, rpy: joint.origin.rpy, axis: joint.axis },
      inertial:
        inertial === undefined
          ? null
          : { mass: inertial.massKg, xyz: inertial.origin.xyz, rpy: inertial.origin.rpy, ixx: inertial.ixx, ixy: inertial.ixy, ixz: inertial.ixz, iyy: inertial.iyy, iyz: inertial.iyz, izz: inertial.izz },
    };
  });
  const expand = (v: ArrayLike<number>, withOffset: boolean): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const c of tree.coupledJoints) out[c.name] = c.multiplier * (v[c.index] ?? NaN) + (withOffset ? c.offset : 0);
    return out;
  };
  const request = {
    root: model.rootLink,
    segments,
    gravity: options.gravity,
    fkTips: options.fkTips ?? tree.linkNames.slice(1),
    dynTips: options.dynTips ?? dynamicsLeaves(model),
    configs: configs.map((c) => ({ q: expand(c.q, true), qd: expand(c.qd, false), qdd: expand(c.qdd, false) })),
    benchRepeat: options.benchRepeat ?? 0,
  };
  const r = spawnSync(KDL_PYTHON, [SCRIPT], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error !== undefined || r.status !== 0) {
    throw new KindredError('MOTION_KDL_REFERENCE_FAILED', `kdl_reference.py failed (status ${r.status ?? 'none'}): ${r.error?.message ?? r.stderr.slice(-2000)}`, { file: SCRIPT });
  }
  try {
    return JSON.parse(r.stdout) as KdlAnswer;
  } catch (cause) {
    throw new KindredError('MOTION_KDL_REFERENCE_FAILED', `kdl_reference.py printed output that is not JSON: ${r.stdout.slice(0, 200)}`, { file: SCRIPT }, { cause });
  }
}
