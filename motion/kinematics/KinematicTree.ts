import { KindredError, show } from '../../runtime/errors/index.js';
import { JOINT_PRISMATIC, JOINT_REVOLUTE, type KinematicStructure } from './KinematicStructure.js';
import type { LinkPoses } from './LinkPoses.js';

/** A moving joint's value in terms of the joint vector: multiplier·q[index] + offset. */
export interface CoupledJoint {
  readonly name: string;
  readonly index: number;
  readonly multiplier: number;
  readonly offset: number;
}

/**
 * Kinematics and rigid-body dynamics of a robot's whole tree, compiled once by `compileKinematics`.
 *
 * Conventions:
 * - Joint vectors (`q`, `qd`, `qdd`, `tau`) have one entry per actuated joint in `jointNames` order,
 *   in the joint's unit (rad, rad/s, rad/s², N·m for revolute; m, m/s, m/s², N for prismatic).
 * - Poses are in the root link's frame; the root is fixed (floating/planar joints are frozen).
 * - Jacobians are geometric, 6 × dofCount, row-major: rows 0–2 the linear velocity of the link's
 *   origin, rows 3–5 its angular velocity, both in the root frame ([v; ω], as KDL's
 *   ChainJntToJacSolver with the reference point at the segment tip expressed in the base frame).
 * - Matrices are row-major Float64Arrays. Gravity is an acceleration vector in the root frame (m/s²),
 *   e.g. [0, 0, -9.81].
 * - Rigid bodies only: joint damping, friction and rotor inertia are not modelled.
 *
 * Every method writes into caller-owned typed arrays and touches only preallocated workspaces, so
 * `fk`, `jacobian`, `jacobianFromPoses`, `rnea`, `gravityTorques`, `coriolisTorques` and `massMatrix`
 * allocate nothing and can run inside the control loop. They throw only on programmer errors
 * (wrong array lengths, unknown link), which show up on the first call.
 */
export class KinematicTree {
  /** Link names, node order: the root first, every parent before its children. */
  readonly linkNames: readonly string[];
  /** Actuated joints: the order of every joint vector. */
  readonly jointNames: readonly string[];
  /** Floating and planar joints, frozen at their origin. */
  readonly frozenJoints: readonly string[];
  /**
   * Every moving joint (actuated and mimic) with how it follows the joint vector:
   * value = multiplier·q[index] + offset. Use it to expand `q` into a full JointState.
   */
  readonly coupledJoints: readonly CoupledJoint[];
  readonly dofCount: number;
  readonly linkCount: number;
  /** Position limits per actuated joint (joint units); ±Infinity where unlimited. */
  readonly lowerLimits: Float64Array;
  readonly upperLimits: Float64Array;

  private readonly s: KinematicStructure;
  private readonly linkIndexByName: ReadonlyMap<string, number>;
  private readonly jointIndexByName: ReadonlyMap<string, number>;
  // Per-node constants for CRBA: first moment m·c and inertia about the link origin.
  private readonly firstMoment: Float64Array;
  private readonly inertiaOrigin: Float64Array;
  // Workspaces.
  private readonly qFull: Float64Array;
  private readonly qdFull: Float64Array;
  private readonly qddFull: Float64Array;
  private readonly localR: Float64Array;
  private readonly localP: Float64Array;
  private readonly poses: LinkPoses;
  private readonly omega: Float64Array;
  private readonly alpha: Float64Array;
  private readonly acc: Float64Array;
  private readonly force: Float64Array;
  private readonly moment: Float64Array;
  private readonly compMass: Float64Array;
  private readonly compMoment: Float64Array;
  private readonly compInertia: Float64Array;
  private readonly tmp9: Float64Array;
  private readonly gravity = new Float64Array(3);

