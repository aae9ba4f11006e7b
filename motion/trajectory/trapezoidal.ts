import { KindredError, show } from '../../runtime/errors/index.js';
import { requireFinite, requireLimit } from './checks.js';
import { PiecewiseJerkProfile } from './PiecewiseJerkProfile.js';

export interface TrapezoidalMove {
  /** Start and goal positions (rad or m). */
  readonly from: number;
  readonly to: number;
  /** Speed limit (rad/s or m/s), > 0. */
  readonly vMax: number;
  /** Acceleration limit (rad/s² or m/s²), > 0; used for speeding up and for braking. */
  readonly aMax: number;
  /** Velocity at t = 0, |v0| ≤ vMax; default 0. The move always ends at rest. */
  readonly v0?: number;
}

/**
 * The time-optimal velocity-and-acceleration-limited motion from `from` (moving at `v0`) to rest at
 * `to`: full acceleration, cruise at vMax, full braking. It is triangular (no cruise) when the
 * distance is too short to reach vMax. When braking at once would overshoot, or `v0` points away
 * from the goal, it brakes through zero and comes back. Acceleration steps between phases, so the
 * jerk it reports is 0 (the steps are impulses).
 */
export function trapezoidal(move: TrapezoidalMove): PiecewiseJerkProfile {
  const { from, to, vMax, aMax } = move;
  const v0 = move.v0 ?? 0;
  requireFinite(from, 'from');
  requireFinite(to, 'to');
  requireLimit(vMax, 'vMax');
  requireLimit(aMax, 'aMax');
  requireFinite(v0, 'v0');
  if (Math.abs(v0) > vMax) {
    throw new KindredError('TRAJ_BAD_LIMIT', `v0 is ${show(v0)}; expected |v0| ≤ vMax = ${show(vMax)}`, {
      field: 'v0',
      value: v0,
      expected: `|v0| ≤ ${vMax}`,
    });
  }
  const d = to - from;
  const stopping = (v0 * Math.abs(v0)) / (2 * aMax);
  const excess = d - stopping;
  const sign = excess > 0 ? 1 : excess < 0 ? -1 : v0 >= 0 ? 1 : -1;
  // Work in the frame where the motion after braking heads in the positive direction.
  const D = sign * d;
  const u = sign * v0;
  let vPeak = Math.min(Math.sqrt(Math.max(0, aMax * D + (u * u) / 2)), vMax);
  if (vPeak < u) vPeak = u;
  const tAccel = (vPeak - u) / aMax;
  const tBrake = vPeak / aMax;
  const cruiseDistance = D - (vPeak * vPeak - u * u) / (2 * aMax) - (vPeak * vPeak) / (2 * aMax);
  const tCruise = vPeak > 0 ? Math.max(0, cruiseDistance / vPeak) : 0;
  return new PiecewiseJerkProfile(from, to, v0, [tAccel, tCruise, tBrake], [sign * aMax, 0, -sign * aMax], [0, 0, 0]);
}
