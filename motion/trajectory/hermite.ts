/**
 * Hermite polynomial segments on [0, T] in the local time s = t − t0, stored as six coefficients
 * c0..c5 of p(s) = Σ c_k s^k at `offset` in `coeffs` (lower degrees leave higher coefficients 0).
 */

/** Number of coefficients stored per segment (quintic). */
export const COEFFS_PER_SEGMENT = 6;

/** Linear segment from p0 to p1 over T seconds. */
export function linearSegment(p0: number, p1: number, T: number, coeffs: Float64Array, offset: number): void {
  coeffs[offset] = p0;
  coeffs[offset + 1] = (p1 - p0) / T;
  coeffs.fill(0, offset + 2, offset + COEFFS_PER_SEGMENT);
}

/** Cubic matching position and velocity at both ends. */
export function cubicSegment(p0: number, v0: number, p1: number, v1: number, T: number, coeffs: Float64Array, offset: number): void {
  const h = p1 - p0;
  coeffs[offset] = p0;
  coeffs[offset + 1] = v0;
  coeffs[offset + 2] = (3 * h - (2 * v0 + v1) * T) / (T * T);
  coeffs[offset + 3] = (-2 * h + (v0 + v1) * T) / (T * T * T);
  coeffs[offset + 4] = 0;
  coeffs[offset + 5] = 0;
}

/** Quintic matching position, velocity and acceleration at both ends. */
export function quinticSegment(
  p0: number,
  v0: number,
  a0: number,
  p1: number,
  v1: number,
  a1: number,
  T: number,
  coeffs: Float64Array,
  offset: number,
): void {
  const h = p1 - p0;
  const T2 = T * T;
  const T3 = T2 * T;
  coeffs[offset] = p0;
  coeffs[offset + 1] = v0;
  coeffs[offset + 2] = a0 / 2;
  coeffs[offset + 3] = (20 * h - (8 * v1 + 12 * v0) * T - (3 * a0 - a1) * T2) / (2 * T3);
  coeffs[offset + 4] = (-30 * h + (14 * v1 + 16 * v0) * T + (3 * a0 - 2 * a1) * T2) / (2 * T3 * T);
  coeffs[offset + 5] = (12 * h - 6 * (v1 + v0) * T + (a1 - a0) * T2) / (2 * T3 * T2);
}

/** Position and first three derivatives of the segment at local time `s`, written into `out`. */
export function evaluateSegment(
  coeffs: Float64Array,
  offset: number,
  s: number,
  out: { position: number; velocity: number; acceleration: number; jerk: number },
): void {
  const c0 = coeffs[offset] ?? 0;
  const c1 = coeffs[offset + 1] ?? 0;
  const c2 = coeffs[offset + 2] ?? 0;
  const c3 = coeffs[offset + 3] ?? 0;
  const c4 = coeffs[offset + 4] ?? 0;
  const c5 = coeffs[offset + 5] ?? 0;
  out.position = c0 + s * (c1 + s * (c2 + s * (c3 + s * (c4 + s * c5))));
  out.velocity = c1 + s * (2 * c2 + s * (3 * c3 + s * (4 * c4 + s * 5 * c5)));
  out.acceleration = 2 * c2 + s * (6 * c3 + s * (12 * c4 + s * 20 * c5));
  out.jerk = 6 * c3 + s * (24 * c4 + s * 60 * c5);
}