  constructor(structure: KinematicStructure) {
    const s = structure;
    this.s = s;
    const n = s.linkNames.length;
    this.linkCount = n;
    this.dofCount = s.jointNames.length;
    this.linkNames = s.linkNames;
    this.jointNames = s.jointNames;
    this.frozenJoints = s.frozenJoints;
    this.lowerLimits = s.lowerLimits;
    this.upperLimits = s.upperLimits;
    const coupled: CoupledJoint[] = [];
    for (let i = 0; i < n; i++) {
      const index = s.dof[i]!;
      if (index >= 0) coupled.push({ name: s.nodeJointNames[i] ?? '', index, multiplier: s.scale[i]!, offset: s.offset[i]! });
    }
    this.coupledJoints = coupled;
    this.linkIndexByName = new Map(s.linkNames.map((name, i) => [name, i] as const));
    this.jointIndexByName = new Map(s.jointNames.map((name, i) => [name, i] as const));

    this.firstMoment = new Float64Array(3 * n);
    this.inertiaOrigin = new Float64Array(9 * n);
    for (let i = 0; i < n; i++) {
      const m = s.massKg[i]!;
      const cx = s.comM[3 * i]!;
      const cy = s.comM[3 * i + 1]!;
      const cz = s.comM[3 * i + 2]!;
      this.firstMoment[3 * i] = m * cx;
      this.firstMoment[3 * i + 1] = m * cy;
      this.firstMoment[3 * i + 2] = m * cz;
      // Parallel-axis theorem: I_o = I_c + m(|c|²·1 − c·cᵀ).
      const c = [cx, cy, cz];
      const cc = cx * cx + cy * cy + cz * cz;
      for (let r = 0; r < 3; r++) {
        for (let k = 0; k < 3; k++) {
          this.inertiaOrigin[9 * i + 3 * r + k] = s.inertiaComKgM2[9 * i + 3 * r + k]! + m * ((r === k ? cc : 0) - c[r]! * c[k]!);
        }
      }
    }

    this.qFull = new Float64Array(n);
    this.qdFull = new Float64Array(n);
    this.qddFull = new Float64Array(n);
    this.localR = new Float64Array(9 * n);
    this.localP = new Float64Array(3 * n);
    this.poses = this.createLinkPoses();
    this.omega = new Float64Array(3 * n);
    this.alpha = new Float64Array(3 * n);
    this.acc = new Float64Array(3 * n);
    this.force = new Float64Array(3 * n);
    this.moment = new Float64Array(3 * n);
    this.compMass = new Float64Array(n);
    this.compMoment = new Float64Array(3 * n);
    this.compInertia = new Float64Array(9 * n);
    this.tmp9 = new Float64Array(9);
  }

  /** A pose buffer for `fk`, sized for this tree. */
  createLinkPoses(): LinkPoses {
    return { rotation: new Float64Array(9 * this.linkCount), positionM: new Float64Array(3 * this.linkCount) };
  }

  /** Index of a link by name (or a checked index), for the allocation-free calls. */
  linkIndex(link: string | number): number {
    if (typeof link === 'number') {
      if (Number.isInteger(link) && link >= 0 && link < this.linkCount) return link;
      throw new KindredError('MOTION_LINK_UNKNOWN', `link index ${show(link)} is out of range`, { field: 'link', value: link, expected: `a whole number in [0, ${this.linkCount - 1}]` });
    }
    const index = this.linkIndexByName.get(link);
    if (index === undefined) {
      throw new KindredError('MOTION_LINK_UNKNOWN', `no link named ${show(link)}`, { field: 'link', value: link, expected: `one of ${show(this.linkNames)}` });
    }
    return index;
  }

  /** Index of an actuated joint in the joint vectors. */
  jointIndex(name: string): number {
    const index = this.jointIndexByName.get(name);
    if (index === undefined) {
      throw new KindredError('MOTION_JOINT_UNKNOWN', `no actuated joint named ${show(name)}`, { field: 'joint', value: name, expected: `one of ${show(this.jointNames)}` });
    }
    return index;
  }

