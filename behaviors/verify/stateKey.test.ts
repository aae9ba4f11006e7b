import { describe, expect, it } from 'vitest';
import { formatStateValue, stableStringify } from './stateKey.js';

describe('stableStringify', () => {
  it.each([
    { name: 'key order does not matter', a: { x: 1, y: 2 }, b: { y: 2, x: 1 }, same: true },
    { name: 'undefined differs from a missing key', a: { x: undefined }, b: {}, same: false },
    { name: 'a bigint differs from its number', a: 5n, b: 5, same: false },
    { name: 'NaN differs from null', a: Number.NaN, b: null, same: false },
    { name: 'Map entries in any order', a: new Map([['a', 1], ['b', 2]]), b: new Map([['b', 2], ['a', 1]]), same: true },
    { name: 'a Set differs from an array', a: new Set([1]), b: [1], same: false },
    { name: 'errors compare by name and message', a: new Error('x'), b: new Error('x'), same: true },
  ])('$name', ({ a, b, same }) => {
    expect(stableStringify(a) === stableStringify(b)).toBe(same);
  });

  it('cuts cycles instead of overflowing', () => {
    const o: { self?: unknown } = {};
    o.self = o;
    expect(stableStringify(o)).toBe('{"self":~cycle}');
  });
});

describe('formatStateValue', () => {
  it.each([
    { value: 'idle', text: 'idle' },
    { value: { session: { set: 'repetition' } }, text: 'session.set.repetition' },
    { value: { transfer: { arms: 'lifting', monitor: 'watching' } }, text: 'transfer.arms.lifting, transfer.monitor.watching' },
  ])('$text', ({ value, text }) => {
    expect(formatStateValue(value)).toBe(text);
  });
});
