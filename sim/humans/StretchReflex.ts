/**
 * A velocity-dependent stretch reflex (spasticity, after Lance 1980): the joint velocity is seen by the
 * reflex `onsetDelayMs` late (the reflex latency); when its magnitude exceeds the threshold, the
 * stretched muscle answers with a torque against the motion, proportional to the excess:
 *
 *   τ(t) = −gain · (|ω(t − delay)| − ω_threshold) · sign(ω(t − delay))   when |ω(t − delay)| > ω_threshold, else 0
 *
 * Both directions count (flexors are stretched by extension and extensors by flexion). The torque is
 * limited to what the muscles can produce (`maxTorqueNm`): a delayed, strong velocity feedback on a light
 * segment oscillates (that is clonus) and, unlimited, would grow without bound. The delay is a ring
 * buffer of past velocities sized once at bind time from the physics step; `update` allocates nothing.
 */
export class StretchReflex {
  private readonly history: Float64Array;
  private head = 0;
  /** The last torque, in a Float64Array: a double stored in an object field may be boxed on every write. */
  private readonly out = new Float64Array(1);

  /**
   * @param thresholdRadPerS velocity below which there is no reflex
   * @param gainNmsPerRad reflex torque per rad/s above the threshold
   * @param delaySteps reflex latency in physics steps (≥ 0)
   * @param maxTorqueNm the largest reflex torque the muscles produce
   */
  constructor(
    readonly thresholdRadPerS: number,
    readonly gainNmsPerRad: number,
    readonly delaySteps: number,
    readonly maxTorqueNm = Infinity,
  ) {
    this.history = new Float64Array(Math.max(1, delaySteps + 1));
  }

  /** Record this step's joint velocity and return the reflex torque for this step (N·m). */
  update(velocityRadPerS: number): number {
    const n = this.history.length;
    this.history[this.head] = velocityRadPerS;
    // The oldest entry is `delaySteps` steps old: it sits right after the newest in the ring.
    const delayed = this.history[(this.head + 1) % n] ?? 0;
    this.head = (this.head + 1) % n;
    const excess = Math.abs(delayed) - this.thresholdRadPerS;
    this.out[0] = excess > 0 ? -Math.min(this.maxTorqueNm, this.gainNmsPerRad * excess) * Math.sign(delayed) : 0;
    return this.out[0]!;
  }

  /** The last torque computed (N·m). */
  get torqueNm(): number {
    return this.out[0]!;
  }

  /** Forget the velocity history (after a reset of the simulation). */
  reset(): void {
    this.history.fill(0);
    this.head = 0;
    this.out[0] = 0;
  }
}