  /** Forward kinematics: every link's pose in the root frame, written into `out`. */
  fk(q: ArrayLike<number>, out: LinkPoses): LinkPoses {
    checkLength('out.rotation', out.rotation, 9 * this.linkCount);
    checkLength('out.positionM', out.positionM, 3 * this.linkCount);
    this.loadPositions(q);
    this.computeLocal();
    const lr = this.localR;
    const lp = this.localP;
    const wr = out.rotation;
    const wp = out.positionM;
    const parent = this.s.parent;
    wr.fill(0, 0, 9);
    wr[0] = 1;
    wr[4] = 1;
    wr[8] = 1;
    wp.fill(0, 0, 3);
    for (let i = 1; i < this.linkCount; i++) {
      const p = parent[i]!;
      const o = 9 * i;
      const po = 9 * p;
      for (let r = 0; r < 3; r++) {
        const a0 = wr[po + 3 * r]!;
        const a1 = wr[po + 3 * r + 1]!;
        const a2 = wr[po + 3 * r + 2]!;
        wr[o + 3 * r] = a0 * lr[o]! + a1 * lr[o + 3]! + a2 * lr[o + 6]!;
        wr[o + 3 * r + 1] = a0 * lr[o + 1]! + a1 * lr[o + 4]! + a2 * lr[o + 7]!;
        wr[o + 3 * r + 2] = a0 * lr[o + 2]! + a1 * lr[o + 5]! + a2 * lr[o + 8]!;
        wp[3 * i + r] = a0 * lp[3 * i]! + a1 * lp[3 * i + 1]! + a2 * lp[3 * i + 2]! + wp[3 * p + r]!;
      }
    }
    return out;
  }

  /** Geometric Jacobian (6 × dofCount, [v; ω], root frame) of a link's origin at `q`. */
  jacobian(q: ArrayLike<number>, link: string | number, out: Float64Array): Float64Array {
    this.fk(q, this.poses);
    return this.jacobianFromPoses(this.poses, link, out);
  }

  /**
   * The Jacobian of a link from poses `fk` has already computed for the same `q` (saves a second FK
   * when both are needed in a cycle). Columns of joints not between the root and the link are zero.
   */
  jacobianFromPoses(poses: LinkPoses, link: string | number, out: Float64Array): Float64Array {
    const index = this.linkIndex(link);
    const n = this.dofCount;
    checkLength('out', out, 6 * n);
    checkLength('poses.rotation', poses.rotation, 9 * this.linkCount);
    out.fill(0);
    const wr = poses.rotation;
    const wp = poses.positionM;
    const { parent, dof, jointType, axis, scale } = this.s;
    const ex = wp[3 * index]!;
    const ey = wp[3 * index + 1]!;
    const ez = wp[3 * index + 2]!;
    for (let j = index; j > 0; j = parent[j]!) {
      const d = dof[j]!;
      if (d < 0) continue;
      const o = 9 * j;
      const ax = axis[3 * j]!;
      const ay = axis[3 * j + 1]!;
      const az = axis[3 * j + 2]!;
      const k = scale[j]!;
      // Joint axis in the root frame; it passes through the child link's origin.
      const zx = k * (wr[o]! * ax + wr[o + 1]! * ay + wr[o + 2]! * az);
      const zy = k * (wr[o + 3]! * ax + wr[o + 4]! * ay + wr[o + 5]! * az);
      const zz = k * (wr[o + 6]! * ax + wr[o + 7]! * ay + wr[o + 8]! * az);
      if (jointType[j] === JOINT_REVOLUTE) {
        const rx = ex - wp[3 * j]!;
        const ry = ey - wp[3 * j + 1]!;
        const rz = ez - wp[3 * j + 2]!;
        out[d] = out[d]! + zy * rz - zz * ry;
        out[n + d] = out[n + d]! + zz * rx - zx * rz;
        out[2 * n + d] = out[2 * n + d]! + zx * ry - zy * rx;
        out[3 * n + d] = out[3 * n + d]! + zx;
        out[4 * n + d] = out[4 * n + d]! + zy;
        out[5 * n + d] = out[5 * n + d]! + zz;
      } else {
        out[d] = out[d]! + zx;
        out[n + d] = out[n + d]! + zy;
        out[2 * n + d] = out[2 * n + d]! + zz;
      }
    }
    return out;
  }

