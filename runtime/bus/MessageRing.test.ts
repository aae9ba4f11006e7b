import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageRing } from './MessageRing.js';

describe('MessageRing', () => {
  it('keeps the newest `capacity` items in order and reports drops', () => {
    const ring = new MessageRing<number>(3);
    expect([1, 2, 3, 4, 5].map((n) => ring.push(n, n * 10))).toEqual([false, false, false, true, true]);
    expect(ring.entries()).toEqual([
      [30, 3],
      [40, 4],
      [50, 5],
    ]);
    expect(ring.shift()).toBe(3);
    expect(ring.size).toBe(2);
    ring.clear();
    expect(ring.shift()).toBeUndefined();
  });

  it('behaves like an array that drops from the front (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.option(fc.integer(), { nil: undefined }), { maxLength: 50 }), (capacity, ops) => {
        const ring = new MessageRing<number>(capacity);
        const model: number[] = [];
        for (const op of ops) {
          if (op === undefined) {
            expect(ring.shift()).toBe(model.shift());
          } else {
            ring.push(op);
            model.push(op);
            if (model.length > capacity) model.shift();
          }
        }
        expect(ring.entries().map((e) => e[1])).toEqual(model);
      }),
    );
  });
});
