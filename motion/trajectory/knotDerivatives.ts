import { COEFFS_PER_SEGMENT, cubicSegment, evaluateSegment, quinticSegment } from './hermite.js';

/**
 * Knot derivatives for splines through given positions at given times, chosen to minimise a
 * squared-derivative cost over the whole spline:
 *
 * - `cubicSplineVelocities`: piecewise cubic Hermite, minimising ∫ acceleration² dt. With free
 *   interior velocities this is the C2 cubic spline (acceleration continuous at the knots).
 * - `minimumJerkKnotDerivatives`: piecewise quintic Hermite, minimising ∫ jerk² dt (Flash & Hogan's
 *   criterion). With free interior velocities and accelerations the optimum is C4 at the knots:
 *   velocity, acceleration, jerk and snap continuous, which is the fixed-time via-point solution.
 *
 * A knot's derivative is free where `fixed…[i]` is `undefined`, pinned otherwise. The cost is a
 * positive-definite quadratic in the free derivatives; its per-segment Hessian is integrated exactly
 * by 3-point Gauss–Legendre quadrature (the integrand is a polynomial of degree ≤ 4) and the
 * block-tridiagonal normal equations are solved by block Thomas elimination (stable for SPD
 * systems). Inputs are assumed validated: times strictly increasing, values finite.
 */

const GAUSS_NODES = [0.5 - Math.sqrt(15) / 10, 0.5, 0.5 + Math.sqrt(15) / 10] as const;
const GAUSS_WEIGHTS = [5 / 18, 8 / 18, 5 / 18] as const;

type Fixed = readonly (number | undefined)[];

export function cubicSplineVelocities(timesS: ArrayLike<number>, positions: ArrayLike<number>, fixedVelocities: Fixed): Float64Array {
  const x = solveKnotDerivatives(timesS, positions, 1, [fixedVelocities]);
  return x;
}

export function minimumJerkKnotDerivatives(
  timesS: ArrayLike<number>,
  positions: ArrayLike<number>,
  fixedVelocities: Fixed,
  fixedAccelerations: Fixed,
): { velocities: Float64Array; accelerations: Float64Array } {
  const n = timesS.length;
  const x = solveKnotDerivatives(timesS, positions, 2, [fixedVelocities, fixedAccelerations]);
  const velocities = new Float64Array(n);
  const accelerations = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    velocities[i] = x[2 * i] ?? 0;
    accelerations[i] = x[2 * i + 1] ?? 0;
  }
  return { velocities, accelerations };
}

/**
 * Local cost Hessian of one segment over z = [p0, d0(b), p1, d1(b)] where d = [v] (b = 1, cubic,
 * cost on acceleration) or d = [v, a] (b = 2, quintic, cost on jerk).
 */
function segmentHessian(b: 1 | 2, T: number): Float64Array {
  const m = 2 + 2 * b;
  const coeffs = new Float64Array(COEFFS_PER_SEGMENT);
  const sample = { position: 0, velocity: 0, acceleration: 0, jerk: 0 };
  // r[g * m + k]: the costed derivative of basis function k at Gauss node g.
  const r = new Float64Array(3 * m);
  for (let k = 0; k < m; k++) {
    const z = new Float64Array(m);
    z[k] = 1;
    if (b === 1) cubicSegment(z[0] ?? 0, z[1] ?? 0, z[2] ?? 0, z[3] ?? 0, T, coeffs, 0);
    else quinticSegment(z[0] ?? 0, z[1] ?? 0, z[2] ?? 0, z[3] ?? 0, z[4] ?? 0, z[5] ?? 0, T, coeffs, 0);
    for (let g = 0; g < 3; g++) {
      evaluateSegment(coeffs, 0, (GAUSS_NODES[g] ?? 0) * T, sample);
      r[g * m + k] = b === 1 ? sample.acceleration : sample.jerk;
    }
  }
  const H = new Float64Array(m * m);
  for (let g = 0; g < 3; g++) {
    const w = (GAUSS_WEIGHTS[g] ?? 0) * T;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) H[i * m + j] = (H[i * m + j] ?? 0) + w * (r[g * m + i] ?? 0) * (r[g * m + j] ?? 0);
    }
  }
  return H;
}

function at(a: Float64Array, i: number): number {
  return a[i] ?? 0;
}

/** b×b inverse (b = 1 or 2) of `M` into `out`. */
function invertSmall(b: 1 | 2, M: Float64Array, out: Float64Array): void {
  if (b === 1) {
    out[0] = 1 / at(M, 0);
    return;
  }
  const det = at(M, 0) * at(M, 3) - at(M, 1) * at(M, 2);
  out[0] = at(M, 3) / det;
  out[1] = -at(M, 1) / det;
  out[2] = -at(M, 2) / det;
  out[3] = at(M, 0) / det;
}

