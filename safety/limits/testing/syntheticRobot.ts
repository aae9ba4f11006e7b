import { composeLimits } from '../composeLimits.js';
import { JointLimitEnforcer } from '../JointLimitEnforcer.js';
import type { JointLimits } from '../JointLimits.js';
import { compileLimits, type LimitTable } from '../LimitTable.js';

/** A robot of `jointCount` knee-like revolute joints, each with position and effort commands (as the shipped robots expose). */
export interface SyntheticRobot {
  readonly table: LimitTable;
  readonly enforcer: JointLimitEnforcer;
  readonly commandNames: readonly string[];
  readonly stateNames: readonly string[];
  readonly requested: Float64Array;
  readonly state: Float64Array;
  readonly out: Float64Array;
  /** Fill `requested` and `state` for cycle k: a smooth sweep that runs into the soft limits, efforts beyond the bounds. */
  prepare(k: number): void;
  /** `prepare(k)`, then enforce. */
  cycle(k: number): number;
}

export function syntheticRobot(jointCount: number, periodS = 0.001, withJerk = true): SyntheticRobot {
  const joints: JointLimits[] = Array.from({ length: jointCount }, (_, i) => ({
    joint: `j${i}`,
    kind: 'revolute' as const,
    position: { lower: -1, upper: 1.5 },
    soft: { lower: -0.9, upper: 1.4, kPosition: 100, kVelocity: 10 },
    velocity: 3,
    effort: 80,
  }));
  const composed = composeLimits([
    { name: 'urdf', joints },
    { name: 'robot', joints: Object.fromEntries(joints.map((j) => [j.joint, withJerk ? { acceleration: 20, jerk: 2000 } : { acceleration: 20 }])) },
  ]);
  const table = compileLimits(composed);
  const commandNames = joints.flatMap((j) => [`${j.joint}/position`, `${j.joint}/effort`]);
  const stateNames = joints.flatMap((j) => [`${j.joint}/position`, `${j.joint}/velocity`, `${j.joint}/effort`]);
  const enforcer = new JointLimitEnforcer({ limits: table, commands: commandNames.map((name) => ({ name })), stateNames, periodS });
  const requested = new Float64Array(commandNames.length);
  const state = new Float64Array(stateNames.length);
  const out = new Float64Array(commandNames.length);
  return {
    table,
    enforcer,
    commandNames,
    stateNames,
    requested,
    state,
    out,
    prepare(k: number): void {
      sweepJoints(k, periodS, jointCount, requested, state, out);
    },
    cycle(k: number): number {
      this.prepare(k);
      return enforcer.enforce(requested, state, out);
    },
  };
}

/**
 * The synthetic robot's motion at cycle `k` of period `periodS` (time passed as the cycle count and the
 * fixed period, not as a freshly computed double: a double argument to a call V8 does not inline is
 * boxed — a heap allocation per cycle that a probe would blame on the code it measures): per joint a position request sweeping into the soft limits
 * and an effort request past the limit (commands laid out position, effort per joint), with the
 * measured position following the last enforced command (state laid out position, velocity, effort).
 * Allocation-free; shared by the enforcer's and the supervisor's benchmarks and probes.
 */
export function sweepJoints(k: number, periodS: number, jointCount: number, requested: Float64Array, state: Float64Array, enforced: Float64Array): void {
  const t = k * periodS;
  for (let i = 0; i < jointCount; i++) {
    const phase = t * (0.7 + 0.05 * i);
    requested[2 * i] = 0.25 + 1.4 * Math.sin(phase);
    requested[2 * i + 1] = 100 * Math.cos(phase);
    state[3 * i] = enforced[2 * i]!;
    state[3 * i + 1] = 1.4 * 0.7 * Math.cos(phase);
  }
}
