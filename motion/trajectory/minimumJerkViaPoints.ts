import { KindredError, show } from '../../runtime/errors/index.js';
import { requireFinite } from './checks.js';
import { COEFFS_PER_SEGMENT, quinticSegment } from './hermite.js';
import { minimumJerkKnotDerivatives } from './knotDerivatives.js';
import { PiecewisePolynomial } from './PiecewisePolynomial.js';
import type { MotionSample, Profile } from './Profile.js';

export interface ViaPointMotion {
  /** Joint positions (rad or m): start, via points, goal. At least two. */
  readonly positions: readonly number[];
  /** Time of each position in seconds; `timesS[0]` is 0 and times strictly increase. */
  readonly timesS: readonly number[];
  /** Boundary conditions; each defaults to 0 (start and end at rest). */
  readonly startVelocity?: number;
  readonly startAcceleration?: number;
  readonly endVelocity?: number;
  readonly endAcceleration?: number;
}

/** A via-point minimum-jerk profile, with the velocities and accelerations it passes the knots at. */
export interface ViaPointProfile extends Profile {
  readonly timesS: Float64Array;
  readonly knotVelocities: Float64Array;
  readonly knotAccelerations: Float64Array;
}

/** Throws TRAJ_TIME_NOT_INCREASING / TRAJ_BAD_TIME unless `timesS` starts at 0 and strictly increases. */
function checkTimes(timesS: readonly number[]): void {
  timesS.forEach((t, i) => requireFinite(t, `timesS[${i}]`));
  if (timesS[0] !== 0) {
    throw new KindredError('TRAJ_BAD_TIME', `timesS[0] is ${show(timesS[0])} s; expected 0 (the motion starts at t = 0)`, {
      field: 'timesS[0]',
      value: timesS[0],
      expected: '0',
    });
  }
  for (let i = 1; i < timesS.length; i++) {
    const prev = timesS[i - 1] ?? 0;
    const t = timesS[i] ?? 0;
    if (!(t > prev)) {
      throw new KindredError(
        'TRAJ_TIME_NOT_INCREASING',
        `timesS[${i}] is ${show(t)} s, not after timesS[${i - 1}] = ${show(prev)} s; expected strictly increasing times`,
        { field: `timesS[${i}]`, value: t, expected: `> ${prev}`, index: i },
      );
    }
  }
}

/**
 * Minimum-jerk motion through via points at fixed times (Flash & Hogan 1985, with the via times
 * given rather than optimised). Implemented as piecewise quintics: the velocity and acceleration at
 * each via point are the ones that minimise ∫ jerk² dt over the whole motion, which makes position
 * through snap (4th derivative) continuous at the via points; with no via points it is the
 * point-to-point closed form.
 */
export function minimumJerkViaPoints(motion: ViaPointMotion): ViaPointProfile {
  const { positions, timesS } = motion;
  if (positions.length < 2) {
    throw new KindredError('TRAJ_EMPTY', `positions has ${positions.length} entries; expected at least 2 (start and goal)`, {
      field: 'positions',
      value: positions.length,
      expected: '≥ 2 entries',
    });
  }
  if (timesS.length !== positions.length) {
    throw new KindredError('TRAJ_POINT_SIZE', `timesS has ${timesS.length} entries; expected ${positions.length}, one per position`, {
      field: 'timesS',
      value: timesS.length,
      expected: `${positions.length} entries`,
    });
  }
  positions.forEach((p, i) => requireFinite(p, `positions[${i}]`));
  checkTimes(timesS);
  const n = positions.length;
  const v0 = motion.startVelocity ?? 0;
  const a0 = motion.startAcceleration ?? 0;
  const v1 = motion.endVelocity ?? 0;
  const a1 = motion.endAcceleration ?? 0;
  requireFinite(v0, 'startVelocity');
  requireFinite(a0, 'startAcceleration');
  requireFinite(v1, 'endVelocity');
  requireFinite(a1, 'endAcceleration');

  const fixedV: (number | undefined)[] = new Array<number | undefined>(n).fill(undefined);
  const fixedA: (number | undefined)[] = new Array<number | undefined>(n).fill(undefined);
  fixedV[0] = v0;
  fixedA[0] = a0;
  fixedV[n - 1] = v1;
  fixedA[n - 1] = a1;
  const knots = Float64Array.from(timesS);
  const { velocities, accelerations } = minimumJerkKnotDerivatives(knots, positions, fixedV, fixedA);
  const coeffs = new Float64Array((n - 1) * COEFFS_PER_SEGMENT);
  for (let k = 0; k + 1 < n; k++) {
    quinticSegment(
      positions[k] ?? 0,
      velocities[k] ?? 0,
      accelerations[k] ?? 0,
      positions[k + 1] ?? 0,
      velocities[k + 1] ?? 0,
      accelerations[k + 1] ?? 0,
      (knots[k + 1] ?? 0) - (knots[k] ?? 0),
      coeffs,
      k * COEFFS_PER_SEGMENT,
    );
  }
  const poly = new PiecewisePolynomial(knots, coeffs);
  const from = positions[0] ?? 0;
  const to = positions[n - 1] ?? 0;
  const durationS = knots[n - 1] ?? 0;
  return {
    from,
    to,
    durationS,
    startVelocity: v0,
    timesS: knots,
    knotVelocities: velocities,
    knotAccelerations: accelerations,
    sample(tS: number, out: MotionSample): MotionSample {
      if (tS < 0 || tS > durationS) {
        out.position = tS < 0 ? from : to;
        out.velocity = 0;
        out.acceleration = 0;
        out.jerk = 0;
        return out;
      }
      poly.evaluate(tS, out);
      // Exact ends despite rounding in the polynomial coefficients.
      if (tS === 0) out.position = from;
      else if (tS === durationS) out.position = to;
      return out;
    },
  };
}
