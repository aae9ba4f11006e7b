import { perJointParam } from './checkParams.js';
import type { GravityCompensator } from './GravityCompensator.js';
import type { JointTorqueLaw } from './JointTorqueLaw.js';

export interface JointImpedanceOptions {
  /** Stiffness K per joint (or one for all), N·m/rad or N/m, ≥ 0. */
  readonly stiffness: number | ArrayLike<number>;
  /** Damping D per joint (or one for all), N·m·s/rad or N·s/m, ≥ 0. */
  readonly damping: number | ArrayLike<number>;
  /** Adds g(q) when given. */
  readonly gravity?: GravityCompensator;
}

/**
 * Joint impedance: τ = K·(q_ref − q) − D·q̇ [+ g(q)]. With gravity this is PD control with gravity
 * compensation (Takegaki & Arimoto 1981: globally asymptotically stable at q_ref for K, D > 0); with
 * K = D = 0 it is transparent gravity compensation, the robot floats and follows the user's hand.
 */
export class JointImpedanceLaw implements JointTorqueLaw {
  readonly jointCount: number;
  readonly stiffness: Float64Array;
  readonly damping: Float64Array;
  private readonly gravity: GravityCompensator | undefined;
  private readonly g: Float64Array;

  constructor(jointCount: number, options: JointImpedanceOptions) {
    this.jointCount = jointCount;
    this.stiffness = perJointParam('stiffness', options.stiffness, jointCount);
    this.damping = perJointParam('damping', options.damping, jointCount);
    this.gravity = options.gravity;
    this.g = new Float64Array(jointCount);
  }

  update(q: ArrayLike<number>, qd: ArrayLike<number>, qRef: ArrayLike<number>, _periodS: number, outEffort: Float64Array): void {
    const g = this.g;
    if (this.gravity !== undefined) this.gravity.compute(q, g);
    for (let j = 0; j < this.jointCount; j++) {
      outEffort[j] = this.stiffness[j]! * ((qRef[j] ?? 0) - (q[j] ?? 0)) - this.damping[j]! * (qd[j] ?? 0) + g[j]!;
    }
  }

  reset(): void {}
}
