import { describe, expect, it } from 'vitest';
import { benchScene } from './bench.js';
import { loadMujoco } from './mujoco/loadMujoco.js';
import { simTestScene, TestPerson } from './simTestScene.js';

describe('benchScene (smoke, small scene)', () => {
  it('measures both loops over the same simulated time and reports consistent figures', async () => {
    const mujoco = await loadMujoco();
    const row = benchScene(mujoco, simTestScene(new TestPerson()), 500, 0.2, 1);
    expect(row).toMatchObject({ scene: 'sim_test', people: ['tester'], physicsHz: 1000, rateHz: 500, simSeconds: 0.2, rounds: 1 });
    for (const x of [row.bareRtf, row.kindredRtf, row.overhead]) expect(Number.isFinite(x) && x > 0).toBe(true);
    expect(row.overhead).toBeCloseTo(row.bareRtf / row.kindredRtf, 9);
  });
});
