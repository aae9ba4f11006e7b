import { describe, expect, it } from 'vitest';
import { deepFreeze } from './deepFreeze.js';

describe('deepFreeze', () => {
  it('freezes plain objects and arrays all the way down and returns the same value', () => {
    const v = { loop: { rateHz: 500 }, controllers: [{ name: 'knee', gains: [1, 2] }] };
    const frozen = deepFreeze(v);
    expect(frozen).toBe(v);
    expect(Object.isFrozen(v)).toBe(true);
    expect(Object.isFrozen(v.loop)).toBe(true);
    expect(Object.isFrozen(v.controllers)).toBe(true);
    expect(Object.isFrozen(v.controllers[0])).toBe(true);
    expect(Object.isFrozen(v.controllers[0]?.gains)).toBe(true);
    expect(() => {
      (v.loop as { rateHz: number }).rateHz = 1;
    }).toThrow(TypeError);
  });

  it('copes with cycles and leaves class instances, maps and typed arrays alone', () => {
    class Gain {
      k = 1;
    }
    const cyclic: Record<string, unknown> = { buf: new Float64Array(2), gain: new Gain(), map: new Map() };
    cyclic['self'] = cyclic;
    deepFreeze(cyclic);
    expect(Object.isFrozen(cyclic)).toBe(true);
    expect(Object.isFrozen(cyclic['gain'])).toBe(false);
    expect(Object.isFrozen(cyclic['map'])).toBe(false);
    expect(Object.isFrozen(cyclic['buf'])).toBe(false);
  });

  it.each([1, 'x', null, undefined, 2n])('passes primitive %s through', (v) => {
    expect(deepFreeze(v)).toBe(v);
  });
});
