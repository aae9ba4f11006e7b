import { z } from 'zod';
import type { DeepReadonly } from '../../runtime/params/index.js';
import { personBasics } from './common.js';

/** `kind: bed_patient_profile`: the patient lying on the bed of the transfer scene. */
export const bedPatientProfileSchema = z.strictObject({
  kind: z.literal('bed_patient_profile'),
  ...personBasics,
  posture: z.enum(['supine', 'lateral_left', 'lateral_right']).default('supine').describe('lateral_left: lying on the left side'),
  muscleTone: z.enum(['limp', 'normal']).default('normal').describe('limp: a sedated or very frail patient'),
  /** What `command({ op: 'slump' })` does (fault injection): tone drops and the trunk and head sag. */
  slump: z
    .strictObject({
      durationS: z.number().min(0.1).max(30).default(1.5),
      trunkRollRad: z.number().min(0).max(1.2).default(0.35).describe('the upper body rolls towards the bed edge'),
      headDropRad: z.number().min(0).max(1.2).default(0.5).describe('the head falls to the side'),
    })
    .prefault({}),
});

/** A validated, frozen bed-patient profile. */
export type BedPatientProfile = DeepReadonly<z.output<typeof bedPatientProfileSchema>>;
