import { requireDuration, requireFinite, requireJointCount } from './checks.js';
import type { MotionSample, Profile } from './Profile.js';
import type { MultiMotionSample, MultiProfile } from './MultiProfile.js';

/**
 * Writes the minimum-jerk point-to-point state (Flash & Hogan 1985) into `out`:
 * x(τ) = x0 + (x1 − x0)(10τ³ − 15τ⁴ + 6τ⁵), τ = t / T, clamped to [0, 1] (at rest outside).
 */
function writeMinimumJerk(q0: number, q1: number, durationS: number, tS: number, out: MotionSample): MotionSample {
  const h = q1 - q0;
  if (!(tS > 0)) {
    out.position = q0;
    out.velocity = 0;
    out.acceleration = 0;
    out.jerk = 0;
    return out;
  }
  if (tS >= durationS) {
    out.position = q1;
    out.velocity = 0;
    out.acceleration = 0;
    out.jerk = 0;
    return out;
  }
  const T = durationS;
  const s = tS / T;
  const s2 = s * s;
  const s3 = s2 * s;
  out.position = q0 + h * s3 * (10 - 15 * s + 6 * s2);
  out.velocity = (h / T) * 30 * s2 * (1 - 2 * s + s2);
  out.acceleration = (h / (T * T)) * 60 * s * (1 - 3 * s + 2 * s2);
  out.jerk = (h / (T * T * T)) * 60 * (1 - 6 * s + 6 * s2);
  return out;
}

/** Peak speed of a minimum-jerk move: 1.875·|Δq|/T, reached at t = T/2. */
export function minimumJerkPeakVelocity(q0: number, q1: number, durationS: number): number {
  return (1.875 * Math.abs(q1 - q0)) / durationS;
}

/** Peak |acceleration| of a minimum-jerk move: (10/√3)·|Δq|/T², at τ = 1/2 ∓ √3/6. */
export function minimumJerkPeakAcceleration(q0: number, q1: number, durationS: number): number {
  return ((10 / Math.sqrt(3)) * Math.abs(q1 - q0)) / (durationS * durationS);
}

/**
 * The minimum-jerk rest-to-rest motion of one joint from `q0` to `q1` in `durationS` seconds
 * (the closed form that minimises ∫ jerk² dt with zero velocity and acceleration at both ends).
 */
export function minimumJerk(q0: number, q1: number, durationS: number): Profile {
  requireFinite(q0, 'q0');
  requireFinite(q1, 'q1');
  requireDuration(durationS, 'durationS');
  return {
    from: q0,
    to: q1,
    durationS,
    startVelocity: 0,
    sample: (tS, out) => writeMinimumJerk(q0, q1, durationS, tS, out),
  };
}

/** Minimum-jerk motion of several joints that start and arrive together (straight line in joint space). */
export function minimumJerkMulti(q0: readonly number[], q1: readonly number[], durationS: number): MultiProfile {
  requireJointCount(q1.length, q0.length, 'q1');
  q0.forEach((q, i) => requireFinite(q, `q0[${i}]`));
  q1.forEach((q, i) => requireFinite(q, `q1[${i}]`));
  requireDuration(durationS, 'durationS');
  const from = Float64Array.from(q0);
  const to = Float64Array.from(q1);
  const scratch: MotionSample = { position: 0, velocity: 0, acceleration: 0, jerk: 0 };
  return {
    jointCount: from.length,
    durationS,
    sample(tS: number, out: MultiMotionSample): MultiMotionSample {
      for (let i = 0; i < from.length; i++) {
        writeMinimumJerk(from[i] ?? 0, to[i] ?? 0, durationS, tS, scratch);
        out.position[i] = scratch.position;
        out.velocity[i] = scratch.velocity;
        out.acceleration[i] = scratch.acceleration;
        out.jerk[i] = scratch.jerk;
      }
      return out;
    },
  };
}
