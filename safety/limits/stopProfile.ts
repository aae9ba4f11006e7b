/**
 * Controlled stop profiles for IEC 60204-1 stop categories 1 and 2: every joint decelerates
 * monotonically (|v| never grows) to standstill within the stopping-time limit.
 *
 * Per joint, with speed u = |v| and deceleration d ≥ 0 (acceleration against the motion), the profile
 * is the time-optimal one under the acceleration limit A and jerk limit J:
 *
 *   phase 1  d ramps from d₀ to D at J          (t₁ = (D − d₀)/J)
 *   phase 2  d = D                              (t₂)
 *   phase 3  d ramps from D to 0 at J           (t₃ = D/J)
 *
 * with the speed drop (2D² − d₀²)/(2J) + D·t₂ = u₀. D = √((2J·u₀ + d₀²)/2) when that is ≤ A (t₂ = 0),
 * else D = A and t₂ = (u₀ − (2A² − d₀²)/(2J))/A. d₀ is the deceleration already under way (the
 * start's acceleration against the motion, at most A). Two cases cannot keep every limit:
 *
 * - The start accelerates *with* the motion: continuing would make |v| grow, so the profile starts at
 *   d₀ = 0 at once; the first step's jerk exceeds J (flag `monotone`).
 * - u₀ < d₀²/(2J): even ramping the deceleration straight down overshoots zero speed, so phase 3 uses
 *   the jerk d₀²/(2u₀) > J instead (flag `monotone`).
 *
 * **The time limit wins.** When the profile above takes longer than the stopping-time limit, A and J
 * are raised together (λA, λ²J: the same profile shape, run faster) to the smallest λ that finishes in
 * time; flags `acceleration` and/or `jerk` say which limit the plan then exceeds. Without an
 * acceleration limit the stop is immediate; without a jerk limit phases 1 and 3 vanish.
 *
 * Everything here is allocation-free: a `StopPlan` is allocated once and refilled by `planStop`.
 */

/** IEC 60204-1 stop categories with a controlled deceleration (category 0 removes torque at once). */
export type StopCategory = 1 | 2;

/** Per-joint (per-slot) motion: position, velocity and acceleration, in SI joint units. */
export interface MotionState {
  readonly position: Float64Array;
  readonly velocity: Float64Array;
  readonly acceleration: Float64Array;
}

/** Per-slot acceleration and jerk limits (+∞ when absent); a `LimitTable` satisfies this. */
export interface StopLimits {
  readonly acceleration: Float64Array;
  readonly jerk: Float64Array;
}

/** A relaxation factor λ above 1 + this counts as exceeding the limits. */
const RELAX_EPS = 1e-9;

/** Why a plan exceeds a limit, per slot (bits). */
export const StopRelaxation = {
  /** The stopping-time limit needed more than the jerk limit. */
  jerk: 1,
  /** The stopping-time limit needed more than the acceleration limit. */
  acceleration: 2,
  /** Monotone deceleration needed more jerk than allowed (start accelerating with the motion, or little speed left). */
  monotone: 4,
} as const;

/**
 * A planned stop: preallocated per-slot profile parameters, refilled by `planStop`. Numbers cross its
 * per-cycle calls only as integers (slot, cycle) or through its own typed arrays, so sampling never
 * boxes a double, inlined or not.
 */
export class StopPlan {
  readonly size: number;
  /** The loop period the plan is sampled at by `stopStep` (cycle k ↦ t = k·periodS). */
  readonly periodS: number;
  category: StopCategory = 1;
  /** Torque is removed once every slot has stopped (category 1); category 2 holds. */
  removeTorqueAtEnd = true;
  /** When the last slot reaches standstill, seconds after the stop began. */
  durationS = 0;
  /** False when the stopping-time limit given was not a positive number (the stop then runs at the limits, untimed). */
  timeLimitValid = true;
  /** Per slot: `StopRelaxation` bits. */
  readonly relaxed: Uint8Array;
  /** Per slot: how long its own stop takes, s. */
  readonly slotDurationS: Float64Array;
  private readonly p0: Float64Array;
  private readonly dir: Float64Array;
  private readonly u0: Float64Array;
  private readonly d0: Float64Array;
  private readonly decel: Float64Array;
  private readonly j1: Float64Array;
  private readonly j3: Float64Array;
  private readonly t1: Float64Array;
  private readonly t2: Float64Array;
  private readonly t3: Float64Array;
  private readonly u1: Float64Array;
  private readonly s1: Float64Array;
  private readonly u2: Float64Array;
  private readonly s2: Float64Array;
  private readonly sEnd: Float64Array;

  /** [0] the time being sampled, [1] the time limit being planned for. */
  private readonly clock = new Float64Array(2);
  /** solveSlot's inputs u₀, d₀, A, J, λ (A·λ and J·λ² are used) and its output, the duration. */
  private readonly solveIo = new Float64Array(6);

