import { COEFFS_PER_SEGMENT, cubicSegment, evaluateSegment, linearSegment, quinticSegment } from './hermite.js';
import type {
  JointTrajectoryLike,
  JointTrajectorySample,
  TrajectoryInterpolation,
  TrajectoryStartState,
} from './JointTrajectory.js';
import { cubicSplineVelocities, minimumJerkKnotDerivatives } from './knotDerivatives.js';
import type { MotionSample } from './Profile.js';
import { validateJointTrajectory } from './validateJointTrajectory.js';

export interface JointTrajectorySamplerOptions {
  /** Defaults to `auto` (ros2_control's joint_trajectory_controller rules). */
  readonly interpolation?: TrajectoryInterpolation;
  /**
   * The joints' state at t = 0. When given and the first point is later than 0, the sampler
   * interpolates from it to the first point (as ros2_control does from the current state). When
   * the first point is at 0 the start state is not used.
   */
  readonly startState?: TrajectoryStartState;
}

/** One knot of the spline: a point's values for every joint, or the start state. */
interface Knot {
  readonly positions: readonly number[];
  readonly velocities: readonly number[] | undefined;
  readonly accelerations: readonly number[] | undefined;
}

/**
 * Samples a validated `trajectory_msgs/msg/JointTrajectory` at any time, without allocating.
 * All spline coefficients are computed once in the constructor (which throws the TRAJ_* codes of
 * `validateJointTrajectory` on a bad message). Times are seconds from the trajectory's start:
 * - before the first knot: the first knot's positions, at rest;
 * - between knots: the spline chosen by `interpolation` (see `TrajectoryInterpolation`);
 * - at the last point's time: its positions exactly; after it: held there at rest.
 */
export class JointTrajectorySampler {
  readonly jointNames: readonly string[];
  readonly interpolation: TrajectoryInterpolation;
  /** Knot times in seconds (t = 0 first when a start state is used). */
  readonly knotsS: Float64Array;
  /** Time of the last point in seconds. */
  readonly durationS: number;
  readonly #coeffs: Float64Array;
  readonly #last: Float64Array;
  readonly #first: Float64Array;
  readonly #scratch: MotionSample = { position: 0, velocity: 0, acceleration: 0, jerk: 0 };

  constructor(traj: JointTrajectoryLike, options: JointTrajectorySamplerOptions = {}) {
    const times = validateJointTrajectory(traj, options.startState);
    const interpolation = options.interpolation ?? 'auto';
    this.interpolation = interpolation;
    this.jointNames = [...traj.joint_names];
    const jointCount = this.jointNames.length;
    const knots: Knot[] = traj.points.map((p) => ({
      positions: p.positions,
      velocities: p.velocities.length > 0 ? p.velocities : undefined,
      accelerations: p.accelerations.length > 0 ? p.accelerations : undefined,
    }));
    let knotTimes = Array.from(times);
    const start = options.startState;
    if (start !== undefined && (times[0] ?? 0) > 0) {
      const zeros = new Array<number>(jointCount).fill(0);
      knots.unshift({
        positions: start.positions,
        velocities: start.velocities !== undefined && start.velocities.length > 0 ? start.velocities : zeros,
        accelerations: start.accelerations !== undefined && start.accelerations.length > 0 ? start.accelerations : zeros,
      });
      knotTimes = [0, ...knotTimes];
    }
    this.knotsS = Float64Array.from(knotTimes);
    this.durationS = knotTimes[knotTimes.length - 1] ?? 0;
    this.#first = Float64Array.from(knots[0]?.positions ?? []);
    this.#last = Float64Array.from(knots[knots.length - 1]?.positions ?? []);
    const segments = knots.length - 1;
    this.#coeffs = new Float64Array(jointCount * Math.max(0, segments) * COEFFS_PER_SEGMENT);
    for (let j = 0; j < jointCount; j++) this.#fitJoint(j, knots, interpolation);
  }

