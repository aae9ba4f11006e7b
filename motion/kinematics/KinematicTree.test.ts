import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileKinematics } from './compileKinematics.js';
import type { KinematicTree } from './KinematicTree.js';
import { PLANAR_ARM, planarArmModel } from './testing/planarArm.js';
import { randomRobotModel, randomState, seededRandom } from './testing/randomRobotModel.js';

const G = 9.81;
const GRAVITY_Y = [0, -G, 0] as const;

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] ?? NaN;
    expect(Math.abs((actual[i] ?? NaN) - e), `entry ${i}: ${actual[i]} vs ${e}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
  }
}

describe('planar two-link arm against its closed form', () => {
  const p = PLANAR_ARM;
  const tree = compileKinematics(planarArmModel());
  const configs: [number, number, number, number, number, number][] = [
    [0, 0, 0, 0, 0, 0],
    [0.3, -0.7, 1.2, -0.4, 2, -1],
    [-1.4, 2.1, -0.5, 0.9, -3, 0.5],
    [2.4, -2.4, 0, 1.5, 0, 4],
  ];

  it.each(configs)('q = (%f, %f), qd = (%f, %f), qdd = (%f, %f)', (q1, q2, qd1, qd2, qdd1, qdd2) => {
    const q = [q1, q2];
    const c1 = Math.cos(q1);
    const s1 = Math.sin(q1);
    const c12 = Math.cos(q1 + q2);
    const s12 = Math.sin(q1 + q2);
    const c2 = Math.cos(q2);
    const s2 = Math.sin(q2);
    const tool = tree.linkIndex('tool');
    const poses = tree.fk(q, tree.createLinkPoses());
    close(poses.positionM.subarray(3 * tool, 3 * tool + 3), [p.l1M * c1 + p.l2M * c12, p.l1M * s1 + p.l2M * s12, 0], 1e-12);
    close(poses.rotation.subarray(9 * tool, 9 * tool + 9), [c12, -s12, 0, s12, c12, 0, 0, 0, 1], 1e-12);

    const J = tree.jacobian(q, 'tool', new Float64Array(12));
    close(J, [-p.l1M * s1 - p.l2M * s12, -p.l2M * s12, p.l1M * c1 + p.l2M * c12, p.l2M * c12, 0, 0, 0, 0, 0, 0, 1, 1], 1e-12);

    const { m1Kg: m1, m2Kg: m2, lc1M: lc1, lc2M: lc2, l1M: l1, i1KgM2: i1, i2KgM2: i2 } = p;
    const m11 = m1 * lc1 * lc1 + i1 + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * c2) + i2;
    const m12 = m2 * (lc2 * lc2 + l1 * lc2 * c2) + i2;
    const m22 = m2 * lc2 * lc2 + i2;
    close(tree.massMatrix(q, new Float64Array(4)), [m11, m12, m12, m22], 1e-12);

    const h = m2 * l1 * lc2 * s2;
    const cor = [-h * (2 * qd1 * qd2 + qd2 * qd2), h * qd1 * qd1];
    close(tree.coriolisTorques(q, [qd1, qd2], new Float64Array(2)), cor, 1e-12);

    const grav = [(m1 * lc1 + m2 * l1) * G * c1 + m2 * lc2 * G * c12, m2 * lc2 * G * c12];
    close(tree.gravityTorques(q, GRAVITY_Y, new Float64Array(2)), grav, 1e-12);

    const tau = [m11 * qdd1 + m12 * qdd2 + (cor[0] ?? 0) + (grav[0] ?? 0), m12 * qdd1 + m22 * qdd2 + (cor[1] ?? 0) + (grav[1] ?? 0)];
    close(tree.rnea(q, [qd1, qd2], [qdd1, qdd2], GRAVITY_Y, new Float64Array(2)), tau, 1e-12);
  });

  it('names links root-first and actuated joints in model order', () => {
    expect(tree.linkNames).toEqual(['base', 'upper', 'fore', 'tool']);
    expect(tree.jointNames).toEqual(['shoulder', 'elbow']);
    expect(tree.dofCount).toBe(2);
    expect(tree.jointIndex('elbow')).toBe(1);
    expect([...tree.lowerLimits]).toEqual([-2.5, -2.5]);
  });
});

/** Random robots of every shape, with prismatic, fixed and mimic joints. */
const robots = [1, 2, 3, 4, 5, 6].map((seed) => {
  const shape = (['chain', 'tree', 'legs'] as const)[seed % 3] ?? 'chain';
  return compileKinematics(randomRobotModel(seed, { links: 8, shape, prismatic: true, fixed: true, mimic: true }));
});

function multiply(M: Float64Array, v: ArrayLike<number>, n: number): number[] {
  return Array.from({ length: n }, (_, r) => {
    let s = 0;
    for (let c = 0; c < n; c++) s += (M[r * n + c] ?? 0) * (v[c] ?? 0);
    return s;
  });
}

describe.each(robots.map((t, i) => [i + 1, t] as [number, KinematicTree]))('random robot %i: dynamic and kinematic identities', (_seed, tree) => {
  const n = tree.dofCount;
  const arb = fc.integer({ min: 1, max: 2 ** 31 - 1 }).map((s) => randomState(seededRandom(s), tree.lowerLimits, tree.upperLimits));

  it('RNEA equals M(q)·qdd + C(q,qd)·qd + g(q)', () => {
    const M = new Float64Array(n * n);
    const c = new Float64Array(n);
    const g = new Float64Array(n);
    const tau = new Float64Array(n);
    fc.assert(
      fc.property(arb, ({ q, qd, qdd }) => {
        tree.massMatrix(q, M);
        tree.coriolisTorques(q, qd, c);
        tree.gravityTorques(q, [0.3, -1, -9.81], g);
        tree.rnea(q, qd, qdd, [0.3, -1, -9.81], tau);
        const Mq = multiply(M, qdd, n);
        close(tau, Mq.map((x, i) => x + (c[i] ?? 0) + (g[i] ?? 0)), 1e-10);
      }),
      { numRuns: 50 },
    );
  });

  it('the mass matrix is symmetric and positive definite', () => {
    const M = new Float64Array(n * n);
    fc.assert(
      fc.property(arb, fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }), ({ q }, v) => {
        tree.massMatrix(q, M);
        for (let r = 0; r < n; r++) for (let c = 0; c < r; c++) expect(M[r * n + c]).toBeCloseTo(M[c * n + r] ?? NaN, 12);
        const norm = v.reduce((s, x) => s + x * x, 0);
        const energy = multiply(M, v, n).reduce((s, x, i) => s + x * (v[i] ?? 0), 0);
        if (norm > 1e-6) expect(energy).toBeGreaterThan(0);
      }),
      { numRuns: 50 },
    );
  });

  it('every Jacobian is the derivative of forward kinematics', () => {
    const poses = tree.createLinkPoses();
    const plus = tree.createLinkPoses();
    const minus = tree.createLinkPoses();
    const J = new Float64Array(6 * n);
    const h = 1e-6;
    fc.assert(
      fc.property(arb, ({ q }) => {
        tree.fk(q, poses);
        for (let link = 1; link < tree.linkCount; link++) {
          tree.jacobianFromPoses(poses, link, J);
          for (let d = 0; d < n; d++) {
            const qp = Float64Array.from(q);
            const qm = Float64Array.from(q);
            qp[d] = (qp[d] ?? 0) + h;
            qm[d] = (qm[d] ?? 0) - h;
            tree.fk(qp, plus);
            tree.fk(qm, minus);
            const o = 3 * link;
            for (let r = 0; r < 3; r++) {
              const dp = ((plus.positionM[o + r] ?? 0) - (minus.positionM[o + r] ?? 0)) / (2 * h);
              expect(Math.abs(dp - (J[r * n + d] ?? NaN))).toBeLessThan(1e-7);
            }
            // ω× = Ṙ·Rᵀ; pick ω from its skew entries.
            const R = poses.rotation.subarray(9 * link, 9 * link + 9);
            const dR = Array.from({ length: 9 }, (_, k) => ((plus.rotation[9 * link + k] ?? 0) - (minus.rotation[9 * link + k] ?? 0)) / (2 * h));
            const W = (i: number, j: number): number => (dR[3 * i] ?? 0) * (R[3 * j] ?? 0) + (dR[3 * i + 1] ?? 0) * (R[3 * j + 1] ?? 0) + (dR[3 * i + 2] ?? 0) * (R[3 * j + 2] ?? 0);
            const w = [W(2, 1), W(0, 2), W(1, 0)];
            for (let r = 0; r < 3; r++) expect(Math.abs((w[r] ?? 0) - (J[(3 + r) * n + d] ?? NaN))).toBeLessThan(1e-7);
          }
        }
      }),
      { numRuns: 10 },
    );
  });

  it('gives the same answers when called again with the same input (no state leaks between calls)', () => {
    const s1 = randomState(seededRandom(7), tree.lowerLimits, tree.upperLimits);
    const s2 = randomState(seededRandom(8), tree.lowerLimits, tree.upperLimits);
    const first = tree.rnea(s1.q, s1.qd, s1.qdd, [0, 0, -9.81], new Float64Array(n));
    tree.massMatrix(s2.q, new Float64Array(n * n));
    tree.rnea(s2.q, s2.qd, s2.qdd, [0, 0, -9.81], new Float64Array(n));
    expect(tree.rnea(s1.q, s1.qd, s1.qdd, [0, 0, -9.81], new Float64Array(n))).toEqual(first);
  });
});

describe('mimic joints', () => {
  it('a mimic follower moves like a separate joint set to multiplier·q + offset', () => {
    const base = randomRobotModel(9, { links: 4, shape: 'chain' });
    const [j1, j2, j3, j4] = base.joints;
    if (j1 === undefined || j2 === undefined || j3 === undefined || j4 === undefined) throw new Error('4 joints expected');
    const free = { ...base, joints: [j1, { ...j2, type: 'revolute' as const }, j3, j4] };
    const mimicked = { ...base, joints: [j1, { ...j2, type: 'revolute' as const, mimic: { joint: j1.name, multiplier: -1.5, offset: 0.2 } }, j3, j4] };
    const tFree = compileKinematics(free);
    const tMimic = compileKinematics(mimicked);
    expect(tMimic.dofCount).toBe(tFree.dofCount - 1);
    expect(tMimic.coupledJoints.find((c) => c.name === j2.name)).toEqual({ name: j2.name, index: 0, multiplier: -1.5, offset: 0.2 });
    const qm = [0.4, -0.3, 0.9];
    const qf = [0.4, -1.5 * 0.4 + 0.2, -0.3, 0.9];
    const pm = tMimic.fk(qm, tMimic.createLinkPoses());
    const pf = tFree.fk(qf, tFree.createLinkPoses());
    close(pm.positionM, pf.positionM, 1e-14);
    close(pm.rotation, pf.rotation, 1e-14);
    // Torque on the leader = its own + multiplier × the follower's (virtual work).
    const tauF = tFree.gravityTorques(qf, [0, 0, -9.81], new Float64Array(4));
    const tauM = tMimic.gravityTorques(qm, [0, 0, -9.81], new Float64Array(3));
    close(tauM, [(tauF[0] ?? 0) - 1.5 * (tauF[1] ?? 0), tauF[2] ?? 0, tauF[3] ?? 0], 1e-12);
  });
});
