import { KindredError, show } from '../../runtime/errors/index.js';
import type { KinematicTree } from './KinematicTree.js';
import type { LinkPoses } from './LinkPoses.js';

/** A target for one link's origin in the root frame. Without `rotation`, only the position is solved. */
export interface IkTarget {
  readonly positionM: ArrayLike<number>;
  /** 3×3 row-major rotation of the link in the root frame. */
  readonly rotation?: ArrayLike<number>;
}

export interface IkOptions {
  /**
   * Starting damping λ of the damped least-squares step Δq = Jᵀ(J·Jᵀ + λ²·1)⁻¹·e (adapted per
   * iteration, never below 1e-3·λ). Default 0.05.
   */
  readonly dampingLambda?: number;
  /** Default 200. */
  readonly maxIterations?: number;
  /** Position error to stop at, m. Default 1e-6. */
  readonly toleranceM?: number;
  /** Orientation error (rotation angle) to stop at, rad. Default 1e-6. */
  readonly toleranceRad?: number;
  /** Largest change of any joint in one iteration (rad or m); the step is scaled down to it. Default 0.3. */
  readonly maxStep?: number;
}

/** The outcome of `DlsIkSolver.solve`; the solver reuses one instance (read it before the next call). */
export interface IkResult {
  converged: boolean;
  iterations: number;
  positionErrorM: number;
  orientationErrorRad: number;
}

/**
 * Damped-least-squares inverse kinematics for one link of a `KinematicTree`. After every step the
 * joints are clamped to their position limits (continuous joints are unbounded), so the answer always
 * respects them; a target only reachable outside the limits ends unconverged at the closest pose the
 * iteration finds. Mimic joints follow their leaders; their own limits are not enforced.
 * All workspaces are allocated once, so `solve` allocates nothing.
 */
export class DlsIkSolver {
  readonly link: number;
  private readonly tree: KinematicTree;
  private readonly lambda2: number;
  private readonly maxIterations: number;
  private readonly toleranceM: number;
  private readonly toleranceRad: number;
  private readonly maxStep: number;
  private readonly poses: LinkPoses;
  private readonly jac: Float64Array;
  private readonly a: Float64Array;
  private readonly err: Float64Array;
  private readonly y: Float64Array;
  private readonly dq: Float64Array;
  private readonly qBest: Float64Array;
  private readonly result: IkResult = { converged: false, iterations: 0, positionErrorM: Infinity, orientationErrorRad: Infinity };

  constructor(tree: KinematicTree, link: string | number, options: IkOptions = {}) {
    this.tree = tree;
    this.link = tree.linkIndex(link);
    const lambda = positive('dampingLambda', options.dampingLambda ?? 0.05);
    this.lambda2 = lambda * lambda;
    const iterations = options.maxIterations ?? 200;
    if (!Number.isInteger(iterations) || iterations < 1) {
      throw new KindredError('MOTION_IK_OPTIONS_INVALID', `maxIterations is ${show(iterations)}; expected a whole number ≥ 1`, { field: 'maxIterations', value: iterations, expected: 'a whole number ≥ 1' });
    }
    this.maxIterations = iterations;
    this.toleranceM = positive('toleranceM', options.toleranceM ?? 1e-6);
    this.toleranceRad = positive('toleranceRad', options.toleranceRad ?? 1e-6);
    this.maxStep = positive('maxStep', options.maxStep ?? 0.3);
    const n = tree.dofCount;
    this.poses = tree.createLinkPoses();
    this.jac = new Float64Array(6 * n);
    this.a = new Float64Array(36);
    this.err = new Float64Array(6);
    this.y = new Float64Array(6);
    this.dq = new Float64Array(n);
    this.qBest = new Float64Array(n);
  }