  #fitJoint(j: number, knots: readonly Knot[], interpolation: TrajectoryInterpolation): void {
    const n = knots.length;
    const segments = n - 1;
    if (segments < 1) return;
    const t = this.knotsS;
    const p = knots.map((k) => k.positions[j] ?? 0);
    let v: ArrayLike<number> | undefined;
    let a: ArrayLike<number> | undefined;
    const given = (values: readonly number[] | undefined, i: number): number | undefined =>
      values !== undefined ? values[j] : i === 0 || i === n - 1 ? 0 : undefined;
    if (interpolation === 'cubic') {
      v = cubicSplineVelocities(t, p, knots.map((k, i) => given(k.velocities, i)));
    } else if (interpolation === 'quintic') {
      const solved = minimumJerkKnotDerivatives(
        t,
        p,
        knots.map((k, i) => given(k.velocities, i)),
        knots.map((k, i) => given(k.accelerations, i)),
      );
      v = solved.velocities;
      a = solved.accelerations;
    }
    for (let k = 0; k < segments; k++) {
      const offset = (j * segments + k) * COEFFS_PER_SEGMENT;
      const T = (t[k + 1] ?? 0) - (t[k] ?? 0);
      const k0 = knots[k];
      const k1 = knots[k + 1];
      const p0 = p[k] ?? 0;
      const p1 = p[k + 1] ?? 0;
      if (interpolation === 'cubic' && v !== undefined) {
        cubicSegment(p0, v[k] ?? 0, p1, v[k + 1] ?? 0, T, this.#coeffs, offset);
      } else if (interpolation === 'quintic' && v !== undefined && a !== undefined) {
        quinticSegment(p0, v[k] ?? 0, a[k] ?? 0, p1, v[k + 1] ?? 0, a[k + 1] ?? 0, T, this.#coeffs, offset);
      } else if (interpolation === 'auto' && k0?.accelerations !== undefined && k1?.accelerations !== undefined && k0.velocities !== undefined && k1.velocities !== undefined) {
        quinticSegment(p0, k0.velocities[j] ?? 0, k0.accelerations[j] ?? 0, p1, k1.velocities[j] ?? 0, k1.accelerations[j] ?? 0, T, this.#coeffs, offset);
      } else if (interpolation === 'auto' && k0?.velocities !== undefined && k1?.velocities !== undefined) {
        cubicSegment(p0, k0.velocities[j] ?? 0, p1, k1.velocities[j] ?? 0, T, this.#coeffs, offset);
      } else {
        linearSegment(p0, p1, T, this.#coeffs, offset);
      }
    }
  }

  /** Writes every joint's state at `tS` seconds into `out` and returns it. Allocates nothing. */
  sample(tS: number, out: JointTrajectorySample): JointTrajectorySample {
    const knots = this.knotsS;
    const segments = knots.length - 1;
    const jointCount = this.jointNames.length;
    const first = knots[0] ?? 0;
    if (segments < 1 || tS < first || tS > this.durationS) {
      const hold = segments >= 1 && tS < first ? this.#first : this.#last;
      for (let j = 0; j < jointCount; j++) {
        out.positions[j] = hold[j] ?? 0;
        out.velocities[j] = 0;
        out.accelerations[j] = 0;
      }
      return out;
    }
    let lo = 0;
    let hi = segments - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((knots[mid] ?? 0) <= tS) lo = mid;
      else hi = mid - 1;
    }
    const s = tS - (knots[lo] ?? 0);
    const scratch = this.#scratch;
    const atEnd = tS === this.durationS;
    for (let j = 0; j < jointCount; j++) {
      evaluateSegment(this.#coeffs, (j * segments + lo) * COEFFS_PER_SEGMENT, s, scratch);
      out.positions[j] = atEnd ? (this.#last[j] ?? 0) : scratch.position;
      out.velocities[j] = scratch.velocity;
      out.accelerations[j] = scratch.acceleration;
    }
    return out;
  }
}