  constructor(size: number, periodS: number) {
    this.size = size;
    this.periodS = periodS;
    const f = (): Float64Array => new Float64Array(size);
    this.relaxed = new Uint8Array(size);
    this.slotDurationS = f();
    this.p0 = f();
    this.dir = f();
    this.u0 = f();
    this.d0 = f();
    this.decel = f();
    this.j1 = f();
    this.j3 = f();
    this.t1 = f();
    this.t2 = f();
    this.t3 = f();
    this.u1 = f();
    this.s1 = f();
    this.u2 = f();
    this.s2 = f();
    this.sEnd = f();
  }

  /**
   * Fill slot `i` with the time-optimal profile for speed u₀ ≥ 0, initial deceleration d₀ ∈ [0, A]
   * and limits λ·A, λ²·J, given in `solveIo[0..4]`; its duration goes to `solveIo[5]`.
   */
  private solveSlot(i: number): void {
    const io = this.solveIo;
    const u0 = io[0]!;
    const d0 = io[1]!;
    const lambda = io[4]!;
    const a = io[2]! * lambda;
    const j = io[3]! * lambda * lambda;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    let decel = 0;
    let j1 = j;
    let j3 = j;
    if (u0 > 0 && a < Infinity) {
      if (j === Infinity) {
        decel = a;
        t2 = u0 / a;
        j1 = 0;
        j3 = 0;
      } else if (u0 <= (d0 * d0) / (2 * j)) {
        decel = d0;
        j3 = (d0 * d0) / (2 * u0);
        t3 = (2 * u0) / d0;
      } else {
        const peak = Math.sqrt((2 * j * u0 + d0 * d0) / 2);
        if (peak <= a) {
          decel = peak;
          t1 = (peak - d0) / j;
          t3 = peak / j;
        } else {
          decel = a;
          t1 = (a - d0) / j;
          t3 = a / j;
          t2 = Math.max(0, (u0 - (2 * a * a - d0 * d0) / (2 * j)) / a);
        }
      }
    } else {
      j1 = 0;
      j3 = 0;
    }
    this.u0[i] = u0;
    this.d0[i] = d0;
    this.decel[i] = decel;
    this.j1[i] = j1;
    this.j3[i] = j3;
    this.t1[i] = t1;
    this.t2[i] = t2;
    this.t3[i] = t3;
    const u1 = u0 - d0 * t1 - (j1 * t1 * t1) / 2;
    const s1 = u0 * t1 - (d0 * t1 * t1) / 2 - (j1 * t1 * t1 * t1) / 6;
    const u2 = u1 - decel * t2;
    const s2 = s1 + u1 * t2 - (decel * t2 * t2) / 2;
    this.u1[i] = u1;
    this.s1[i] = s1;
    this.u2[i] = u2;
    this.s2[i] = s2;
    this.sEnd[i] = s2 + u2 * t3 - (decel * t3 * t3) / 2 + (j3 * t3 * t3 * t3) / 6;
    io[5] = t1 + t2 + t3;
  }

  /**
   * Plan slot `i` from `start` within the time limit in `clock[1]` (see the module comment); sets
   * `relaxed[i]` and `slotDurationS[i]`.
   */
  planSlot(i: number, start: MotionState, limits: StopLimits): void {
    const timeLimitS = this.clock[1]!;
    const v0 = start.velocity[i]!;
    const a0 = start.acceleration[i]!;
    const a = limits.acceleration[i]!;
    const j = limits.jerk[i]!;
    const u0 = Number.isFinite(v0) ? Math.abs(v0) : 0;
    const dir = u0 === 0 ? 0 : v0 < 0 ? -1 : 1;
    const p0 = start.position[i]!;
    this.p0[i] = Number.isFinite(p0) ? p0 : 0;
    this.dir[i] = dir;
    let relaxed = 0;
    // Deceleration already under way (acceleration against the motion), at most A.
    const against = Number.isFinite(a0) ? -dir * a0 : 0;
    const d0 = u0 > 0 && against > 0 ? Math.min(against, a) : 0;
    if (against < 0 && u0 > 0) relaxed |= StopRelaxation.monotone;
    const io = this.solveIo;
    io[0] = u0;
    io[1] = d0;
    io[2] = a;
    io[3] = j;
    io[4] = 1;
    this.solveSlot(i);
    if (u0 > 0 && j < Infinity && a < Infinity && u0 <= (d0 * d0) / (2 * j)) relaxed |= StopRelaxation.monotone;
    if (io[5]! > timeLimitS && u0 > 0) {
      // The time limit wins: run the same profile shape faster (λA, λ²J) until it fits.
      let lo = 1;
      let hi = 2;
      for (;;) {
        io[4] = hi;
        this.solveSlot(i);
        if (io[5]! <= timeLimitS || hi >= 1e18) break;
        hi *= 2;
      }
      for (let k = 0; k < 60; k++) {
        const mid = Math.sqrt(lo * hi);
        io[4] = mid;
        this.solveSlot(i);
        if (io[5]! > timeLimitS) lo = mid;
        else hi = mid;
      }
      io[4] = hi;
      this.solveSlot(i);
      if (hi > 1 + RELAX_EPS) {
        if (a < Infinity) relaxed |= StopRelaxation.acceleration;
        if (j < Infinity) relaxed |= StopRelaxation.jerk;
      }
    }
    const duration = io[5]!;
    this.relaxed[i] = relaxed;
    this.slotDurationS[i] = duration;
  }

