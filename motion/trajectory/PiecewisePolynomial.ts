import { COEFFS_PER_SEGMENT, evaluateSegment } from './hermite.js';
import type { MotionSample } from './Profile.js';

/**
 * A piecewise polynomial (degree ≤ 5) over strictly increasing knot times `knotsS`; segment k spans
 * [knotsS[k], knotsS[k+1]] and stores its coefficients in local time at k·6 in `coeffs`.
 */
export class PiecewisePolynomial {
  readonly knotsS: Float64Array;
  readonly coeffs: Float64Array;

  constructor(knotsS: Float64Array, coeffs: Float64Array) {
    this.knotsS = knotsS;
    this.coeffs = coeffs;
  }

  get segmentCount(): number {
    return this.knotsS.length - 1;
  }

  /** Index of the segment containing `tS` (clamped to the first and last segment). */
  segmentAt(tS: number): number {
    const knots = this.knotsS;
    let lo = 0;
    let hi = knots.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((knots[mid] ?? 0) <= tS) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Evaluates at `tS`, clamped to [first knot, last knot]; writes into `out` and returns it. */
  evaluate(tS: number, out: MotionSample): MotionSample {
    const first = this.knotsS[0] ?? 0;
    const last = this.knotsS[this.knotsS.length - 1] ?? 0;
    const t = tS < first ? first : tS > last ? last : tS;
    const k = this.segmentAt(t);
    evaluateSegment(this.coeffs, k * COEFFS_PER_SEGMENT, t - (this.knotsS[k] ?? 0), out);
    return out;
  }
}
