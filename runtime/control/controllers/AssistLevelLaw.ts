import { AssistAsNeededLaw, type AssistAsNeededOptions, type JointTorqueLaw } from '../../../motion/controllers/index.js';

/**
 * The assist-as-needed law as the launch file sets it up, or the same law with its assistance level
 * fixed at run time. A fixed level `a` is the launch file's law (the same `kp`, `kd`, gravity
 * compensation) with `assist_min = assist_max = a`, so the torque is a·(Kp·(q_ref − q) − Kd·q̇) + g(q)
 * on every cycle and nothing adapts. Callers keep `a` within [0, the launch file's assist_max]
 * (`AssistAsNeededController.configure` checks it). `fix` and `adapt` run between cycles (`fix`
 * builds a law, so it allocates); `update` only delegates and allocates nothing.
 */
export class AssistLevelLaw implements JointTorqueLaw {
  readonly jointCount: number;
  /** The law with the launch file's parameters (adapting between its assist_min and assist_max). */
  readonly launch: AssistAsNeededLaw;
  private current: AssistAsNeededLaw;
  private fixed: number | undefined;

  constructor(
    jointCount: number,
    private readonly options: AssistAsNeededOptions,
  ) {
    this.jointCount = jointCount;
    this.launch = new AssistAsNeededLaw(jointCount, options);
    this.current = this.launch;
  }

  /** The assistance level in force, a ∈ [0, 1] (the launch law's adapted level unless fixed). */
  get assistance(): number {
    return this.current.assistance;
  }

  /** The tracking error of the last update (max over joints of |q_ref − q|, rad). */
  get trackingErrorRad(): number {
    return this.current.trackingErrorRad;
  }

  /** The level fixed at run time, or undefined while the launch file's adaptive law runs. */
  get fixedLevel(): number | undefined {
    return this.fixed;
  }

  /** Fix the level at `level` (already checked by the caller) from the next update. */
  fix(level: number): void {
    this.current = new AssistAsNeededLaw(this.jointCount, { ...this.options, assistMin: level, assistMax: level, assistInitial: level });
    this.fixed = level;
  }

  /** Back to the launch file's adaptive law, from its initial level. */
  adapt(): void {
    this.launch.reset();
    this.current = this.launch;
    this.fixed = undefined;
  }

  update(q: ArrayLike<number>, qd: ArrayLike<number>, qRef: ArrayLike<number>, periodS: number, outEffort: Float64Array): void {
    this.current.update(q, qd, qRef, periodS, outEffort);
  }

  reset(): void {
    this.current.reset();
  }
}
