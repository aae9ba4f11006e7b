import { KindredError } from '../../runtime/errors/index.js';
import type { KinematicTree } from '../kinematics/KinematicTree.js';
import type { LinkPoses } from '../kinematics/LinkPoses.js';
import { checkScalarParam, perJointParam } from './checkParams.js';

export interface CartesianAdmittanceOptions {
  /** The link whose origin the user pushes (where the force/torque sensor is mounted). */
  readonly link: string;
  /** The tree's joints the law may move; the others keep still (their Jacobian columns are dropped). */
  readonly drivenJoints: readonly string[];
  /** Virtual mass per axis [x, y, z, rx, ry, rz] (or one for all): kg, then kg·m²; > 0. */
  readonly virtualMass: number | ArrayLike<number>;
  /** Virtual damping per axis (or one for all): N·s/m, then N·m·s/rad; ≥ 0. */
  readonly virtualDamping: number | ArrayLike<number>;
  /** Force components smaller than this are ignored (sensor noise and drift), N. Default 0. */
  readonly forceDeadbandN?: number;
  /** Torque components smaller than this are ignored, N·m. Default 0. */
  readonly torqueDeadbandNm?: number;
  /** Caps on the commanded end-effector speed. Default: no cap. */
  readonly maxLinearSpeedMPerS?: number;
  readonly maxAngularSpeedRadPerS?: number;
  /** λ of the damped least-squares pseudo-inverse Jᵀ(J·Jᵀ + λ²·1)⁻¹ (near singularities), > 0. Default 0.02. */
  readonly dampingLambda?: number;
  /**
   * `all`: the full twist is controlled (arms with ≥ 6 joints); `translation`: only the linear
   * velocity, torques and rotation left free (arms with fewer joints, where holding the orientation
   * would fight the push). Default `all`.
   */
  readonly axes?: 'all' | 'translation';
  /** `link`: the wrench is measured in the link's frame and rotated to the root frame (default); `root`: already in the root frame. */
  readonly wrenchFrame?: 'link' | 'root';
}

/**
 * Cartesian admittance for hand guiding (e.g. a transfer robot's arm led by a carer): a wrench F on
 * `link` drives a virtual mass–damper  M·v̇ + D·v = F  in the root frame, and the end-effector velocity
 * v becomes joint velocities by the damped least-squares pseudo-inverse of the link's Jacobian,
 * q̇ = Jᵀ(J·Jᵀ + λ²·1)⁻¹·v. The damper is integrated implicitly (stable for any period), and v is then
 * replaced by J·q̇, the part the arm can realise, so no velocity winds up along blocked directions.
 * Vectors: q and q̇ are full-tree vectors (`tree.dofCount`, tree joint order); the wrench is
 * [fx, fy, fz, τx, τy, τz] in N and N·m. `update` allocates nothing and never throws.
 */
export class CartesianAdmittanceLaw {
  /** The commanded end-effector twist [vx, vy, vz, ωx, ωy, ωz] of the last update, root frame. */
  readonly twist: Float64Array;
  private readonly linkIndex: number;
  private readonly driven: Uint8Array;
  private readonly mass: Float64Array;
  private readonly damping: Float64Array;
  private readonly forceDeadbandN: number;
  private readonly torqueDeadbandNm: number;
  private readonly maxLinear: number;
  private readonly maxAngular: number;
  private readonly lambda2: number;
  private readonly rotateWrench: boolean;
  /** Controlled twist rows: 6, or 3 for translation only. */
  private readonly rows: number;
  private readonly poses: LinkPoses;
  private readonly jac: Float64Array;
  private readonly a: Float64Array;
  private readonly y: Float64Array;
  private readonly f: Float64Array;

  constructor(
    private readonly tree: KinematicTree,
    options: CartesianAdmittanceOptions,
  ) {
    this.linkIndex = tree.linkIndex(options.link);
    this.driven = new Uint8Array(tree.dofCount);
    for (const j of options.drivenJoints) this.driven[tree.jointIndex(j)] = 1;
    this.mass = perJointParam('virtual_mass', options.virtualMass, 6, Number.MIN_VALUE);
    this.damping = perJointParam('virtual_damping', options.virtualDamping, 6);
    this.forceDeadbandN = checkScalarParam('force_deadband', options.forceDeadbandN ?? 0);
    this.torqueDeadbandNm = checkScalarParam('torque_deadband', options.torqueDeadbandNm ?? 0);
    this.maxLinear = checkScalarParam('max_linear_speed', options.maxLinearSpeedMPerS ?? Number.MAX_VALUE);
    this.maxAngular = checkScalarParam('max_angular_speed', options.maxAngularSpeedRadPerS ?? Number.MAX_VALUE);
    const lambda = checkScalarParam('damping_lambda', options.dampingLambda ?? 0.02, Number.MIN_VALUE);
    this.lambda2 = lambda * lambda;
    const frame = options.wrenchFrame ?? 'link';
    if (frame !== 'link' && frame !== 'root') {
      throw new KindredError('MOTION_CONTROLLER_PARAM_INVALID', `wrench_frame is ${String(frame)}; expected link or root`, { field: 'wrench_frame', value: frame, expected: 'link | root' });
    }
    this.rotateWrench = frame === 'link';
    const axes = options.axes ?? 'all';
    if (axes !== 'all' && axes !== 'translation') {
      throw new KindredError('MOTION_CONTROLLER_PARAM_INVALID', `axes is ${String(axes)}; expected all or translation`, { field: 'axes', value: axes, expected: 'all | translation' });
    }
    this.rows = axes === 'all' ? 6 : 3;
    this.poses = tree.createLinkPoses();
    this.jac = new Float64Array(6 * tree.dofCount);
    this.twist = new Float64Array(6);
    this.a = new Float64Array(36);
    this.y = new Float64Array(6);
    this.f = new Float64Array(6);
  }