  /**
   * Inverse dynamics by the recursive Newton–Euler algorithm: the joint torques/forces that produce
   * `qdd` at (`q`, `qd`) under `gravity` (m/s², root frame): M(q)·qdd + C(q,qd)·qd + g(q).
   */
  rnea(q: ArrayLike<number>, qd: ArrayLike<number>, qdd: ArrayLike<number>, gravity: ArrayLike<number>, outTau: Float64Array): Float64Array {
    this.loadPositions(q);
    this.loadRates(qd, this.qdFull, 'qd');
    this.loadRates(qdd, this.qddFull, 'qdd');
    this.loadGravity(gravity);
    return this.newtonEuler(outTau);
  }

  /** g(q): the torques that hold the robot still against `gravity` (m/s², root frame). */
  gravityTorques(q: ArrayLike<number>, gravity: ArrayLike<number>, outTau: Float64Array): Float64Array {
    this.loadPositions(q);
    this.qdFull.fill(0);
    this.qddFull.fill(0);
    this.loadGravity(gravity);
    return this.newtonEuler(outTau);
  }

  /** C(q, qd)·qd: Coriolis and centrifugal torques. */
  coriolisTorques(q: ArrayLike<number>, qd: ArrayLike<number>, outTau: Float64Array): Float64Array {
    this.loadPositions(q);
    this.loadRates(qd, this.qdFull, 'qd');
    this.qddFull.fill(0);
    this.gravity.fill(0);
    return this.newtonEuler(outTau);
  }

