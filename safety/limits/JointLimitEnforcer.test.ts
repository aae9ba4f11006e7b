import { describe, expect, it } from 'vitest';
import { isKindredError, type KindredError } from '../../runtime/errors/index.js';
import { composeLimits } from './composeLimits.js';
import { JointLimitEnforcer } from './JointLimitEnforcer.js';
import { flagNames, LimitFlag } from './LimitFlag.js';
import { compileLimits } from './LimitTable.js';
import { SOFT_LIMIT_REACH_VELOCITY as REACH } from './softLimits.js';
import { oneJoint } from './testing/oneJoint.js';

const H = 0.001;
const knee = { position: { lower: 0, upper: 2 }, soft: { lower: 0.1, upper: 1.9, kPosition: 100, kVelocity: 10 }, velocity: 4, effort: 80 };
const clamp = (x: number, lo: number, hi: number): number => Math.min(Math.max(x, lo), hi);

function thrown(f: () => unknown): KindredError {
  try {
    f();
  } catch (e) {
    if (isKindredError(e)) return e;
    throw e;
  }
  throw new Error('expected a KindredError, nothing was thrown');
}

/** Finite differences of a sequence: velocity, acceleration, jerk per period h (history before it at rest at xs[0]). */
function differences(xs: readonly number[], h: number, start = xs[0]!): { v: number[]; a: number[]; j: number[] } {
  const q = [start, start, start, ...xs];
  const v = q.slice(1).map((x, i) => (x - q[i]!) / h);
  const a = v.slice(1).map((x, i) => (x - v[i]!) / h);
  const j = a.slice(1).map((x, i) => (x - a[i]!) / h);
  return { v: v.slice(2), a: a.slice(1), j };
}

const maxAbs = (xs: readonly number[]): number => xs.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

