import { describe, expect, it } from 'vitest';
import { formatPath } from './formatPath.js';

describe('formatPath', () => {
  it.each<[PropertyKey[], string]>([
    [[], ''],
    [['loop', 'rateHz'], 'loop.rateHz'],
    [['controllers', 1, 'rateHz'], 'controllers[1].rateHz'],
    [[0, 'x'], '[0].x'],
    [['joints', 'knee-left', 'limitRad'], 'joints["knee-left"].limitRad'],
  ])('%j → %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});
