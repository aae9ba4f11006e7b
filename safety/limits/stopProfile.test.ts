import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planStop, StopPlan, StopRelaxation, stopStep, type MotionState } from './stopProfile.js';

function motion(p: number, v: number, a: number): MotionState {
  return { position: Float64Array.of(p), velocity: Float64Array.of(v), acceleration: Float64Array.of(a) };
}

function limits(a: number, j: number): { acceleration: Float64Array; jerk: Float64Array } {
  return { acceleration: Float64Array.of(a), jerk: Float64Array.of(j) };
}

function limits2(a: number, j: number): { acceleration: Float64Array; jerk: Float64Array } {
  return { acceleration: Float64Array.of(a, a), jerk: Float64Array.of(j, j) };
}

function sample(plan: StopPlan, t: number): { p: number; v: number; a: number } {
  const out = motion(0, 0, 0);
  plan.sampleAt(0, t, out);
  return { p: out.position[0]!, v: out.velocity[0]!, a: out.acceleration[0]! };
}

describe('stop profile', () => {
  it('is the time-optimal S-curve under the limits: ramp, hold, ramp', () => {
    const plan = planStop(new StopPlan(1, 0.001), 1, motion(1, 2, 0), limits(10, 100), 5);
    // D = A = 10, t1 = t3 = A/J = 0.1 s, t2 = (2 − A²/J)/A = 0.1 s.
    expect(plan.durationS).toBeCloseTo(0.3, 12);
    expect(sample(plan, 0.1).v).toBeCloseTo(2 - 0.5, 12);
    expect(sample(plan, 0.15).a).toBeCloseTo(-10, 12);
    expect(sample(plan, 0.3).v).toBe(0);
    // Distance: 2·0.3/2 (symmetric S-curve) = 0.3 m.
    expect(sample(plan, 1).p).toBeCloseTo(1.3, 12);
    expect(plan.relaxed[0]).toBe(0);
    expect(plan.removeTorqueAtEnd).toBe(true);
    expect(planStop(plan, 2, motion(1, 2, 0), limits(10, 100), 5).removeTorqueAtEnd).toBe(false);
  });

  it('is triangular in acceleration when the speed is low: 2·√(u₀/J)', () => {
    const plan = planStop(new StopPlan(1, 0.001), 2, motion(0, -0.5, 0), limits(10, 100), 5);
    expect(plan.durationS).toBeCloseTo(2 * Math.sqrt(0.5 / 100), 12);
    expect(sample(plan, plan.durationS / 2).a).toBeCloseTo(Math.sqrt(0.5 * 100), 9);
  });

  it('continues a deceleration already under way, and starts at zero acceleration when it was speeding up', () => {
    const braking = planStop(new StopPlan(1, 0.001), 1, motion(0, 2, -10), limits(10, 100), 5);
    expect(sample(braking, 0).a).toBe(-10);
    // t1 = 0, t2 = (u0 − (2A² − d0²)/(2J))/A = 0.15 s, t3 = A/J = 0.1 s.
    expect(braking.durationS).toBeCloseTo(0.25, 12);
    expect(braking.relaxed[0]).toBe(0);
    const speeding = planStop(new StopPlan(1, 0.001), 1, motion(0, 2, 5), limits(10, 100), 5);
    expect(sample(speeding, 0).a).toBe(0);
    expect(speeding.relaxed[0]).toBe(StopRelaxation.monotone);
  });

  it('lets the time limit win, raising acceleration and jerk, and says so', () => {
    const plan = planStop(new StopPlan(1, 0.001), 1, motion(0, 2, 0), limits(10, 100), 0.15);
    expect(plan.durationS).toBeLessThanOrEqual(0.15);
    expect(plan.durationS).toBeGreaterThan(0.149);
    expect(plan.relaxed[0]).toBe(StopRelaxation.acceleration | StopRelaxation.jerk);
    expect(sample(plan, 0.15).v).toBe(0);
  });

  it('stops at once without an acceleration limit, and as a trapezoid without a jerk limit', () => {
    expect(planStop(new StopPlan(1, 0.001), 1, motion(0, 2, 0), limits(Infinity, Infinity), 1).durationS).toBe(0);
    const trapezoid = planStop(new StopPlan(1, 0.001), 1, motion(0, 2, 0), limits(10, Infinity), 1);
    expect(trapezoid.durationS).toBeCloseTo(0.2, 12);
    expect(sample(trapezoid, 0.1).v).toBeCloseTo(1, 12);
  });

  it('stopStep samples every slot at cycle k·period and reports when all have stopped', () => {
    const plan = planStop(new StopPlan(2, 0.01), 1, { position: Float64Array.of(0, 5), velocity: Float64Array.of(2, -0.5), acceleration: new Float64Array(2) }, limits2(10, 100), 5);
    const out = { position: new Float64Array(2), velocity: new Float64Array(2), acceleration: new Float64Array(2) };
    expect(stopStep(plan, 10, out)).toBe(false);
    expect(out.velocity[0]).toBeCloseTo(1.5, 12);
    expect(stopStep(plan, 20, out)).toBe(false);
    expect(out.velocity[1]).toBe(0); // the slower joint stopped after 2·√(0.5/100) = 0.141 s
    expect(out.position[1]).toBeCloseTo(5 - 0.5 * Math.sqrt(0.5 / 100), 12);
    expect(stopStep(plan, 31, out)).toBe(true);
    expect([...out.velocity]).toEqual([0, 0]);
  });

  it('treats a stopping time that is not positive as untimed, never throwing', () => {
    const plan = planStop(new StopPlan(1, 0.001), 1, motion(0, 2, 0), limits(10, 100), Number.NaN);
    expect(plan.timeLimitValid).toBe(false);
    expect(plan.durationS).toBeCloseTo(0.3, 12);
  });

  it('decelerates monotonically to standstill within the time limit (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.oneof(fc.double({ min: 0.5, max: 200, noNaN: true }), fc.constant(Infinity)),
        fc.oneof(fc.double({ min: 5, max: 20000, noNaN: true }), fc.constant(Infinity)),
        fc.double({ min: 0.005, max: 3, noNaN: true }),
        (v0, aFraction, a, j, limit) => {
          const a0 = Number.isFinite(a) ? aFraction * a : aFraction * 10;
          const plan = planStop(new StopPlan(1, 0.001), 1, motion(0, v0, a0), limits(a, j), limit);
          expect(plan.durationS).toBeLessThanOrEqual(limit * (1 + 1e-12));
          let previous = Math.abs(v0);
          let previousA = Number.NaN;
          const steps = 400;
          const dt = limit / steps;
          const jerkKept = (plan.relaxed[0]! & (StopRelaxation.jerk | StopRelaxation.monotone)) === 0 && Number.isFinite(j);
          for (let k = 1; k <= steps; k++) {
            const s = sample(plan, k * dt);
            expect(Math.abs(s.v)).toBeLessThanOrEqual(previous + 1e-12);
            expect(s.v * v0).toBeGreaterThanOrEqual(0);
            previous = Math.abs(s.v);
            if ((plan.relaxed[0]! & StopRelaxation.acceleration) === 0 && Number.isFinite(a)) expect(Math.abs(s.a)).toBeLessThanOrEqual(a * (1 + 1e-9));
            if (jerkKept && k > 1) expect(Math.abs(s.a - previousA)).toBeLessThanOrEqual(j * dt * (1 + 1e-9) + 1e-9);
            previousA = s.a;
          }
          expect(sample(plan, limit).v).toBe(0);
        },
      ),
    );
  });
});
