/**
 * What an enforcement limited, one bit per kind of limit, per command interface and cycle
 * (`JointLimitEnforcer.flags`). A cycle may set several bits: the gate counts each and publishes them.
 */
export const LimitFlag = {
  /** Hard position range (URDF `<limit>` and the interface's own min/max), incl. its braking look-ahead. */
  position: 1,
  /** Soft limits: the soft range for position commands, the k_position envelope, the k_velocity effort bound. */
  soft: 2,
  /** Velocity limit (scaled in reduced-speed mode). */
  velocity: 4,
  /** Acceleration limit of the command sequence. */
  acceleration: 8,
  /** Jerk limit of the command sequence (for position commands: the smoothing window). */
  jerk: 16,
  /** Effort limit, incl. no outward effort at or beyond the hard range. */
  effort: 32,
  /** The request was NaN or ±Infinity and was replaced by a hold. */
  nonfinite: 64,
  /** A non-joint interface's own min/max. */
  range: 128,
  /** A category 1/2 stop profile replaced the request. */
  stop: 256,
} as const;

export type LimitFlagName = keyof typeof LimitFlag;

/** Every flag name, in bit order (for tables and publishing). */
export const LIMIT_FLAG_NAMES: readonly LimitFlagName[] = Object.keys(LimitFlag) as LimitFlagName[];

/** The names of the bits set in `mask` (allocates: for logs, tests and tools, not the cycle). */
export function flagNames(mask: number): LimitFlagName[] {
  return LIMIT_FLAG_NAMES.filter((name) => (mask & LimitFlag[name]) !== 0);
}
