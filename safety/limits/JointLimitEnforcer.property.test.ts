import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brakingVelocity } from './brakingVelocity.js';
import type { JointLimitValues } from './JointLimits.js';
import { oneJoint } from './testing/oneJoint.js';

const EPS = Number.EPSILON;

interface Case {
  readonly values: JointLimitValues;
  readonly lower: number;
  readonly upper: number;
  readonly periodS: number;
}

/** Random limits: a hard range, maybe soft limits and k_position, V, maybe A (and then maybe J), E. */
const limitsArb: fc.Arbitrary<Case> = fc
  .record({
    lower: fc.double({ min: -3, max: 0.5, noNaN: true }),
    width: fc.double({ min: 0.05, max: 4, noNaN: true }),
    soft: fc.option(fc.record({ lowerFraction: fc.double({ min: 0, max: 0.3, noNaN: true }), upperFraction: fc.double({ min: 0, max: 0.3, noNaN: true }) })),
    kPosition: fc.option(fc.double({ min: 0.5, max: 500, noNaN: true })),
    kVelocity: fc.double({ min: 0.1, max: 100, noNaN: true }),
    velocity: fc.double({ min: 0.05, max: 10, noNaN: true }),
    acceleration: fc.option(fc.double({ min: 0.5, max: 200, noNaN: true })),
    jerk: fc.option(fc.double({ min: 20, max: 20000, noNaN: true })),
    effort: fc.double({ min: 0.5, max: 500, noNaN: true }),
    periodS: fc.constantFrom(0.001, 0.002, 0.004),
  })
  .map((r) => {
    const upper = r.lower + r.width;
    const soft =
      r.soft === null
        ? { kVelocity: r.kVelocity }
        : {
            lower: r.lower + r.soft.lowerFraction * r.width,
            upper: upper - r.soft.upperFraction * r.width,
            kVelocity: r.kVelocity,
            ...(r.kPosition === null ? {} : { kPosition: r.kPosition }),
          };
    const values: JointLimitValues = {
      position: { lower: r.lower, upper },
      soft,
      velocity: r.velocity,
      effort: r.effort,
      ...(r.acceleration === null ? {} : { acceleration: r.acceleration }),
      ...(r.acceleration !== null && r.jerk !== null ? { jerk: r.jerk } : {}),
    };
    return { values, lower: r.lower, upper, periodS: r.periodS };
  });

