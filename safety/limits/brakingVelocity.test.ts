import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brakingVelocity } from './brakingVelocity.js';

describe('braking look-ahead', () => {
  it.each([
    // distance, A, h → max(min(d/h, A·h), √(2·A·d) − A·h/2)
    [0, 20, 0.001, 0],
    [0.1, 20, 0.001, 1.99],
    [1e-5, 20, 0.001, 0.01],
    [1e-6, 20, 0.001, 0.001],
    [-1e-9, 20, 0.001, 0],
    [0.1, Infinity, 0.001, 100],
    [Infinity, 20, 0.001, Infinity],
  ])('d %s, A %s, h %s → %s', (d, a, h, expected) => {
    expect(brakingVelocity(d, a, h)).toBeCloseTo(expected, 12);
  });

  it('is recursively feasible: from any velocity within the bound, one period at it stays short of the limit and braking at A stays within the next bound (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.1, max: 500, noNaN: true }),
        fc.constantFrom(0.0005, 0.001, 0.004),
        (d, fraction, a, h) => {
          const v = fraction * brakingVelocity(d, a, h);
          const moved = v * h;
          expect(moved).toBeLessThanOrEqual(d * (1 + 1e-12));
          const next = Math.max(0, v - a * h);
          expect(next).toBeLessThanOrEqual(brakingVelocity(d - moved, a, h) * (1 + 1e-9) + 1e-12 * a * h);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
