
/**
 * The kinematic skeleton of the person at home: eight rigid segments (torso, head, two arms, two
 * thighs, two shanks) placed from a handful of posture parameters, then carried by the person's root
 * (floor position and heading) and an optional whole-body tilt (lying down, falling).
 *
 * Body frame: x forward, y left, z up, origin on the floor below the pelvis. Segment lengths are
 * stature fractions (Drillis and Contini, in Winter 2009 Fig. 4.1), so standing puts the feet exactly
 * on the floor. Everything is computed into preallocated arrays: `solve` allocates nothing.
 */

/** Segment order in `PersonPose.pos` / `quat` and of the MJCF bodies. */
export const PERSON_SEGMENTS = ['torso', 'head', 'arm_left', 'arm_right', 'thigh_left', 'thigh_right', 'shank_left', 'shank_right'] as const;
export type PersonSegment = (typeof PERSON_SEGMENTS)[number];

/** Posture parameters, indices into a Float64Array (angles in rad, heights in m). */
export const POSE = {
  pelvisHeight: 0,
  trunkLean: 1,
  hipLeft: 2,
  kneeLeft: 3,
  hipRight: 4,
  kneeRight: 5,
  armLeft: 6,
  armRight: 7,
  /** Whole-body tilt: angle about the horizontal axis (cos, sin of its direction in the root frame), pivot height, lift. */
  tilt: 8,
  tiltAxisX: 9,
  tiltAxisY: 10,
  tiltPivotZ: 11,
  lift: 12,
} as const;
export const POSE_SIZE = 13;

/** Segment sizes for a person of stature H (m); `girth` scales radii with the body-mass index. */
export interface PersonDimensions {
  readonly heightM: number;
  readonly hipHeightM: number;
  readonly torsoLengthM: number;
  readonly torsoRadiusM: number;
  readonly neckM: number;
  readonly headRadiusM: number;
  readonly shoulderHalfWidthM: number;
  readonly hipHalfWidthM: number;
  readonly armLengthM: number;
  readonly armRadiusM: number;
  readonly thighLengthM: number;
  readonly thighRadiusM: number;
  /** Knee to floor: leg plus ankle height. */
  readonly shankLengthM: number;
  readonly shankRadiusM: number;
}

export function personDimensions(heightM: number, massKg: number): PersonDimensions {
  const girth = Math.sqrt(massKg / (heightM * heightM) / 22.5);
  return {
    heightM,
    hipHeightM: 0.53 * heightM,
    torsoLengthM: (0.818 - 0.53) * heightM,
    torsoRadiusM: 0.07 * heightM * girth,
    neckM: 0.052 * heightM,
    headRadiusM: 0.055 * heightM,
    shoulderHalfWidthM: 0.1295 * heightM,
    hipHalfWidthM: 0.05 * heightM,
    armLengthM: (0.186 + 0.146 + 0.054) * heightM,
    armRadiusM: 0.022 * heightM * girth,
    thighLengthM: 0.245 * heightM,
    thighRadiusM: 0.034 * heightM * girth,
    shankLengthM: (0.246 + 0.039) * heightM,
    shankRadiusM: 0.024 * heightM * girth,
  };
}

/** Segment poses in the world: pos (3 per segment) and MuJoCo quaternions (4 per segment). */
export class PersonPose {
  readonly pos = new Float64Array(3 * PERSON_SEGMENTS.length);
  readonly quat = new Float64Array(4 * PERSON_SEGMENTS.length);
  /** Centre of the head in the world, and the head's forward (face) direction. */
  readonly headCentre = new Float64Array(3);
  readonly faceForward = new Float64Array(3);
  private readonly bodyPos = new Float64Array(3 * PERSON_SEGMENTS.length);
  private readonly pitch = new Float64Array(PERSON_SEGMENTS.length);

  constructor(readonly dims: PersonDimensions) {}

  /**
   * Place every segment for the root `root[0..2]` = (x, y, yaw) and posture parameters `p` (POSE
   * indices). Arrays, not numbers, cross the call: V8 boxes doubles passed to a function it does not inline.
   */
  solve(root: Float64Array, p: Float64Array): void {
    const d = this.dims;
    const bp = this.bodyPos;
    const pitch = this.pitch;
    const h = p[POSE.pelvisHeight] ?? d.hipHeightM;
    const lean = p[POSE.trunkLean] ?? 0;
    const cl = Math.cos(lean);
    const sl = Math.sin(lean);
    // Torso from the pelvis upwards, leaning forward; the head on top of the neck.
    bp[0] = 0;
    bp[1] = 0;
    bp[2] = h;
    pitch[0] = lean;
    const neckBase = d.torsoLengthM + d.neckM;
    bp[3] = sl * neckBase;
    bp[4] = 0;
    bp[5] = h + cl * neckBase;
    pitch[1] = lean;
    // Arms from the shoulders, swinging forward by the arm angle (downward segments: pitch π − angle).
    const shoulderUp = d.torsoLengthM - 0.6 * d.armRadiusM;
    for (let side = 0; side < 2; side++) {
      const i = 2 + side;
      bp[3 * i] = sl * shoulderUp;
      bp[3 * i + 1] = side === 0 ? d.shoulderHalfWidthM : -d.shoulderHalfWidthM;
      bp[3 * i + 2] = h + cl * shoulderUp;
      pitch[i] = Math.PI - (p[side === 0 ? POSE.armLeft : POSE.armRight] ?? 0);
    }
    // Thighs from the hip joints (flexion forward), shanks from the knees (knee flexion backward).
    for (let side = 0; side < 2; side++) {
      const hy = side === 0 ? d.hipHalfWidthM : -d.hipHalfWidthM;
      const hip = p[side === 0 ? POSE.hipLeft : POSE.hipRight] ?? 0;
      const knee = p[side === 0 ? POSE.kneeLeft : POSE.kneeRight] ?? 0;
      const t = 4 + side;
      bp[3 * t] = 0;
      bp[3 * t + 1] = hy;
      bp[3 * t + 2] = h;
      pitch[t] = Math.PI - hip;
      const k = 6 + side;
      bp[3 * k] = Math.sin(hip) * d.thighLengthM;
      bp[3 * k + 1] = hy;
      bp[3 * k + 2] = h - Math.cos(hip) * d.thighLengthM;
      pitch[k] = Math.PI - (hip - knee);
    }
    this.toWorld(root, p);
  }

