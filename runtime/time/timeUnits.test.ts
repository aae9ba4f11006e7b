import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKindredError } from '../errors/index.js';
import { msFromNs, nsFromMs, nsFromS, sFromNs } from './timeUnits.js';

describe('time unit helpers', () => {
  it.each<[number, bigint]>([
    [0, 0n],
    [1, 1_000_000_000n],
    [0.002, 2_000_000n],
    [-1.5, -1_500_000_000n],
    [1.0000000004, 1_000_000_000n],
    // An epoch time keeps its sub-microsecond part: the whole seconds are not multiplied in floating point.
    [1_700_000_000.125, 1_700_000_000_125_000_000n],
  ])('nsFromS(%d) = %s', (s, ns) => {
    expect(nsFromS(s)).toBe(ns);
  });

  it.each<[number, bigint]>([
    [0, 0n],
    [2, 2_000_000n],
    [0.5, 500_000n],
    [-3.25, -3_250_000n],
  ])('nsFromMs(%d) = %s', (ms, ns) => {
    expect(nsFromMs(ms)).toBe(ns);
  });

  it.each([
    [1_500_000_000n, 1.5, 1500],
    [-2_000_000n, -0.002, -2],
    [1n, 1e-9, 1e-6],
  ])('%s ns = %d s = %d ms', (ns, s, ms) => {
    expect(sFromNs(ns)).toBeCloseTo(s, 12);
    expect(msFromNs(ns)).toBeCloseTo(ms, 9);
  });

  it.each([Number.NaN, Infinity, -Infinity])('rejects %d with TIME_BAD_VALUE', (value) => {
    for (const convert of [nsFromS, nsFromMs]) {
      try {
        convert(value);
        expect.unreachable();
      } catch (error) {
        expect(isKindredError(error, 'TIME_BAD_VALUE')).toBe(true);
        expect((error as Error).message).toMatch(new RegExp(`^time ${String(value)} m?s is not a finite number$`));
      }
    }
  });

  it('round-trips whole nanoseconds within ±1 day exactly (property)', () => {
    const day = 86_400_000_000_000n;
    fc.assert(
      fc.property(fc.bigInt({ min: -day, max: day }), (ns) => {
        expect(nsFromS(sFromNs(ns))).toBe(ns);
        expect(nsFromMs(msFromNs(ns))).toBe(ns);
      }),
    );
  });
});