  /** Joint-space mass matrix M(q) (dofCount × dofCount, row-major) by the composite-rigid-body algorithm. */
  massMatrix(q: ArrayLike<number>, outM: Float64Array): Float64Array {
    const nd = this.dofCount;
    checkLength('outM', outM, nd * nd);
    this.loadPositions(q);
    this.computeLocal();
    const { parent, dof, jointType, axis, scale } = this.s;
    const lr = this.localR;
    const lp = this.localP;
    const cm = this.compMass;
    const ch = this.compMoment;
    const cj = this.compInertia;
    const t9 = this.tmp9;
    cm.set(this.s.massKg);
    ch.set(this.firstMoment);
    cj.set(this.inertiaOrigin);
    // Composite inertias, leaves first, each expressed about its own link origin in its own axes.
    for (let i = this.linkCount - 1; i > 0; i--) {
      const p = parent[i]!;
      const o = 9 * i;
      const m = cm[i]!;
      const tx = lp[3 * i]!;
      const ty = lp[3 * i + 1]!;
      const tz = lp[3 * i + 2]!;
      const h0 = ch[3 * i]!;
      const h1 = ch[3 * i + 1]!;
      const h2 = ch[3 * i + 2]!;
      // h' = R·h
      const hx = lr[o]! * h0 + lr[o + 1]! * h1 + lr[o + 2]! * h2;
      const hy = lr[o + 3]! * h0 + lr[o + 4]! * h1 + lr[o + 5]! * h2;
      const hz = lr[o + 6]! * h0 + lr[o + 7]! * h1 + lr[o + 8]! * h2;
      // t9 = R·J
      for (let r = 0; r < 3; r++) {
        const r0 = lr[o + 3 * r]!;
        const r1 = lr[o + 3 * r + 1]!;
        const r2 = lr[o + 3 * r + 2]!;
        for (let c = 0; c < 3; c++) t9[3 * r + c] = r0 * cj[o + c]! + r1 * cj[o + 3 + c]! + r2 * cj[o + 6 + c]!;
      }
      // Shift from the child origin to the parent origin (child origin = parent origin + t):
      // J_p = R·J·Rᵀ + m(|t|²·1 − t·tᵀ) + 2(t·h')·1 − t·h'ᵀ − h'·tᵀ
      const tt = tx * tx + ty * ty + tz * tz;
      const th = tx * hx + ty * hy + tz * hz;
      const tv0 = tx;
      const po = 9 * p;
      for (let r = 0; r < 3; r++) {
        const tr = r === 0 ? tv0 : r === 1 ? ty : tz;
        const hr = r === 0 ? hx : r === 1 ? hy : hz;
        for (let c = 0; c < 3; c++) {
          const tc = c === 0 ? tx : c === 1 ? ty : tz;
          const hc = c === 0 ? hx : c === 1 ? hy : hz;
          const rjr =
            t9[3 * r]! * lr[o + 3 * c]! + t9[3 * r + 1]! * lr[o + 3 * c + 1]! + t9[3 * r + 2]! * lr[o + 3 * c + 2]!;
          const diag = r === c ? m * tt + 2 * th : 0;
          cj[po + 3 * r + c] = cj[po + 3 * r + c]! + rjr + diag - m * tr * tc - tr * hc - hr * tc;
        }
      }
      cm[p] = cm[p]! + m;
      ch[3 * p] = ch[3 * p]! + hx + m * tx;
      ch[3 * p + 1] = ch[3 * p + 1]! + hy + m * ty;
      ch[3 * p + 2] = ch[3 * p + 2]! + hz + m * tz;
    }
    outM.fill(0);
    for (let i = 1; i < this.linkCount; i++) {
      const di = dof[i]!;
      if (di < 0) continue;
      const ax = axis[3 * i]!;
      const ay = axis[3 * i + 1]!;
      const az = axis[3 * i + 2]!;
      const m = cm[i]!;
      const hx = ch[3 * i]!;
      const hy = ch[3 * i + 1]!;
      const hz = ch[3 * i + 2]!;
      const o = 9 * i;
      // Spatial force (f, n about the origin) needed to move the composite body with unit joint rate.
      let fx: number;
      let fy: number;
      let fz: number;
      let nx: number;
      let ny: number;
      let nz: number;
      if (jointType[i] === JOINT_REVOLUTE) {
        fx = ay * hz - az * hy;
        fy = az * hx - ax * hz;
        fz = ax * hy - ay * hx;
        nx = cj[o]! * ax + cj[o + 1]! * ay + cj[o + 2]! * az;
        ny = cj[o + 3]! * ax + cj[o + 4]! * ay + cj[o + 5]! * az;
        nz = cj[o + 6]! * ax + cj[o + 7]! * ay + cj[o + 8]! * az;
      } else {
        fx = m * ax;
        fy = m * ay;
        fz = m * az;
        nx = hy * az - hz * ay;
        ny = hz * ax - hx * az;
        nz = hx * ay - hy * ax;
      }
      const si = scale[i]!;
      const own = jointType[i] === JOINT_REVOLUTE ? ax * nx + ay * ny + az * nz : ax * fx + ay * fy + az * fz;
      outM[di * nd + di] = outM[di * nd + di]! + si * si * own;
      for (let j = i; parent[j]! > 0; ) {
        // Carry the force from frame j into its parent's frame, then project on the parent's joint.
        const oj = 9 * j;
        const tx = lp[3 * j]!;
        const ty = lp[3 * j + 1]!;
        const tz = lp[3 * j + 2]!;
        const gx = lr[oj]! * fx + lr[oj + 1]! * fy + lr[oj + 2]! * fz;
        const gy = lr[oj + 3]! * fx + lr[oj + 4]! * fy + lr[oj + 5]! * fz;
        const gz = lr[oj + 6]! * fx + lr[oj + 7]! * fy + lr[oj + 8]! * fz;
        const mx = lr[oj]! * nx + lr[oj + 1]! * ny + lr[oj + 2]! * nz + ty * gz - tz * gy;
        const my = lr[oj + 3]! * nx + lr[oj + 4]! * ny + lr[oj + 5]! * nz + tz * gx - tx * gz;
        const mz = lr[oj + 6]! * nx + lr[oj + 7]! * ny + lr[oj + 8]! * nz + tx * gy - ty * gx;
        fx = gx;
        fy = gy;
        fz = gz;
        nx = mx;
        ny = my;
        nz = mz;
        j = parent[j]!;
        const dj = dof[j]!;
        if (dj < 0) continue;
        const bx = axis[3 * j]!;
        const by = axis[3 * j + 1]!;
        const bz = axis[3 * j + 2]!;
        const v = (jointType[j] === JOINT_REVOLUTE ? bx * nx + by * ny + bz * nz : bx * fx + by * fy + bz * fz) * si * scale[j]!;
        outM[di * nd + dj] = outM[di * nd + dj]! + v;
        outM[dj * nd + di] = outM[dj * nd + di]! + v;
      }
    }
    return outM;
  }

