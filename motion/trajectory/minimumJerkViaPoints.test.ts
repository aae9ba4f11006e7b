import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKindredError, type ErrorCode } from '../../runtime/errors/index.js';
import { COEFFS_PER_SEGMENT, evaluateSegment, quinticSegment } from './hermite.js';
import { minimumJerk } from './minimumJerk.js';
import { minimumJerkViaPoints, type ViaPointMotion } from './minimumJerkViaPoints.js';
import { createMotionSample } from './Profile.js';

const position = fc.integer({ min: -2000, max: 2000 }).map((x) => x / 1000);
const gap = fc.integer({ min: 100, max: 3000 }).map((x) => x / 1000);

/** Positions and strictly increasing times starting at 0. */
const viaMotion = fc.array(fc.tuple(position, gap), { minLength: 2, maxLength: 7 }).map((pts) => {
  let t = 0;
  const timesS = pts.map(([, g], i) => (i === 0 ? 0 : (t += g)));
  return { positions: pts.map(([p]) => p), timesS };
});

/** ∫ jerk² of the piecewise quintic through (t, p, v, a), integrated exactly (3-point Gauss per segment). */
function jerkCost(t: readonly number[], p: readonly number[], v: readonly number[], a: readonly number[]): number {
  const c = new Float64Array(COEFFS_PER_SEGMENT);
  const out = createMotionSample();
  const nodes = [0.5 - Math.sqrt(15) / 10, 0.5, 0.5 + Math.sqrt(15) / 10];
  const weights = [5 / 18, 8 / 18, 5 / 18];
  let cost = 0;
  for (let k = 0; k + 1 < t.length; k++) {
    const T = (t[k + 1] ?? 0) - (t[k] ?? 0);
    quinticSegment(p[k] ?? 0, v[k] ?? 0, a[k] ?? 0, p[k + 1] ?? 0, v[k + 1] ?? 0, a[k + 1] ?? 0, T, c, 0);
    nodes.forEach((x, g) => {
      evaluateSegment(c, 0, x * T, out);
      cost += (weights[g] ?? 0) * T * out.jerk * out.jerk;
    });
  }
  return cost;
}

