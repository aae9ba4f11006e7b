import { describe, expect, it } from 'vitest';
import { SeededRng } from './rng.js';

function draws(rng: SeededRng, n: number): number[] {
  return Array.from({ length: n }, () => rng.uniform());
}

describe('SeededRng', () => {
  it('repeats its sequence for the same seed and stream, and differs otherwise', () => {
    const a = draws(new SeededRng(42), 100);
    expect(draws(new SeededRng(42), 100)).toEqual(a);
    expect(draws(new SeededRng(43), 100)).not.toEqual(a);
    expect(draws(new SeededRng(42, 1), 100)).not.toEqual(a);
    const r = new SeededRng(42);
    draws(r, 10);
    r.reseed(42);
    expect(draws(r, 100)).toEqual(a);
  });

  it('seeds above 2^32 are distinct from their low bits', () => {
    expect(draws(new SeededRng(2 ** 32 + 5), 10)).not.toEqual(draws(new SeededRng(5), 10));
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const r = new SeededRng(7);
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      sq += u * u;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(sq / n - mean * mean).toBeCloseTo(1 / 12, 3);
  });

  it('draws standard normals: mean 0, standard deviation 1, ~68 % within one sigma', () => {
    const r = new SeededRng(11);
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    let within = 0;
    for (let i = 0; i < n; i++) {
      const g = r.gaussian();
      sum += g;
      sq += g * g;
      if (Math.abs(g) < 1) within++;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.sqrt(sq / n)).toBeCloseTo(1, 2);
    expect(within / n).toBeCloseTo(0.6827, 2);
  });
});
