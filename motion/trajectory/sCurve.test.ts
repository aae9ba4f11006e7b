import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKindredError, type ErrorCode } from '../../runtime/errors/index.js';
import { createMotionSample } from './Profile.js';
import { sCurve, type SCurveMove } from './sCurve.js';
import { trapezoidal } from './trapezoidal.js';

const position = fc.integer({ min: -5000, max: 5000 }).map((x) => x / 1000);
const limit = fc.integer({ min: 50, max: 20000 }).map((x) => x / 1000);
const TOL = 1e-9;
const move = fc.record({ from: position, to: position, vMax: limit, aMax: limit, jMax: limit });

describe('sCurve', () => {
  it('never exceeds vMax, aMax or jMax, and goes from rest at `from` to rest exactly at `to`', () => {
    fc.assert(
      fc.property(move, (m) => {
        const p = sCurve(m);
        const out = createMotionSample();
        const T = p.durationS;
        const start = p.sample(0, out);
        expect([start.position, start.velocity, start.acceleration]).toEqual([m.from, 0, 0]);
        const end = p.sample(T, out);
        expect([end.position, end.velocity, end.acceleration]).toEqual([m.to, 0, 0]);
        const dt = T * 1e-12;
        const nearEnd = p.sample(T - dt, out);
        expect(Math.abs(nearEnd.position - m.to)).toBeLessThan(1e-8 * (1 + Math.abs(m.to - m.from)));
        expect(Math.abs(nearEnd.velocity)).toBeLessThan(2 * m.aMax * dt + 1e-10 * m.vMax);
        expect(Math.abs(nearEnd.acceleration)).toBeLessThan(2 * m.jMax * dt + 1e-10 * m.aMax);
        let prevAcc = 0;
        const steps = 500;
        for (let i = 1; i <= steps; i++) {
          const s = p.sample((i / steps) * T, out);
          expect(Math.abs(s.velocity)).toBeLessThanOrEqual(m.vMax * (1 + TOL));
          expect(Math.abs(s.acceleration)).toBeLessThanOrEqual(m.aMax * (1 + TOL));
          expect(Math.abs(s.jerk)).toBeLessThanOrEqual(m.jMax * (1 + TOL));
          // Acceleration is continuous: it changes by at most jMax·dt between samples.
          expect(Math.abs(s.acceleration - prevAcc)).toBeLessThanOrEqual(m.jMax * (T / steps) * (1 + 1e-6) + 1e-12);
          prevAcc = s.acceleration;
        }
      }),
    );
  });

  it('is no faster than the lower bounds, and exactly trapezoid + aMax/jMax when both limits are reached', () => {
    fc.assert(
      fc.property(move, (m) => {
        const d = Math.abs(m.to - m.from);
        const T = sCurve(m).durationS;
        const bound = Math.max(d / m.vMax, 2 * Math.sqrt(d / m.aMax), Math.cbrt((32 * d) / m.jMax));
        expect(T).toBeGreaterThanOrEqual(bound * (1 - 1e-12));
        const trap = trapezoidal(m).durationS;
        expect(T).toBeGreaterThanOrEqual(trap * (1 - 1e-12));
        const bothReached = m.vMax * m.jMax >= m.aMax ** 2 && d >= m.vMax * (m.vMax / m.aMax + m.aMax / m.jMax);
        if (bothReached) expect(T).toBeCloseTo(trap + m.aMax / m.jMax, 9);
      }),
    );
  });

  it('never gets slower when a limit is relaxed (as a time-optimal profile must)', () => {
    fc.assert(
      fc.property(move, fc.constantFrom('vMax', 'aMax', 'jMax'), fc.double({ min: 1, max: 10, noNaN: true }), (m, which, factor) => {
        const T = sCurve(m).durationS;
        const relaxed = sCurve({ ...m, [which]: m[which] * factor }).durationS;
        expect(relaxed).toBeLessThanOrEqual(T * (1 + 1e-12));
      }),
    );
  });

  it.each([
    // [case, move, expected duration]
    ['vMax and aMax reached', { from: 0, to: 10, vMax: 2, aMax: 1, jMax: 1 }, 8],
    ['aMax reached, vMax not', { from: 0, to: 2, vMax: 10, aMax: 1, jMax: 1 }, 2 * ((-1 + Math.sqrt(1 + 8)) / 2 + 1)],
    ['neither reached', { from: 0, to: 2, vMax: 10, aMax: 10, jMax: 1 }, 4],
    ['negative direction', { from: 10, to: 0, vMax: 2, aMax: 1, jMax: 1 }, 8],
  ])('%s: duration in closed form', (_name, m, expected) => {
    const p = sCurve(m);
    expect(p.durationS).toBeCloseTo(expected, 12);
    expect(p.sample(expected / 2, createMotionSample()).position).toBeCloseTo((m.from + m.to) / 2, 12);
  });

  it('approaches the trapezoid as jMax grows', () => {
    const m = { from: 0, to: 3, vMax: 1.5, aMax: 2 };
    expect(sCurve({ ...m, jMax: 1e6 }).durationS).toBeCloseTo(trapezoidal(m).durationS, 5);
  });

  it('a zero-distance move takes no time', () => {
    expect(sCurve({ from: 1, to: 1, vMax: 1, aMax: 1, jMax: 1 }).durationS).toBe(0);
  });

  it.each<[string, SCurveMove, ErrorCode, string]>([
    ['zero jMax', { from: 0, to: 1, vMax: 1, aMax: 1, jMax: 0 }, 'TRAJ_BAD_LIMIT', 'jMax is 0; expected a finite number > 0'],
    ['NaN aMax', { from: 0, to: 1, vMax: 1, aMax: Number.NaN, jMax: 1 }, 'TRAJ_BAD_LIMIT', 'aMax is'],
    ['negative vMax', { from: 0, to: 1, vMax: -2, aMax: 1, jMax: 1 }, 'TRAJ_BAD_LIMIT', 'vMax is -2'],
    ['infinite start', { from: Number.NEGATIVE_INFINITY, to: 1, vMax: 1, aMax: 1, jMax: 1 }, 'TRAJ_NOT_FINITE', 'from is'],
  ])('rejects %s', (_name, m, code, text) => {
    let caught: unknown;
    try {
      sCurve(m);
    } catch (e) {
      caught = e;
    }
    expect(isKindredError(caught, code)).toBe(true);
    expect((caught as Error).message).toContain(text);
  });
});