  /**
   * Solve from `q0` (clamped into the limits first) and write the joint vector to `outQ` (which may
   * be `q0` itself). Returns the solver's reused result object.
   */
  solve(target: IkTarget, q0: ArrayLike<number>, outQ: Float64Array): IkResult {
    const tree = this.tree;
    const n = tree.dofCount;
    if (q0.length !== n || outQ.length !== n || target.positionM.length !== 3 || (target.rotation !== undefined && target.rotation.length !== 9)) {
      throw new KindredError('MOTION_DIMENSION_MISMATCH', `IK needs q0 and outQ of length ${n}, a 3-vector position and a 9-entry rotation; got ${q0.length}, ${outQ.length}, ${target.positionM.length}, ${target.rotation?.length ?? 'none'}`, { field: 'solve', expected: `q of length ${n}` });
    }
    const lower = tree.lowerLimits;
    const upper = tree.upperLimits;
    for (let i = 0; i < n; i++) outQ[i] = Math.min(Math.max(q0[i]!, lower[i]!), upper[i]!);
    const rows = target.rotation === undefined ? 3 : 6;
    const { poses, jac, err, dq, qBest } = this;
    const r = this.result;
    r.converged = false;
    // Levenberg–Marquardt-style damping: λ shrinks after a step that lowered the error and grows
    // (the step being undone) after one that did not, so steps stay safe near singularities without
    // the slow crawl a fixed λ gives when the error is already small.
    let lambda2 = this.lambda2;
    let bestError = Infinity;
    for (let iter = 0; ; iter++) {
      tree.fk(outQ, poses);
      this.poseError(target, err);
      const positionErrorM = Math.hypot(err[0]!, err[1]!, err[2]!);
      const orientationErrorRad = rows === 6 ? Math.hypot(err[3]!, err[4]!, err[5]!) : 0;
      const error = positionErrorM * positionErrorM + orientationErrorRad * orientationErrorRad;
      r.iterations = iter;
      const rejected = error >= bestError;
      if (!rejected) {
        bestError = error;
        lambda2 = Math.max(lambda2 * 0.25, this.lambda2 * 1e-6);
        r.positionErrorM = positionErrorM;
        r.orientationErrorRad = orientationErrorRad;
        qBest.set(outQ);
        if (positionErrorM <= this.toleranceM && orientationErrorRad <= this.toleranceRad) {
          r.converged = true;
          return r;
        }
      } else {
        // Undo the step and retry from the best point with more damping.
        lambda2 = Math.min(lambda2 * 16, 1e6);
        outQ.set(qBest);
      }
      if (iter >= this.maxIterations) {
        outQ.set(qBest);
        return r;
      }
      if (rejected) {
        tree.fk(outQ, poses);
        this.poseError(target, err);
      }
      tree.jacobianFromPoses(poses, this.link, jac);
      // Joints resting on a limit that the step would push further out are locked (their columns
      // zeroed) and the step solved again, so the other joints do the work.
      let largest = 0;
      for (let pass = 0; pass <= n; pass++) {
        largest = this.dampedStep(rows, lambda2);
        let locked = false;
        for (let k = 0; k < n; k++) {
          const d = dq[k]!;
          if ((d > 0 && outQ[k]! >= upper[k]!) || (d < 0 && outQ[k]! <= lower[k]!)) {
            for (let i = 0; i < rows; i++) jac[i * n + k] = 0;
            locked = true;
          }
        }
        if (!locked) break;
      }
      const shrink = largest > this.maxStep ? this.maxStep / largest : 1;
      for (let k = 0; k < n; k++) outQ[k] = Math.min(Math.max(outQ[k]! + shrink * dq[k]!, lower[k]!), upper[k]!);
    }
  }

