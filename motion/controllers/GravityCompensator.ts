import type { KinematicTree } from '../kinematics/KinematicTree.js';

/** Standard gravity along −z of the root frame, m/s². */
export const GRAVITY_DOWN_Z: readonly number[] = [0, 0, -9.81];

/**
 * g(q) for a subset of a kinematic tree's joints: the torques (N·m) or forces (N) that hold those
 * joints still against gravity. Joints of the tree that the controller does not drive take the
 * positions last given to `setOtherPositions` (0 until then). Allocation-free after construction.
 */
export class GravityCompensator {
  readonly jointCount: number;
  /** Names of the tree's joints the controller does not drive, in the order `setOtherPositions` takes. */
  readonly otherJoints: readonly string[];
  private readonly treeIndex: Int32Array;
  private readonly otherIndex: Int32Array;
  private readonly qFull: Float64Array;
  private readonly tauFull: Float64Array;
  private readonly gravity: Float64Array;

  /**
   * @param jointNames the driven joints, in the order of the controller's vectors; each must be an
   *   actuated joint of `tree` (else `tree.jointIndex` throws MOTION_JOINT_UNKNOWN).
   * @param gravityMPerS2 gravity in the tree's root frame.
   */
  constructor(
    private readonly tree: KinematicTree,
    jointNames: readonly string[],
    gravityMPerS2: ArrayLike<number> = GRAVITY_DOWN_Z,
  ) {
    this.jointCount = jointNames.length;
    this.treeIndex = Int32Array.from(jointNames, (n) => tree.jointIndex(n));
    const driven = new Set(this.treeIndex);
    const others: number[] = [];
    for (let i = 0; i < tree.dofCount; i++) if (!driven.has(i)) others.push(i);
    this.otherIndex = Int32Array.from(others);
    this.otherJoints = others.map((i) => tree.jointNames[i] ?? '');
    this.qFull = new Float64Array(tree.dofCount);
    this.tauFull = new Float64Array(tree.dofCount);
    this.gravity = Float64Array.from(gravityMPerS2);
  }

  /** Positions of `otherJoints`, in that order (SI joint units). */
  setOtherPositions(positions: ArrayLike<number>): void {
    for (let k = 0; k < this.otherIndex.length; k++) this.qFull[this.otherIndex[k]!] = positions[k] ?? 0;
  }

  /** Writes g(q) for the driven joints into `outTau` (length `jointCount`) and returns it. */
  compute(q: ArrayLike<number>, outTau: Float64Array): Float64Array {
    const idx = this.treeIndex;
    for (let k = 0; k < idx.length; k++) this.qFull[idx[k]!] = q[k] ?? 0;
    this.tree.gravityTorques(this.qFull, this.gravity, this.tauFull);
    for (let k = 0; k < idx.length; k++) outTau[k] = this.tauFull[idx[k]!]!;
    return outTau;
  }
}
