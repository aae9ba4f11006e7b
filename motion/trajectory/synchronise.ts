import { KindredError, show } from '../../runtime/errors/index.js';
import { requireDuration } from './checks.js';
import type { MotionSample, Profile } from './Profile.js';
import type { MultiMotionSample, MultiProfile } from './MultiProfile.js';

/**
 * Stretches `profile` in time to last `durationS` (≥ its own duration): q'(t) = q(t·k), k = T₀/T ≤ 1.
 * Velocity scales by k, acceleration by k², jerk by k³, so every limit the profile met still holds.
 * A profile that does not start at rest cannot be stretched (its start velocity would change).
 */
export function timeScale(profile: Profile, durationS: number): Profile {
  requireDuration(durationS, 'durationS');
  const original = profile.durationS;
  if (durationS < original) {
    throw new KindredError(
      'TRAJ_BAD_DURATION',
      `durationS is ${show(durationS)} s, shorter than the profile's ${show(original)} s; expected ≥ ${show(original)} s (time scaling may only slow a profile down)`,
      { field: 'durationS', value: durationS, expected: `≥ ${original}` },
    );
  }
  if (durationS === original) return profile;
  if (profile.startVelocity !== 0) {
    throw new KindredError(
      'TRAJ_SYNC_MOVING_START',
      `profile from ${show(profile.from)} starts at velocity ${show(profile.startVelocity)}; expected 0 to stretch it to ${show(durationS)} s`,
      { field: 'startVelocity', value: profile.startVelocity, expected: '0' },
    );
  }
  const k = original / durationS;
  const k2 = k * k;
  const k3 = k2 * k;
  return {
    from: profile.from,
    to: profile.to,
    durationS,
    startVelocity: 0,
    sample(tS: number, out: MotionSample): MotionSample {
      profile.sample(tS >= durationS ? original + (tS - durationS) : tS * k, out);
      out.velocity *= k;
      out.acceleration *= k2;
      out.jerk *= k3;
      return out;
    },
  };
}

/** Several joints' profiles stretched to one duration, so they start and arrive together. */
export interface SynchronisedMotion extends MultiProfile {
  /** The per-joint profiles after time scaling, in input order. */
  readonly profiles: readonly Profile[];
}

/**
 * Synchronises per-joint profiles (e.g. `trapezoidal` or `sCurve`, each planned against its own
 * joint's limits) to the slowest one's duration by time scaling, which keeps every joint within
 * its limits. Pass a longer `durationS` to slow the whole motion further.
 */
export function synchronise(profiles: readonly Profile[], durationS?: number): SynchronisedMotion {
  let slowest = 0;
  for (const p of profiles) slowest = Math.max(slowest, p.durationS);
  if (durationS !== undefined) requireDuration(durationS, 'durationS');
  const target = durationS ?? slowest;
  const scaled = target > 0 ? profiles.map((p) => timeScale(p, target)) : [...profiles];
  const scratch: MotionSample = { position: 0, velocity: 0, acceleration: 0, jerk: 0 };
  return {
    jointCount: scaled.length,
    durationS: target,
    profiles: scaled,
    sample(tS: number, out: MultiMotionSample): MultiMotionSample {
      for (let i = 0; i < scaled.length; i++) {
        scaled[i]?.sample(tS, scratch);
        out.position[i] = scratch.position;
        out.velocity[i] = scratch.velocity;
        out.acceleration[i] = scratch.acceleration;
        out.jerk[i] = scratch.jerk;
      }
      return out;
    },
  };
}
