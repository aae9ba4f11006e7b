import { describe, expect, it } from 'vitest';
import { loadDefaultProfile, parseHumanProfileText } from '../profiles/index.js';
import type { ExoPatientProfile, PatientSignalsProfile } from '../profiles/exoPatientProfile.js';
import { fatigueLevelAt, painLevelAt, PatientSignalGenerator } from './patientSignals.js';

function signalsOf(yaml: string): PatientSignalsProfile {
  const p = parseHumanProfileText(`kind: patient_profile\nname: t\nageYears: 70\nsex: female\nheightM: 1.6\nmassKg: 60\n${yaml}`, 'signals.yaml') as ExoPatientProfile;
  if (p.signals === undefined) throw new Error('no signals section');
  return p.signals;
}

describe('simulated patient signals (profile-driven pain and fatigue)', () => {
  const spec = signalsOf(`signals:
  rateHz: 2
  pain: { baseline: 0.1, events: [{ atS: 10, level: 0.8, durationS: 4, rampS: 2 }] }
  fatigue: { initial: 0.2, perMinute: 0.1, perKiloNewtonMetreSecond: 0.5 }
`);

  it('pain sits at the baseline, ramps to the episode peak, holds, and falls back', () => {
    expect(painLevelAt(spec, 0)).toBeCloseTo(0.1, 12);
    expect(painLevelAt(spec, 11)).toBeCloseTo(0.4, 12); // half-way up the 2 s ramp
    expect(painLevelAt(spec, 12)).toBeCloseTo(0.8, 12);
    expect(painLevelAt(spec, 16)).toBeCloseTo(0.8, 12);
    expect(painLevelAt(spec, 17)).toBeCloseTo(0.4, 12);
    expect(painLevelAt(spec, 30)).toBeCloseTo(0.1, 12);
  });

  it('fatigue rises with session time and with the effort the legs went through, never above 1', () => {
    expect(fatigueLevelAt(spec, 0, 0)).toBeCloseTo(0.2, 12);
    expect(fatigueLevelAt(spec, 120, 0)).toBeCloseTo(0.4, 12);
    expect(fatigueLevelAt(spec, 120, 400)).toBeCloseTo(0.6, 12);
    expect(fatigueLevelAt(spec, 6000, 0)).toBe(1);
  });

  it('the generator integrates |torque|·time and answers both signals once per period', () => {
    const g = new PatientSignalGenerator(spec);
    g.addEffort([10, -30, Number.NaN], 2); // (10 + 30) N·m for 2 s
    expect(g.effort).toBeCloseTo(80, 12);
    expect(g.due(0).map((s) => [s.kind, s.level])).toEqual([
      [0, 0.1],
      [1, fatigueLevelAt(spec, 0, 80)],
    ]);
    expect(g.due(0.2)).toEqual([]);
    expect(g.due(0.5)).toHaveLength(2);
    expect(g.due(0.5)).toEqual([]);
    expect(g.due(10)).toHaveLength(2); // after a gap: once, then on schedule again
    expect(g.due(10.2)).toEqual([]);
    expect(g.due(10.5)[0]).toMatchObject({ personId: 'patient', kind: 0, source: 'sim_profile' });
  });

  it('a profile without a signals section signals nothing; the spastic demo profile has pain and fatigue', () => {
    expect((loadDefaultProfile('exo_patient_default') as ExoPatientProfile).signals).toBeUndefined();
    const spastic = (loadDefaultProfile('exo_patient_spastic') as ExoPatientProfile).signals!;
    expect(painLevelAt(spastic, 910)).toBeGreaterThan(0.6);
    expect(fatigueLevelAt(spastic, 1200, 0)).toBeCloseTo(0.5, 6);
  });

  it('refuses a misspelt key with its line', () => {
    expect(() => signalsOf('signals:\n  pain: { baselin: 0.1 }\n')).toThrow(expect.objectContaining({ code: 'CONFIG_UNKNOWN_KEY', context: expect.objectContaining({ line: 8 }) }));
  });
});
