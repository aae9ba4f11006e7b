import { z } from 'zod';

/**
 * Fields every human profile shares. Ranges are adult physiological ranges (Kindred serves adults,
 * most of them old): stature 1.2–2.2 m, body mass 30–200 kg, age 18–110 years.
 */
export const personBasics = {
  name: z.string().min(1).max(80).optional().describe('a label shown in the viewer and logs'),
  ageYears: z.number().int().min(18).max(110),
  sex: z.enum(['female', 'male']),
  heightM: z.number().min(1.2).max(2.2),
  massKg: z.number().min(30).max(200),
};

/** Plausible body-mass index range (kg/m²); outside it a profile is almost certainly a typo. */
export const BMI_RANGE = { min: 12, max: 60 } as const;
