import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_BACKOFF } from './backoff.js';

describe('back-off between connection attempts', () => {
  it.each([
    [1, 250],
    [2, 500],
    [3, 1000],
    [4, 2000],
    [5, 4000],
    [6, 8000],
    [7, 10_000],
    [20, 10_000],
  ])('without jitter, failure %i waits %i ms (doubling from 250 ms, capped at 10 s)', (failures, expected) => {
    expect(backoffDelayMs(failures, { ...DEFAULT_BACKOFF, jitter: 0 })).toBe(expected);
  });

  it('spreads each wait by at most ±jitter and never waits longer than maxMs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (failures, r) => {
        const plain = backoffDelayMs(failures, { ...DEFAULT_BACKOFF, jitter: 0 });
        const spread = backoffDelayMs(failures, DEFAULT_BACKOFF, () => r);
        expect(spread).toBeLessThanOrEqual(DEFAULT_BACKOFF.maxMs);
        expect(spread).toBeGreaterThanOrEqual(Math.floor(plain * (1 - DEFAULT_BACKOFF.jitter)));
        expect(spread).toBeLessThanOrEqual(Math.ceil(plain * (1 + DEFAULT_BACKOFF.jitter)));
      }),
    );
  });

  it('draws different waits for clients that failed together, so they do not retry in step', () => {
    const waits = new Set([0.05, 0.3, 0.6, 0.95].map((r) => backoffDelayMs(3, DEFAULT_BACKOFF, () => r)));
    expect(waits.size).toBe(4);
  });
});
