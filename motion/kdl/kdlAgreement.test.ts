/**
 * Kindred's kinematics and dynamics against KDL (Debian python3-pykdl) on hundreds of random
 * configurations per robot.
 *
 * Tolerance: |kindred − kdl| ≤ 1e-9 · max(|kdl|, 1) per entry, i.e. 1e-9 relative, with an absolute
 * floor of 1e-9 in SI units (m, rad, N·m, N, kg·m²) for entries near zero, where a relative test
 * would only measure rounding noise.
 *
 * What is compared:
 * - FK: the pose of every link (KDL: ChainFkSolverPos_recursive on the chain root → link).
 * - Jacobian of every link (KDL: ChainJntToJacSolver, [v; ω] at the link origin, base frame). KDL
 *   has no mimic joints, so KDL is given every joint's value and its columns are summed into the
 *   leader's, scaled by the multiplier — what Kindred's coupled Jacobian means.
 * - Dynamics (KDL: ChainIdSolver_RNE, ChainDynParam JntToGravity/JntToCoriolis/JntToMass). KDL's
 *   dynamics solvers see one chain only, so for a tree two comparisons are made:
 *   (a) the chain root → leaf cut out as a robot of its own (links and joints off the path removed;
 *       a mimic whose leader is off the path becomes an ordinary joint) and compiled by Kindred: all
 *       its torques and its whole mass matrix are compared;
 *   (b) the whole tree compiled by Kindred, on the joints whose torque can only depend on that chain:
 *       a joint whose every descendant link lies on the chain (and whose mimic followers do too).
 *       Its torque and its mass-matrix entries with other such joints are sums over bodies on the
 *       chain only, which is exactly what KDL computes. Joints above a branch point (whose torque
 *       also carries other branches) are checked by (a) and by the RNEA = M·qdd + C·qd + g identity
 *       in KinematicTree.test.ts, not against KDL.
 */
import { describe, expect, it } from 'vitest';
import { loadUrdfFile, shippedRobots } from '../../urdf/index.js';
import type { RobotModel } from '../../urdf/RobotModel.js';
import { compileKinematics } from '../kinematics/compileKinematics.js';
import type { KinematicTree } from '../kinematics/KinematicTree.js';
import { planarArmModel } from '../kinematics/testing/planarArm.js';
import { randomRobotModel, randomState, seededRandom } from '../kinematics/testing/randomRobotModel.js';
import { type KdlAnswer, dynamicsLeaves, kdlUnavailableReason, runKdlReference } from './kdlReference.js';

const CONFIGS = 200;
const GRAVITY = [0, 0, -9.81] as const;
const unavailable = kdlUnavailableReason();
if (unavailable !== undefined) console.log(`skipping the KDL agreement tests: ${unavailable}`);

function worstError(actual: ArrayLike<number>, expected: readonly number[]): number {
  let worst = 0;
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] ?? NaN;
    const err = Math.abs((actual[i] ?? NaN) - e) / Math.max(Math.abs(e), 1);
    worst = Number.isNaN(err) ? Infinity : Math.max(worst, err);
  }
  return worst;
}

/** Sum KDL's per-chain-joint columns/entries into Kindred's joint-vector coordinates. */
function couplingOf(tree: KinematicTree, chainJoints: readonly string[]): { index: number; multiplier: number }[] {
  const byName = new Map(tree.coupledJoints.map((c) => [c.name, c] as const));
  return chainJoints.map((name) => {
    const c = byName.get(name);
    if (c === undefined) throw new Error(`chain joint ${name} unknown to Kindred`);
    return { index: c.index, multiplier: c.multiplier };
  });
}

function projectJacobian(kdl: readonly number[], coupling: readonly { index: number; multiplier: number }[], n: number): number[] {
  const k = coupling.length;
  const out = new Array<number>(6 * n).fill(0);
  for (let r = 0; r < 6; r++) coupling.forEach((c, col) => (out[r * n + c.index] = (out[r * n + c.index] ?? 0) + c.multiplier * (kdl[r * k + col] ?? NaN)));
  return out;
}

/** The chain root → tip as a robot of its own. */
function chainModel(model: RobotModel, tip: string): RobotModel {
  const byChild = new Map(model.joints.map((j) => [j.child, j] as const));
  const path = [];
  for (let j = byChild.get(tip); j !== undefined; j = byChild.get(j.parent)) path.unshift(j);
  const names = new Set(path.map((j) => j.name));
  const onPath = new Set([model.rootLink, ...path.map((j) => j.child)]);
  return {
    ...model,
    name: `${model.name}:${tip}`,
    links: model.links.filter((l) => onPath.has(l.name)),
    joints: path.map((j) => {
      if (j.mimic === undefined || names.has(j.mimic.joint)) return j;
      const { mimic: _dropped, ...rest } = j;
      return rest;
    }),
  };
}

