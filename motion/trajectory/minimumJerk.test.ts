import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKindredError, type ErrorCode } from '../../runtime/errors/index.js';
import {
  minimumJerk,
  minimumJerkMulti,
  minimumJerkPeakAcceleration,
  minimumJerkPeakVelocity,
} from './minimumJerk.js';
import { createMultiMotionSample } from './MultiProfile.js';
import { createMotionSample } from './Profile.js';

/** Millimetre/milliradian grid: avoids subnormal numbers, which say nothing about the maths. */
const position = fc.integer({ min: -3000, max: 3000 }).map((x) => x / 1000);
const duration = fc.double({ min: 0.05, max: 10, noNaN: true });
const fraction = fc.double({ min: 0, max: 1, noNaN: true });

function closedForm(q0: number, q1: number, T: number, t: number): number {
  const s = t / T;
  return q0 + (q1 - q0) * (10 * s ** 3 - 15 * s ** 4 + 6 * s ** 5);
}

describe('minimumJerk', () => {
  it('matches the closed form x0 + (x1 − x0)(10τ³ − 15τ⁴ + 6τ⁵) at every time', () => {
    fc.assert(
      fc.property(position, position, duration, fraction, (q0, q1, T, f) => {
        const out = minimumJerk(q0, q1, T).sample(f * T, createMotionSample());
        expect(out.position).toBeCloseTo(closedForm(q0, q1, T, f * T), 12);
      }),
    );
  });

  it('reports derivatives consistent with the position (central differences)', () => {
    fc.assert(
      fc.property(position, position, duration, fc.double({ min: 0.05, max: 0.95, noNaN: true }), (q0, q1, T, f) => {
        const p = minimumJerk(q0, q1, T);
        const h = 1e-5 * T;
        const t = f * T;
        const at = (x: number) => p.sample(x, createMotionSample());
        const mid = at(t);
        const scale = Math.abs(q1 - q0) + 1e-9;
        expect(Math.abs(mid.velocity - (at(t + h).position - at(t - h).position) / (2 * h))).toBeLessThan(1e-5 * scale / T);
        expect(Math.abs(mid.acceleration - (at(t + h).velocity - at(t - h).velocity) / (2 * h))).toBeLessThan(1e-5 * scale / T ** 2);
        expect(Math.abs(mid.jerk - (at(t + h).acceleration - at(t - h).acceleration) / (2 * h))).toBeLessThan(1e-5 * scale / T ** 3);
      }),
    );
  });

  it('starts and ends at rest at the exact positions, and holds them outside [0, T]', () => {
    fc.assert(
      fc.property(position, position, duration, (q0, q1, T) => {
        const p = minimumJerk(q0, q1, T);
        for (const [t, q] of [
          [-1, q0],
          [0, q0],
          [T, q1],
          [T + 5, q1],
        ] as const) {
          const s = p.sample(t, createMotionSample());
          expect(s.position).toBe(q);
          expect(s.velocity).toBe(0);
          expect(s.acceleration).toBe(0);
        }
        // Zero velocity and acceleration at the ends of the polynomial itself, approached from inside.
        const nearStart = p.sample(T * 1e-6, createMotionSample());
        const nearEnd = p.sample(T * (1 - 1e-6), createMotionSample());
        expect(Math.abs(nearStart.velocity) + Math.abs(nearEnd.velocity)).toBeLessThan(1e-9 * (1 + Math.abs(q1 - q0)) / T);
        expect(Math.abs(nearStart.acceleration) + Math.abs(nearEnd.acceleration)).toBeLessThan(1e-3 * (1 + Math.abs(q1 - q0)) / T ** 2);
      }),
    );
  });

  it('peaks at 1.875·|Δq|/T at mid-time and never exceeds its peak acceleration', () => {
    fc.assert(
      fc.property(position, position, duration, (q0, q1, T) => {
        const p = minimumJerk(q0, q1, T);
        const out = createMotionSample();
        expect(Math.abs(p.sample(T / 2, out).velocity)).toBeCloseTo(minimumJerkPeakVelocity(q0, q1, T), 9);
        const aPeak = minimumJerkPeakAcceleration(q0, q1, T);
        let seen = 0;
        for (let i = 0; i <= 400; i++) seen = Math.max(seen, Math.abs(p.sample((i / 400) * T, out).acceleration));
        expect(seen).toBeLessThanOrEqual(aPeak * (1 + 1e-12) + 1e-15);
        expect(seen).toBeGreaterThanOrEqual(aPeak * 0.999);
      }),
    );
  });

  it('has integrated squared jerk 720·Δq²/T⁵, the minimum for a rest-to-rest move', () => {
    const p = minimumJerk(0.2, 1.4, 2);
    const out = createMotionSample();
    const steps = 2000;
    let cost = 0;
    for (let i = 0; i < steps; i++) {
      // Midpoint rule on a smooth quartic integrand.
      const j = p.sample(((i + 0.5) / steps) * 2, out).jerk;
      cost += j * j * (2 / steps);
    }
    expect(cost).toBeCloseTo((720 * 1.2 ** 2) / 2 ** 5, 4);
  });

  it('minimumJerkMulti moves every joint by the single-joint closed form', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(position, position), { minLength: 1, maxLength: 6 }), duration, fraction, (pairs, T, f) => {
        const m = minimumJerkMulti(
          pairs.map((p) => p[0]),
          pairs.map((p) => p[1]),
          T,
        );
        const out = m.sample(f * T, createMultiMotionSample(pairs.length));
        pairs.forEach(([q0, q1], i) => {
          const single = minimumJerk(q0, q1, T).sample(f * T, createMotionSample());
          expect(out.position[i]).toBe(single.position);
          expect(out.velocity[i]).toBe(single.velocity);
          expect(out.acceleration[i]).toBe(single.acceleration);
          expect(out.jerk[i]).toBe(single.jerk);
        });
      }),
    );
  });

  it.each<[string, ErrorCode, string, () => unknown]>([
    ['zero duration', 'TRAJ_BAD_DURATION', 'durationS is 0 s', () => minimumJerk(0, 1, 0)],
    ['negative duration', 'TRAJ_BAD_DURATION', 'durationS is -2 s', () => minimumJerk(0, 1, -2)],
    ['NaN duration', 'TRAJ_BAD_DURATION', 'durationS is', () => minimumJerk(0, 1, Number.NaN)],
    ['NaN start', 'TRAJ_NOT_FINITE', 'q0 is', () => minimumJerk(Number.NaN, 1, 1)],
    ['infinite goal', 'TRAJ_NOT_FINITE', 'q1 is', () => minimumJerk(0, Number.POSITIVE_INFINITY, 1)],
    ['joint count mismatch', 'TRAJ_JOINT_MISMATCH', 'q1 has 1 entries; expected 2', () => minimumJerkMulti([0, 1], [1], 1)],
    ['NaN in a joint', 'TRAJ_NOT_FINITE', 'q1[1] is', () => minimumJerkMulti([0, 1], [1, Number.NaN], 1)],
  ])('rejects %s with %s', (_name, code, text, make) => {
    let caught: unknown;
    try {
      make();
    } catch (e) {
      caught = e;
    }
    expect(isKindredError(caught, code)).toBe(true);
    expect((caught as Error).message).toContain(text);
  });
});