  /** Bring the virtual mass to rest (at activation). */
  reset(): void {
    this.twist.fill(0);
  }

  /**
   * One cycle: writes joint velocities (per second, full-tree order; 0 for joints not driven) into
   * `outQd`. Non-finite inputs command zero velocity and reset the virtual mass; returns false then.
   */
  update(q: ArrayLike<number>, wrench: ArrayLike<number>, periodS: number, outQd: Float64Array): boolean {
    const n = this.tree.dofCount;
    let finite = Number.isFinite(periodS);
    for (let i = 0; i < n; i++) if (!Number.isFinite(q[i] ?? Number.NaN)) finite = false;
    for (let i = 0; i < 6; i++) if (!Number.isFinite(wrench[i] ?? Number.NaN)) finite = false;
    if (!finite) {
      this.twist.fill(0);
      outQd.fill(0);
      return false;
    }
    const dt = periodS > 0 ? periodS : 0;
    this.tree.fk(q, this.poses);
    this.tree.jacobianFromPoses(this.poses, this.linkIndex, this.jac);
    this.loadWrench(wrench);
    // Implicit Euler of M·v̇ + D·v = F.
    const v = this.twist;
    for (let i = 0; i < 6; i++) {
      const m = this.mass[i]!;
      v[i] = (v[i]! + (dt * this.f[i]!) / m) / (1 + (dt * this.damping[i]!) / m);
    }
    for (let i = this.rows; i < 6; i++) v[i] = 0;
    capNorm(v, 0, this.maxLinear);
    capNorm(v, 3, this.maxAngular);
    this.pseudoInverse(outQd);
    // Keep only what the arm realises: v = J·q̇ (over the controlled rows).
    const jac = this.jac;
    for (let r = 0; r < 6; r++) {
      let s = 0;
      for (let c = 0; c < n; c++) s += jac[r * n + c]! * outQd[c]!;
      v[r] = s;
    }
    return true;
  }

  private loadWrench(wrench: ArrayLike<number>): void {
    const f = this.f;
    for (let i = 0; i < 6; i++) {
      const w = wrench[i]!;
      const band = i < 3 ? this.forceDeadbandN : this.torqueDeadbandNm;
      f[i] = Math.abs(w) <= band ? 0 : w - Math.sign(w) * band;
    }
    if (!this.rotateWrench) return;
    const R = this.poses.rotation;
    const o = 9 * this.linkIndex;
    for (let base = 0; base < 6; base += 3) {
      const x = f[base]!;
      const y = f[base + 1]!;
      const z = f[base + 2]!;
      f[base] = R[o]! * x + R[o + 1]! * y + R[o + 2]! * z;
      f[base + 1] = R[o + 3]! * x + R[o + 4]! * y + R[o + 5]! * z;
      f[base + 2] = R[o + 6]! * x + R[o + 7]! * y + R[o + 8]! * z;
    }
  }

  /** outQd = Jᵀ·(J·Jᵀ + λ²·1)⁻¹·twist over the driven columns, by Cholesky on the 6×6 system. */
  private pseudoInverse(outQd: Float64Array): void {
    const n = this.tree.dofCount;
    const jac = this.jac;
    const a = this.a;
    for (let c = 0; c < n; c++) if (this.driven[c] === 0) for (let r = 0; r < 6; r++) jac[r * n + c] = 0;
    for (let r = this.rows; r < 6; r++) for (let c = 0; c < n; c++) jac[r * n + c] = 0;
    for (let r = 0; r < 6; r++) {
      for (let s = 0; s <= r; s++) {
        let sum = r === s ? this.lambda2 : 0;
        for (let c = 0; c < n; c++) sum += jac[r * n + c]! * jac[s * n + c]!;
        a[r * 6 + s] = sum;
      }
    }
    // Cholesky A = L·Lᵀ in the lower triangle (A is symmetric positive definite for λ > 0).
    for (let j = 0; j < 6; j++) {
      let d = a[j * 6 + j]!;
      for (let k = 0; k < j; k++) d -= a[j * 6 + k]! * a[j * 6 + k]!;
      const ljj = Math.sqrt(d);
      a[j * 6 + j] = ljj;
      for (let i = j + 1; i < 6; i++) {
        let s = a[i * 6 + j]!;
        for (let k = 0; k < j; k++) s -= a[i * 6 + k]! * a[j * 6 + k]!;
        a[i * 6 + j] = s / ljj;
      }
    }
    const y = this.y;
    for (let i = 0; i < 6; i++) {
      let s = this.twist[i]!;
      for (let k = 0; k < i; k++) s -= a[i * 6 + k]! * y[k]!;
      y[i] = s / a[i * 6 + i]!;
    }
    for (let i = 5; i >= 0; i--) {
      let s = y[i]!;
      for (let k = i + 1; k < 6; k++) s -= a[k * 6 + i]! * y[k]!;
      y[i] = s / a[i * 6 + i]!;
    }
    for (let c = 0; c < n; c++) {
      let s = 0;
      for (let r = 0; r < 6; r++) s += jac[r * n + c]! * y[r]!;
      outQd[c] = s;
    }
  }
}

/** Scales v[offset … offset+2] down so its norm is at most `max`. */
function capNorm(v: Float64Array, offset: number, max: number): void {
  const norm = Math.hypot(v[offset]!, v[offset + 1]!, v[offset + 2]!);
  if (norm <= max) return;
  const k = max / norm;
  for (let i = offset; i < offset + 3; i++) v[i] = v[i]! * k;
}
