/**
 * A fixed-bucket histogram of nanosecond durations over a caller-provided Uint32Array (which may live
 * in shared memory), so recording never allocates. Three linear tiers:
 *   0–200 µs in 0.5 µs buckets, 200 µs–10 ms in 10 µs buckets, 10 ms–1 s in 1 ms buckets, then overflow.
 * Percentiles report the upper edge of the bucket they fall in (an upper bound, at most one bucket
 * width above the true value).
 */
const T1_END_NS = 200_000;
const T1_STEP_NS = 500;
const T2_END_NS = 10_000_000;
const T2_STEP_NS = 10_000;
const T3_END_NS = 1_000_000_000;
const T3_STEP_NS = 1_000_000;
const T1_N = T1_END_NS / T1_STEP_NS;
const T2_N = (T2_END_NS - T1_END_NS) / T2_STEP_NS;
const T3_N = (T3_END_NS - T2_END_NS) / T3_STEP_NS;

/** Number of Uint32 slots a histogram needs (buckets + overflow). */
export const HISTOGRAM_BUCKETS = T1_N + T2_N + T3_N + 1;

export function bucketOf(ns: number): number {
  if (!(ns > 0)) return 0;
  if (ns < T1_END_NS) return Math.floor(ns / T1_STEP_NS);
  if (ns < T2_END_NS) return T1_N + Math.floor((ns - T1_END_NS) / T2_STEP_NS);
  if (ns < T3_END_NS) return T1_N + T2_N + Math.floor((ns - T2_END_NS) / T3_STEP_NS);
  return HISTOGRAM_BUCKETS - 1;
}

/** Upper edge of bucket `b` in ns (Infinity for overflow). */
export function bucketUpperNs(b: number): number {
  if (b < T1_N) return (b + 1) * T1_STEP_NS;
  if (b < T1_N + T2_N) return T1_END_NS + (b - T1_N + 1) * T2_STEP_NS;
  if (b < HISTOGRAM_BUCKETS - 1) return T2_END_NS + (b - T1_N - T2_N + 1) * T3_STEP_NS;
  return Number.POSITIVE_INFINITY;
}

export function record(buckets: Uint32Array, ns: number): void {
  buckets[bucketOf(ns)]! += 1;
}

export interface Percentiles {
  readonly count: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
  readonly p999Ns: number;
}

/** Percentiles of a histogram snapshot (not for use inside the cycle). */
export function percentiles(buckets: Uint32Array): Percentiles {
  let count = 0;
  for (let b = 0; b < buckets.length; b++) count += buckets[b]!;
  const at = (q: number): number => {
    if (count === 0) return 0;
    const rank = Math.ceil(q * count);
    let seen = 0;
    for (let b = 0; b < buckets.length; b++) {
      seen += buckets[b]!;
      if (seen >= rank) return bucketUpperNs(b);
    }
    return Number.POSITIVE_INFINITY;
  };
  return { count, p50Ns: at(0.5), p99Ns: at(0.99), p999Ns: at(0.999) };
}
