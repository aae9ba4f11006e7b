import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, bucketUpperNs, HISTOGRAM_BUCKETS, percentiles, record } from './LoopHistogram.js';

describe('LoopHistogram', () => {
  it('every value lies below its bucket upper edge and above the previous one', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2e9, noNaN: true }), (ns) => {
        const b = bucketOf(ns);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThan(HISTOGRAM_BUCKETS);
        expect(ns).toBeLessThan(bucketUpperNs(b) + 1e-6);
        if (b > 0) expect(ns).toBeGreaterThanOrEqual(bucketUpperNs(b - 1) - 1e-6);
      }),
    );
  });

  it('percentiles of a known distribution', () => {
    const h = new Uint32Array(HISTOGRAM_BUCKETS);
    for (let i = 0; i < 1000; i++) record(h, 10_000); // 10 µs
    record(h, 5_000_000); // one 5 ms outlier
    const p = percentiles(h);
    expect(p.count).toBe(1001);
    expect(p.p50Ns).toBe(10_500);
    expect(p.p99Ns).toBe(10_500);
    expect(p.p999Ns).toBe(10_500);
    record(h, 5_000_000);
    expect(percentiles(h).p999Ns).toBe(5_010_000);
  });
});