const request = fc.oneof(
  { weight: 12, arbitrary: fc.double({ min: -8, max: 8, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) },
);
/** Requests that stay put for a while, then jump: hold segments of random length. */
const stream = fc.array(fc.record({ value: request, hold: fc.integer({ min: 1, max: 60 }) }), { minLength: 1, maxLength: 12 }).map((segments) => segments.flatMap((s) => Array<number>(s.hold).fill(s.value)));
const measured = fc.array(fc.record({ q: fc.double({ min: -4, max: 5, noNaN: true }), v: fc.oneof(fc.double({ min: -12, max: 12, noNaN: true }), fc.constant(Number.NaN)) }), { minLength: 1, maxLength: 50 });

/** Finite differences (velocity, acceleration, jerk) of positions with a history at rest at `start`. */
function differences(xs: readonly number[], h: number, start: number): { v: number[]; a: number[]; j: number[] } {
  const q = [start, start, start, ...xs];
  const v = q.slice(1).map((x, i) => (x - q[i]!) / h);
  const a = v.slice(1).map((x, i) => (x - v[i]!) / h);
  const j = a.slice(1).map((x, i) => (x - a[i]!) / h);
  return { v: v.slice(2), a: a.slice(1), j };
}

describe('no enforced command violates an active limit (property)', () => {
  it('position commands: hard and soft range, velocity, acceleration and jerk of the command sequence', () => {
    fc.assert(
      fc.property(limitsArb, fc.double({ min: 0, max: 1, noNaN: true }), stream, measured, (c, startFraction, requests, states) => {
        const j = oneJoint(c.values, ['position'], c.periodS);
        const h = c.periodS;
        const cmdLo = Math.max(c.lower, c.values.soft?.lower ?? -Infinity);
        const cmdHi = Math.min(c.upper, c.values.soft?.upper ?? Infinity);
        const start = cmdLo + startFraction * (cmdHi - cmdLo);
        j.state[0] = start;
        j.state[1] = 0;
        const qs: number[] = [];
        requests.forEach((r, k) => {
          qs.push(j.step(r));
          const s = states[k % states.length]!;
          j.state[0] = s.q;
          j.state[1] = s.v;
        });
        const scale = Math.max(...qs.map(Math.abs), 1);
        const w = j.enforcer.jerkWindow[0]!;
        const d = differences(qs, h, start);
        for (const q of qs) {
          expect(Number.isFinite(q)).toBe(true);
          expect(q).toBeGreaterThanOrEqual(cmdLo);
          expect(q).toBeLessThanOrEqual(cmdHi);
        }
        const tolV = 4 * EPS * scale * w / h;
        for (const v of d.v) expect(Math.abs(v)).toBeLessThanOrEqual(c.values.velocity! * (1 + 1e-9) + tolV);
        if (c.values.acceleration !== undefined) {
          for (const a of d.a) expect(Math.abs(a)).toBeLessThanOrEqual(c.values.acceleration * (1 + 1e-9) + tolV / h);
        }
        if (c.values.jerk !== undefined) {
          for (const x of d.j) expect(Math.abs(x)).toBeLessThanOrEqual(c.values.jerk * (1 + 1e-9) + (4 * tolV) / (h * h));
        }
      }),
    );
  });

  it('velocity commands: |v| ≤ V always; acceleration and jerk while the joint is clear of its limits; never outward at a limit', () => {
    fc.assert(
      fc.property(limitsArb, stream, measured, fc.boolean(), (c, requests, states, clear) => {
        const j = oneJoint(c.values, ['velocity'], c.periodS);
        const h = c.periodS;
        const middle = (c.lower + c.upper) / 2;
        j.state[0] = middle;
        j.state[1] = 0;
        const vs: number[] = [];
        requests.forEach((r, k) => {
          const v = j.step(r);
          vs.push(v);
          expect(Number.isFinite(v)).toBe(true);
          expect(Math.abs(v)).toBeLessThanOrEqual(c.values.velocity! * (1 + 1e-9));
          if (j.state[0]! >= c.upper) expect(v).toBeLessThanOrEqual(0);
          if (j.state[0]! <= c.lower) expect(v).toBeGreaterThanOrEqual(0);
          const s = states[k % states.length]!;
          j.state[0] = clear ? middle : s.q;
          j.state[1] = s.v;
        });
        // Clear of the limits — the braking look-ahead towards them (which ranks above A and J) not
        // binding at the middle — the sequence keeps A and J (the soft envelope ranks below them).
        if (!clear || brakingVelocity((c.upper - c.lower) / 2, c.values.acceleration ?? Infinity, h) < 1.01 * c.values.velocity!) return;
        const v = [0, 0, ...vs];
        const a = v.slice(1).map((x, i) => (x - v[i]!) / h);
        const jerk = a.slice(1).map((x, i) => (x - a[i]!) / h);
        if (c.values.acceleration !== undefined) for (const x of a) expect(Math.abs(x)).toBeLessThanOrEqual(c.values.acceleration * (1 + 1e-9) + 1e-9 / h);
        if (c.values.jerk !== undefined) for (const x of jerk) expect(Math.abs(x)).toBeLessThanOrEqual(c.values.jerk * (1 + 1e-9) + 1e-9 / (h * h));
      }),
    );
  });

  it('effort commands: |e| ≤ E, never outward at or beyond a hard limit, never speeding up a joint beyond V', () => {
    fc.assert(
      fc.property(limitsArb, fc.array(fc.tuple(request, fc.double({ min: -4, max: 5, noNaN: true }), fc.double({ min: -12, max: 12, noNaN: true })), { minLength: 1, maxLength: 200 }), (c, steps) => {
        const j = oneJoint(c.values, ['effort'], c.periodS);
        for (const [r, q, v] of steps) {
          j.state[0] = q;
          j.state[1] = v;
          const e = j.step(r);
          expect(Number.isFinite(e)).toBe(true);
          expect(Math.abs(e)).toBeLessThanOrEqual(c.values.effort!);
          if (q >= c.upper && v >= 0) expect(e).toBeLessThanOrEqual(0);
          if (q <= c.lower && v <= 0) expect(e).toBeGreaterThanOrEqual(0);
          if (v > c.values.velocity!) expect(e).toBeLessThanOrEqual(0);
          if (v < -c.values.velocity!) expect(e).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('reduced speed: after the settling time every position and velocity command is within s·V', () => {
    fc.assert(
      fc.property(limitsArb, fc.double({ min: 0.05, max: 1, noNaN: true }), fc.integer({ min: 0, max: 300 }), fc.boolean(), (c, s, before, wide) => {
        // A wide range so the scale, not the range, is what binds.
        const values: JointLimitValues = { ...c.values, position: { lower: -1e4, upper: 1e4 }, soft: { kVelocity: 1 } };
        const h = c.periodS;
        const aMax = values.acceleration ?? Infinity;
        const jMax = values.jerk ?? Infinity;
        const vMax = values.velocity!;
        const target = wide ? 5e3 : -5e3;
        const pos = oneJoint(values, ['position'], h);
        const vel = oneJoint(values, ['velocity'], h);
        for (let k = 0; k < before; k++) {
          pos.step(target);
          vel.step(Math.sign(target) * 100);
        }
        pos.table.setVelocityScale(s);
        vel.table.setVelocityScale(s);
        const w = pos.enforcer.jerkWindow[0]!;
        const rampS = aMax === Infinity ? 0 : ((1 - s) * vMax + (jMax === Infinity ? 0 : (aMax * aMax) / (2 * jMax))) / aMax;
        const settlePosition = Math.ceil(rampS / h) + w + 2;
        const settleVelocity = Math.ceil((rampS + (jMax === Infinity ? 0 : (2 * aMax) / jMax)) / h) + 2;
        for (let k = 0; k < Math.max(settlePosition, settleVelocity) + 200; k++) {
          pos.step(target);
          const v = vel.step(Math.sign(target) * 100);
          if (k >= settlePosition) expect(Math.abs(pos.enforcer.motion.velocity[0]!)).toBeLessThanOrEqual(s * vMax * (1 + 1e-9) + 1e-9);
          if (k >= settleVelocity) expect(Math.abs(v)).toBeLessThanOrEqual(s * vMax * (1 + 1e-9));
        }
      }),
    );
  });
});

describe('category 1 and 2 stops (property)', () => {
  it('decelerate monotonically (|v| never grows), stay in range and stand still within the stopping time', () => {
    fc.assert(
      fc.property(
        limitsArb.filter((c) => c.values.acceleration !== undefined),
        fc.double({ min: 0, max: 1, noNaN: true }),
        stream,
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0.003, max: 1.5, noNaN: true }),
        fc.constantFrom<1 | 2>(1, 2),
        (c, startFraction, requests, runFor, stoppingTimeS, category) => {
          const h = c.periodS;
          const j = oneJoint(c.values, ['position', 'velocity'], h);
          const cmdLo = Math.max(c.lower, c.values.soft?.lower ?? -Infinity);
          const cmdHi = Math.min(c.upper, c.values.soft?.upper ?? Infinity);
          j.state[0] = cmdLo + startFraction * (cmdHi - cmdLo);
          for (let k = 0; k < runFor; k++) {
            j.requested[1] = requests[k % requests.length]!;
            j.step(requests[(k + 7) % requests.length]!);
          }
          const duration = j.enforcer.beginStop(category, stoppingTimeS, j.state);
          const limit = Math.max(h, Math.floor(stoppingTimeS / h + 1e-9) * h);
          expect(duration).toBeLessThanOrEqual(limit * (1 + 1e-12));
          expect(j.enforcer.stopPlan.removeTorqueAtEnd).toBe(category === 1);
          let q = j.enforcer.motion.position[0]!;
          let speed = Math.abs(j.enforcer.motion.velocity[0]!);
          let speedV = Math.abs(j.enforcer.motion.velocity[1]!);
          const cycles = Math.round(limit / h) + 5;
          for (let k = 1; k <= cycles; k++) {
            j.requested[1] = 1e3; // requests are ignored while stopping
            const next = j.step(-1e3);
            const v = (next - q) / h;
            const tol = (4 * EPS * (Math.abs(next) + 1)) / h;
            expect(Math.abs(v)).toBeLessThanOrEqual(speed + tol + 1e-9);
            expect(Math.abs(j.out[1]!)).toBeLessThanOrEqual(speedV + 1e-12);
            expect(next).toBeGreaterThanOrEqual(c.lower);
            expect(next).toBeLessThanOrEqual(c.upper);
            if ((k - 1) * h >= limit - 1e-12) {
              expect(next).toBe(q);
              expect(j.out[1]).toBe(0);
            }
            speed = Math.abs(v);
            speedV = Math.abs(j.out[1]!);
            q = next;
          }
          expect(j.enforcer.stopFinished).toBe(true);
        },
      ),
    );
  });
});