function solveKnotDerivatives(timesS: ArrayLike<number>, positions: ArrayLike<number>, b: 1 | 2, fixed: readonly Fixed[]): Float64Array {
  const n = timesS.length;
  const bb = b * b;
  const D = new Float64Array(n * bb); // diagonal blocks
  const U = new Float64Array(Math.max(0, n - 1) * bb); // U_i couples knot i (rows) to knot i+1 (cols)
  const rhs = new Float64Array(n * b);
  const m = 2 + 2 * b;
  for (let k = 0; k + 1 < n; k++) {
    const H = segmentHessian(b, (timesS[k + 1] ?? 0) - (timesS[k] ?? 0));
    const p0 = positions[k] ?? 0;
    const p1 = positions[k + 1] ?? 0;
    for (let i = 0; i < b; i++) {
      const i0 = 1 + i; // d0 component i
      const i1 = 2 + b + i; // d1 component i
      for (let j = 0; j < b; j++) {
        const j0 = 1 + j;
        const j1 = 2 + b + j;
        D[k * bb + i * b + j] = at(D, k * bb + i * b + j) + at(H, i0 * m + j0);
        D[(k + 1) * bb + i * b + j] = at(D, (k + 1) * bb + i * b + j) + at(H, i1 * m + j1);
        U[k * bb + i * b + j] = at(U, k * bb + i * b + j) + at(H, i0 * m + j1);
      }
      rhs[k * b + i] = at(rhs, k * b + i) - at(H, i0 * m) * p0 - at(H, i0 * m + 1 + b) * p1;
      rhs[(k + 1) * b + i] = at(rhs, (k + 1) * b + i) - at(H, i1 * m) * p0 - at(H, i1 * m + 1 + b) * p1;
    }
  }
  // Pin fixed derivatives: identity row and column, their couplings moved to the right-hand side.
  for (let c = 0; c < b; c++) {
    const values = fixed[c] ?? [];
    for (let i = 0; i < n; i++) {
      const value = values[i];
      if (value === undefined) continue;
      for (let c2 = 0; c2 < b; c2++) {
        if (c2 === c) continue;
        rhs[i * b + c2] = at(rhs, i * b + c2) - at(D, i * bb + c2 * b + c) * value;
        D[i * bb + c2 * b + c] = 0;
        D[i * bb + c * b + c2] = 0;
      }
      D[i * bb + c * b + c] = 1;
      rhs[i * b + c] = value;
      if (i > 0) {
        for (let c2 = 0; c2 < b; c2++) {
          rhs[(i - 1) * b + c2] = at(rhs, (i - 1) * b + c2) - at(U, (i - 1) * bb + c2 * b + c) * value;
          U[(i - 1) * bb + c2 * b + c] = 0;
        }
      }
      if (i + 1 < n) {
        for (let c2 = 0; c2 < b; c2++) {
          rhs[(i + 1) * b + c2] = at(rhs, (i + 1) * b + c2) - at(U, i * bb + c * b + c2) * value;
          U[i * bb + c * b + c2] = 0;
        }
      }
    }
  }
  // Block Thomas: forward elimination, then back substitution.
  const Cp = new Float64Array(Math.max(0, n - 1) * bb);
  const rp = new Float64Array(n * b);
  const M = new Float64Array(bb);
  const Minv = new Float64Array(bb);
  const v = new Float64Array(b);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < b; r++) {
      v[r] = at(rhs, i * b + r);
      for (let c = 0; c < b; c++) M[r * b + c] = at(D, i * bb + r * b + c);
    }
    if (i > 0) {
      // M -= U_{i-1}ᵀ C'_{i-1};  v -= U_{i-1}ᵀ r'_{i-1}
      for (let r = 0; r < b; r++) {
        for (let c = 0; c < b; c++) {
          let s = 0;
          for (let k = 0; k < b; k++) s += at(U, (i - 1) * bb + k * b + r) * at(Cp, (i - 1) * bb + k * b + c);
          M[r * b + c] = at(M, r * b + c) - s;
        }
        let s = 0;
        for (let k = 0; k < b; k++) s += at(U, (i - 1) * bb + k * b + r) * at(rp, (i - 1) * b + k);
        v[r] = at(v, r) - s;
      }
    }
    invertSmall(b, M, Minv);
    for (let r = 0; r < b; r++) {
      let s = 0;
      for (let k = 0; k < b; k++) s += at(Minv, r * b + k) * at(v, k);
      rp[i * b + r] = s;
      if (i + 1 < n) {
        for (let c = 0; c < b; c++) {
          let t = 0;
          for (let k = 0; k < b; k++) t += at(Minv, r * b + k) * at(U, i * bb + k * b + c);
          Cp[i * bb + r * b + c] = t;
        }
      }
    }
  }
  const x = new Float64Array(n * b);
  for (let i = n - 1; i >= 0; i--) {
    for (let r = 0; r < b; r++) {
      let s = at(rp, i * b + r);
      if (i + 1 < n) for (let k = 0; k < b; k++) s -= at(Cp, i * bb + r * b + k) * at(x, (i + 1) * b + k);
      x[i * b + r] = s;
    }
  }
  return x;
}
