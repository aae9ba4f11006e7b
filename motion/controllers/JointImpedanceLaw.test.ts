import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { compileKinematics } from '../kinematics/compileKinematics.js';
import { planarArmModel } from '../kinematics/testing/planarArm.js';
import { GravityCompensator } from './GravityCompensator.js';
import { JointImpedanceLaw } from './JointImpedanceLaw.js';
import { accelerations2, GRAVITY_Y, simulateArm } from './testing/simulateArm.js';

const tree = compileKinematics(planarArmModel());
const arm = ['shoulder', 'elbow'];

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isKindredError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'no error';
}

describe('JointImpedanceLaw', () => {
  it.each([
    { k: [100, 40], d: [5, 2], q: [0.1, -0.2], qd: [0.5, -1], ref: [0, 0] },
    { k: [0, 10], d: [0, 0], q: [1, 2], qd: [3, 4], ref: [1.5, 1] },
    { k: [7, 7], d: [1, 3], q: [-0.3, 0.3], qd: [0, 0], ref: [-0.3, 0.3] },
  ])('without gravity the torque is exactly −K·Δq − D·q̇ (K=$k, D=$d)', ({ k, d, q, qd, ref }) => {
    const law = new JointImpedanceLaw(2, { stiffness: k, damping: d });
    const tau = new Float64Array(2);
    law.update(q, qd, ref, 0.001, tau);
    // `+ 0` folds −0 into 0: exact equality is what is checked, not the sign of zero.
    for (let j = 0; j < 2; j++) expect(tau[j]! + 0).toBe(-k[j]! * (q[j]! - ref[j]!) - d[j]! * qd[j]! + 0);
  });

  it('PD with gravity compensation holds the arm at the reference under gravity', () => {
    const g = new GravityCompensator(tree, arm, GRAVITY_Y);
    const law = new JointImpedanceLaw(2, { stiffness: [80, 40], damping: [12, 6], gravity: g });
    const ref = [0.6, -0.4];
    const end = simulateArm(tree, law, [0, 0], ref, 3);
    expect(Math.abs(end.q[0]! - ref[0]!)).toBeLessThan(1e-3);
    expect(Math.abs(end.q[1]! - ref[1]!)).toBeLessThan(1e-3);
    expect(Math.hypot(end.qd[0]!, end.qd[1]!)).toBeLessThan(1e-2);
    // Without the gravity term the same gains sag visibly below the reference.
    const sag = simulateArm(tree, new JointImpedanceLaw(2, { stiffness: [80, 40], damping: [12, 6] }), [0, 0], ref, 3);
    expect(Math.abs(sag.q[0]! - ref[0]!)).toBeGreaterThan(0.05);
  });

  it('gravity compensation alone makes the arm float: zero acceleration at rest anywhere', () => {
    const law = new JointImpedanceLaw(2, { stiffness: 0, damping: 0, gravity: new GravityCompensator(tree, arm, GRAVITY_Y) });
    const tau = new Float64Array(2);
    const qdd = new Float64Array(2);
    for (const q of [[0, 0], [0.7, -1.2], [-2, 2.4], [1.57, 0]]) {
      const qv = Float64Array.from(q);
      law.update(qv, [0, 0], [0, 0], 0.001, tau);
      accelerations2(tree, qv, new Float64Array(2), tau, GRAVITY_Y, qdd);
      expect(Math.abs(qdd[0]!)).toBeLessThan(1e-9);
      expect(Math.abs(qdd[1]!)).toBeLessThan(1e-9);
    }
    const end = simulateArm(tree, law, [0.7, -1.2], [0, 0], 1);
    expect(end.q[0]).toBeCloseTo(0.7, 9);
    expect(end.q[1]).toBeCloseTo(-1.2, 9);
  });

  it('compensates a subset of joints using the positions given for the others', () => {
    const elbowOnly = new GravityCompensator(tree, ['elbow'], GRAVITY_Y);
    expect(elbowOnly.otherJoints).toEqual(['shoulder']);
    elbowOnly.setOtherPositions([0.9]);
    const full = tree.gravityTorques([0.9, -0.5], GRAVITY_Y, new Float64Array(2));
    expect(elbowOnly.compute([-0.5], new Float64Array(1))[0]).toBeCloseTo(full[1]!, 12);
  });

  it.each([
    ['negative stiffness', () => new JointImpedanceLaw(2, { stiffness: [10, -1], damping: 1 }), 'MOTION_CONTROLLER_PARAM_INVALID: stiffness[1] is -1'],
    ['NaN damping', () => new JointImpedanceLaw(2, { stiffness: 1, damping: Number.NaN }), 'MOTION_CONTROLLER_PARAM_INVALID: damping is NaN'],
    ['wrong length', () => new JointImpedanceLaw(2, { stiffness: [1, 2, 3], damping: 1 }), 'MOTION_CONTROLLER_PARAM_INVALID: stiffness has 3 entries'],
    ['unknown joint', () => new GravityCompensator(tree, ['wrist']), 'MOTION_JOINT_UNKNOWN'],
  ])('rejects %s', (_label, make, expected) => {
    expect(codeOf(make)).toContain(expected);
  });
});
