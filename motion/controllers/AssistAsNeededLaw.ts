import { KindredError } from '../../runtime/errors/index.js';
import { checkScalarParam, perJointParam } from './checkParams.js';
import type { GravityCompensator } from './GravityCompensator.js';
import type { JointTorqueLaw } from './JointTorqueLaw.js';

export interface AssistAsNeededOptions {
  /** Full-assistance stiffness per joint (or one for all), N·m/rad, ≥ 0. */
  readonly kp: number | ArrayLike<number>;
  /** Full-assistance damping per joint (or one for all), N·m·s/rad, ≥ 0. */
  readonly kd: number | ArrayLike<number>;
  /** Bounds on the adaptive assistance level from the launch file (a plan may fix a level only up to assistMax), 0 ≤ assistMin ≤ assistMax ≤ 1. */
  readonly assistMin: number;
  readonly assistMax: number;
  /** Level at activation; clamped into [assistMin, assistMax]. Defaults to assistMin. */
  readonly assistInitial?: number;
  /** γ: how fast assistance grows per second per radian of tracking error beyond the tolerance, 1/(rad·s). */
  readonly gainRatePerRadS: number;
  /** e_tol: tracking error the patient may keep without assistance growing, rad. */
  readonly errorToleranceRad: number;
  /** λ: forgetting rate, 1/s; assistance decays by λ·a per second. */
  readonly forgettingRatePerS: number;
  /** Gravity (and so transparency at a = 0) when given. */
  readonly gravity?: GravityCompensator;
}

/**
 * Assist-as-needed: τ = a·(Kp·(q_ref − q) − Kd·q̇) + g(q), with one assistance level a ∈ [aMin, aMax].
 * At a = 0 the robot is transparent (gravity compensation only, zero stiffness); at a = 1 it tracks
 * the reference stiffly. The level adapts to performance as in Emken, Reinkensmeyer et al. (2007),
 * "Motor adaptation as a greedy optimization of error and effort", whose robot controller is
 * F_{i+1} = f·F_i + g·e_i: a forgetting factor removes assistance the patient does not need, and
 * error adds it back. In continuous time, per cycle of period dt and with e = max_j |q_ref,j − q_j|:
 *   a ← clamp(a + (γ·(e − e_tol) − λ·a)·dt, aMin, aMax).
 * So a rises under sustained error larger than e_tol and falls (to aMin) when tracking is good.
 */
export class AssistAsNeededLaw implements JointTorqueLaw {
  readonly jointCount: number;
  readonly kp: Float64Array;
  readonly kd: Float64Array;
  readonly assistMin: number;
  readonly assistMax: number;
  readonly assistInitial: number;
  readonly gainRatePerRadS: number;
  readonly errorToleranceRad: number;
  readonly forgettingRatePerS: number;
  private readonly gravity: GravityCompensator | undefined;
  private readonly g: Float64Array;
  private level: number;
  private lastError = 0;

  constructor(jointCount: number, options: AssistAsNeededOptions) {
    this.jointCount = jointCount;
    this.kp = perJointParam('kp', options.kp, jointCount);
    this.kd = perJointParam('kd', options.kd, jointCount);
    this.assistMin = checkScalarParam('assist_min', options.assistMin, 0, 1);
    this.assistMax = checkScalarParam('assist_max', options.assistMax, 0, 1);
    if (this.assistMin > this.assistMax) {
      throw new KindredError('MOTION_CONTROLLER_PARAM_INVALID', `assist_min ${this.assistMin} is above assist_max ${this.assistMax}; expected assist_min ≤ assist_max`, {
        field: 'assist_min',
        value: this.assistMin,
        expected: `≤ assist_max (${this.assistMax})`,
      });
    }
    const initial = checkScalarParam('assist_initial', options.assistInitial ?? this.assistMin, 0, 1);
    this.assistInitial = Math.min(this.assistMax, Math.max(this.assistMin, initial));
    this.gainRatePerRadS = checkScalarParam('assist_gain_rate', options.gainRatePerRadS);
    this.errorToleranceRad = checkScalarParam('error_tolerance', options.errorToleranceRad);
    this.forgettingRatePerS = checkScalarParam('forgetting_rate', options.forgettingRatePerS);
    this.gravity = options.gravity;
    this.g = new Float64Array(jointCount);
    this.level = this.assistInitial;
  }

  /** The current assistance level a ∈ [assistMin, assistMax], for the session record. */
  get assistance(): number {
    return this.level;
  }

  /** The tracking error e (max over joints of |q_ref − q|, rad) seen in the last update. */
  get trackingErrorRad(): number {
    return this.lastError;
  }

  update(q: ArrayLike<number>, qd: ArrayLike<number>, qRef: ArrayLike<number>, periodS: number, outEffort: Float64Array): void {
    let e = 0;
    for (let j = 0; j < this.jointCount; j++) {
      const ej = Math.abs((qRef[j] ?? 0) - (q[j] ?? 0));
      if (ej > e) e = ej;
    }
    this.lastError = e;
    const dt = Number.isFinite(periodS) && periodS > 0 ? periodS : 0;
    const next = this.level + (this.gainRatePerRadS * (e - this.errorToleranceRad) - this.forgettingRatePerS * this.level) * dt;
    // A non-finite error (NaN state) leaves the level where it was.
    if (Number.isFinite(next)) this.level = Math.min(this.assistMax, Math.max(this.assistMin, next));
    const a = this.level;
    const g = this.g;
    if (this.gravity !== undefined) this.gravity.compute(q, g);
    for (let j = 0; j < this.jointCount; j++) {
      outEffort[j] = a * (this.kp[j]! * ((qRef[j] ?? 0) - (q[j] ?? 0)) - this.kd[j]! * (qd[j] ?? 0)) + g[j]!;
    }
  }

  /** Back to the initial level. */
  reset(): void {
    this.level = this.assistInitial;
    this.lastError = 0;
  }
}
