import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKindredError } from '../errors/index.js';
import { nsFromStamp, stampFromNs, STAMP_MAX_NS, STAMP_MIN_NS } from './index.js';

describe('stampFromNs / nsFromStamp', () => {
  it('round-trips every nanosecond count a Time can hold', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: STAMP_MIN_NS, max: STAMP_MAX_NS }), (ns) => {
        const t = stampFromNs(ns);
        expect(Number.isInteger(t.sec)).toBe(true);
        expect(t.nanosec).toBeGreaterThanOrEqual(0);
        expect(t.nanosec).toBeLessThan(1e9);
        expect(nsFromStamp(t)).toBe(ns);
      }),
    );
  });

  it('round-trips every valid stamp', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 999_999_999 }), (sec, nanosec) => {
        expect(stampFromNs(nsFromStamp({ sec, nanosec }))).toEqual({ sec, nanosec });
      }),
    );
  });

  it.each<[bigint, number, number]>([
    [0n, 0, 0],
    [1_500_000_000n, 1, 500_000_000],
    [-1n, -1, 999_999_999],
    [-1_000_000_000n, -1, 0],
    [STAMP_MAX_NS, 2 ** 31 - 1, 999_999_999],
    [STAMP_MIN_NS, -(2 ** 31), 0],
  ])('stampFromNs(%s) = { sec: %s, nanosec: %s }', (ns, sec, nanosec) => {
    expect(stampFromNs(ns)).toEqual({ sec, nanosec });
  });

  const rejects = (f: () => unknown, text: RegExp): void => {
    let caught: unknown;
    try {
      f();
    } catch (e) {
      caught = e;
    }
    expect(isKindredError(caught, 'MSG_STAMP_OUT_OF_RANGE'), String(caught)).toBe(true);
    expect((caught as Error).message).toMatch(text);
  };

  it.each([STAMP_MAX_NS + 1n, STAMP_MIN_NS - 1n])('rejects %s ns (beyond int32 seconds)', (ns) => {
    rejects(() => stampFromNs(ns), /does not fit builtin_interfaces\/Time/);
  });

  it.each<[number, number, RegExp]>([
    [0, 1e9, /nanosec is 1000000000/],
    [0, -1, /nanosec is -1/],
    [0, 0.5, /nanosec is 0.5/],
    [2 ** 31, 0, /sec is 2147483648/],
    [Number.NaN, 0, /sec is/],
  ])('rejects { sec: %s, nanosec: %s }', (sec, nanosec, text) => {
    rejects(() => nsFromStamp({ sec, nanosec }), text);
  });
});