describe('position commands', () => {
  it('follow ros2_control’s soft-limit formulas step by step when no acceleration limit is set', () => {
    const j = oneJoint(knee);
    j.state[0] = 1.85;
    let ros = 1.85;
    for (let k = 0; k < 300; k++) {
      // ros2_control JointSoftLimiter, position interface, written out independently.
      const vMin = clamp(-100 * (ros - 0.1), -4, 4);
      const vMax = clamp(-100 * (ros - 1.9), -4, 4);
      const low = Math.max(clamp(ros + vMin * H, 0.1, 1.9), Math.max(ros - 4 * H, 0));
      const high = Math.min(clamp(ros + vMax * H, 0.1, 1.9), Math.min(ros + 4 * H, 2));
      ros = clamp(2.5, low, high);
      const q = j.step(2.5);
      expect(q).toBeCloseTo(ros, 12);
      expect(q).toBeLessThanOrEqual(1.9);
      j.state[0] = q;
    }
    expect(ros).toBeGreaterThan(1.8999);
    expect(flagNames(j.enforcer.flags[0]!)).toEqual(['soft']);
  });

  it('never leave the hard range, even when the joint is measured beyond it, and creep back at 1°/s from beyond a soft limit', () => {
    const j = oneJoint(knee);
    j.state[0] = 2.5;
    for (let k = 0; k < 10; k++) expect(j.step(3)).toBe(2);
    // Beyond the soft range no further outward motion; the envelope freezes it (measured beyond the hard range).
    expect(j.enforcer.flags[0]).toBe(LimitFlag.soft);
    j.state[0] = 1.95;
    const before = j.step(3);
    const after = j.step(3);
    expect(before - after).toBeCloseTo(REACH * H, 12);
  });

  it('accelerate within the acceleration limit and stop at a step request without overshoot', () => {
    const j = oneJoint({ ...knee, acceleration: 20 });
    j.state[0] = 0.5;
    const qs: number[] = [];
    for (let k = 0; k < 800; k++) qs.push(j.step(1.0));
    const d = differences(qs, H, 0.5);
    expect(maxAbs(d.a)).toBeLessThanOrEqual(20 * (1 + 1e-9) + 1e-6);
    expect(Math.max(...qs)).toBeLessThanOrEqual(1.0);
    expect(qs.at(-1)).toBe(1.0);
    expect(j.enforcer.correction[0]).toBe(0);
    // Time-optimal: 0.5 rad at 20 rad/s² (peak 3.16 rad/s < 4) takes 2·√(0.5/20) ≈ 0.316 s.
    expect(qs.findIndex((q) => q === 1.0)).toBeLessThan(340);
  });

  it('brake in time for the soft limit without exceeding the acceleration limit', () => {
    const j = oneJoint({ ...knee, acceleration: 20 });
    j.state[0] = 0.2;
    const qs: number[] = [];
    for (let k = 0; k < 2000; k++) qs.push(j.step(5));
    const d = differences(qs, H, 0.2);
    expect(Math.max(...qs)).toBeLessThanOrEqual(1.9);
    expect(qs.at(-1)).toBeGreaterThan(1.899);
    expect(maxAbs(d.a)).toBeLessThanOrEqual(20 * (1 + 1e-9) + 1e-6);
    expect(maxAbs(d.v)).toBeLessThanOrEqual(4 + 1e-9);
  });

  it('bound the jerk with a moving average of ⌈2A/(J·h)⌉ cycles', () => {
    const j = oneJoint({ ...knee, acceleration: 20, jerk: 400 });
    expect(j.enforcer.jerkWindow[0]).toBe(100);
    j.state[0] = 0.5;
    const qs: number[] = [];
    for (let k = 0; k < 1500; k++) qs.push(j.step(k < 100 ? 0.5 : 1.2));
    const d = differences(qs, H, 0.5);
    expect(maxAbs(d.j)).toBeLessThanOrEqual(400 * (1 + 1e-6) + 1e-3);
    expect(maxAbs(d.a)).toBeLessThanOrEqual(20 + 1e-6);
    expect(Math.max(...qs)).toBeLessThanOrEqual(1.2 + 1e-12);
    expect(qs.at(-1)).toBeCloseTo(1.2, 12);
    // While the average lags the request, the jerk limit is what changed it.
    const limited = oneJoint({ ...knee, acceleration: 20, jerk: 400 });
    limited.state[0] = 0.5;
    limited.step(0.5);
    limited.step(0.6);
    expect(limited.enforcer.flags[0]! & LimitFlag.jerk).not.toBe(0);
  });

  it('follow a request the limits allow exactly', () => {
    const j = oneJoint({ ...knee, acceleration: 20 });
    j.state[0] = 1;
    for (let k = 0; k < 500; k++) {
      const t = k * H;
      const want = 1 + 0.2 * Math.sin(2 * Math.PI * 0.5 * t) * Math.min(1, t);
      expect(j.step(want)).toBe(want);
      expect(j.enforcer.flags[0]).toBe(0);
    }
  });
});

describe('velocity commands', () => {
  it('are clamped to the velocity limit and rate-limited in acceleration and jerk, without overshoot', () => {
    const j = oneJoint({ ...knee, position: { lower: -100, upper: 100 }, soft: {}, acceleration: 20, jerk: 400 }, ['velocity']);
    j.state[0] = 0;
    const vs: number[] = [];
    for (let k = 0; k < 1000; k++) vs.push(j.step(10));
    const a = vs.map((v, i) => (v - (i === 0 ? 0 : vs[i - 1]!)) / H);
    const jerk = a.map((x, i) => (x - (i === 0 ? 0 : a[i - 1]!)) / H);
    expect(Math.max(...vs)).toBeLessThanOrEqual(4);
    expect(vs.at(-1)).toBe(4);
    expect(maxAbs(a)).toBeLessThanOrEqual(20 + 1e-9);
    expect(maxAbs(jerk)).toBeLessThanOrEqual(400 * (1 + 1e-9) + 1e-6);
    expect(j.enforcer.flags[0]).toBe(LimitFlag.velocity);
    expect(j.enforcer.correction[0]).toBe(6);
    // A reachable target velocity is approached without overshoot.
    const k2 = oneJoint({ ...knee, position: { lower: -100, upper: 100 }, soft: {}, acceleration: 20, jerk: 400 }, ['velocity']);
    const to2: number[] = [];
    for (let k = 0; k < 1000; k++) to2.push(k2.step(2));
    expect(Math.max(...to2)).toBeLessThanOrEqual(2);
    expect(to2.at(-1)).toBe(2);
  });

  it('never point outward at or beyond a hard limit', () => {
    const j = oneJoint(knee, ['velocity']);
    j.state[0] = 2;
    expect(j.step(1)).toBeLessThanOrEqual(0);
    expect(j.step(-1)).toBeLessThan(0);
    j.state[0] = 2.01;
    expect(j.step(-1)).toBe(0);
    expect(j.enforcer.flags[0]! & LimitFlag.position).not.toBe(0);
  });
});

