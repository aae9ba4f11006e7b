import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createJointTrajectorySample,
  type JointTrajectoryLike,
  type JointTrajectoryPointLike,
  type TrajectoryInterpolation,
} from './JointTrajectory.js';
import { JointTrajectorySampler } from './JointTrajectorySampler.js';
import { sampleTrajectory } from './sampleTrajectory.js';

const value = fc.integer({ min: -2000, max: 2000 }).map((x) => x / 1000);

function at(tS: number): { sec: number; nanosec: number } {
  const sec = Math.floor(tS);
  return { sec, nanosec: Math.round((tS - sec) * 1e9) };
}

function point(tS: number, positions: number[], velocities: number[] = [], accelerations: number[] = []): JointTrajectoryPointLike {
  return { positions, velocities, accelerations, time_from_start: at(tS) };
}

/** Random trajectories: 1–3 joints, 1–6 points at increasing millisecond times, with or without velocities/accelerations. */
const trajectory = fc
  .record({
    joints: fc.integer({ min: 1, max: 3 }),
    points: fc.integer({ min: 1, max: 6 }),
    firstMs: fc.integer({ min: 0, max: 1000 }),
    fields: fc.constantFrom('p', 'pv', 'pva'),
  })
  .chain(({ joints, points, firstMs, fields }) =>
    fc
      .array(
        fc.record({
          gapMs: fc.integer({ min: 100, max: 2000 }),
          p: fc.array(value, { minLength: joints, maxLength: joints }),
          v: fc.array(value, { minLength: joints, maxLength: joints }),
          a: fc.array(value, { minLength: joints, maxLength: joints }),
        }),
        { minLength: points, maxLength: points },
      )
      .map((raw): JointTrajectoryLike => {
        let ms = firstMs;
        return {
          joint_names: Array.from({ length: joints }, (_, i) => `joint_${i}`),
          points: raw.map((r, i) => {
            if (i > 0) ms += r.gapMs;
            return point(ms / 1000, r.p, fields.includes('v') ? r.v : [], fields.includes('a') ? r.a : []);
          }),
        };
      }),
  );

const mode = fc.constantFrom<TrajectoryInterpolation>('auto', 'linear', 'cubic', 'quintic');

function timeOf(p: JointTrajectoryPointLike): number {
  return p.time_from_start.sec + p.time_from_start.nanosec * 1e-9;
}

