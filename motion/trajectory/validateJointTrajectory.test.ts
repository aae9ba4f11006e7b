import { describe, expect, it } from 'vitest';
import { isKindredError, type ErrorCode } from '../../runtime/errors/index.js';
import type { JointTrajectoryLike, JointTrajectoryPointLike, TrajectoryStartState } from './JointTrajectory.js';
import { JointTrajectorySampler } from './JointTrajectorySampler.js';
import { validateJointTrajectory } from './validateJointTrajectory.js';

function pt(sec: number, nanosec: number, positions: number[], velocities: number[] = [], accelerations: number[] = []): JointTrajectoryPointLike {
  return { positions, velocities, accelerations, time_from_start: { sec, nanosec } };
}

const names = ['hip_left', 'knee_left'];

describe('validateJointTrajectory', () => {
  it('returns each point time in seconds for a good trajectory', () => {
    const times = validateJointTrajectory({
      joint_names: names,
      points: [pt(0, 500_000_000, [0, 0]), pt(1, 0, [1, 1], [0, 0]), pt(2, 250_000_000, [1, 2], [0, 0], [0, 0])],
    });
    expect(Array.from(times)).toEqual([0.5, 1, 2.25]);
  });

  it.each<[string, JointTrajectoryLike, TrajectoryStartState | undefined, ErrorCode, string, Record<string, unknown>]>([
    ['no joints', { joint_names: [], points: [pt(0, 0, [])] }, undefined, 'TRAJ_EMPTY', 'joint_names is empty', { field: 'joint_names' }],
    ['no points', { joint_names: names, points: [] }, undefined, 'TRAJ_EMPTY', 'points is empty', { field: 'points' }],
    [
      'a repeated joint name',
      { joint_names: ['knee', 'hip', 'knee'], points: [pt(0, 0, [0, 0, 0])] },
      undefined,
      'TRAJ_JOINT_MISMATCH',
      'joint_names[2] "knee" repeats joint_names[0]',
      { field: 'joint_names[2]', value: 'knee' },
    ],
    [
      'too few positions',
      { joint_names: names, points: [pt(0, 0, [0, 0]), pt(1, 0, [1])] },
      undefined,
      'TRAJ_POINT_SIZE',
      'points[1].positions has 1 entries; expected 2',
      { field: 'points[1].positions', value: 1, pointIndex: 1 },
    ],
    [
      'velocities of the wrong length',
      { joint_names: names, points: [pt(0, 0, [0, 0], [0, 0, 0])] },
      undefined,
      'TRAJ_POINT_SIZE',
      'points[0].velocities has 3 entries; expected 0 or 2',
      { field: 'points[0].velocities', value: 3, pointIndex: 0 },
    ],
    [
      'accelerations of the wrong length',
      { joint_names: names, points: [pt(0, 0, [0, 0], [], [1])] },
      undefined,
      'TRAJ_POINT_SIZE',
      'points[0].accelerations has 1 entries; expected 0 or 2',
      { field: 'points[0].accelerations' },
    ],
    [
      'a NaN position',
      { joint_names: names, points: [pt(0, 0, [0, Number.NaN])] },
      undefined,
      'TRAJ_NOT_FINITE',
      'points[0].positions[1] (joint "knee_left") is',
      { field: 'points[0].positions[1]', joint: 'knee_left' },
    ],
    [
      'an infinite velocity',
      { joint_names: names, points: [pt(0, 0, [0, 0], [Number.POSITIVE_INFINITY, 0])] },
      undefined,
      'TRAJ_NOT_FINITE',
      'points[0].velocities[0] (joint "hip_left")',
      { field: 'points[0].velocities[0]' },
    ],
    [
      'equal times',
      { joint_names: names, points: [pt(1, 0, [0, 0]), pt(1, 0, [1, 1])] },
      undefined,
      'TRAJ_TIME_NOT_INCREASING',
      'points[1].time_from_start is 1 s, not after points[0] at 1 s',
      { field: 'points[1].time_from_start', value: 1, pointIndex: 1 },
    ],
    [
      'times going back',
      { joint_names: names, points: [pt(0, 0, [0, 0]), pt(2, 0, [1, 1]), pt(1, 500_000_000, [2, 2])] },
      undefined,
      'TRAJ_TIME_NOT_INCREASING',
      'points[2].time_from_start is 1.5 s, not after points[1] at 2 s',
      { pointIndex: 2, value: 1.5 },
    ],
    [
      'nanosec out of range',
      { joint_names: names, points: [pt(0, 1_000_000_000, [0, 0])] },
      undefined,
      'TRAJ_BAD_TIME',
      'points[0].time_from_start.nanosec is 1000000000; expected a whole number in [0, 999999999]',
      { field: 'points[0].time_from_start.nanosec' },
    ],
    [
      'negative sec',
      { joint_names: names, points: [pt(-1, 0, [0, 0])] },
      undefined,
      'TRAJ_BAD_TIME',
      'points[0].time_from_start.sec is -1; expected a whole number ≥ 0',
      { field: 'points[0].time_from_start.sec', value: -1 },
    ],
    [
      'a start state for another joint count',
      { joint_names: names, points: [pt(1, 0, [0, 0])] },
      { positions: [0] },
      'TRAJ_JOINT_MISMATCH',
      'startState.positions has 1 entries; expected 2',
      { field: 'startState.positions' },
    ],
    [
      'a NaN start velocity',
      { joint_names: names, points: [pt(1, 0, [0, 0])] },
      { positions: [0, 0], velocities: [0, Number.NaN] },
      'TRAJ_NOT_FINITE',
      'startState.velocities[1] (joint "knee_left")',
      { field: 'startState.velocities[1]' },
    ],
  ])('rejects %s', (_name, traj, startState, code, text, context) => {
    for (const check of [() => validateJointTrajectory(traj, startState), () => new JointTrajectorySampler(traj, startState === undefined ? {} : { startState })]) {
      let caught: unknown;
      try {
        check();
      } catch (e) {
        caught = e;
      }
      expect(isKindredError(caught, code), String(caught)).toBe(true);
      if (!isKindredError(caught)) return;
      expect(caught.message).toContain(text);
      expect(caught.context).toMatchObject(context);
    }
  });
});
