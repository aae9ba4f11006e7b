import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { compileKinematics } from '../kinematics/compileKinematics.js';
import { planarArmModel } from '../kinematics/testing/planarArm.js';
import { CartesianAdmittanceLaw } from './CartesianAdmittanceLaw.js';
import type { CartesianAdmittanceOptions } from './CartesianAdmittanceLaw.js';

const tree = compileKinematics(planarArmModel());
const DT = 0.002;
const base: CartesianAdmittanceOptions = {
  link: 'tool',
  drivenJoints: ['shoulder', 'elbow'],
  virtualMass: 2,
  virtualDamping: 20,
  dampingLambda: 1e-3,
  wrenchFrame: 'root',
  axes: 'translation',
};

/** Pushes the tool with `wrench` for `seconds`, integrating q̇ exactly as commanded; returns the tip's realised twist. */
function push(law: CartesianAdmittanceLaw, q: Float64Array, wrench: readonly number[], seconds: number): Float64Array {
  const qd = new Float64Array(2);
  for (let i = 0; i < Math.round(seconds / DT); i++) {
    law.update(q, wrench, DT, qd);
    for (let j = 0; j < 2; j++) q[j] = q[j]! + qd[j]! * DT;
  }
  const jac = tree.jacobian(q, 'tool', new Float64Array(12));
  return Float64Array.from([0, 1, 2], (r) => jac[2 * r]! * qd[0]! + jac[2 * r + 1]! * qd[1]!);
}

describe('CartesianAdmittanceLaw', () => {
  it('a steady push moves the tool along the force at F/D', () => {
    // Time constant M/D = 12.5 ms; after 0.1 s the tool has moved 2.5 cm, far from the workspace edge.
    const law = new CartesianAdmittanceLaw(tree, { ...base, virtualMass: 0.5, virtualDamping: 40 });
    const v = push(law, Float64Array.from([0.5, 0.8]), [10, 0, 0, 0, 0, 0], 0.1);
    expect(v[0]).toBeCloseTo(0.25, 3);
    expect(Math.abs(v[1]!)).toBeLessThan(1e-3);
  });

  it('the tool coasts to rest when released', () => {
    const law = new CartesianAdmittanceLaw(tree, base);
    const q = Float64Array.from([0.5, 0.8]);
    const pushed = push(law, q, [0, 10, 0, 0, 0, 0], 0.3);
    const released = push(law, q, [0, 0, 0, 0, 0, 0], 1);
    expect(Math.hypot(pushed[0]!, pushed[1]!)).toBeGreaterThan(0.4);
    expect(Math.hypot(released[0]!, released[1]!)).toBeLessThan(1e-3);
  });

  it('a push within the deadband does nothing', () => {
    const law = new CartesianAdmittanceLaw(tree, { ...base, forceDeadbandN: 2 });
    const q = Float64Array.from([0.5, 0.8]);
    push(law, q, [1.5, -1.9, 0, 0, 0, 0], 0.5);
    expect(Array.from(q)).toEqual([0.5, 0.8]);
  });

  it('with all axes held, a 2-joint arm trades the push against keeping its orientation', () => {
    const free = push(new CartesianAdmittanceLaw(tree, base), Float64Array.from([0.5, 0.8]), [10, 0, 0, 0, 0, 0], 0.5);
    const held = push(new CartesianAdmittanceLaw(tree, { ...base, axes: 'all' }), Float64Array.from([0.5, 0.8]), [10, 0, 0, 0, 0, 0], 0.5);
    expect(held[0]).toBeLessThan(free[0]! / 2);
  });

  it('rotates a wrench measured in the tool frame into the root frame', () => {
    // At q = (π/2, 0) the tool's x axis points along root y.
    const law = new CartesianAdmittanceLaw(tree, { ...base, wrenchFrame: 'link' });
    const q = Float64Array.from([Math.PI / 2, 0.6]);
    const v = push(law, q, [10, 0, 0, 0, 0, 0], 0.05);
    const angle = q[0]! + q[1]!;
    expect(Math.atan2(v[1]!, v[0]!)).toBeCloseTo(angle, 1);
  });

  it('caps the linear speed', () => {
    const law = new CartesianAdmittanceLaw(tree, { ...base, maxLinearSpeedMPerS: 0.1 });
    const v = push(law, Float64Array.from([0.5, 0.8]), [50, 0, 0, 0, 0, 0], 0.5);
    expect(Math.hypot(v[0]!, v[1]!)).toBeLessThanOrEqual(0.1 + 1e-9);
    expect(Math.hypot(v[0]!, v[1]!)).toBeGreaterThan(0.09);
  });

  it('moves only the driven joints, and commands zero on a non-finite wrench', () => {
    const law = new CartesianAdmittanceLaw(tree, { ...base, drivenJoints: ['elbow'] });
    const qd = new Float64Array(2);
    for (let i = 0; i < 10; i++) law.update([0.5, 0.8], [10, 5, 0, 0, 0, 0], DT, qd);
    expect(qd[0]).toBe(0);
    expect(qd[1]).not.toBe(0);
    expect(law.update([0.5, 0.8], [Number.NaN, 0, 0, 0, 0, 0], DT, qd)).toBe(false);
    expect(Array.from(qd)).toEqual([0, 0]);
  });

  it.each([
    ['zero virtual mass', { virtualMass: 0 }, 'MOTION_CONTROLLER_PARAM_INVALID'],
    ['a damping vector of the wrong length', { virtualDamping: [1, 2, 3] }, 'MOTION_CONTROLLER_PARAM_INVALID'],
    ['an unknown link', { link: 'hand' }, 'MOTION_LINK_UNKNOWN'],
  ])('rejects %s', (_label, patch, code) => {
    try {
      new CartesianAdmittanceLaw(tree, { ...base, ...patch });
    } catch (e) {
      expect(isKindredError(e) && e.code).toBe(code);
      return;
    }
    throw new Error(`expected ${code}`);
  });
});
