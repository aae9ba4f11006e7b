import type { KinematicTree } from '../../kinematics/KinematicTree.js';
import type { JointTorqueLaw } from '../JointTorqueLaw.js';

/** Gravity along −y: the planar test arm moves in the x–y plane, so gravity acts in its plane. */
export const GRAVITY_Y: readonly number[] = [0, -9.81, 0];

/**
 * Forward dynamics of a 2-DoF tree (tests only): q̈ = M(q)⁻¹·(τ − C(q,q̇)·q̇ − g(q)), with the 2×2
 * inverse in closed form.
 */
export function accelerations2(tree: KinematicTree, q: Float64Array, qd: Float64Array, tau: Float64Array, gravity: readonly number[], out: Float64Array): Float64Array {
  const m = tree.massMatrix(q, new Float64Array(4));
  const bias = tree.rnea(q, qd, [0, 0], gravity, new Float64Array(2));
  const r0 = tau[0]! - bias[0]!;
  const r1 = tau[1]! - bias[1]!;
  const det = m[0]! * m[3]! - m[1]! * m[2]!;
  out[0] = (m[3]! * r0 - m[1]! * r1) / det;
  out[1] = (-m[2]! * r0 + m[0]! * r1) / det;
  return out;
}

/** Runs `law` on the 2-DoF arm for `durationS` with semi-implicit Euler steps of `dtS`; returns the final state. */
export function simulateArm(
  tree: KinematicTree,
  law: JointTorqueLaw,
  q0: readonly number[],
  qRef: readonly number[],
  durationS: number,
  dtS = 0.001,
  gravity: readonly number[] = GRAVITY_Y,
): { q: Float64Array; qd: Float64Array } {
  const q = Float64Array.from(q0);
  const qd = new Float64Array(2);
  const tau = new Float64Array(2);
  const qdd = new Float64Array(2);
  const steps = Math.round(durationS / dtS);
  for (let i = 0; i < steps; i++) {
    law.update(q, qd, qRef, dtS, tau);
    accelerations2(tree, q, qd, tau, gravity, qdd);
    for (let j = 0; j < 2; j++) {
      qd[j] = qd[j]! + qdd[j]! * dtS;
      q[j] = q[j]! + qd[j]! * dtS;
    }
  }
  return { q, qd };
}
