/**
 * ros2_control's soft-limit formulas (`joint_limits::JointSoftLimiter`, URDF `<safety_controller>`)
 * for one joint. Notation: q the reference position (the previous position command, or the measured
 * position where there is none), q_m the measured position, v_m the measured velocity, [L, U] the
 * hard range, [sL, sU] the soft range, V the velocity limit (scaled in reduced-speed mode), E the
 * effort limit, k_p = k_position, k_v = k_velocity.
 *
 * Velocity envelope (applies when V is finite and k_p > 0; each side only where its soft limit exists):
 *
 *     v_min = clamp(−k_p·(q − sL), −V, V)        v_max = clamp(−k_p·(q − sU), −V, V)
 *
 * then, from the measured position: beyond the hard range by more than 0.002 (POSITION_BOUNDS_TOLERANCE)
 * → v_min = v_max = 0 (freeze); else beyond a soft limit → v_min = copysign(1°/s, v_min),
 * v_max = copysign(1°/s, v_max) (creep back at 1°/s, the same number in m/s for prismatic joints).
 * Without the envelope the bounds are ∓V.
 *
 * Effort bounds (apply when E is finite, k_v > 0 and v_m is known; else ∓E):
 *
 *     e_min = clamp(−k_v·(v_m − v_min), −E, E)    e_max = clamp(−k_v·(v_m − v_max), −E, E)
 *
 * Inputs and outputs travel in one Float64Array (slots `SoftIo`), so the control cycle passes no
 * double across a call that might not be inlined (a boxed double is an allocation).
 */

/** 1°/s: the speed back towards the range that ros2_control allows while the joint is beyond a soft limit. */
export const SOFT_LIMIT_REACH_VELOCITY = Math.PI / 180;

/** ros2_control's POSITION_BOUNDS_TOLERANCE: a measured position this far beyond the hard range freezes the joint. */
export const POSITION_BOUNDS_TOLERANCE = 0.002;

/** Slots of the in/out array of `softVelocityEnvelope` and `softEffortBounds`. */
export const SoftIo = {
  lower: 0,
  upper: 1,
  softLower: 2,
  softUpper: 3,
  kPosition: 4,
  /** V, the (scaled) velocity limit; +∞ when absent. */
  vMax: 5,
  /** q: the reference position. */
  reference: 6,
  /** q_m: the measured position, NaN when unknown (the measured-position rules are then skipped). */
  measured: 7,
  kVelocity: 8,
  effortMax: 9,
  /** v_m: the measured velocity, NaN when unknown. */
  measuredVelocity: 10,
  /** Out of `softVelocityEnvelope`, into `softEffortBounds`. */
  velocityMin: 11,
  velocityMax: 12,
  /** Out of `softEffortBounds`. */
  effortMin: 13,
  effortMaxBound: 14,
} as const;

/** Length of the in/out array. */
export const SOFT_IO_LENGTH = 15;

/** The soft velocity envelope [v_min, v_max] (see the module comment) into `io[velocityMin]`, `io[velocityMax]`. */
export function softVelocityEnvelope(io: Float64Array): void {
  const vMax = io[SoftIo.vMax]!;
  const kPosition = io[SoftIo.kPosition]!;
  const softLower = io[SoftIo.softLower]!;
  const softUpper = io[SoftIo.softUpper]!;
  if (!(kPosition > 0 && vMax < Infinity && (softLower > -Infinity || softUpper < Infinity))) {
    io[SoftIo.velocityMin] = -vMax;
    io[SoftIo.velocityMax] = vMax;
    return;
  }
  const reference = io[SoftIo.reference]!;
  const measured = io[SoftIo.measured]!;
  // Helpers are written out inline: a call that is not inlined would box its double arguments.
  let lo = -vMax;
  if (softLower > -Infinity) {
    lo = -kPosition * (reference - softLower);
    lo = lo < -vMax ? -vMax : lo > vMax ? vMax : lo;
  }
  let hi = vMax;
  if (softUpper < Infinity) {
    hi = -kPosition * (reference - softUpper);
    hi = hi < -vMax ? -vMax : hi > vMax ? vMax : hi;
  }
  if (measured === measured) {
    if (measured < io[SoftIo.lower]! - POSITION_BOUNDS_TOLERANCE || measured > io[SoftIo.upper]! + POSITION_BOUNDS_TOLERANCE) {
      lo = 0;
      hi = 0;
    } else if (measured < softLower || measured > softUpper) {
      // copysign(1°/s, x), −0 counting as negative as in C.
      lo = lo < 0 || 1 / lo < 0 ? -SOFT_LIMIT_REACH_VELOCITY : SOFT_LIMIT_REACH_VELOCITY;
      hi = hi < 0 || 1 / hi < 0 ? -SOFT_LIMIT_REACH_VELOCITY : SOFT_LIMIT_REACH_VELOCITY;
    }
  }
  io[SoftIo.velocityMin] = lo;
  io[SoftIo.velocityMax] = hi;
}

/** The soft effort bounds [e_min, e_max] from `io[velocityMin]`, `io[velocityMax]` (see the module comment). */
export function softEffortBounds(io: Float64Array): void {
  const kVelocity = io[SoftIo.kVelocity]!;
  const effortMax = io[SoftIo.effortMax]!;
  const vm = io[SoftIo.measuredVelocity]!;
  if (!(kVelocity > 0) || !(effortMax < Infinity) || !Number.isFinite(vm)) {
    io[SoftIo.effortMin] = -effortMax;
    io[SoftIo.effortMaxBound] = effortMax;
    return;
  }
  const lo = -kVelocity * (vm - io[SoftIo.velocityMin]!);
  const hi = -kVelocity * (vm - io[SoftIo.velocityMax]!);
  io[SoftIo.effortMin] = lo < -effortMax ? -effortMax : lo > effortMax ? effortMax : lo;
  io[SoftIo.effortMaxBound] = hi < -effortMax ? -effortMax : hi > effortMax ? effortMax : hi;
}
