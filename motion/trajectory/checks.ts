import { KindredError, show } from '../../runtime/errors/index.js';

/** Throws TRAJ_NOT_FINITE unless `value` is a finite number. */
export function requireFinite(value: number, field: string): void {
  if (!Number.isFinite(value)) {
    throw new KindredError('TRAJ_NOT_FINITE', `${field} is ${show(value)}; expected a finite number`, {
      field,
      value,
      expected: 'a finite number',
    });
  }
}

/** Throws TRAJ_BAD_LIMIT unless `value` is a finite number > 0. */
export function requireLimit(value: number, field: string): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new KindredError('TRAJ_BAD_LIMIT', `${field} is ${show(value)}; expected a finite number > 0`, {
      field,
      value,
      expected: 'a finite number > 0',
    });
  }
}

/** Throws TRAJ_BAD_DURATION unless `value` is a finite number of seconds > 0. */
export function requireDuration(value: number, field: string): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new KindredError('TRAJ_BAD_DURATION', `${field} is ${show(value)} s; expected a finite number of seconds > 0`, {
      field,
      value,
      expected: 'a finite number of seconds > 0',
    });
  }
}

/** Throws TRAJ_JOINT_MISMATCH unless `length` equals `expected`. */
export function requireJointCount(length: number, expected: number, field: string): void {
  if (length !== expected) {
    throw new KindredError('TRAJ_JOINT_MISMATCH', `${field} has ${length} entries; expected ${expected}, one per joint`, {
      field,
      value: length,
      expected: `${expected} entries`,
    });
  }
}