  /**
   * Carry the body-frame segments into the world: tilt about the pivot (0, 0, pivotZ) around the
   * horizontal axis, yaw about the vertical, translate to the root and lift. Segment i's local +z
   * points along (sin pitch, 0, cos pitch) in the body frame. Written out in scalars: the cycle
   * passes no doubles across calls (V8 would box them).
   */
  private toWorld(root: Float64Array, p: Float64Array): void {
    const x = root[0] ?? 0;
    const y = root[1] ?? 0;
    const yaw = root[2] ?? 0;
    const angle = p[POSE.tilt] ?? 0;
    const ax = p[POSE.tiltAxisX] ?? 0;
    const ay = p[POSE.tiltAxisY] ?? 1;
    const pivotZ = p[POSE.tiltPivotZ] ?? 0;
    const lift = p[POSE.lift] ?? 0;
    const st = Math.sin(angle / 2);
    // Tilt quaternion (tw, tx, ty, 0), yaw quaternion (yw, 0, 0, yz).
    const tw = Math.cos(angle / 2);
    const tx = ax * st;
    const ty = ay * st;
    const yw = Math.cos(yaw / 2);
    const yz = Math.sin(yaw / 2);
    // Combined rotation q = yaw ⊗ tilt.
    const qw = yw * tw;
    const qx = yw * tx - yz * ty;
    const qy = yw * ty + yz * tx;
    const qz = yz * tw;
    // Rotation matrix of q (row-major).
    const r00 = 1 - 2 * (qy * qy + qz * qz);
    const r01 = 2 * (qx * qy - qw * qz);
    const r02 = 2 * (qx * qz + qw * qy);
    const r10 = 2 * (qx * qy + qw * qz);
    const r11 = 1 - 2 * (qx * qx + qz * qz);
    const r12 = 2 * (qy * qz - qw * qx);
    const r20 = 2 * (qx * qz - qw * qy);
    const r21 = 2 * (qy * qz + qw * qx);
    const r22 = 1 - 2 * (qx * qx + qy * qy);
    const bp = this.bodyPos;
    const pos = this.pos;
    const quat = this.quat;
    for (let i = 0; i < PERSON_SEGMENTS.length; i++) {
      const bx = bp[3 * i] ?? 0;
      const by = bp[3 * i + 1] ?? 0;
      const bz = (bp[3 * i + 2] ?? 0) - pivotZ;
      // The pivot lies on the vertical through the root, which yaw leaves in place.
      pos[3 * i] = x + r00 * bx + r01 * by + r02 * bz;
      pos[3 * i + 1] = y + r10 * bx + r11 * by + r12 * bz;
      pos[3 * i + 2] = pivotZ + lift + r20 * bx + r21 * by + r22 * bz;
      // Segment orientation q ⊗ (cos(pitch/2), 0, sin(pitch/2), 0).
      const half = (this.pitch[i] ?? 0) / 2;
      const cw = Math.cos(half);
      const sy = Math.sin(half);
      quat[4 * i] = qw * cw - qy * sy;
      quat[4 * i + 1] = qx * cw - qz * sy;
      quat[4 * i + 2] = qw * sy + qy * cw;
      quat[4 * i + 3] = qz * cw + qx * sy;
    }
    // The head's centre lies a radius along the head segment's +z; the face looks along its +x.
    const hw = quat[4] ?? 1;
    const hx = quat[5] ?? 0;
    const hy = quat[6] ?? 0;
    const hz = quat[7] ?? 0;
    const r = this.dims.headRadiusM;
    this.headCentre[0] = (pos[3] ?? 0) + r * 2 * (hx * hz + hw * hy);
    this.headCentre[1] = (pos[4] ?? 0) + r * 2 * (hy * hz - hw * hx);
    this.headCentre[2] = (pos[5] ?? 0) + r * (1 - 2 * (hx * hx + hy * hy));
    this.faceForward[0] = 1 - 2 * (hy * hy + hz * hz);
    this.faceForward[1] = 2 * (hx * hy + hw * hz);
    this.faceForward[2] = 2 * (hx * hz - hw * hy);
  }
}