describe('effort commands', () => {
  it('are bounded by the soft effort bound k_v·(v_bound − v_m) inside the range (ros2_control semantics)', () => {
    const j = oneJoint(knee, ['effort']);
    j.state[0] = 1;
    j.state[1] = 0;
    expect(j.step(100)).toBe(40); // k_v · V = 10 · 4
    expect(j.step(-100)).toBe(-40);
    expect(j.enforcer.flags[0]).toBe(LimitFlag.soft);
    j.state[0] = 1.89;
    j.state[1] = 0.5;
    expect(j.step(50)).toBeCloseTo(5, 12); // v_max = 100·0.01 = 1 → −10·(0.5 − 1)
  });

  it('push no further out at the hard limit and clamp to the effort limit without soft limits', () => {
    const j = oneJoint(knee, ['effort']);
    j.state[0] = 2;
    j.state[1] = 0.1;
    expect(j.step(30)).toBeCloseTo(-10 * (0.1 + REACH), 12);
    const plain = oneJoint({ position: { lower: 0, upper: 2 }, velocity: 4, effort: 80 }, ['effort']);
    plain.state[0] = 1;
    expect(plain.step(100)).toBe(80);
    expect(plain.enforcer.flags[0]).toBe(LimitFlag.effort);
    expect(plain.enforcer.correction[0]).toBe(20);
    plain.state[0] = 2;
    plain.state[1] = 0;
    expect(plain.step(30)).toBe(0);
    expect(plain.step(-30)).toBe(-30);
    plain.state[0] = 1;
    plain.state[1] = 5; // faster than V: no effort speeding it up
    expect(plain.step(30)).toBe(0);
    expect(plain.enforcer.flags[0]).toBe(LimitFlag.velocity);
  });
});

describe('non-finite requests', () => {
  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('%s: position decelerates to a hold, effort goes to zero', (bad) => {
    const j = oneJoint({ ...knee, acceleration: 20 }, ['position', 'effort']);
    j.state[0] = 0.5;
    j.requested[1] = 10;
    for (let k = 0; k < 100; k++) j.step(0.5 + 2 * k * H); // moving at 2 rad/s
    j.requested[1] = bad;
    const qs: number[] = [];
    for (let k = 0; k < 300; k++) qs.push(j.step(bad));
    const d = differences(qs, H, qs[0]!);
    expect(qs.every(Number.isFinite)).toBe(true);
    expect(maxAbs(d.a.slice(3))).toBeLessThanOrEqual(20 + 1e-6);
    expect(qs.at(-1)).toBe(qs.at(-2));
    expect(j.out[1]).toBe(0);
    expect(j.enforcer.flags[0]! & LimitFlag.nonfinite).not.toBe(0);
    expect(j.enforcer.correction[0]).toBe(Infinity);
  });
});

describe('reduced-speed mode', () => {
  it('scales every velocity limit at run time; invalid factors are refused', () => {
    const j = oneJoint({ ...knee, position: { lower: -100, upper: 100 }, soft: {}, acceleration: 20 });
    j.state[0] = 0;
    for (let k = 0; k < 1000; k++) j.step(50); // cruising at 4 rad/s
    expect(j.enforcer.motion.velocity[0]).toBeCloseTo(4, 9);
    expect(j.table.setVelocityScale(0.25)).toBe(true);
    const vs: number[] = [];
    for (let k = 0; k < 400; k++) {
      j.step(50);
      vs.push(j.enforcer.motion.velocity[0]!);
    }
    // Decelerates at A: (4 − 1)/20 = 0.15 s, then stays at 1 rad/s.
    for (let k = 1; k < vs.length; k++) expect(vs[k]!).toBeLessThanOrEqual(vs[k - 1]! + 1e-9);
    expect(Math.max(...vs.slice(152))).toBeLessThanOrEqual(1 + 1e-9);
    for (const bad of [0, -0.5, 1.5, Number.NaN]) expect(j.table.setVelocityScale(bad)).toBe(false);
    expect(j.table.velocityScale).toBe(0.25);
  });
});

