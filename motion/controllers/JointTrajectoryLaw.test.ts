import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import type { JointTrajectoryLike } from '../trajectory/JointTrajectory.js';
import { JointTrajectoryLaw } from './JointTrajectoryLaw.js';

const DT = 0.002;
const at = (s: number) => ({ sec: Math.floor(s), nanosec: Math.round((s - Math.floor(s)) * 1e9) });
const point = (positions: number[], s: number) => ({ positions, velocities: [], accelerations: [], time_from_start: at(s) });

/** Knee then hip (the reverse of the law’s order), linear between two points (no velocities given). */
const swing: JointTrajectoryLike = {
  joint_names: ['knee', 'hip'],
  points: [point([0.5, 0.2], 0.5), point([0.8, -0.1], 1)],
};

/** Steps a law against an ideal position plant (q follows the desired position), from `t0` for `seconds`. */
function runIdeal(law: JointTrajectoryLaw, q: Float64Array, t0: number, seconds: number, stuck = false): number {
  const qd = new Float64Array(q.length);
  let t = t0;
  for (let i = 0; i < Math.round(seconds / DT); i++) {
    t += DT;
    law.update(t, DT, q, qd);
    if (!stuck) {
      for (let j = 0; j < q.length; j++) {
        qd[j] = law.desiredVelocity[j]!;
        q[j] = law.desiredPosition[j]!;
      }
    }
  }
  return t;
}

describe('JointTrajectoryLaw', () => {
  it('holds the activation position until given a trajectory', () => {
    const law = new JointTrajectoryLaw(['hip', 'knee'], { kp: 100, kd: 10 });
    law.reset([0.1, 0.3]);
    expect(law.update(0, DT, [0.12, 0.3], [0, 0])).toBe('idle');
    expect(Array.from(law.desiredPosition)).toEqual([0.1, 0.3]);
    expect(law.effort[0]).toBeCloseTo(100 * (0.1 - 0.12), 12);
  });

  it('follows a trajectory given in another joint order from the current state and succeeds at the goal', () => {
    const law = new JointTrajectoryLaw(['hip', 'knee'], { pathToleranceRad: 0.05, goalToleranceRad: 0.01 });
    const q = Float64Array.from([0, 0]);
    law.reset(q);
    law.setTrajectory(swing, 10);
    runIdeal(law, q, 10, 0.5);
    expect(law.status).toBe('executing');
    expect(q[0]).toBeCloseTo(0.2, 9);
    expect(q[1]).toBeCloseTo(0.5, 9);
    runIdeal(law, q, 10.5, 0.6);
    expect(law.status).toBe('succeeded');
    expect(Array.from(q)).toEqual([-0.1, 0.8]);
    expect(Array.from(law.desiredVelocity)).toEqual([0, 0]);
  });

  it('tracks with its effort output on a unit-inertia plant within the path tolerance', () => {
    const law = new JointTrajectoryLaw(['hip'], { kp: 400, kd: 40, pathToleranceRad: 0.03, goalToleranceRad: 0.005, goalTimeToleranceS: 0.5 });
    const q = Float64Array.from([0]);
    const qd = Float64Array.from([0]);
    law.reset(q);
    law.setTrajectory({ joint_names: ['hip'], points: [point([0.4], 1)] }, 0);
    let worst = 0;
    for (let t = DT; t <= 1.5; t += DT) {
      law.update(t, DT, q, qd);
      worst = Math.max(worst, Math.abs(law.desiredPosition[0]! - q[0]!));
      qd[0] = qd[0]! + law.effort[0]! * DT;
      q[0] = q[0]! + qd[0]! * DT;
    }
    expect(law.status).toBe('succeeded');
    expect(worst).toBeLessThan(0.03);
    expect(Math.abs(q[0]! - 0.4)).toBeLessThan(0.005);
  });

  it('aborts and holds the measured position when a joint leaves the path tolerance', () => {
    const law = new JointTrajectoryLaw(['hip', 'knee'], { pathToleranceRad: [0.05, 0.05] });
    const q = Float64Array.from([0, 0]);
    law.reset(q);
    law.setTrajectory(swing, 0);
    runIdeal(law, q, 0, 0.4, true);
    expect(law.status).toBe('aborted');
    expect(law.abortedJoint).toBe(1);
    expect(Array.from(law.desiredPosition)).toEqual([0, 0]);
    expect(Array.from(law.desiredVelocity)).toEqual([0, 0]);
    runIdeal(law, q, 0.4, 0.2, true);
    expect(Array.from(law.desiredPosition)).toEqual([0, 0]);
  });

  it('aborts when the goal is not reached within the goal-time tolerance', () => {
    const law = new JointTrajectoryLaw(['hip'], { goalToleranceRad: 0.01, goalTimeToleranceS: 0.2 });
    law.reset([0]);
    law.setTrajectory({ joint_names: ['hip'], points: [point([0.3], 0.5)] }, 0);
    const stuck = Float64Array.from([0.25]);
    runIdeal(law, stuck, 0, 0.6, true);
    expect(law.status).toBe('executing');
    runIdeal(law, stuck, 0.6, 0.2, true);
    expect(law.status).toBe('aborted');
    expect(law.desiredPosition[0]).toBe(0.25);
  });

  it('on cancel decelerates within the stop deceleration to rest, then holds', () => {
    const decel = 4;
    const law = new JointTrajectoryLaw(['hip'], { stopDecelerationRadPerS2: decel });
    const q = Float64Array.from([0]);
    law.reset(q);
    law.setTrajectory({ joint_names: ['hip'], points: [point([2], 2)] }, 0);
    runIdeal(law, q, 0, 1);
    const v0 = law.desiredVelocity[0]!;
    const p0 = law.desiredPosition[0]!;
    expect(v0).toBeGreaterThan(0.5);
    law.cancel();
    let t = 1;
    let previous = v0;
    while (law.status === 'stopping' && t < 3) {
      t += DT;
      law.update(t, DT, q, [previous]);
      const v = law.desiredVelocity[0]!;
      expect(previous - v).toBeLessThanOrEqual(decel * DT + 1e-12);
      expect(v).toBeGreaterThanOrEqual(0);
      previous = v;
    }
    expect(law.status).toBe('canceled');
    expect(t - 1).toBeCloseTo(v0 / decel, 2);
    expect(law.desiredPosition[0]! - p0).toBeCloseTo((v0 * v0) / (2 * decel), 3);
  });

  it.each([
    ['a missing joint', ['hip']],
    ['an unknown joint', ['hip', 'ankle']],
    ['a repeated joint', ['hip', 'hip']],
  ])('rejects a trajectory with %s', (_label, names) => {
    const law = new JointTrajectoryLaw(['hip', 'knee']);
    law.reset([0, 0]);
    try {
      law.setTrajectory({ joint_names: names, points: [point(names.map(() => 0), 1)] }, 0);
    } catch (e) {
      expect(isKindredError(e) && e.code).toBe('MOTION_CONTROLLER_TRAJECTORY_JOINTS');
      expect((e as Error).message).toContain('["hip","knee"]');
      return;
    }
    throw new Error('expected MOTION_CONTROLLER_TRAJECTORY_JOINTS');
  });
});
