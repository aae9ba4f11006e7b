import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { SeededRng } from '../rng.js';
import { IDEAL_SENSOR, type SensorModelParams } from './SensorModel.js';
import { resolveSensorModels } from './resolveSensorModels.js';
import { SensorBank } from './SensorBank.js';

const PHYSICS_HZ = 1000;

function bank(params: Partial<SensorModelParams>, channels = 1, seed = 1): SensorBank {
  return new SensorBank(
    Array.from({ length: channels }, () => ({ ...IDEAL_SENSOR, ...params })),
    PHYSICS_HZ,
    new SeededRng(seed),
  );
}

/** Feed `truth(step)` for steps 1..n (recording each), sampling every step; returns the readings of channel 0. */
function run(b: SensorBank, n: number, truth: (step: number) => number): number[] {
  const t = new Float64Array(b.size).fill(truth(0));
  const out = new Float64Array(b.size);
  b.reset(t);
  const readings: number[] = [];
  for (let step = 1; step <= n; step++) {
    t.fill(truth(step));
    b.record(t, step);
    b.sample(t, step, out);
    readings.push(out[0]!);
  }
  return readings;
}

describe('SensorBank', () => {
  it('ideal sensors report the truth', () => {
    expect(run(bank({}), 5, (k) => k * 0.1)).toEqual([0.1, 0.2, 0.30000000000000004, 0.4, 0.5]);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const model = { noiseStd: 0.1, biasDriftStd: 0.05 };
    const a = run(bank(model, 1, 5), 200, () => 1);
    expect(run(bank(model, 1, 5), 200, () => 1)).toEqual(a);
    expect(run(bank(model, 1, 6), 200, () => 1)).not.toEqual(a);
  });

  it('adds Gaussian noise of the configured standard deviation around truth + bias', () => {
    const readings = run(bank({ noiseStd: 0.02, bias: 0.5 }), 50_000, () => 3);
    const mean = readings.reduce((s, x) => s + x, 0) / readings.length;
    const std = Math.sqrt(readings.reduce((s, x) => s + (x - mean) ** 2, 0) / readings.length);
    expect(mean).toBeCloseTo(3.5, 3);
    expect(std / 0.02).toBeGreaterThan(0.97);
    expect(std / 0.02).toBeLessThan(1.03);
  });

  it('lets the bias wander as a random walk: variance grows as drift² · t', () => {
    const channels = 2000;
    const b = bank({ biasDriftStd: 0.1 }, channels, 3);
    const t = new Float64Array(channels);
    const out = new Float64Array(channels);
    b.reset(t);
    for (let step = 1; step <= 1000; step++) b.sample(t, step, out);
    // After ~1 s the bias has variance 0.1² · 0.999 s across independent channels.
    const variance = out.reduce((s, x) => s + x * x, 0) / channels;
    expect(variance).toBeGreaterThan(0.01 * 0.999 * 0.9);
    expect(variance).toBeLessThan(0.01 * 0.999 * 1.1);
  });

  it('quantises to multiples of the resolution (a 17-bit encoder)', () => {
    const q = (2 * Math.PI) / 2 ** 17;
    const readings = run(bank({ quantum: q }), 100, (k) => 0.001 * k + 1e-7);
    for (const [k, r] of readings.entries()) {
      expect(Math.abs(r / q - Math.round(r / q))).toBeLessThan(1e-9);
      expect(Math.abs(r - (0.001 * (k + 1) + 1e-7))).toBeLessThanOrEqual(q / 2 + 1e-12);
    }
  });

  it('delays by exactly delaySteps physics steps', () => {
    const readings = run(bank({ delaySteps: 7 }), 40, (k) => (k >= 10 ? 1 : 0));
    const first = readings.findIndex((r) => r === 1) + 1; // readings[i] is step i + 1
    expect(first).toBe(17);
    expect(readings.slice(16).every((r) => r === 1)).toBe(true);
  });

  it('samples at rateHz and holds between samples', () => {
    const readings = run(bank({ rateHz: 250 }), 16, (k) => k);
    // 1 kHz physics, 250 Hz sensor: a fresh sample at steps 4, 8, 12, 16 showing the truth then.
    expect(readings).toEqual([0, 0, 0, 4, 4, 4, 4, 8, 8, 8, 8, 12, 12, 12, 12, 16]);
  });

  it('combines delay and hold: the held sample is the truth delaySteps before the sample instant', () => {
    const readings = run(bank({ rateHz: 500, delaySteps: 3 }), 10, (k) => k);
    expect(readings).toEqual([0, 0, 0, 1, 1, 3, 3, 5, 5, 7]);
  });

  it('keeps its reading when sampled twice at the same step (a paused simulation shows no fresh noise)', () => {
    const b = bank({ noiseStd: 1 });
    const t = new Float64Array(1);
    const out = new Float64Array(1);
    b.reset(t);
    b.sample(t, 5, out);
    const first = out[0];
    b.sample(t, 5, out);
    expect(out[0]).toBe(first);
  });

  it.each([
    [{ noiseStd: -1 }, 'noiseStd'],
    [{ delaySteps: 1.5 }, 'delaySteps'],
    [{ rateHz: 5000 }, 'rateHz'],
    [{ bias: Number.NaN }, 'bias'],
  ])('rejects %o with SIM_SENSOR_MODEL_INVALID naming %s', (params, field) => {
    try {
      bank(params);
      expect.unreachable();
    } catch (e) {
      expect(isKindredError(e, 'SIM_SENSOR_MODEL_INVALID')).toBe(true);
      expect((e as Error).message).toContain(field);
    }
  });
});

describe('resolveSensorModels', () => {
  const channels = [
    { name: 'knee_left/position', kind: 'encoder' as const },
    { name: 'knee_left/velocity', kind: 'velocity' as const },
    { name: 'hip_left/position', kind: 'encoder' as const },
    { name: 'patient/height', kind: 'signal' as const },
  ];

  it('starts from the defaults per kind (ground-truth signals ideal) and applies rules in order', () => {
    const models = resolveSensorModels(channels, { rules: [{ match: '*/position', noiseStd: 0 }, { match: 'knee_*', delaySteps: 2 }] });
    expect(models[0]).toMatchObject({ noiseStd: 0, delaySteps: 2, quantum: (2 * Math.PI) / 2 ** 17 });
    expect(models[1]!.noiseStd).toBeGreaterThan(0);
    expect(models[1]!.delaySteps).toBe(2);
    expect(models[2]).toMatchObject({ noiseStd: 0, delaySteps: 0 });
    expect(models[3]).toEqual(IDEAL_SENSOR);
  });

  it('turns every model off with ideal: true, still honouring rules', () => {
    const models = resolveSensorModels(channels, { ideal: true, rules: [{ match: 'hip_left/position', noiseStd: 0.01 }] });
    expect(models[0]).toEqual(IDEAL_SENSOR);
    expect(models[2]!.noiseStd).toBe(0.01);
  });

  it('rejects a rule that matches nothing, listing the interfaces', () => {
    expect(() => resolveSensorModels(channels, { rules: [{ match: 'knee_rigth/*', noiseStd: 1 }] })).toThrow(
      expect.objectContaining({ code: 'SIM_SENSOR_RULE_UNMATCHED', message: expect.stringContaining('knee_left/position') }),
    );
  });
});
