import { z } from 'zod';
import type { DeepReadonly } from '../../runtime/params/index.js';
import { personBasics } from './common.js';

/** The patient's joints that pair with the exoskeleton's (both sides share one set of parameters). */
export const PATIENT_JOINT_TYPES = ['hip_abduction', 'hip_flexion', 'knee', 'ankle'] as const;
export type PatientJointType = (typeof PATIENT_JOINT_TYPES)[number];

/**
 * Passive properties of one joint. Defaults are mid-range literature values for older adults near the
 * neutral position: passive elastic moments of the hip, knee and ankle (Riener and Edrich, "Identification
 * of passive elastic joint moments in the lower extremities", J. Biomech. 32(5):539-544, 1999) are a few
 * to a few tens of N·m/rad about mid-range and rise steeply near end range (not modelled); knee damping
 * from pendulum tests is a few tenths of N·m·s/rad. Maximum voluntary torques are those of frail older
 * adults, well below young adults' 150–250 N·m knee extension.
 */
const passiveJoint = (stiffness: number, damping: number, neutral: number, maxTorque: number) =>
  z
    .strictObject({
      stiffnessNmPerRad: z.number().min(0).max(200).default(stiffness).describe('passive elastic stiffness about neutralRad'),
      dampingNmsPerRad: z.number().min(0).max(20).default(damping).describe('passive viscous damping'),
      neutralRad: z.number().min(-1).max(2.4).default(neutral).describe('angle where the passive moment is zero'),
      maxVoluntaryTorqueNm: z.number().min(0).max(300).default(maxTorque).describe('torque at voluntary effort level 1'),
    })
    .prefault({});

/**
 * Velocity-dependent stretch reflex of one joint (Lance's definition of spasticity): above the
 * threshold velocity the stretched muscle responds, after the reflex latency, with a torque
 * proportional to the excess velocity. Thresholds of 0.3–2 rad/s (about 20–115 °/s), latencies of
 * 25–60 ms (short-latency spinal reflex; up to ~120 ms with long-latency components).
 */
const reflexJoint = z.strictObject({
  velocityThresholdRadPerS: z.number().min(0.05).max(10),
  reflexGainNmsPerRad: z.number().min(0).max(100).describe('reflex torque per rad/s above the threshold'),
  onsetDelayMs: z.number().min(10).max(200),
  maxTorqueNm: z.number().min(0).max(300).default(40).describe('the largest reflex torque the muscles produce (spasticity persists in paralysis, so it is not the voluntary maximum)'),
});

/** One point of a voluntary-effort time profile (piecewise linear between points, held after the last). */
const effortPoint = z.strictObject({ tS: z.number().min(0).max(86_400), level: z.number().min(0).max(1) });

/** A pain episode: the level rises over `rampS`, holds for `durationS`, and falls over `rampS`. */
const painEvent = z.strictObject({
  atS: z.number().min(0).max(86_400).describe('session time the pain starts rising'),
  level: z.number().min(0).max(1).describe('peak pain, 0 (none) to 1 (worst)'),
  durationS: z.number().min(0).max(86_400).default(5).describe('how long the peak lasts'),
  rampS: z.number().min(0).max(600).default(0.5).describe('rise and fall time'),
});

/**
 * What the simulated patient signals on `/humans/patient_signals` (kindred_msgs/PatientSignal), where
 * perception will publish estimates on a real robot: pain episodes at given session times over a
 * baseline, and fatigue that rises with session time and with the effort the legs go through
 * (cumulative |joint torque|·time). Levels are clamped to 0..1. Absent: the patient signals nothing.
 * Computed by sim/humans/patientSignals.ts.
 */
const patientSignals = z.strictObject({
  personId: z.string().min(1).default('patient').describe('person_id of the messages'),
  rateHz: z.number().min(0.1).max(50).default(2).describe('how often both levels are published'),
  pain: z
    .strictObject({
      baseline: z.number().min(0).max(1).default(0),
      events: z.array(painEvent).max(100).default([]),
    })
    .prefault({}),
  fatigue: z
    .strictObject({
      initial: z.number().min(0).max(1).default(0),
      perMinute: z.number().min(0).max(1).default(0).describe('rise per minute of session time'),
      perKiloNewtonMetreSecond: z.number().min(0).max(10).default(0).describe('rise per 1000 N·m·s of cumulative |joint torque|'),
    })
    .prefault({}),
});

/**
 * `kind: patient_profile`: the patient in the exoskeleton (legs, spasticity, voluntary effort, cuffs).
 * Cuff defaults: interface (strap plus soft tissue) stiffness of several kN/m and damping of a few hundred
 * N·s/m, the order of magnitude identified for thigh and shank cuffs of lower-limb exoskeletons; damping
 * this high keeps the limb from ringing on its cuffs (damping ratio about 0.5).
 */
export const exoPatientProfileSchema = z.strictObject({
  kind: z.literal('patient_profile'),
  ...personBasics,
  joints: z
    .strictObject({
      hip_abduction: passiveJoint(15, 1.0, 0, 30),
      hip_flexion: passiveJoint(10, 1.0, 0, 50),
      knee: passiveJoint(5, 0.5, 0, 50),
      ankle: passiveJoint(10, 0.5, 0, 30),
    })
    .prefault({}),
  spasticity: z
    .strictObject({
      enabled: z.boolean().default(false),
      joints: z
        .strictObject({
          hip_abduction: reflexJoint.optional(),
          hip_flexion: reflexJoint.optional(),
          knee: reflexJoint.optional(),
          ankle: reflexJoint.optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  voluntaryEffort: z
    .strictObject({
      mode: z.enum(['helps', 'passive', 'resists']).default('passive'),
      level: z.number().min(0).max(1).default(0).describe('fraction of the maximum voluntary torque'),
      timeProfile: z.array(effortPoint).min(1).max(1000).optional().describe('level over session time; replaces level'),
      variability: z.number().min(0).max(0.5).default(0.05).describe('relative random variation, redrawn every 200 ms'),
    })
    .prefault({}),
  cuffs: z
    .strictObject({
      stiffnessNPerM: z.number().min(100).max(100_000).default(8000).describe('strap and soft-tissue stiffness'),
      dampingNsPerM: z.number().min(0).max(2000).default(250).describe('soft-tissue damping'),
    })
    .prefault({}),
  signals: patientSignals.optional(),
});

/** The `signals` section of a validated patient profile. */
export type PatientSignalsProfile = NonNullable<ExoPatientProfile['signals']>;

/** A validated, frozen exoskeleton-patient profile. */
export type ExoPatientProfile = DeepReadonly<z.output<typeof exoPatientProfileSchema>>;