  /** Set the time limit `planSlot` plans for (+∞: none). */
  setTimeLimit(timeLimitS: number): void {
    this.clock[1] = timeLimitS;
  }

  /** Slot `i` at cycle `cycle` of the stop (t = cycle·periodS), into `out` at index `i`. Allocation-free. */
  sampleCycle(i: number, cycle: number, out: MotionState): void {
    this.clock[0] = cycle * this.periodS;
    this.evaluate(i, out);
  }

  /** Slot `i` at `tS` seconds into the stop, into `out` at index `i` (for tools and tests). */
  sampleAt(i: number, tS: number, out: MotionState): void {
    this.clock[0] = tS;
    this.evaluate(i, out);
  }

  /** Slot `i`'s position, velocity and acceleration at `clock[0]` seconds into the stop, into `out` at index `i`. */
  private evaluate(i: number, out: MotionState): void {
    const tS = this.clock[0]!;
    const dir = this.dir[i]!;
    const t1 = this.t1[i]!;
    const t2 = this.t2[i]!;
    const t3 = this.t3[i]!;
    const decel = this.decel[i]!;
    let u: number;
    let s: number;
    let d: number;
    if (tS <= 0) {
      u = this.u0[i]!;
      s = 0;
      d = this.d0[i]!;
    } else if (tS < t1) {
      const d0 = this.d0[i]!;
      const j1 = this.j1[i]!;
      const u0 = this.u0[i]!;
      d = d0 + j1 * tS;
      u = u0 - d0 * tS - (j1 * tS * tS) / 2;
      s = u0 * tS - (d0 * tS * tS) / 2 - (j1 * tS * tS * tS) / 6;
    } else if (tS < t1 + t2) {
      const tau = tS - t1;
      const u1 = this.u1[i]!;
      d = decel;
      u = u1 - decel * tau;
      s = this.s1[i]! + u1 * tau - (decel * tau * tau) / 2;
    } else if (tS < t1 + t2 + t3) {
      const tau = tS - t1 - t2;
      const u2 = this.u2[i]!;
      const j3 = this.j3[i]!;
      d = decel - j3 * tau;
      u = u2 - decel * tau + (j3 * tau * tau) / 2;
      s = this.s2[i]! + u2 * tau - (decel * tau * tau) / 2 + (j3 * tau * tau * tau) / 6;
    } else {
      u = 0;
      s = this.sEnd[i]!;
      d = 0;
    }
    // Rounding must never turn the stop into a reversal.
    if (u < 0) u = 0;
    if (s > this.sEnd[i]!) s = this.sEnd[i]!;
    out.position[i] = this.p0[i]! + dir * s;
    out.velocity[i] = u === 0 ? 0 : dir * u;
    out.acceleration[i] = d === 0 ? 0 : -dir * d;
  }
}


/**
 * Plan a category 1 or 2 stop for every slot of `plan` from `start`, finishing within
 * `stoppingTimeS`. Allocation-free; never throws (it runs inside the cycle): a stopping time that
 * is not a positive number plans the stop at the limits and sets `plan.timeLimitValid = false`.
 */
export function planStop(plan: StopPlan, category: StopCategory, start: MotionState, limits: StopLimits, stoppingTimeS: number): StopPlan {
  const valid = stoppingTimeS > 0;
  const limit = valid ? stoppingTimeS : Infinity;
  plan.category = category;
  plan.removeTorqueAtEnd = category === 1;
  plan.timeLimitValid = valid;
  plan.setTimeLimit(limit);
  let longest = 0;
  for (let i = 0; i < plan.size; i++) {
    plan.planSlot(i, start, limits);
    const d = plan.slotDurationS[i]!;
    if (d > longest) longest = d;
  }
  plan.durationS = longest;
  return plan;
}

/**
 * Sample the plan at cycle `cycle` of the stop (t = cycle·plan.periodS; cycle 0 is the start) into
 * `out`, every slot. Returns true once every slot has reached standstill. Allocation-free.
 */
export function stopStep(plan: StopPlan, cycle: number, out: MotionState): boolean {
  for (let i = 0; i < plan.size; i++) plan.sampleCycle(i, cycle, out);
  return cycle * plan.periodS >= plan.durationS;
}
