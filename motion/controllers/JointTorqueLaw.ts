/**
 * A joint-space control law producing efforts (N·m for revolute joints, N for prismatic) from the
 * measured state and a reference. Vectors have one entry per driven joint, in SI joint units
 * (positions rad or m, velocities per second). `update` allocates nothing and never throws.
 */
export interface JointTorqueLaw {
  readonly jointCount: number;
  /**
   * @param q measured positions
   * @param qd measured velocities
   * @param qRef reference positions
   * @param periodS the cycle's measured period
   * @param outEffort written with the commanded efforts
   */
  update(q: ArrayLike<number>, qd: ArrayLike<number>, qRef: ArrayLike<number>, periodS: number, outEffort: Float64Array): void;
  /** Forget any adapted state (called when the controller is activated). */
  reset(): void;
}