  /** dq = Jᵀ·(J·Jᵀ + λ²·1)⁻¹·err over the first `rows` rows; returns max |dq|. */
  private dampedStep(rows: number, lambda2: number): number {
    const { jac, a, err, y, dq } = this;
    const n = this.tree.dofCount;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j <= i; j++) {
        let sum = i === j ? lambda2 : 0;
        for (let k = 0; k < n; k++) sum += jac[i * n + k]! * jac[j * n + k]!;
        a[i * 6 + j] = sum;
      }
    }
    choleskySolve(a, rows, err, y);
    let largest = 0;
    for (let k = 0; k < n; k++) {
      let sum = 0;
      for (let i = 0; i < rows; i++) sum += jac[i * n + k]! * y[i]!;
      dq[k] = sum;
      largest = Math.max(largest, Math.abs(sum));
    }
    return largest;
  }

  /** err = [target position − position; rotation vector of R_target·Rᵀ] in the root frame. */
  private poseError(target: IkTarget, err: Float64Array): void {
    const l = this.link;
    const p = this.poses.positionM;
    const tp = target.positionM;
    err[0] = tp[0]! - p[3 * l]!;
    err[1] = tp[1]! - p[3 * l + 1]!;
    err[2] = tp[2]! - p[3 * l + 2]!;
    const t = target.rotation;
    if (t === undefined) return;
    const R = this.poses.rotation;
    const o = 9 * l;
    // E = T·Rᵀ: E[i][j] = Σk T[i][k]·R[j][k].
    const e00 = rowDot(t, R, o, 0, 0);
    const e01 = rowDot(t, R, o, 0, 1);
    const e02 = rowDot(t, R, o, 0, 2);
    const e10 = rowDot(t, R, o, 1, 0);
    const e11 = rowDot(t, R, o, 1, 1);
    const e12 = rowDot(t, R, o, 1, 2);
    const e20 = rowDot(t, R, o, 2, 0);
    const e21 = rowDot(t, R, o, 2, 1);
    const e22 = rowDot(t, R, o, 2, 2);
    const wx = e21 - e12;
    const wy = e02 - e20;
    const wz = e10 - e01;
    const cos = Math.min(1, Math.max(-1, (e00 + e11 + e22 - 1) / 2));
    const sinTwice = Math.hypot(wx, wy, wz); // = 2·sin(angle)
    const angle = Math.atan2(sinTwice / 2, cos);
    if (angle < 1e-9) {
      err[3] = wx / 2;
      err[4] = wy / 2;
      err[5] = wz / 2;
    } else if (Math.PI - angle > 1e-4) {
      const k = angle / sinTwice;
      err[3] = k * wx;
      err[4] = k * wy;
      err[5] = k * wz;
    } else {
      // Near π the skew part vanishes: (E + Eᵀ)/2 = cos·1 + (1 − cos)·a·aᵀ gives the axis a up to
      // sign, taken from its largest component; the skew part then picks the sign.
      const c1 = 1 - cos;
      const axx = (e00 - cos) / c1;
      const ayy = (e11 - cos) / c1;
      const azz = (e22 - cos) / c1;
      let ax: number;
      let ay: number;
      let az: number;
      if (axx >= ayy && axx >= azz) {
        ax = Math.sqrt(Math.max(axx, 0));
        ay = (e01 + e10) / (2 * c1 * ax);
        az = (e02 + e20) / (2 * c1 * ax);
      } else if (ayy >= azz) {
        ay = Math.sqrt(Math.max(ayy, 0));
        ax = (e01 + e10) / (2 * c1 * ay);
        az = (e12 + e21) / (2 * c1 * ay);
      } else {
        az = Math.sqrt(Math.max(azz, 0));
        ax = (e02 + e20) / (2 * c1 * az);
        ay = (e12 + e21) / (2 * c1 * az);
      }
      const sign = ax * wx + ay * wy + az * wz < 0 ? -angle : angle;
      err[3] = sign * ax;
      err[4] = sign * ay;
      err[5] = sign * az;
    }
  }
}

/** (T·Rᵀ)[i][j] with R the 3×3 block of `rotations` at `offset`. */
function rowDot(t: ArrayLike<number>, rotations: Float64Array, offset: number, i: number, j: number): number {
  return t[3 * i]! * rotations[offset + 3 * j]! + t[3 * i + 1]! * rotations[offset + 3 * j + 1]! + t[3 * i + 2]! * rotations[offset + 3 * j + 2]!;
}

function positive(field: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new KindredError('MOTION_IK_OPTIONS_INVALID', `${field} is ${show(value)}; expected a finite number > 0`, { field, value, expected: 'a finite number > 0' });
  }
  return value;
}

/** Solve A·x = b for symmetric positive-definite A (lower triangle, stride 6), in place in A. */
function choleskySolve(a: Float64Array, n: number, b: Float64Array, x: Float64Array): void {
  for (let j = 0; j < n; j++) {
    let d = a[j * 6 + j]!;
    for (let k = 0; k < j; k++) d -= a[j * 6 + k]! * a[j * 6 + k]!;
    const l = Math.sqrt(d);
    a[j * 6 + j] = l;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * 6 + j]!;
      for (let k = 0; k < j; k++) s -= a[i * 6 + k]! * a[j * 6 + k]!;
      a[i * 6 + j] = s / l;
    }
  }
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= a[i * 6 + k]! * x[k]!;
    x[i] = s / a[i * 6 + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k * 6 + i]! * x[k]!;
    x[i] = s / a[i * 6 + i]!;
  }
}
