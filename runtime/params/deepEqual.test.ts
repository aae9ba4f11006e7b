import { describe, expect, it } from 'vitest';
import { deepEqual } from './deepEqual.js';

describe('deepEqual', () => {
  it.each<[unknown, unknown, boolean]>([
    [1, 1, true],
    [Number.NaN, Number.NaN, true],
    [{ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }, true],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [[1, 2], [2, 1], false],
    [[1], { 0: 1 }, false],
    [new Date(0), new Date(0), false],
  ])('%j vs %j → %s', (a, b, same) => {
    expect(deepEqual(a, b)).toBe(same);
  });
});
