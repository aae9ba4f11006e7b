import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKindredError, type ErrorCode } from '../../runtime/errors/index.js';
import { createMotionSample } from './Profile.js';
import { trapezoidal, type TrapezoidalMove } from './trapezoidal.js';

const position = fc.integer({ min: -5000, max: 5000 }).map((x) => x / 1000);
const limit = fc.integer({ min: 50, max: 20000 }).map((x) => x / 1000);
const TOL = 1e-9;

const move = fc.record({ from: position, to: position, vMax: limit, aMax: limit, v0: fc.double({ min: -1, max: 1, noNaN: true }) }).map((m) => ({
  ...m,
  v0: m.v0 * m.vMax,
}));

describe('trapezoidal', () => {
  it('never exceeds vMax or aMax, starts at (from, v0) and ends at rest exactly at `to`', () => {
    fc.assert(
      fc.property(move, (m) => {
        const p = trapezoidal(m);
        const out = createMotionSample();
        const T = p.durationS;
        expect(p.sample(0, out).position).toBe(m.from);
        expect(p.sample(0, out).velocity).toBe(m.v0);
        const end = p.sample(T, out);
        expect(end.position).toBe(m.to);
        expect(end.velocity).toBe(0);
        // The phases integrate to the goal (the exact `to` above is not just a clamp).
        const dt = T * 1e-12;
        const nearEnd = p.sample(T - dt, out);
        expect(Math.abs(nearEnd.position - m.to)).toBeLessThan(1e-8 * (1 + Math.abs(m.to - m.from)));
        expect(Math.abs(nearEnd.velocity)).toBeLessThan(2 * m.aMax * dt + 1e-10 * m.vMax);
        let prev = p.sample(0, createMotionSample());
        const steps = 500;
        for (let i = 1; i <= steps; i++) {
          const s = p.sample((i / steps) * T, out);
          expect(Math.abs(s.velocity)).toBeLessThanOrEqual(m.vMax * (1 + TOL));
          expect(Math.abs(s.acceleration)).toBeLessThanOrEqual(m.aMax * (1 + TOL));
          // Velocity is continuous: it changes by at most aMax·dt between samples.
          expect(Math.abs(s.velocity - prev.velocity)).toBeLessThanOrEqual(m.aMax * (T / steps) * (1 + 1e-6) + 1e-12);
          prev = { ...s };
        }
      }),
    );
  });

  it('from rest takes the minimal time: |d|/vMax + vMax/aMax with cruise, 2·√(|d|/aMax) without', () => {
    fc.assert(
      fc.property(position, position, limit, limit, (from, to, vMax, aMax) => {
        const d = Math.abs(to - from);
        const T = trapezoidal({ from, to, vMax, aMax }).durationS;
        const expected = d >= (vMax * vMax) / aMax ? d / vMax + vMax / aMax : 2 * Math.sqrt(d / aMax);
        expect(T).toBeCloseTo(expected, 9);
        // Lower bounds: no faster than cruising all the way, or than accelerating flat out half way.
        expect(T).toBeGreaterThanOrEqual(Math.max(d / vMax, 2 * Math.sqrt(d / aMax)) * (1 - 1e-12));
      }),
    );
  });

  it('brakes through zero and comes back when the start velocity points away from the goal', () => {
    const p = trapezoidal({ from: 0, to: 1, vMax: 2, aMax: 1, v0: -1 });
    const out = createMotionSample();
    // Brakes for 1 s (to x = −0.5), then a 1.5 m triangle: 2·√1.5 s.
    expect(p.durationS).toBeCloseTo(1 + 2 * Math.sqrt(1.5), 12);
    expect(p.sample(1, out).position).toBeCloseTo(-0.5, 12);
    expect(p.sample(1, out).velocity).toBeCloseTo(0, 12);
    expect(p.sample(p.durationS, out).position).toBe(1);
  });

  it('overshoots and returns when it cannot stop in time', () => {
    const p = trapezoidal({ from: 0, to: 0.1, vMax: 2, aMax: 1, v0: 1 });
    const out = createMotionSample();
    let furthest = 0;
    for (let i = 0; i <= 200; i++) furthest = Math.max(furthest, p.sample((i / 200) * p.durationS, out).position);
    expect(furthest).toBeCloseTo(0.5, 3); // stopping distance v0²/(2a)
    expect(p.sample(p.durationS, out).position).toBe(0.1);
  });

  it('a zero-distance move from rest takes no time', () => {
    const p = trapezoidal({ from: 0.3, to: 0.3, vMax: 1, aMax: 1 });
    expect(p.durationS).toBe(0);
    expect(p.sample(1, createMotionSample()).position).toBe(0.3);
  });

  it.each<[string, TrapezoidalMove, ErrorCode, string]>([
    ['zero vMax', { from: 0, to: 1, vMax: 0, aMax: 1 }, 'TRAJ_BAD_LIMIT', 'vMax is 0; expected a finite number > 0'],
    ['negative aMax', { from: 0, to: 1, vMax: 1, aMax: -1 }, 'TRAJ_BAD_LIMIT', 'aMax is -1'],
    ['infinite vMax', { from: 0, to: 1, vMax: Number.POSITIVE_INFINITY, aMax: 1 }, 'TRAJ_BAD_LIMIT', 'vMax is'],
    ['start faster than vMax', { from: 0, to: 1, vMax: 1, aMax: 1, v0: -1.5 }, 'TRAJ_BAD_LIMIT', 'v0 is -1.5; expected |v0| ≤ vMax = 1'],
    ['NaN goal', { from: 0, to: Number.NaN, vMax: 1, aMax: 1 }, 'TRAJ_NOT_FINITE', 'to is'],
  ])('rejects %s', (_name, m, code, text) => {
    let caught: unknown;
    try {
      trapezoidal(m);
    } catch (e) {
      caught = e;
    }
    expect(isKindredError(caught, code)).toBe(true);
    expect((caught as Error).message).toContain(text);
  });
});
