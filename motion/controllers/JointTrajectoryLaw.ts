import { KindredError, show } from '../../runtime/errors/index.js';
import type { JointTrajectoryLike, JointTrajectorySample } from '../trajectory/JointTrajectory.js';
import { JointTrajectorySampler } from '../trajectory/JointTrajectorySampler.js';
import type { JointTrajectorySamplerOptions } from '../trajectory/JointTrajectorySampler.js';
import { checkScalarParam, perJointParam } from './checkParams.js';

export interface JointTrajectoryLawOptions {
  /** Largest |desired − measured| position while executing, per joint (or one for all); 0 = unchecked. rad or m. */
  readonly pathToleranceRad?: number | ArrayLike<number>;
  /** Largest |goal − measured| position to count as arrived, per joint (or one for all); 0 = unchecked. */
  readonly goalToleranceRad?: number | ArrayLike<number>;
  /** How long after the last point's time the joints may take to come within the goal tolerance; 0 = no limit. */
  readonly goalTimeToleranceS?: number;
  /** Deceleration used to stop after `cancel`, per joint (or one for all), rad/s², > 0. */
  readonly stopDecelerationRadPerS2?: number | ArrayLike<number>;
  /** Effort output gains: τ = kp·(q_des − q) + kd·(q̇_des − q̇). Default 0 (position output only). */
  readonly kp?: number | ArrayLike<number>;
  readonly kd?: number | ArrayLike<number>;
  readonly interpolation?: JointTrajectorySamplerOptions['interpolation'];
}

/**
 * Where the law is:
 * - `idle`: no trajectory yet, holding the position at `reset`;
 * - `executing`: following a trajectory;
 * - `succeeded`: reached the goal within tolerance, holding it;
 * - `aborted`: a path or goal-time tolerance was violated, holding where the joints were then;
 * - `stopping`: cancelled, decelerating to rest;
 * - `canceled`: stopped after a cancel, holding.
 */
export type JointTrajectoryStatus = 'idle' | 'executing' | 'succeeded' | 'aborted' | 'stopping' | 'canceled';

/**
 * A joint trajectory controller in the manner of ros2_control's joint_trajectory_controller, as a
 * pure law. It holds position until given a `trajectory_msgs/msg/JointTrajectory`, samples it from
 * the measured state at its start time, checks path tolerances every cycle and goal tolerances after
 * the last point (with a goal-time tolerance), and on violation aborts and holds the measured
 * position. `cancel` ramps the desired velocity down at the stop deceleration and then holds.
 * Each cycle it writes `desiredPosition`, `desiredVelocity` and (PD towards them) `effort`.
 * `update` allocates nothing and never throws; `setTrajectory` allocates (call it outside the cycle).
 */
export class JointTrajectoryLaw {
  readonly jointNames: readonly string[];
  readonly jointCount: number;
  readonly desiredPosition: Float64Array;
  readonly desiredVelocity: Float64Array;
  readonly effort: Float64Array;
  /** The joint (index) whose tolerance was violated at the last abort; −1 if none. */
  abortedJoint = -1;
  private readonly pathTol: Float64Array;
  private readonly goalTol: Float64Array;
  private readonly goalTimeTolS: number;
  private readonly stopDecel: Float64Array;
  private readonly kp: Float64Array;
  private readonly kd: Float64Array;
  private readonly interpolation: JointTrajectorySamplerOptions['interpolation'];
  private readonly lastQ: Float64Array;
  private readonly sample: JointTrajectorySample;
  /** Trajectory joint k → law joint: sample.positions[k] belongs to joint order[k]. */
  private readonly order: Int32Array;
  private sampler: JointTrajectorySampler | undefined;
  private startTimeS = 0;
  private state: JointTrajectoryStatus = 'idle';

  constructor(jointNames: readonly string[], options: JointTrajectoryLawOptions = {}) {
    const n = jointNames.length;
    this.jointNames = [...jointNames];
    this.jointCount = n;
    this.pathTol = perJointParam('path_tolerance', options.pathToleranceRad ?? 0, n);
    this.goalTol = perJointParam('goal_tolerance', options.goalToleranceRad ?? 0, n);
    this.goalTimeTolS = checkScalarParam('goal_time_tolerance', options.goalTimeToleranceS ?? 0);
    this.stopDecel = perJointParam('stop_deceleration', options.stopDecelerationRadPerS2 ?? 2, n, Number.MIN_VALUE);
    this.kp = perJointParam('kp', options.kp ?? 0, n);
    this.kd = perJointParam('kd', options.kd ?? 0, n);
    this.interpolation = options.interpolation;
    this.desiredPosition = new Float64Array(n);
    this.desiredVelocity = new Float64Array(n);
    this.effort = new Float64Array(n);
    this.lastQ = new Float64Array(n);
    this.sample = { positions: new Float64Array(n), velocities: new Float64Array(n), accelerations: new Float64Array(n) };
    this.order = new Int32Array(n);
  }

  get status(): JointTrajectoryStatus {
    return this.state;
  }

  /** Drop any trajectory and hold at `q` (called at activation). */
  reset(q: ArrayLike<number>): void {
    this.sampler = undefined;
    this.state = 'idle';
    this.abortedJoint = -1;
    for (let j = 0; j < this.jointCount; j++) this.hold(j, q[j] ?? 0);
    for (let j = 0; j < this.jointCount; j++) this.lastQ[j] = q[j] ?? 0;
  }

