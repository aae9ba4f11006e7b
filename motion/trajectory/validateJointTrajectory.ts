import { KindredError, show } from '../../runtime/errors/index.js';
import type { JointTrajectoryLike, TrajectoryStartState } from './JointTrajectory.js';
import { durationToSeconds } from './JointTrajectory.js';

function checkValues(values: readonly number[], field: string, jointNames: readonly string[]): void {
  for (let j = 0; j < values.length; j++) {
    const v = values[j];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new KindredError('TRAJ_NOT_FINITE', `${field}[${j}] (joint ${show(jointNames[j])}) is ${show(v)}; expected a finite number`, {
        field: `${field}[${j}]`,
        value: v,
        expected: 'a finite number',
        joint: jointNames[j],
      });
    }
  }
}

function checkSize(length: number, jointCount: number, field: string, optional: boolean, pointIndex?: number): void {
  if (length === jointCount || (optional && length === 0)) return;
  const expected = optional ? `0 or ${jointCount}` : `${jointCount}`;
  const code = pointIndex === undefined ? 'TRAJ_JOINT_MISMATCH' : 'TRAJ_POINT_SIZE';
  throw new KindredError(code, `${field} has ${length} entries; expected ${expected} (one per joint)`, {
    field,
    value: length,
    expected: `${expected} entries`,
    ...(pointIndex === undefined ? {} : { pointIndex }),
  });
}

/**
 * Checks a JointTrajectory before it is sampled (ros2_control's rules): at least one joint and one
 * point, unique joint names, `positions` one per joint, `velocities`/`accelerations` empty or one per
 * joint, finite values, valid and strictly increasing `time_from_start`, and a start state (if
 * given) with one entry per joint. Throws a coded KindredError naming the point, field and value.
 * Returns each point's time in seconds.
 */
export function validateJointTrajectory(traj: JointTrajectoryLike, startState?: TrajectoryStartState): Float64Array {
  const names = traj.joint_names;
  if (names.length === 0 || traj.points.length === 0) {
    const field = names.length === 0 ? 'joint_names' : 'points';
    throw new KindredError('TRAJ_EMPTY', `${field} is empty; expected at least one entry`, { field, value: 0, expected: '≥ 1 entry' });
  }
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const first = seen.get(name);
    if (first !== undefined) {
      throw new KindredError('TRAJ_JOINT_MISMATCH', `joint_names[${i}] ${show(name)} repeats joint_names[${first}]; expected unique joint names`, {
        field: `joint_names[${i}]`,
        value: name,
        expected: 'a name not used before',
      });
    }
    seen.set(name, i);
  });
  const n = names.length;
  if (startState !== undefined) {
    checkSize(startState.positions.length, n, 'startState.positions', false);
    checkValues(startState.positions, 'startState.positions', names);
    if (startState.velocities !== undefined) {
      checkSize(startState.velocities.length, n, 'startState.velocities', true);
      checkValues(startState.velocities, 'startState.velocities', names);
    }
    if (startState.accelerations !== undefined) {
      checkSize(startState.accelerations.length, n, 'startState.accelerations', true);
      checkValues(startState.accelerations, 'startState.accelerations', names);
    }
  }
  const times = new Float64Array(traj.points.length);
  traj.points.forEach((point, i) => {
    const at = `points[${i}]`;
    checkSize(point.positions.length, n, `${at}.positions`, false, i);
    checkSize(point.velocities.length, n, `${at}.velocities`, true, i);
    checkSize(point.accelerations.length, n, `${at}.accelerations`, true, i);
    checkValues(point.positions, `${at}.positions`, names);
    checkValues(point.velocities, `${at}.velocities`, names);
    checkValues(point.accelerations, `${at}.accelerations`, names);
    const { sec, nanosec } = point.time_from_start;
    if (!(Number.isInteger(sec) && sec >= 0)) {
      throw new KindredError('TRAJ_BAD_TIME', `${at}.time_from_start.sec is ${show(sec)}; expected a whole number ≥ 0`, {
        field: `${at}.time_from_start.sec`,
        value: sec,
        expected: 'a whole number ≥ 0',
        pointIndex: i,
      });
    }
    if (!(Number.isInteger(nanosec) && nanosec >= 0 && nanosec < 1e9)) {
      throw new KindredError('TRAJ_BAD_TIME', `${at}.time_from_start.nanosec is ${show(nanosec)}; expected a whole number in [0, 999999999]`, {
        field: `${at}.time_from_start.nanosec`,
        value: nanosec,
        expected: 'a whole number in [0, 999999999]',
        pointIndex: i,
      });
    }
    const t = durationToSeconds(point.time_from_start);
    const prev = i > 0 ? (times[i - 1] ?? 0) : undefined;
    if (prev !== undefined && !(t > prev)) {
      throw new KindredError(
        'TRAJ_TIME_NOT_INCREASING',
        `${at}.time_from_start is ${show(t)} s, not after points[${i - 1}] at ${show(prev)} s; expected strictly increasing times`,
        { field: `${at}.time_from_start`, value: t, expected: `> ${prev} s`, pointIndex: i },
      );
    }
    times[i] = t;
  });
  return times;
}
