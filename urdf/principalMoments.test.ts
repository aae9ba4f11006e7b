import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inertiaProblem, principalMoments } from './principalMoments.js';

type M3 = number[][];
const mul = (a: M3, b: M3): M3 => a.map((row) => [0, 1, 2].map((j) => row.reduce((s, v, k) => s + v * (b[k]?.[j] ?? 0), 0)));
const transpose = (a: M3): M3 => [0, 1, 2].map((i) => a.map((row) => row[i] ?? 0));
function rotation(r: number, p: number, y: number): M3 {
  const [cr, sr, cp, sp, cy, sy] = [Math.cos(r), Math.sin(r), Math.cos(p), Math.sin(p), Math.cos(y), Math.sin(y)];
  return [
    [cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr],
    [sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr],
    [-sp, cp * sr, cp * cr],
  ];
}

describe('principal moments of an inertia tensor', () => {
  it('recovers the diagonal of any rotated diagonal tensor (R D Rᵀ)', () => {
    const moment = fc.double({ min: 0.01, max: 10, noNaN: true });
    const angle = fc.double({ min: -Math.PI, max: Math.PI, noNaN: true });
    fc.assert(
      fc.property(moment, moment, moment, angle, angle, angle, (a, b, c, r, p, y) => {
        const R = rotation(r, p, y);
        const I = mul(mul(R, [[a, 0, 0], [0, b, 0], [0, 0, c]]), transpose(R));
        const got = principalMoments(I[0]?.[0] ?? 0, I[0]?.[1] ?? 0, I[0]?.[2] ?? 0, I[1]?.[1] ?? 0, I[1]?.[2] ?? 0, I[2]?.[2] ?? 0);
        const want = [a, b, c].sort((x, z) => x - z);
        got.forEach((v, i) => expect(v).toBeCloseTo(want[i] ?? NaN, 6));
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['solid box', [1, 0, 0, 2, 0, 2.5], undefined],
    ['thin rod (limit case a + b = c)', [1, 0, 0, 1, 0, 2], undefined],
    ['off-diagonal but physical', [0.1, 0.01, 0, 0.1, 0, 0.15], undefined],
    ['zero moment', [0, 0, 0, 1, 0, 1], 'is not positive definite'],
    ['negative moment', [1, 0, 0, -1, 0, 1], 'is not positive definite'],
    ['large product of inertia', [1, 2, 0, 1, 0, 1], 'is not positive definite'],
    ['triangle inequality broken', [0.1, 0, 0, 0.1, 0, 0.5], 'violates the triangle inequality'],
  ] as const)('%s', (_name, [ixx, ixy, ixz, iyy, iyz, izz], problem) => {
    const p = inertiaProblem(ixx, ixy, ixz, iyy, iyz, izz);
    if (problem === undefined) expect(p).toBeUndefined();
    else expect(p).toContain(problem);
  });
});