  private loadPositions(q: ArrayLike<number>): void {
    checkLength('q', q, this.dofCount);
    const { dof, scale, offset } = this.s;
    const qf = this.qFull;
    for (let i = 0; i < this.linkCount; i++) {
      const d = dof[i]!;
      qf[i] = d < 0 ? 0 : scale[i]! * q[d]! + offset[i]!;
    }
  }

  private loadRates(v: ArrayLike<number>, out: Float64Array, name: string): void {
    checkLength(name, v, this.dofCount);
    const { dof, scale } = this.s;
    for (let i = 0; i < this.linkCount; i++) {
      const d = dof[i]!;
      out[i] = d < 0 ? 0 : scale[i]! * v[d]!;
    }
  }

  /** Parent → child transforms at `qFull`: x_parent = localR·x_child + localP. */
  private computeLocal(): void {
    const { jointType, originRotation: or, originPositionM: op, axis } = this.s;
    const lr = this.localR;
    const lp = this.localP;
    const qf = this.qFull;
    for (let i = 1; i < this.linkCount; i++) {
      const o = 9 * i;
      const type = jointType[i];
      const ax = axis[3 * i]!;
      const ay = axis[3 * i + 1]!;
      const az = axis[3 * i + 2]!;
      if (type === JOINT_REVOLUTE) {
        // localR = O·Rot(axis, θ), Rodrigues' formula.
        const c = Math.cos(qf[i]!);
        const sn = Math.sin(qf[i]!);
        const t = 1 - c;
        const m0 = t * ax * ax + c;
        const m1 = t * ax * ay - sn * az;
        const m2 = t * ax * az + sn * ay;
        const m3 = t * ax * ay + sn * az;
        const m4 = t * ay * ay + c;
        const m5 = t * ay * az - sn * ax;
        const m6 = t * ax * az - sn * ay;
        const m7 = t * ay * az + sn * ax;
        const m8 = t * az * az + c;
        for (let r = 0; r < 3; r++) {
          const a0 = or[o + 3 * r]!;
          const a1 = or[o + 3 * r + 1]!;
          const a2 = or[o + 3 * r + 2]!;
          lr[o + 3 * r] = a0 * m0 + a1 * m3 + a2 * m6;
          lr[o + 3 * r + 1] = a0 * m1 + a1 * m4 + a2 * m7;
          lr[o + 3 * r + 2] = a0 * m2 + a1 * m5 + a2 * m8;
        }
        lp[3 * i] = op[3 * i]!;
        lp[3 * i + 1] = op[3 * i + 1]!;
        lp[3 * i + 2] = op[3 * i + 2]!;
      } else {
        for (let k = 0; k < 9; k++) lr[o + k] = or[o + k]!;
        if (type === JOINT_PRISMATIC) {
          const d = qf[i]!;
          for (let r = 0; r < 3; r++) {
            lp[3 * i + r] = op[3 * i + r]! + d * (or[o + 3 * r]! * ax + or[o + 3 * r + 1]! * ay + or[o + 3 * r + 2]! * az);
          }
        } else {
          lp[3 * i] = op[3 * i]!;
          lp[3 * i + 1] = op[3 * i + 1]!;
          lp[3 * i + 2] = op[3 * i + 2]!;
        }
      }
    }
  }

  /** RNEA over qFull/qdFull/qddFull, each body's quantities in its own link frame. */
  private loadGravity(gravity: ArrayLike<number>): void {
    checkLength('gravity', gravity, 3);
    this.gravity[0] = gravity[0]!;
    this.gravity[1] = gravity[1]!;
    this.gravity[2] = gravity[2]!;
  }

