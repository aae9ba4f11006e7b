import { describe, expect, it } from 'vitest';
import { BODY_REGION_LIMITS_N, bodyRegionOf } from './forceArrows.js';

describe('bodyRegionOf', () => {
  it.each<[string, keyof typeof BODY_REGION_LIMITS_N | undefined]>([
    ['thigh_cuff_left_ft', 'thigh_knee'],
    ['shank_cuff_right_ft', 'lower_leg'],
    ['forearm_left_ft_sensor', 'lower_arm_wrist'],
    ['patient_upper_arm_left', 'upper_arm_elbow'],
    ['patient_back', 'back_shoulders'],
    ['person_head', 'skull_forehead'],
    ['patient_cuff_thigh_left', 'thigh_knee'],
    ['imu', undefined],
  ])('%s → %s', (name, region) => {
    expect(bodyRegionOf(name)).toBe(region);
  });

  it('carries the reference table’s quasi-static limits', () => {
    // /work/shared/reference/body-region-limits.md (ISO/TS 15066 Table A.2): max force column.
    expect(BODY_REGION_LIMITS_N).toMatchObject({ thigh_knee: 220, lower_leg: 130, lower_arm_wrist: 160, face: 65, back_shoulders: 210 });
  });
});

describe('force arrows of the exoskeleton scene with its patient', () => {
  it('draws the patient’s cuff forces at the exo cuff frames they are expressed in, next to the cuff sensors', async () => {
    const { composeSimScene } = await import('../plugin.js');
    const scene = composeSimScene({ scene: 'exo_standing', withPeople: true });
    const byName = new Map(scene.forceArrows.map((a) => [a.name, a]));
    for (const side of ['left', 'right']) {
      expect(byName.get(`patient_cuff_thigh_${side}/force`)).toEqual({ name: `patient_cuff_thigh_${side}/force`, body: `thigh_cuff_${side}`, limitN: 220 });
      expect(byName.get(`patient_cuff_shank_${side}/force`)).toEqual({ name: `patient_cuff_shank_${side}/force`, body: `shank_cuff_${side}`, limitN: 130 });
      expect(byName.get(`thigh_cuff_${side}_ft`)?.body).toBe(`thigh_cuff_${side}`);
    }
  });
});
