/**
 * One joint's state along a motion profile at one instant. Units are the joint's SI units: rad
 * (revolute) or m (prismatic), and their derivatives per second (rad/s, rad/s², rad/s³).
 */
export interface MotionSample {
  position: number;
  velocity: number;
  acceleration: number;
  jerk: number;
}

/**
 * A single-joint motion from `from` to `to`, defined on [0, durationS]. Outside that interval it
 * holds its end position at rest (zero velocity, acceleration and jerk).
 */
export interface Profile {
  readonly from: number;
  readonly to: number;
  readonly durationS: number;
  /** Velocity at t = 0; rest-to-rest profiles have 0. */
  readonly startVelocity: number;
  /** Writes the state at `tS` into `out` without allocating, and returns `out`. */
  sample(tS: number, out: MotionSample): MotionSample;
}

export function createMotionSample(): MotionSample {
  return { position: 0, velocity: 0, acceleration: 0, jerk: 0 };
}