  // Gravity travels through a typed array rather than as arguments: doubles passed to a call that is
  // not inlined are boxed, which would allocate on every call.
  private newtonEuler(outTau: Float64Array): Float64Array {
    checkLength('outTau', outTau, this.dofCount);
    this.computeLocal();
    const { parent, dof, jointType, axis, scale, massKg, comM, inertiaComKgM2: ic } = this.s;
    const lr = this.localR;
    const lp = this.localP;
    const w = this.omega;
    const al = this.alpha;
    const ac = this.acc;
    const f = this.force;
    const mo = this.moment;
    const qd = this.qdFull;
    const qdd = this.qddFull;
    // The fixed root accelerates upwards at −gravity: gravity then acts on every body.
    w.fill(0, 0, 3);
    al.fill(0, 0, 3);
    ac[0] = -this.gravity[0]!;
    ac[1] = -this.gravity[1]!;
    ac[2] = -this.gravity[2]!;
    f.fill(0, 0, 3);
    mo.fill(0, 0, 3);
    for (let i = 1; i < this.linkCount; i++) {
      const p3 = 3 * parent[i]!;
      const i3 = 3 * i;
      const o = 9 * i;
      const tx = lp[i3]!;
      const ty = lp[i3 + 1]!;
      const tz = lp[i3 + 2]!;
      const wpx = w[p3]!;
      const wpy = w[p3 + 1]!;
      const wpz = w[p3 + 2]!;
      const apx = al[p3]!;
      const apy = al[p3 + 1]!;
      const apz = al[p3 + 2]!;
      // Acceleration of the point at the child's origin, parent axes: a_p + α_p×t + ω_p×(ω_p×t).
      const cx = wpy * tz - wpz * ty;
      const cy = wpz * tx - wpx * tz;
      const cz = wpx * ty - wpy * tx;
      const ux = ac[p3]! + apy * tz - apz * ty + wpy * cz - wpz * cy;
      const uy = ac[p3 + 1]! + apz * tx - apx * tz + wpz * cx - wpx * cz;
      const uz = ac[p3 + 2]! + apx * ty - apy * tx + wpx * cy - wpy * cx;
      // Into child axes (Rᵀ·).
      const r0 = lr[o]!;
      const r1 = lr[o + 1]!;
      const r2 = lr[o + 2]!;
      const r3 = lr[o + 3]!;
      const r4 = lr[o + 4]!;
      const r5 = lr[o + 5]!;
      const r6 = lr[o + 6]!;
      const r7 = lr[o + 7]!;
      const r8 = lr[o + 8]!;
      let wx = r0 * wpx + r3 * wpy + r6 * wpz;
      let wy = r1 * wpx + r4 * wpy + r7 * wpz;
      let wz = r2 * wpx + r5 * wpy + r8 * wpz;
      let bx = r0 * apx + r3 * apy + r6 * apz;
      let by = r1 * apx + r4 * apy + r7 * apz;
      let bz = r2 * apx + r5 * apy + r8 * apz;
      let ax = r0 * ux + r3 * uy + r6 * uz;
      let ay = r1 * ux + r4 * uy + r7 * uz;
      let az = r2 * ux + r5 * uy + r8 * uz;
      const type = jointType[i];
      if (type !== 0) {
        const kx = axis[i3]!;
        const ky = axis[i3 + 1]!;
        const kz = axis[i3 + 2]!;
        const vd = qd[i]!;
        const vdd = qdd[i]!;
        const sx = kx * vd;
        const sy = ky * vd;
        const sz = kz * vd;
        if (type === JOINT_REVOLUTE) {
          wx += sx;
          wy += sy;
          wz += sz;
          bx += kx * vdd + wy * sz - wz * sy;
          by += ky * vdd + wz * sx - wx * sz;
          bz += kz * vdd + wx * sy - wy * sx;
        } else {
          ax += kx * vdd + 2 * (wy * sz - wz * sy);
          ay += ky * vdd + 2 * (wz * sx - wx * sz);
          az += kz * vdd + 2 * (wx * sy - wy * sx);
        }
      }
      w[i3] = wx;
      w[i3 + 1] = wy;
      w[i3 + 2] = wz;
      al[i3] = bx;
      al[i3 + 1] = by;
      al[i3 + 2] = bz;
      ac[i3] = ax;
      ac[i3 + 1] = ay;
      ac[i3 + 2] = az;
      // Newton–Euler for this body: F = m·a_c, N = I_c·α + ω×(I_c·ω), moment taken about the link origin.
      const m = massKg[i]!;
      const qx = comM[i3]!;
      const qy = comM[i3 + 1]!;
      const qz = comM[i3 + 2]!;
      const ex = wy * qz - wz * qy;
      const ey = wz * qx - wx * qz;
      const ez = wx * qy - wy * qx;
      const Fx = m * (ax + by * qz - bz * qy + wy * ez - wz * ey);
      const Fy = m * (ay + bz * qx - bx * qz + wz * ex - wx * ez);
      const Fz = m * (az + bx * qy - by * qx + wx * ey - wy * ex);
      const iwx = ic[o]! * wx + ic[o + 1]! * wy + ic[o + 2]! * wz;
      const iwy = ic[o + 3]! * wx + ic[o + 4]! * wy + ic[o + 5]! * wz;
      const iwz = ic[o + 6]! * wx + ic[o + 7]! * wy + ic[o + 8]! * wz;
      f[i3] = Fx;
      f[i3 + 1] = Fy;
      f[i3 + 2] = Fz;
      mo[i3] = ic[o]! * bx + ic[o + 1]! * by + ic[o + 2]! * bz + wy * iwz - wz * iwy + qy * Fz - qz * Fy;
      mo[i3 + 1] = ic[o + 3]! * bx + ic[o + 4]! * by + ic[o + 5]! * bz + wz * iwx - wx * iwz + qz * Fx - qx * Fz;
      mo[i3 + 2] = ic[o + 6]! * bx + ic[o + 7]! * by + ic[o + 8]! * bz + wx * iwy - wy * iwx + qx * Fy - qy * Fx;
    }
    outTau.fill(0);
    for (let i = this.linkCount - 1; i > 0; i--) {
      const i3 = 3 * i;
      const o = 9 * i;
      const fx = f[i3]!;
      const fy = f[i3 + 1]!;
      const fz = f[i3 + 2]!;
      const nx = mo[i3]!;
      const ny = mo[i3 + 1]!;
      const nz = mo[i3 + 2]!;
      const d = dof[i]!;
      if (d >= 0) {
        const kx = axis[i3]!;
        const ky = axis[i3 + 1]!;
        const kz = axis[i3 + 2]!;
        const t = jointType[i] === JOINT_REVOLUTE ? kx * nx + ky * ny + kz * nz : kx * fx + ky * fy + kz * fz;
        outTau[d] = outTau[d]! + scale[i]! * t;
      }
      const p3 = 3 * parent[i]!;
      const tx = lp[i3]!;
      const ty = lp[i3 + 1]!;
      const tz = lp[i3 + 2]!;
      const gx2 = lr[o]! * fx + lr[o + 1]! * fy + lr[o + 2]! * fz;
      const gy2 = lr[o + 3]! * fx + lr[o + 4]! * fy + lr[o + 5]! * fz;
      const gz2 = lr[o + 6]! * fx + lr[o + 7]! * fy + lr[o + 8]! * fz;
      f[p3] = f[p3]! + gx2;
      f[p3 + 1] = f[p3 + 1]! + gy2;
      f[p3 + 2] = f[p3 + 2]! + gz2;
      mo[p3] = mo[p3]! + lr[o]! * nx + lr[o + 1]! * ny + lr[o + 2]! * nz + ty * gz2 - tz * gy2;
      mo[p3 + 1] = mo[p3 + 1]! + lr[o + 3]! * nx + lr[o + 4]! * ny + lr[o + 5]! * nz + tz * gx2 - tx * gz2;
      mo[p3 + 2] = mo[p3 + 2]! + lr[o + 6]! * nx + lr[o + 7]! * ny + lr[o + 8]! * nz + tx * gy2 - ty * gx2;
    }
    return outTau;
  }
}

function checkLength(name: string, value: ArrayLike<number>, expected: number): void {
  if (value.length !== expected) {
    throw new KindredError('MOTION_DIMENSION_MISMATCH', `${name} has length ${value.length}; expected ${expected}`, { field: name, value: value.length, expected: `length ${expected}` });
  }
}
