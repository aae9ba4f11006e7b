import type { ComposedLimits } from './JointLimits.js';

/**
 * Composed limits laid out for the control cycle: one Float64Array per field, indexed by joint, with
 * ±Infinity where a limit is absent (so the cycle needs no branches on optional fields). Built once
 * at configuration time by `compileLimits`; the only runtime change is the reduced-speed factor, a
 * plain number read by every enforcement (no reallocation).
 */
export class LimitTable {
  /** Joint names, in composition order. */
  readonly joints: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** Hard position range (−∞/+∞ when absent). */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Soft limits intersected with the hard range; −∞/+∞ when absent. */
  readonly softLower: Float64Array;
  readonly softUpper: Float64Array;
  /** 1/s; 0 when absent (no velocity envelope). */
  readonly kPosition: Float64Array;
  /** Effort per velocity; 0 when absent (no soft effort bound). */
  readonly kVelocity: Float64Array;
  /** The range position commands may use: hard ∩ soft. */
  readonly commandLower: Float64Array;
  readonly commandUpper: Float64Array;
  /** Unscaled maximum |velocity|; +∞ when absent. */
  readonly velocity: Float64Array;
  readonly acceleration: Float64Array;
  readonly jerk: Float64Array;
  readonly effort: Float64Array;
  /**
   * [0]: the reduced-speed factor, in a typed array so the cycle reads it without a call (a double
   * returned from a call that is not inlined is an allocation). Written only by `setVelocityScale`.
   */
  readonly velocityScaleCell = Float64Array.of(1);

  constructor(composed: ComposedLimits) {
    const n = composed.joints.length;
    this.joints = composed.joints.map((j) => j.joint);
    this.indexOf = new Map(this.joints.map((name, i) => [name, i]));
    const f = (): Float64Array => new Float64Array(n);
    this.lower = f();
    this.upper = f();
    this.softLower = f();
    this.softUpper = f();
    this.kPosition = f();
    this.kVelocity = f();
    this.commandLower = f();
    this.commandUpper = f();
    this.velocity = f();
    this.acceleration = f();
    this.jerk = f();
    this.effort = f();
    composed.joints.forEach((j, i) => {
      const lower = j.position?.lower ?? -Infinity;
      const upper = j.position?.upper ?? Infinity;
      this.lower[i] = lower;
      this.upper[i] = upper;
      // A soft limit outside the hard range (or a hard range a later layer narrowed inside it) acts at the hard limit.
      this.softLower[i] = j.soft?.lower === undefined ? -Infinity : Math.min(Math.max(j.soft.lower, lower), upper);
      this.softUpper[i] = j.soft?.upper === undefined ? Infinity : Math.max(Math.min(j.soft.upper, upper), lower);
      this.kPosition[i] = j.soft?.kPosition ?? 0;
      this.kVelocity[i] = j.soft?.kVelocity ?? 0;
      this.commandLower[i] = Math.max(lower, this.softLower[i]!);
      this.commandUpper[i] = Math.min(upper, this.softUpper[i]!);
      this.velocity[i] = j.velocity ?? Infinity;
      this.acceleration[i] = j.acceleration ?? Infinity;
      this.jerk[i] = j.jerk ?? Infinity;
      this.effort[i] = j.effort ?? Infinity;
    });
  }

  /** The reduced-speed factor s ∈ (0, 1] every velocity limit is multiplied by (1 = full speed). */
  get velocityScale(): number {
    return this.velocityScaleCell[0]!;
  }

  /**
   * Set the reduced-speed factor. Allocation-free and safe to call inside the cycle. Returns false
   * and keeps the current factor when `s` is not in (0, 1] (NaN included); callers that want a stop
   * use a stop category, not a zero factor.
   */
  setVelocityScale(s: number): boolean {
    if (!(s > 0 && s <= 1)) return false;
    this.velocityScaleCell[0] = s;
    return true;
  }

  /** The velocity limit of joint `j` in force now (scaled). */
  velocityLimit(j: number): number {
    return this.velocity[j]! * this.velocityScaleCell[0]!;
  }
}

/** Lay out composed limits for the cycle (see `LimitTable`). */
export function compileLimits(composed: ComposedLimits): LimitTable {
  return new LimitTable(composed);
}