  /**
   * Start following `traj` at `startTimeS` (the clock `update` is given). Points are relative to
   * that time; when the first point is later than 0 the law interpolates from the positions and
   * desired velocities of the last cycle, as ros2_control does. Replaces any running trajectory.
   * Throws MOTION_CONTROLLER_TRAJECTORY_JOINTS when `joint_names` is not a permutation of the
   * controller's joints, and the TRAJ_* codes of `JointTrajectorySampler` on a bad message.
   */
  setTrajectory(traj: JointTrajectoryLike, startTimeS: number): void {
    const names = traj.joint_names;
    const seen = new Set<number>();
    const order = new Int32Array(this.jointCount);
    for (let k = 0; k < names.length; k++) {
      const j = this.jointNames.indexOf(names[k] ?? '');
      if (j < 0 || seen.has(j)) break;
      seen.add(j);
      order[k] = j;
    }
    if (names.length !== this.jointCount || seen.size !== this.jointCount) {
      throw new KindredError(
        'MOTION_CONTROLLER_TRAJECTORY_JOINTS',
        `trajectory joint_names ${show(names)} do not match the controller's joints ${show(this.jointNames)}; expected each of them exactly once`,
        { field: 'joint_names', value: names, expected: `a permutation of ${show(this.jointNames)}` },
      );
    }
    const start = { positions: Array.from(names, (_n, k) => this.lastQ[order[k]!] ?? 0), velocities: Array.from(names, (_n, k) => this.desiredVelocity[order[k]!] ?? 0) };
    this.sampler = new JointTrajectorySampler(traj, {
      startState: start,
      ...(this.interpolation !== undefined ? { interpolation: this.interpolation } : {}),
    });
    this.order.set(order);
    this.startTimeS = checkScalarParam('startTimeS', startTimeS, Number.NEGATIVE_INFINITY);
    this.state = 'executing';
    this.abortedJoint = -1;
  }

  /** Stop the running trajectory: decelerate to rest at the stop deceleration, then hold. */
  cancel(): void {
    if (this.state === 'executing') this.state = 'stopping';
  }

  /**
   * One cycle. Writes `desiredPosition`, `desiredVelocity` and `effort`; returns the status after it.
   * Non-finite measurements make the law abort and hold its last desired position.
   */
  update(timeS: number, periodS: number, q: ArrayLike<number>, qd: ArrayLike<number>): JointTrajectoryStatus {
    const n = this.jointCount;
    let finite = true;
    for (let j = 0; j < n; j++) if (!Number.isFinite(q[j] ?? Number.NaN) || !Number.isFinite(qd[j] ?? Number.NaN)) finite = false;
    if (!finite) {
      if (this.state === 'executing' || this.state === 'stopping') this.abortHolding(this.desiredPosition, -1);
    } else {
      for (let j = 0; j < n; j++) this.lastQ[j] = q[j]!;
      if (this.state === 'executing') this.execute(timeS, q);
      else if (this.state === 'stopping') this.stop(periodS);
    }
    for (let j = 0; j < n; j++) {
      this.effort[j] = this.kp[j]! * (this.desiredPosition[j]! - (q[j] ?? 0)) + this.kd[j]! * (this.desiredVelocity[j]! - (qd[j] ?? 0));
    }
    return this.state;
  }

  private execute(timeS: number, q: ArrayLike<number>): void {
    const sampler = this.sampler;
    if (sampler === undefined) return;
    const t = timeS - this.startTimeS;
    sampler.sample(t, this.sample);
    const n = this.jointCount;
    for (let k = 0; k < n; k++) {
      const j = this.order[k]!;
      this.desiredPosition[j] = this.sample.positions[k]!;
      this.desiredVelocity[j] = this.sample.velocities[k]!;
    }
    if (t < sampler.durationS) {
      for (let j = 0; j < n; j++) {
        const tol = this.pathTol[j]!;
        if (tol > 0 && Math.abs(this.desiredPosition[j]! - q[j]!) > tol) {
          this.abortHolding(q, j);
          return;
        }
      }
      return;
    }
    let worst = -1;
    for (let j = 0; j < n; j++) {
      const tol = this.goalTol[j]!;
      if (tol > 0 && Math.abs(this.desiredPosition[j]! - q[j]!) > tol) worst = j;
    }
    if (worst < 0) {
      this.state = 'succeeded';
      this.sampler = undefined;
    } else if (this.goalTimeTolS > 0 && t > sampler.durationS + this.goalTimeTolS) {
      this.abortHolding(q, worst);
    }
  }

  private stop(periodS: number): void {
    const dt = Number.isFinite(periodS) && periodS > 0 ? periodS : 0;
    let moving = false;
    for (let j = 0; j < this.jointCount; j++) {
      const v = this.desiredVelocity[j]!;
      const dv = this.stopDecel[j]! * dt;
      const next = Math.abs(v) <= dv ? 0 : v - Math.sign(v) * dv;
      // Trapezoidal integration of the ramp keeps the stopping distance v²/(2·a).
      this.desiredPosition[j] = this.desiredPosition[j]! + 0.5 * (v + next) * dt;
      this.desiredVelocity[j] = next;
      if (next !== 0) moving = true;
    }
    if (!moving) {
      this.state = 'canceled';
      this.sampler = undefined;
    }
  }

  private abortHolding(at: ArrayLike<number>, joint: number): void {
    for (let j = 0; j < this.jointCount; j++) this.hold(j, at[j] ?? 0);
    this.state = 'aborted';
    this.abortedJoint = joint;
    this.sampler = undefined;
  }

  private hold(j: number, position: number): void {
    this.desiredPosition[j] = position;
    this.desiredVelocity[j] = 0;
  }
}
