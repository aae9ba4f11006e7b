/**
 * Local shapes of `trajectory_msgs/msg/JointTrajectory` and its points, holding only the fields
 * trajectory sampling reads. The generated message types are structurally assignable to these
 * (extra fields such as `header` and `effort` are ignored). Positions are in the joints' SI units
 * (rad or m), velocities per second, accelerations per second².
 */
export interface TrajectoryDuration {
  /** builtin_interfaces/msg/Duration: whole seconds ≥ 0 and nanoseconds in [0, 1e9). */
  readonly sec: number;
  readonly nanosec: number;
}

export interface JointTrajectoryPointLike {
  readonly positions: readonly number[];
  /** Empty, or one per joint. */
  readonly velocities: readonly number[];
  /** Empty, or one per joint. */
  readonly accelerations: readonly number[];
  readonly time_from_start: TrajectoryDuration;
}

export interface JointTrajectoryLike {
  readonly joint_names: readonly string[];
  readonly points: readonly JointTrajectoryPointLike[];
}

/** The joints' state when the trajectory starts (t = 0); velocities and accelerations default to 0. */
export interface TrajectoryStartState {
  readonly positions: readonly number[];
  readonly velocities?: readonly number[];
  readonly accelerations?: readonly number[];
}

/**
 * How segments are interpolated:
 * - `auto` (ros2_control's joint_trajectory_controller): per segment, quintic when both ends give
 *   accelerations, cubic when both give velocities, otherwise linear.
 * - `linear`: straight lines between positions.
 * - `cubic`: C1 cubic Hermite; velocities not given are estimated so that acceleration is continuous
 *   (the C2 cubic spline through the points, minimising ∫ acceleration²).
 * - `quintic`: C2 quintic Hermite; velocities and accelerations not given are estimated by
 *   minimising ∫ jerk² (minimum-jerk through the points at their times).
 * In `cubic` and `quintic` modes the first and last points' missing derivatives are taken as 0.
 */
export type TrajectoryInterpolation = 'auto' | 'linear' | 'cubic' | 'quintic';

/** Joint states sampled from a trajectory, one entry per joint (in `joint_names` order). */
export interface JointTrajectorySample {
  positions: number[] | Float64Array;
  velocities: number[] | Float64Array;
  accelerations: number[] | Float64Array;
}

export function createJointTrajectorySample(jointCount: number): JointTrajectorySample {
  return { positions: new Float64Array(jointCount), velocities: new Float64Array(jointCount), accelerations: new Float64Array(jointCount) };
}

/** time_from_start in seconds. */
export function durationToSeconds(d: TrajectoryDuration): number {
  return d.sec + d.nanosec * 1e-9;
}
