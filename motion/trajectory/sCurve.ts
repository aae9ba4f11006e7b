import { requireFinite, requireLimit } from './checks.js';
import { PiecewiseJerkProfile } from './PiecewiseJerkProfile.js';

export interface SCurveMove {
  /** Start and goal positions (rad or m); the move is rest to rest. */
  readonly from: number;
  readonly to: number;
  /** Limits (per second, per second², per second³ of the joint unit), each > 0. */
  readonly vMax: number;
  readonly aMax: number;
  readonly jMax: number;
}

/**
 * Durations of the jerk-limited speed-up from rest to `v`: `rampS` spent at ±jMax at each end and
 * `totalS` for the whole speed-up (the constant-acceleration middle is totalS − 2·rampS).
 */
function speedUp(v: number, aMax: number, jMax: number): { rampS: number; totalS: number } {
  if (v * jMax >= aMax * aMax) return { rampS: aMax / jMax, totalS: v / aMax + aMax / jMax };
  const rampS = Math.sqrt(v / jMax);
  return { rampS, totalS: 2 * rampS };
}

/**
 * The time-optimal rest-to-rest jerk-limited ("double S", 7-phase) profile: jerk +j, constant
 * acceleration, jerk −j, cruise, then the mirror image. The cruise is dropped when vMax cannot be
 * reached, and the constant-acceleration phases when aMax cannot. The distance covered by a
 * symmetric speed-up to peak speed v and slow-down is v·T_speedUp(v), which increases with v; the
 * peak speed is the largest v ≤ vMax whose speed-up and slow-down fit in the distance, found in
 * closed form for each case.
 */
export function sCurve(move: SCurveMove): PiecewiseJerkProfile {
  const { from, to, vMax, aMax, jMax } = move;
  requireFinite(from, 'from');
  requireFinite(to, 'to');
  requireLimit(vMax, 'vMax');
  requireLimit(aMax, 'aMax');
  requireLimit(jMax, 'jMax');
  const d = to - from;
  const sign = d >= 0 ? 1 : -1;
  const D = Math.abs(d);
  let vPeak: number;
  let cruiseS = 0;
  const full = speedUp(vMax, aMax, jMax);
  if (D >= vMax * full.totalS) {
    vPeak = vMax;
    cruiseS = (D - vMax * full.totalS) / vMax;
  } else {
    // Case aMax reached: v²/aMax + v·aMax/jMax = D.
    const k = (aMax * aMax) / jMax;
    vPeak = (-k + Math.sqrt(k * k + 4 * D * aMax)) / 2;
    if (vPeak < k) {
      // aMax not reached: D = 2·jMax·Tj³, v = jMax·Tj².
      const rampS = Math.cbrt(D / (2 * jMax));
      vPeak = jMax * rampS * rampS;
    }
  }
  const { rampS, totalS } = speedUp(vPeak, aMax, jMax);
  const holdS = Math.max(0, totalS - 2 * rampS);
  const aPeak = Math.min(aMax, jMax * rampS);
  const j = sign * jMax;
  const a = sign * aPeak;
  return new PiecewiseJerkProfile(
    from,
    to,
    0,
    [rampS, holdS, rampS, cruiseS, rampS, holdS, rampS],
    [0, a, a, 0, 0, -a, -a],
    [j, 0, -j, 0, -j, 0, j],
  );
}
