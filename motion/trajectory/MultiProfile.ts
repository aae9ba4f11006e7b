/** A per-joint vector of values in the joints' SI units (rad or m and their time derivatives). */
export type JointVector = number[] | Float64Array;

/** Several joints' states at one instant, one entry per joint in each vector. */
export interface MultiMotionSample {
  position: JointVector;
  velocity: JointVector;
  acceleration: JointVector;
  jerk: JointVector;
}

/** A coordinated motion of several joints over [0, durationS]; holds its end positions outside it. */
export interface MultiProfile {
  readonly jointCount: number;
  readonly durationS: number;
  /** Writes every joint's state at `tS` into `out` (vectors of at least `jointCount`) and returns it. */
  sample(tS: number, out: MultiMotionSample): MultiMotionSample;
}

export function createMultiMotionSample(jointCount: number): MultiMotionSample {
  return {
    position: new Float64Array(jointCount),
    velocity: new Float64Array(jointCount),
    acceleration: new Float64Array(jointCount),
    jerk: new Float64Array(jointCount),
  };
}
