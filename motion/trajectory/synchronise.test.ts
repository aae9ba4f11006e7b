import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { createMultiMotionSample } from './MultiProfile.js';
import { createMotionSample } from './Profile.js';
import { sCurve } from './sCurve.js';
import { synchronise, timeScale } from './synchronise.js';
import { trapezoidal } from './trapezoidal.js';

const position = fc.integer({ min: -3000, max: 3000 }).map((x) => x / 1000);
const limit = fc.integer({ min: 100, max: 10000 }).map((x) => x / 1000);
const joint = fc.record({ from: position, to: position, vMax: limit, aMax: limit, jMax: limit });
const TOL = 1e-9;

describe('synchronise', () => {
  it('stretches every joint to the slowest one, each still within its own limits and arriving on time', () => {
    fc.assert(
      fc.property(fc.array(joint, { minLength: 1, maxLength: 5 }), fc.boolean(), (joints, jerkLimited) => {
        const profiles = joints.map((j) => (jerkLimited ? sCurve(j) : trapezoidal(j)));
        const slowest = Math.max(...profiles.map((p) => p.durationS));
        const sync = synchronise(profiles);
        expect(sync.durationS).toBe(slowest);
        expect(sync.jointCount).toBe(joints.length);
        const out = createMultiMotionSample(joints.length);
        const steps = 300;
        for (let i = 0; i <= steps; i++) {
          sync.sample((i / steps) * slowest, out);
          joints.forEach((j, k) => {
            expect(Math.abs(out.velocity[k] ?? 0)).toBeLessThanOrEqual(j.vMax * (1 + TOL));
            expect(Math.abs(out.acceleration[k] ?? 0)).toBeLessThanOrEqual(j.aMax * (1 + TOL));
            if (jerkLimited) expect(Math.abs(out.jerk[k] ?? 0)).toBeLessThanOrEqual(j.jMax * (1 + TOL));
          });
        }
        sync.sample(slowest, out);
        joints.forEach((j, k) => {
          expect(out.position[k]).toBe(j.to);
          expect(out.velocity[k]).toBe(0);
        });
        sync.sample(0, out);
        joints.forEach((j, k) => expect(out.position[k]).toBe(j.from));
      }),
    );
  });

  it('time scaling is q(t·k) with velocity ×k, acceleration ×k², jerk ×k³', () => {
    const p = sCurve({ from: 0, to: 1, vMax: 1, aMax: 1, jMax: 1 });
    const stretched = timeScale(p, 2 * p.durationS);
    const a = p.sample(0.3 * p.durationS, createMotionSample());
    const b = stretched.sample(0.6 * p.durationS, createMotionSample());
    expect(b.position).toBeCloseTo(a.position, 12);
    expect(b.velocity).toBeCloseTo(a.velocity / 2, 12);
    expect(b.acceleration).toBeCloseTo(a.acceleration / 4, 12);
    expect(b.jerk).toBeCloseTo(a.jerk / 8, 12);
  });

  it('accepts a longer common duration', () => {
    const sync = synchronise([trapezoidal({ from: 0, to: 1, vMax: 1, aMax: 1 })], 10);
    expect(sync.durationS).toBe(10);
    expect(sync.profiles[0]?.sample(10, createMotionSample()).position).toBe(1);
  });

  it.each([
    ['a moving start', 'TRAJ_SYNC_MOVING_START', 'starts at velocity 0.5; expected 0', () => synchronise([trapezoidal({ from: 0, to: 1, vMax: 1, aMax: 1, v0: 0.5 }), trapezoidal({ from: 0, to: 5, vMax: 1, aMax: 1 })])],
    ['a shorter duration', 'TRAJ_BAD_DURATION', 'durationS is 1 s, shorter than', () => timeScale(trapezoidal({ from: 0, to: 1, vMax: 1, aMax: 1 }), 1)],
    ['a zero duration', 'TRAJ_BAD_DURATION', 'durationS is 0 s', () => synchronise([trapezoidal({ from: 0, to: 1, vMax: 1, aMax: 1 })], 0)],
  ] as const)('rejects %s with %s', (_name, code, text, make) => {
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
