/**
 * A voluntary-effort time profile, stored flat as [t0, level0, t1, level1, …] (times increasing):
 * linear between points, held before the first and after the last. Lookups walk forward from the
 * previous segment, so a run costs O(1) per step and allocates nothing.
 */

/** Index of the segment whose start time is the last one ≤ `timeS`, searching forward from `cursor`. */
export function effortCursorAt(points: Float64Array, timeS: number, cursor: number): number {
  let c = cursor;
  if (2 * c >= points.length || (points[2 * c] ?? 0) > timeS) c = 0;
  while (2 * (c + 1) < points.length && (points[2 * (c + 1)] ?? Infinity) <= timeS) c++;
  return c;
}

/** The profile's level at `timeS`, given the segment index from `effortCursorAt`. */
export function effortLevelAt(points: Float64Array, timeS: number, cursor: number): number {
  const t0 = points[2 * cursor] ?? 0;
  const l0 = points[2 * cursor + 1] ?? 0;
  if (timeS <= t0 || 2 * (cursor + 1) >= points.length) return l0;
  const t1 = points[2 * cursor + 2] ?? t0;
  const l1 = points[2 * cursor + 3] ?? l0;
  return t1 > t0 ? l0 + ((l1 - l0) * (timeS - t0)) / (t1 - t0) : l1;
}