interface Worst {
  fk: number;
  jac: number;
  chainDyn: number;
  treeDyn: number;
  treeDynEntries: number;
}

function compare(model: RobotModel, seed: number): Worst {
  const tree = compileKinematics(model);
  const rand = seededRandom(seed);
  const states = Array.from({ length: CONFIGS }, () => randomState(rand, tree.lowerLimits, tree.upperLimits));
  const kdl: KdlAnswer = runKdlReference(model, tree, states, { gravity: GRAVITY });
  const n = tree.dofCount;
  const worst: Worst = { fk: 0, jac: 0, chainDyn: 0, treeDyn: 0, treeDynEntries: 0 };
  const poses = tree.createLinkPoses();
  const jac = new Float64Array(6 * n);
  const tau = new Float64Array(n);
  const grav = new Float64Array(n);
  const cor = new Float64Array(n);
  const mass = new Float64Array(n * n);

  // Full-tree joints eligible for comparison (b) per leaf chain.
  const byChild = new Map(model.joints.map((j) => [j.child, j] as const));
  const parentOf = (link: string): string | undefined => byChild.get(link)?.parent;
  const leaves = dynamicsLeaves(model);
  const eligible = new Map<string, number[]>();
  for (const leaf of leaves) {
    const chainLinks = new Set<string>();
    for (let l: string | undefined = leaf; l !== undefined; l = parentOf(l)) chainLinks.add(l);
    const ok: number[] = [];
    for (let d = 0; d < n; d++) {
      const nodes = tree.coupledJoints.filter((c) => c.index === d).map((c) => model.joints.find((j) => j.name === c.name)?.child ?? '');
      const fine = nodes.every((child) => {
        if (!chainLinks.has(child)) return false;
        // every descendant of child on the chain: each link whose ancestry passes through child
        return model.links.every((l) => {
          for (let a: string | undefined = l.name; a !== undefined; a = parentOf(a)) if (a === child) return chainLinks.has(l.name);
          return true;
        });
      });
      if (fine) ok.push(d);
    }
    eligible.set(leaf, ok);
  }
  const chainTrees = new Map(leaves.map((leaf) => [leaf, compileKinematics(chainModel(model, leaf))] as const));

  states.forEach((s, c) => {
    tree.fk(s.q, poses);
    tree.linkNames.forEach((link, li) => {
      if (li === 0) return;
      const ref = kdl.fk[c]?.[link] ?? [];
      const mine = [...poses.rotation.subarray(9 * li, 9 * li + 9), ...poses.positionM.subarray(3 * li, 3 * li + 3)];
      worst.fk = Math.max(worst.fk, worstError(mine, ref));
      tree.jacobianFromPoses(poses, li, jac);
      const coupling = couplingOf(tree, kdl.chains[link] ?? []);
      worst.jac = Math.max(worst.jac, worstError(jac, projectJacobian(kdl.jac[c]?.[link] ?? [], coupling, n)));
    });
    tree.rnea(s.q, s.qd, s.qdd, GRAVITY, tau);
    tree.gravityTorques(s.q, GRAVITY, grav);
    tree.coriolisTorques(s.q, s.qd, cor);
    tree.massMatrix(s.q, mass);
    const fullValue = (name: string, v: ArrayLike<number>, withOffset: boolean): number => {
      const cj = tree.coupledJoints.find((x) => x.name === name);
      return cj === undefined ? NaN : cj.multiplier * (v[cj.index] ?? NaN) + (withOffset ? cj.offset : 0);
    };
    for (const leaf of leaves) {
      const ref = kdl.dyn[c]?.[leaf];
      const chainJoints = kdl.chains[leaf] ?? [];
      if (ref === undefined) throw new Error(`KDL gave no dynamics for ${leaf}`);
      // (a) the chain as a robot of its own.
      const ct = chainTrees.get(leaf);
      if (ct === undefined) throw new Error('no chain tree');
      const cn = ct.dofCount;
      const cq = new Float64Array(cn);
      const cqd = new Float64Array(cn);
      const cqdd = new Float64Array(cn);
      ct.jointNames.forEach((name, i) => {
        cq[i] = fullValue(name, s.q, true);
        cqd[i] = fullValue(name, s.qd, false);
        cqdd[i] = fullValue(name, s.qdd, false);
      });
      const cc = couplingOf(ct, chainJoints);
      const project = (v: readonly number[], size: number): number[] => {
        const out = new Array<number>(size).fill(0);
        cc.forEach((x, k) => (out[x.index] = (out[x.index] ?? 0) + x.multiplier * (v[k] ?? NaN)));
        return out;
      };
      const projectM = (m: readonly number[], coupling: readonly { index: number; multiplier: number }[], size: number): number[] => {
        const k = coupling.length;
        const out = new Array<number>(size * size).fill(0);
        coupling.forEach((a, r) => coupling.forEach((b, col) => (out[a.index * size + b.index] = (out[a.index * size + b.index] ?? 0) + a.multiplier * b.multiplier * (m[r * k + col] ?? NaN))));
        return out;
      };
      const out = new Float64Array(cn);
      const outM = new Float64Array(cn * cn);
      worst.chainDyn = Math.max(
        worst.chainDyn,
        worstError(ct.rnea(cq, cqd, cqdd, GRAVITY, out), project(ref.tau, cn)),
        worstError(ct.gravityTorques(cq, GRAVITY, out), project(ref.gravity, cn)),
        worstError(ct.coriolisTorques(cq, cqd, out), project(ref.coriolis, cn)),
        worstError(ct.massMatrix(cq, outM), projectM(ref.mass, cc, cn)),
      );
      // (b) the whole tree on the joints that only this chain moves.
      const ok = eligible.get(leaf) ?? [];
      if (ok.length === 0) continue;
      const tc = couplingOf(tree, chainJoints);
      const fullTau = (v: readonly number[]): number[] => {
        const o = new Array<number>(n).fill(0);
        tc.forEach((x, k) => (o[x.index] = (o[x.index] ?? 0) + x.multiplier * (v[k] ?? NaN)));
        return o;
      };
      const pick = (v: ArrayLike<number>): number[] => ok.map((d) => v[d] ?? NaN);
      const refM = projectM(ref.mass, tc, n);
      const pickM = (m: ArrayLike<number>): number[] => ok.flatMap((a) => ok.map((b) => m[a * n + b] ?? NaN));
      worst.treeDyn = Math.max(
        worst.treeDyn,
        worstError(pick(tau), pick(fullTau(ref.tau))),
        worstError(pick(grav), pick(fullTau(ref.gravity))),
        worstError(pick(cor), pick(fullTau(ref.coriolis))),
        worstError(pickM(mass), pickM(refM)),
      );
      worst.treeDynEntries += ok.length;
    }
  });
  return worst;
}