describe('minimumJerkViaPoints', () => {
  it('with no via points equals the point-to-point closed form', () => {
    fc.assert(
      fc.property(position, position, gap, fc.double({ min: 0, max: 1, noNaN: true }), (q0, q1, T, f) => {
        const via = minimumJerkViaPoints({ positions: [q0, q1], timesS: [0, T] }).sample(f * T, createMotionSample());
        const direct = minimumJerk(q0, q1, T).sample(f * T, createMotionSample());
        expect(via.position).toBeCloseTo(direct.position, 10);
        expect(via.velocity).toBeCloseTo(direct.velocity, 8);
        expect(via.acceleration).toBeCloseTo(direct.acceleration, 6);
      }),
    );
  });

  it('passes each via point at its time, starts and ends at rest, with continuous velocity, acceleration and jerk', () => {
    fc.assert(
      fc.property(viaMotion, ({ positions, timesS }) => {
        const p = minimumJerkViaPoints({ positions, timesS });
        const out = createMotionSample();
        positions.forEach((q, i) => expect(p.sample(timesS[i] ?? 0, out).position).toBeCloseTo(q, 9));
        expect(p.sample(0, out).position).toBe(positions[0]);
        expect(p.sample(0, out).velocity).toBe(0);
        expect(p.sample(0, out).acceleration).toBe(0);
        const end = p.sample(p.durationS, out);
        expect(end.position).toBe(positions[positions.length - 1]);
        expect(Math.abs(end.velocity)).toBeLessThan(1e-8);
        expect(Math.abs(end.acceleration)).toBeLessThan(1e-6);
        // Each side's value extrapolated linearly to the knot, so the change over ±ε is no "jump".
        const eps = 1e-6;
        const jump = (t: number, field: 'position' | 'velocity' | 'acceleration' | 'jerk'): number => {
          const at = (x: number) => p.sample(x, createMotionSample())[field];
          const left = 2 * at(t - eps) - at(t - 2 * eps);
          const right = 2 * at(t + eps) - at(t + 2 * eps);
          return Math.abs(right - left) / (1 + Math.abs(left));
        };
        for (let i = 1; i + 1 < timesS.length; i++) {
          const t = timesS[i] ?? 0;
          expect(jump(t, 'position')).toBeLessThan(1e-6);
          expect(jump(t, 'velocity')).toBeLessThan(1e-5);
          expect(jump(t, 'acceleration')).toBeLessThan(1e-4);
          // Jerk continuity is the optimality condition for a free via acceleration.
          expect(jump(t, 'jerk')).toBeLessThan(1e-4);
        }
      }),
    );
  });

  it('minimises ∫ jerk²: perturbing any via velocity or acceleration costs more', () => {
    fc.assert(
      fc.property(
        viaMotion.filter((m) => m.positions.length >= 3),
        fc.nat(),
        fc.boolean(),
        fc.double({ min: -1, max: 1, noNaN: true }).filter((x) => Math.abs(x) > 1e-3),
        ({ positions, timesS }, pick, onAcceleration, delta) => {
          const p = minimumJerkViaPoints({ positions, timesS });
          const v = Array.from(p.knotVelocities);
          const a = Array.from(p.knotAccelerations);
          const best = jerkCost(timesS, positions, v, a);
          const i = 1 + (pick % (positions.length - 2));
          if (onAcceleration) a[i] = (a[i] ?? 0) + delta;
          else v[i] = (v[i] ?? 0) + delta;
          expect(jerkCost(timesS, positions, v, a)).toBeGreaterThan(best);
        },
      ),
    );
  });

  it('a symmetric out-and-back motion turns at the via point with zero velocity', () => {
    const p = minimumJerkViaPoints({ positions: [0, 1, 0], timesS: [0, 1, 2] });
    expect(p.knotVelocities[1]).toBeCloseTo(0, 12);
    expect(p.sample(1, createMotionSample()).position).toBeCloseTo(1, 12);
  });

  it('honours non-zero boundary velocity and acceleration', () => {
    const p = minimumJerkViaPoints({ positions: [0, 0.5, 1], timesS: [0, 1, 2], startVelocity: 0.3, startAcceleration: -0.1, endVelocity: 0.2, endAcceleration: 0.05 });
    const out = createMotionSample();
    expect(p.sample(0, out).velocity).toBeCloseTo(0.3, 12);
    expect(p.sample(0, out).acceleration).toBeCloseTo(-0.1, 12);
    expect(p.sample(2, out).velocity).toBeCloseTo(0.2, 9);
    expect(p.sample(2, out).acceleration).toBeCloseTo(0.05, 9);
  });

  it.each<[string, ViaPointMotion, ErrorCode, string]>([
    ['one position', { positions: [1], timesS: [0] }, 'TRAJ_EMPTY', 'positions has 1 entries; expected at least 2'],
    ['times of another length', { positions: [0, 1], timesS: [0, 1, 2] }, 'TRAJ_POINT_SIZE', 'timesS has 3 entries; expected 2'],
    ['first time not 0', { positions: [0, 1], timesS: [0.5, 1] }, 'TRAJ_BAD_TIME', 'timesS[0] is 0.5 s; expected 0'],
    ['equal times', { positions: [0, 1, 2], timesS: [0, 1, 1] }, 'TRAJ_TIME_NOT_INCREASING', 'timesS[2] is 1 s, not after timesS[1] = 1 s'],
    ['decreasing times', { positions: [0, 1, 2], timesS: [0, 2, 1] }, 'TRAJ_TIME_NOT_INCREASING', 'timesS[2] is 1 s'],
    ['NaN position', { positions: [0, Number.NaN], timesS: [0, 1] }, 'TRAJ_NOT_FINITE', 'positions[1] is'],
    ['infinite time', { positions: [0, 1], timesS: [0, Number.POSITIVE_INFINITY] }, 'TRAJ_NOT_FINITE', 'timesS[1] is'],
    ['NaN end velocity', { positions: [0, 1], timesS: [0, 1], endVelocity: Number.NaN }, 'TRAJ_NOT_FINITE', 'endVelocity is'],
  ])('rejects %s', (_name, motion, code, text) => {
    let caught: unknown;
    try {
      minimumJerkViaPoints(motion);
    } catch (e) {
      caught = e;
    }
    expect(isKindredError(caught, code)).toBe(true);
    expect((caught as Error).message).toContain(text);
  });
});