describe('JointTrajectorySampler', () => {
  it('passes every point at its time_from_start, with its velocities and accelerations where the spline uses them', () => {
    fc.assert(
      fc.property(trajectory, mode, (traj, interpolation) => {
        const sampler = new JointTrajectorySampler(traj, { interpolation });
        const out = createJointTrajectorySample(traj.joint_names.length);
        const last = traj.points.length - 1;
        traj.points.forEach((p, i) => {
          sampler.sample(timeOf(p), out);
          p.positions.forEach((q, j) => {
            if (i === last) expect(out.positions[j]).toBe(q);
            else expect(out.positions[j]).toBeCloseTo(q, 9);
          });
          if (traj.points.length < 2) return;
          const usesVelocity = interpolation === 'cubic' || interpolation === 'quintic' || (interpolation === 'auto' && p.velocities.length > 0);
          if (usesVelocity) p.velocities.forEach((v, j) => expect(out.velocities[j]).toBeCloseTo(v, 7));
          const usesAcceleration = interpolation === 'quintic' || (interpolation === 'auto' && p.accelerations.length > 0);
          if (usesAcceleration) p.accelerations.forEach((a, j) => expect(out.accelerations[j]).toBeCloseTo(a, 6));
        });
      }),
    );
  });

  it('holds the first point at rest before it and the last point at rest after the end', () => {
    fc.assert(
      fc.property(trajectory, mode, fc.double({ min: 1e-3, max: 100, noNaN: true }), (traj, interpolation, beyond) => {
        const sampler = new JointTrajectorySampler(traj, { interpolation });
        const out = createJointTrajectorySample(traj.joint_names.length);
        const first = traj.points[0];
        const last = traj.points[traj.points.length - 1];
        if (first === undefined || last === undefined) throw new Error('generator made an empty trajectory');
        sampler.sample(timeOf(first) - beyond, out);
        expect(Array.from(out.positions)).toEqual(first.positions);
        expect(Array.from(out.velocities).every((v) => v === 0)).toBe(true);
        sampler.sample(timeOf(last) + beyond, out);
        expect(Array.from(out.positions)).toEqual(last.positions);
        expect(Array.from(out.velocities).every((v) => v === 0)).toBe(true);
        expect(Array.from(out.accelerations).every((a) => a === 0)).toBe(true);
      }),
    );
  });

  it('cubic mode estimates velocities so that acceleration is continuous (C2 spline), starting and ending at rest', () => {
    fc.assert(
      fc.property(trajectory.filter((t) => t.points.length >= 3 && t.points.every((p) => p.velocities.length === 0)), (traj) => {
        checkContinuity(traj, 'cubic', ['positions', 'velocities', 'accelerations']);
      }),
    );
  });

  it('quintic mode estimates velocities and accelerations so that they are continuous', () => {
    fc.assert(
      fc.property(trajectory.filter((t) => t.points.length >= 3 && t.points.every((p) => p.velocities.length === 0)), (traj) => {
        checkContinuity(traj, 'quintic', ['positions', 'velocities', 'accelerations']);
      }),
    );
  });

  it.each<TrajectoryInterpolation>(['cubic', 'quintic'])('%s mode keeps the velocities a point gives and estimates the rest', (interpolation) => {
    const points = [point(0, [0]), point(1, [1], [2]), point(2, [0.5]), point(3, [2]), point(4, [2])];
    const sampler = new JointTrajectorySampler({ joint_names: ['knee'], points }, { interpolation });
    const out = createJointTrajectorySample(1);
    expect(sampler.sample(1, out).velocities[0]).toBeCloseTo(2, 12);
    points.forEach((p) => expect(sampler.sample(timeOf(p), out).positions[0]).toBeCloseTo(p.positions[0] ?? Number.NaN, 12));
    // Knots 2 and 3 are free: acceleration continuous there.
    const eps = 1e-6;
    for (const t of [2, 3]) {
      const left = sampler.sample(t - eps, createJointTrajectorySample(1)).accelerations[0] ?? 0;
      const right = sampler.sample(t + eps, createJointTrajectorySample(1)).accelerations[0] ?? 0;
      expect(Math.abs(right - left)).toBeLessThan(1e-3);
    }
  });

  it.each<[string, JointTrajectoryPointLike[], number, number, number, number]>([
    // [case, points, sample time, position, velocity, acceleration]
    ['positions only: linear', [point(0, [0]), point(2, [1])], 0.5, 0.25, 0.5, 0],
    // Cubic Hermite midpoint: (p0 + p1)/2 + T(v0 − v1)/8.
    ['velocities: cubic', [point(0, [0], [1]), point(2, [1], [0])], 1, 0.5 + (2 * (1 - 0)) / 8, 0.5, -0.5],
    // Quintic with rest at both ends is the minimum-jerk closed form: midpoint velocity 1.875·Δq/T.
    ['accelerations: quintic', [point(0, [0], [0], [0]), point(2, [1], [0], [0])], 1, 0.5, 0.9375, 0],
    ['velocities on one end only: linear', [point(0, [0], [1]), point(2, [1])], 1, 0.5, 0.5, 0],
  ])('auto mode follows ros2_control: %s', (_name, points, tS, position, velocity, acceleration) => {
    const sampler = new JointTrajectorySampler({ joint_names: ['knee'], points });
    const out = sampler.sample(tS, createJointTrajectorySample(1));
    expect(out.positions[0]).toBeCloseTo(position, 12);
    expect(out.velocities[0]).toBeCloseTo(velocity, 12);
    expect(out.accelerations[0]).toBeCloseTo(acceleration, 12);
  });

  it('interpolates from a start state to the first point, as the controller does from the current state', () => {
    const traj: JointTrajectoryLike = { joint_names: ['hip', 'knee'], points: [point(2, [1, -1], [0, 0]), point(3, [2, 0], [0, 0])] };
    const sampler = new JointTrajectorySampler(traj, { startState: { positions: [0, 0.5], velocities: [0.2, 0] } });
    const out = createJointTrajectorySample(2);
    sampler.sample(0, out);
    expect(Array.from(out.positions)).toEqual([0, 0.5]);
    expect(out.velocities[0]).toBeCloseTo(0.2, 12);
    sampler.sample(2, out);
    expect(out.positions[0]).toBeCloseTo(1, 12);
    expect(out.positions[1]).toBeCloseTo(-1, 12);
    sampler.sample(1, out);
    // Cubic Hermite midpoint on the first segment: (0 + 1)/2 + 2·(0.2 − 0)/8.
    expect(out.positions[0]).toBeCloseTo(0.55, 12);
    sampler.sample(-1, out);
    expect(Array.from(out.positions)).toEqual([0, 0.5]);
    expect(sampler.knotsS[0]).toBe(0);
    expect(sampler.durationS).toBe(3);
  });

  it('ignores the start state when the first point is at time 0', () => {
    const traj: JointTrajectoryLike = { joint_names: ['knee'], points: [point(0, [1]), point(1, [2])] };
    const sampler = new JointTrajectorySampler(traj, { startState: { positions: [5] } });
    expect(sampler.sample(0, createJointTrajectorySample(1)).positions[0]).toBe(1);
  });

  it('sampleTrajectory gives the same samples as a sampler and reuses its fit for the same message', () => {
    const traj: JointTrajectoryLike = { joint_names: ['a', 'b'], points: [point(0.5, [0, 1], [0, 0]), point(1.5, [1, 0], [0.5, 0]), point(3, [0, 0], [0, 0])] };
    const sampler = new JointTrajectorySampler(traj);
    const options = { interpolation: 'cubic' as const };
    const cubic = new JointTrajectorySampler(traj, options);
    for (const t of [0, 0.5, 0.9, 1.5, 2.2, 3, 4]) {
      const a = sampler.sample(t, createJointTrajectorySample(2));
      const b = sampleTrajectory(traj, t, createJointTrajectorySample(2));
      expect(Array.from(b.positions)).toEqual(Array.from(a.positions));
      expect(Array.from(b.velocities)).toEqual(Array.from(a.velocities));
      const c = sampleTrajectory(traj, t, createJointTrajectorySample(2), options);
      expect(Array.from(c.positions)).toEqual(Array.from(cubic.sample(t, createJointTrajectorySample(2)).positions));
    }
  });

  it('writes into plain number arrays too', () => {
    const traj: JointTrajectoryLike = { joint_names: ['a'], points: [point(0, [0]), point(1, [1])] };
    const out = { positions: [0], velocities: [0], accelerations: [0] };
    new JointTrajectorySampler(traj).sample(0.5, out);
    expect(out).toEqual({ positions: [0.5], velocities: [1], accelerations: [0] });
  });
});