const robots: [string, () => RobotModel][] = [
  ['planar arm', () => planarArmModel()],
  ['random chain 1 (revolute, prismatic, fixed, mimic)', () => randomRobotModel(1, { links: 7, shape: 'chain', prismatic: true, fixed: true, mimic: true })],
  ['random chain 2 (revolute, prismatic, fixed, mimic)', () => randomRobotModel(2, { links: 9, shape: 'chain', prismatic: true, fixed: true, mimic: true })],
  ['random legs 3 (two chains from the root, mimic)', () => randomRobotModel(3, { links: 10, shape: 'legs', prismatic: true, fixed: true, mimic: true })],
  ['random tree 4 (branches anywhere)', () => randomRobotModel(4, { links: 9, shape: 'tree', prismatic: true, fixed: true })],
  ['random tree 5 (branches anywhere, mimic)', () => randomRobotModel(5, { links: 8, shape: 'tree', prismatic: true, fixed: true, mimic: true })],
  ...Object.entries(shippedRobots).map(([name, path]): [string, () => RobotModel] => [`shipped ${name}`, () => loadUrdfFile(path)]),
];

describe.skipIf(unavailable !== undefined)(`agreement with KDL, ${CONFIGS} random configurations per robot, 1e-9 relative`, () => {
  it.each(robots)('%s', (name, make) => {
    const model = make();
    const worst = compare(model, 1234);
    console.log(`${name}: worst relative error vs KDL ${JSON.stringify(worst)}`);
    expect(worst.fk).toBeLessThanOrEqual(1e-9);
    expect(worst.jac).toBeLessThanOrEqual(1e-9);
    expect(worst.chainDyn).toBeLessThanOrEqual(1e-9);
    expect(worst.treeDyn).toBeLessThanOrEqual(1e-9);
    // Every robot above has at least some whole-tree torques checked directly against KDL.
    expect(worst.treeDynEntries).toBeGreaterThan(0);
  });
});