describe('category 1 and 2 stops', () => {
  it('decelerate the command to standstill within the stopping time, ignore requests, then resume from rest', () => {
    const j = oneJoint({ ...knee, position: { lower: -10, upper: 10 }, soft: {}, acceleration: 20, jerk: 2000 }, ['position']);
    j.state[0] = 0;
    for (let k = 0; k < 600; k++) j.step(2 * k * H); // a ramp at 2 rad/s
    expect(j.enforcer.motion.velocity[0]).toBeCloseTo(2, 6);
    const duration = j.enforcer.beginStop(2, 0.4, j.state);
    // Time-optimal under A = 20, J = 2000: 2/20 + 20/2000 = 0.11 s.
    expect(duration).toBeCloseTo(0.11, 9);
    expect(j.enforcer.stopPlan.removeTorqueAtEnd).toBe(false);
    const qs: number[] = [j.enforcer.motion.position[0]!];
    for (let k = 0; k < 150; k++) qs.push(j.step(100));
    const speeds = qs.slice(1).map((q, i) => (q - qs[i]!) / H);
    for (let k = 1; k < speeds.length; k++) expect(speeds[k]!).toBeLessThanOrEqual(speeds[k - 1]! + 1e-9);
    expect(speeds.slice(111).every((v) => v === 0)).toBe(true);
    expect(j.enforcer.stopFinished).toBe(true);
    expect(j.enforcer.flags[0]).toBe(LimitFlag.stop);
    const held = qs.at(-1)!;
    j.enforcer.endStop();
    expect(j.step(held)).toBe(held);
    expect(j.enforcer.flags[0]).toBe(0);
  });
});

describe('construction', () => {
  const table = compileLimits(composeLimits([{ name: 'urdf', joints: [{ joint: 'knee', kind: 'revolute', ...knee }] }]));

  it('rejects a command interface on a joint without limits', () => {
    const e = thrown(() => new JointLimitEnforcer({ limits: table, commands: [{ name: 'kne/position' }], stateNames: [], periodS: H }));
    expect(e.code).toBe('LIMITS_JOINT_UNKNOWN');
    expect(e.message).toBe('command interface kne/position names joint kne, which has no limits; joints with limits: knee');
  });

  it('rejects a non-positive period and an interface range outside the joint range', () => {
    expect(thrown(() => new JointLimitEnforcer({ limits: table, commands: [], stateNames: [], periodS: 0 })).code).toBe('LIMITS_BAD_VALUE');
    expect(thrown(() => new JointLimitEnforcer({ limits: table, commands: [{ name: 'knee/position', min: 3, max: 4 }], stateNames: [], periodS: H })).code).toBe('LIMITS_INCONSISTENT');
  });

  it('clamps other interfaces to their own min/max and zeroes non-finite ones', () => {
    const e = new JointLimitEnforcer({ limits: table, commands: [{ name: 'cuff/force.x', min: -5, max: 5 }, { name: 'knee/effort', min: -30 }], stateNames: [], periodS: H });
    expect(e.modes).toEqual(['other', 'effort']);
    const out = new Float64Array(2);
    expect(e.enforce(Float64Array.of(8, -50), new Float64Array(0), out)).toBe(2);
    expect([...out]).toEqual([5, -30]);
    expect([...e.flags]).toEqual([LimitFlag.range, LimitFlag.effort]);
    e.enforce(Float64Array.of(Number.NaN, 1), new Float64Array(0), out);
    expect(out[0]).toBe(0);
    expect(e.flags[0]).toBe(LimitFlag.nonfinite);
  });
});
