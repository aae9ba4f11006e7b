import { KindredError, show } from '../../runtime/errors/index.js';

/**
 * How a motion actor judges its motion. Joint quantities are in the joints' SI units (rad for
 * revolute joints, m for prismatic ones), like every joint vector in Kindred.
 */
export interface MotionChecks {
  /** Largest distance from the target at which a joint counts as arrived. Default 0.02. */
  readonly tolerance?: number;
  /** Largest distance between measured position and set-point tolerated for `trackingGraceS`. Default 0.2. */
  readonly trackingLimit?: number;
  /** How long the tracking error may stay beyond `trackingLimit` before the motion fails, s. Default 0.2. */
  readonly trackingGraceS?: number;
  /** Oldest `/joint_states` message a motion accepts, s on the bus clock. Default 0.25. */
  readonly staleAfterS?: number;
  /** How long after the trajectory's end the joints may take to arrive within `tolerance`, s. Default 1. */
  readonly settleTimeoutS?: number;
}

/** `MotionChecks` with every default filled in. */
export type ResolvedMotionChecks = Required<MotionChecks>;

/** The defaults of `MotionChecks`. */
export const MOTION_CHECK_DEFAULTS: ResolvedMotionChecks = Object.freeze({
  tolerance: 0.02,
  trackingLimit: 0.2,
  trackingGraceS: 0.2,
  staleAfterS: 0.25,
  settleTimeoutS: 1,
});

/** Set-points are streamed at this rate on the bus clock, Hz. */
export const SETPOINT_RATE_HZ = 100;

/** Throws BEHAVIOR_ACTOR_INPUT_INVALID unless `value` is finite and > 0 (≥ 0 with `allowZero`). */
export function requirePositive(field: string, value: unknown, allowZero = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new KindredError('BEHAVIOR_ACTOR_INPUT_INVALID', `${field} is ${show(value)}; expected a finite number ${allowZero ? '≥ 0' : '> 0'}`, {
      field,
      value,
      expected: allowZero ? 'a finite number ≥ 0' : 'a finite number > 0',
    });
  }
  return value;
}

/** Throws BEHAVIOR_ACTOR_INPUT_INVALID unless `value` is a finite number. */
export function requireFinite(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new KindredError('BEHAVIOR_ACTOR_INPUT_INVALID', `${field} is ${show(value)}; expected a finite number`, { field, value, expected: 'a finite number' });
  }
  return value;
}

/** The checks of an input with defaults filled in, each validated (BEHAVIOR_ACTOR_INPUT_INVALID). */
export function resolveMotionChecks(input: MotionChecks): ResolvedMotionChecks {
  const pick = (key: keyof MotionChecks): number => requirePositive(key, input[key] ?? MOTION_CHECK_DEFAULTS[key], key === 'trackingGraceS');
  return {
    tolerance: pick('tolerance'),
    trackingLimit: pick('trackingLimit'),
    trackingGraceS: pick('trackingGraceS'),
    staleAfterS: pick('staleAfterS'),
    settleTimeoutS: pick('settleTimeoutS'),
  };
}
