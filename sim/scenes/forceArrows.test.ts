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
