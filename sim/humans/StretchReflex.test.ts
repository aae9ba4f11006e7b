import { describe, expect, it } from 'vitest';
import { StretchReflex } from './StretchReflex.js';
import { effortCursorAt, effortLevelAt } from './voluntaryEffort.js';

describe('StretchReflex', () => {
  it('answers velocity above the threshold, delaySteps later, against the motion', () => {
    const r = new StretchReflex(1, 10, 3);
    const input = [0, 2, 2, 2, 2, 2, -3, -3, -3, -3, 0.5];
    const out = input.map((w) => r.update(w));
    // Step k sees the velocity of step k−3.
    expect(out).toEqual([0, 0, 0, 0, -10, -10, -10, -10, -10, 20, 20]);
  });

  it('never exceeds what the muscles can produce', () => {
    const r = new StretchReflex(1, 10, 0, 25);
    expect(r.update(-9)).toBe(25);
    expect(r.update(9)).toBe(-25);
    expect(r.update(2)).toBe(-10);
  });

  it('with no delay answers at once; reset forgets the history', () => {
    const r = new StretchReflex(0.5, 4, 0);
    expect(r.update(-1.5)).toBe(4);
    const d = new StretchReflex(0.5, 4, 2);
    d.update(3);
    d.reset();
    expect([d.update(0), d.update(0), d.update(0)]).toEqual([0, 0, 0]);
  });
});

describe('voluntary effort time profile', () => {
  const points = Float64Array.from([0, 0.3, 10, 0.1, 20, 0.5]);
  it.each([
    [-1, 0.3],
    [0, 0.3],
    [5, 0.2],
    [10, 0.1],
    [15, 0.3],
    [25, 0.5],
  ])('at %s s the level is %s', (t, level) => {
    expect(effortLevelAt(points, t, effortCursorAt(points, t, 0))).toBeCloseTo(level, 12);
  });

  it('walks forward from the previous segment and restarts when time goes back', () => {
    expect(effortCursorAt(points, 15, 0)).toBe(1);
    expect(effortCursorAt(points, 25, 1)).toBe(2);
    expect(effortCursorAt(points, 5, 2)).toBe(0);
  });
});