/** Each field, extrapolated linearly from each side to every interior point's time, agrees on both sides. */
function checkContinuity(traj: JointTrajectoryLike, interpolation: TrajectoryInterpolation, fields: readonly ('positions' | 'velocities' | 'accelerations')[]): void {
  const sampler = new JointTrajectorySampler(traj, { interpolation });
  const n = traj.joint_names.length;
  const eps = 1e-6;
  const get = (t: number, field: (typeof fields)[number], j: number) => sampler.sample(t, createJointTrajectorySample(n))[field][j] ?? 0;
  for (let i = 1; i + 1 < traj.points.length; i++) {
    const p = traj.points[i];
    if (p === undefined) continue;
    const t = timeOf(p);
    for (const field of fields) {
      for (let j = 0; j < n; j++) {
        const left = 2 * get(t - eps, field, j) - get(t - 2 * eps, field, j);
        const right = 2 * get(t + eps, field, j) - get(t + 2 * eps, field, j);
        expect(Math.abs(right - left) / (1 + Math.abs(left))).toBeLessThan(1e-4);
      }
    }
  }
  const first = traj.points[0];
  const last = traj.points[traj.points.length - 1];
  if (first === undefined || last === undefined) return;
  const out = createJointTrajectorySample(n);
  sampler.sample(timeOf(first), out);
  for (let j = 0; j < n; j++) expect(out.velocities[j]).toBeCloseTo(0, 12);
  sampler.sample(timeOf(last), out);
  for (let j = 0; j < n; j++) expect(out.velocities[j]).toBeCloseTo(0, 7);
}
