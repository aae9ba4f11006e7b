import { describe, expect, it } from 'vitest';
import { compileKinematics } from '../../motion/index.js';
import { randomRobotModel, randomState, seededRandom } from '../../motion/kinematics/testing/randomRobotModel.js';
import { loadUrdfFile, shippedRobots, type RobotModel, type ShippedRobotName } from '../../urdf/index.js';
import { compileRobot, fullMassMatrix, idOf, type CompiledRobot } from './testing/mujocoTestKit.js';

const GRAVITY = [0, 0, -9.81];
const AT_ORIGIN = { kind: 'fixed', pose: { xyz: [0, 0, 0], rpy: [0, 0, 0] } } as const;

/** Largest |a − b| relative to the largest |b| (and at least 1e-3 in absolute terms, for near-zero quantities). */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1e-3;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)));
    scale = Math.max(scale, Math.abs(b[i] ?? 0));
  }
  return diff / scale;
}

/**
 * MuJoCo's dynamics of the generated MJCF against Kindred's own RNEA/CRBA (motion/) on the same
 * description: two independent implementations, so agreement checks the generator's frames, axes,
 * inertia rotation and joint mapping, and any mistake in either shows up.
 */
async function crossCheck(description: RobotModel, seed: number, states: number): Promise<{ mass: number; gravity: number; bias: number }> {
  const c: CompiledRobot = await compileRobot(description, { mount: AT_ORIGIN });
  const tree = compileKinematics(description);
  const n = tree.dofCount;
  expect(c.model.nv).toBe(n);
  const qposAdr = (c.model.jnt_qposadr as Int32Array);
  const dofAdr = (c.model.jnt_dofadr as Int32Array);
  const names = tree.jointNames;
  const mjDof = names.map((j) => dofAdr[idOf(c, 'joint', j)] ?? -1);
  const mjQpos = names.map((j) => qposAdr[idOf(c, 'joint', j)] ?? -1);
  const armature = c.model.dof_armature as Float64Array;
  const rand = seededRandom(seed);
  const worst = { mass: 0, gravity: 0, bias: 0 };
  const kindredM = new Float64Array(n * n);
  const kindredTau = new Float64Array(n);
  for (let s = 0; s < states; s++) {
    const { q, qd } = randomState(rand, tree.lowerLimits, tree.upperLimits);
    const qpos = c.data.qpos as Float64Array;
    const qvel = c.data.qvel as Float64Array;
    qvel.fill(0);
    names.forEach((_, i) => {
      qpos[mjQpos[i] ?? -1] = q[i] ?? 0;
    });
    c.mujoco.mj_forward(c.model, c.data);
    const full = fullMassMatrix(c);
    const mjM = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const a = mjDof[i] ?? -1;
        const b = mjDof[j] ?? -1;
        mjM[i * n + j] = (full[a * n + b] ?? NaN) - (a === b ? (armature[a] ?? 0) : 0);
      }
    }
    tree.massMatrix(q, kindredM);
    worst.mass = Math.max(worst.mass, relativeError(mjM, kindredM));
    const bias = c.data.qfrc_bias as Float64Array;
    tree.gravityTorques(q, GRAVITY, kindredTau);
    worst.gravity = Math.max(worst.gravity, relativeError(mjDof.map((d) => bias[d] ?? NaN), kindredTau));
    names.forEach((_, i) => {
      qvel[mjDof[i] ?? -1] = qd[i] ?? 0;
    });
    c.mujoco.mj_forward(c.model, c.data);
    tree.rnea(q, qd, new Float64Array(n), GRAVITY, kindredTau);
    worst.bias = Math.max(worst.bias, relativeError(mjDof.map((d) => bias[d] ?? NaN), kindredTau));
  }
  return worst;
}

describe('MuJoCo dynamics of the generated MJCF match Kindred’s RNEA/CRBA', () => {
  it.each(Object.keys(shippedRobots) as ShippedRobotName[])('%s: mass matrix, gravity and Coriolis torques at random configurations', async (name) => {
    const worst = await crossCheck(loadUrdfFile(shippedRobots[name]), 7, 4);
    // The shipped robots' inertias are diagonal in their frames, so MuJoCo stores them exactly.
    expect(worst.mass).toBeLessThan(1e-9);
    expect(worst.gravity).toBeLessThan(1e-9);
    expect(worst.bias).toBeLessThan(1e-9);
  });

  it.each([
    ['chain', 11],
    ['tree', 12],
    ['legs', 13],
  ] as const)('random %s robots with prismatic and fixed joints', async (shape, seed) => {
    const description = randomRobotModel(seed, { links: 8, shape, prismatic: true, fixed: true });
    const worst = await crossCheck(description, seed, 3);
    // MuJoCo diagonalises a full inertia tensor iteratively (to ~1e-8 here); gravity involves no inertia.
    expect(worst.mass).toBeLessThan(1e-6);
    expect(worst.gravity).toBeLessThan(1e-9);
    expect(worst.bias).toBeLessThan(1e-6);
  });
});

describe('an exoskeleton leg left to gravity', () => {
  it('falls towards hanging and swings about it, losing energy to joint damping', async () => {
    const c = await compileRobot(loadUrdfFile(shippedRobots.kindred_exo), { mount: { kind: 'fixed', pose: { xyz: [0, 0, 1.5], rpy: [0, 0, 0] } } });
    const { mujoco, model, data } = c;
    const hip = (model.jnt_qposadr as Int32Array)[idOf(c, 'joint', 'hip_flexion_left')] ?? -1;
    const qpos = data.qpos as Float64Array;
    qpos[hip] = 1.0; // thigh raised forward, no torque anywhere
    const trace: number[] = [];
    for (let k = 0; k < 6000; k++) {
      mujoco.mj_step(model, data);
      if (k % 10 === 0) trace.push((data.qpos as Float64Array)[hip] ?? NaN);
    }
    expect(trace.every(Number.isFinite)).toBe(true);
    // Within 0.3 s it has fallen well below where it started.
    expect(trace[30]).toBeLessThan(0.6);
    // It swings through hanging (both signs), and the late swing is smaller than the first.
    expect(Math.min(...trace)).toBeLessThan(-0.1);
    const early = Math.max(...trace.slice(0, 150).map(Math.abs));
    const late = Math.max(...trace.slice(450).map(Math.abs));
    expect(late).toBeLessThan(0.7 * early);
    const mean = trace.slice(300).reduce((s, v) => s + v, 0) / trace.slice(300).length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
  });
});
