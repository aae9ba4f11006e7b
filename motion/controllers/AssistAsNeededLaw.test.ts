import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { compileKinematics } from '../kinematics/compileKinematics.js';
import { planarArmModel } from '../kinematics/testing/planarArm.js';
import { AssistAsNeededLaw } from './AssistAsNeededLaw.js';
import type { AssistAsNeededOptions } from './AssistAsNeededLaw.js';
import { GravityCompensator } from './GravityCompensator.js';
import { GRAVITY_Y } from './testing/simulateArm.js';

const base: AssistAsNeededOptions = {
  kp: 60,
  kd: 4,
  assistMin: 0.1,
  assistMax: 0.9,
  assistInitial: 0.5,
  gainRatePerRadS: 5,
  errorToleranceRad: 0.05,
  forgettingRatePerS: 0.2,
};

/** Runs `seconds` of 2 ms cycles with a constant tracking error; returns the level after each second. */
function levelsUnderError(law: AssistAsNeededLaw, errorRad: number, seconds: number): number[] {
  const tau = new Float64Array(1);
  const levels: number[] = [];
  for (let s = 0; s < seconds; s++) {
    for (let i = 0; i < 500; i++) law.update([0], [0], [errorRad], 0.002, tau);
    levels.push(law.assistance);
  }
  return levels;
}

describe('AssistAsNeededLaw', () => {
  it('raises assistance under sustained tracking error, up to the therapist maximum', () => {
    const law = new AssistAsNeededLaw(1, base);
    const levels = levelsUnderError(law, 0.3, 5);
    expect(levels[0]).toBeGreaterThan(0.5);
    for (let i = 1; i < levels.length; i++) expect(levels[i]).toBeGreaterThanOrEqual(levels[i - 1]!);
    expect(levels.at(-1)).toBe(0.9);
    expect(law.trackingErrorRad).toBeCloseTo(0.3, 12);
  });

  it('lowers assistance when the patient tracks well, down to the therapist minimum', () => {
    const law = new AssistAsNeededLaw(1, base);
    const levels = levelsUnderError(law, 0.01, 10);
    expect(levels[0]).toBeLessThan(0.5);
    for (let i = 1; i < levels.length; i++) expect(levels[i]).toBeLessThanOrEqual(levels[i - 1]!);
    expect(levels.at(-1)).toBe(0.1);
  });

  it('the forgetting factor alone lowers assistance at exactly the tolerance', () => {
    const law = new AssistAsNeededLaw(1, { ...base, assistMin: 0 });
    const levels = levelsUnderError(law, 0.05, 3);
    expect(levels[2]).toBeLessThan(levels[0]!);
    expect(levels[0]).toBeCloseTo(0.5 * Math.exp(-0.2), 2);
  });

  it('blends from transparent (a = 0: g(q) only) to stiff tracking (a = 1: full PD + g(q))', () => {
    const tree = compileKinematics(planarArmModel());
    const g = new GravityCompensator(tree, ['shoulder', 'elbow'], GRAVITY_Y);
    const q = [0.4, -0.3];
    const qd = [0.2, -0.1];
    const ref = [0.5, 0];
    const grav = tree.gravityTorques(q, GRAVITY_Y, new Float64Array(2));
    const frozen = { gainRatePerRadS: 0, forgettingRatePerS: 0, errorToleranceRad: 0, kp: [60, 30], kd: [4, 2] };
    const tau = new Float64Array(2);
    new AssistAsNeededLaw(2, { ...frozen, assistMin: 0, assistMax: 0, gravity: g }).update(q, qd, ref, 0.002, tau);
    expect(tau[0]).toBeCloseTo(grav[0]!, 12);
    expect(tau[1]).toBeCloseTo(grav[1]!, 12);
    new AssistAsNeededLaw(2, { ...frozen, assistMin: 1, assistMax: 1, gravity: g }).update(q, qd, ref, 0.002, tau);
    expect(tau[0]).toBeCloseTo(60 * 0.1 - 4 * 0.2 + grav[0]!, 12);
    expect(tau[1]).toBeCloseTo(30 * 0.3 + 2 * 0.1 + grav[1]!, 12);
  });

  it('never leaves [assistMin, assistMax], whatever the errors and periods', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.array(fc.tuple(fc.double({ noDefaultInfinity: false }), fc.double({ min: -1, max: 10 })), { maxLength: 50 }),
        (x, y, gamma, lambda, steps) => {
          const law = new AssistAsNeededLaw(1, { ...base, assistMin: Math.min(x, y), assistMax: Math.max(x, y), assistInitial: 0.5, gainRatePerRadS: gamma, forgettingRatePerS: lambda });
          const tau = new Float64Array(1);
          for (const [err, dt] of steps) {
            law.update([0], [0], [err], dt, tau);
            expect(law.assistance).toBeGreaterThanOrEqual(Math.min(x, y));
            expect(law.assistance).toBeLessThanOrEqual(Math.max(x, y));
          }
        },
      ),
    );
  });

  it('reset returns to the initial level', () => {
    const law = new AssistAsNeededLaw(1, base);
    levelsUnderError(law, 0.3, 1);
    law.reset();
    expect(law.assistance).toBe(0.5);
  });

  it.each([
    ['assist_min above assist_max', { assistMin: 0.8, assistMax: 0.2 }, 'assist_min 0.8 is above assist_max 0.2'],
    ['assist_max above 1', { assistMax: 1.5 }, 'assist_max is 1.5; expected a number in [0, 1]'],
    ['negative forgetting rate', { forgettingRatePerS: -1 }, 'forgetting_rate is -1'],
    ['negative kp', { kp: -3 }, 'kp is -3'],
  ])('rejects %s', (_label, patch, fragment) => {
    try {
      new AssistAsNeededLaw(1, { ...base, ...patch });
    } catch (e) {
      expect(isKindredError(e) && e.code).toBe('MOTION_CONTROLLER_PARAM_INVALID');
      expect((e as Error).message).toContain(fragment);
      return;
    }
    throw new Error('expected MOTION_CONTROLLER_PARAM_INVALID');
  });
});
