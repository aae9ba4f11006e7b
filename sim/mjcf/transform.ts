import type { Pose, Vec3 } from '../../urdf/index.js';

/** A unit quaternion in MuJoCo's order [w, x, y, z]. */
export type WxyzQuat = readonly [number, number, number, number];

/** A rigid transform: rotate by `q`, then translate by `p` (child frame expressed in the parent). */
export interface RigidTransform {
  readonly p: Vec3;
  readonly q: WxyzQuat;
}

/** No rotation, no translation. */
export const IDENTITY: RigidTransform = { p: [0, 0, 0], q: [1, 0, 0, 0] };

/**
 * URDF roll-pitch-yaw (fixed axes X, then Y, then Z: R = Rz(yaw)·Ry(pitch)·Rx(roll)) as a MuJoCo
 * quaternion; MJCF has no URDF rpy convention of its own, so every orientation goes through here.
 */
export function quatFromRpy(roll: number, pitch: number, yaw: number): WxyzQuat {
  const cr = Math.cos(roll / 2);
  const sr = Math.sin(roll / 2);
  const cp = Math.cos(pitch / 2);
  const sp = Math.sin(pitch / 2);
  const cy = Math.cos(yaw / 2);
  const sy = Math.sin(yaw / 2);
  return [cr * cp * cy + sr * sp * sy, sr * cp * cy - cr * sp * sy, cr * sp * cy + sr * cp * sy, cr * cp * sy - sr * sp * cy];
}

/** Hamilton product a·b (rotate by b, then by a). */
export function quatMultiply(a: WxyzQuat, b: WxyzQuat): WxyzQuat {
  const [aw, ax, ay, az] = a;
  const [bw, bx, by, bz] = b;
  return [aw * bw - ax * bx - ay * by - az * bz, aw * bx + ax * bw + ay * bz - az * by, aw * by - ax * bz + ay * bw + az * bx, aw * bz + ax * by - ay * bx + az * bw];
}

/** The inverse rotation of a unit quaternion. */
export function quatConjugate(q: WxyzQuat): WxyzQuat {
  return [q[0], -q[1], -q[2], -q[3]];
}

/** Rotate vector `v` by unit quaternion `q`. */
export function quatRotate(q: WxyzQuat, v: Vec3): Vec3 {
  const [w, x, y, z] = q;
  // t = 2 q_vec × v; v' = v + w t + q_vec × t
  const tx = 2 * (y * v[2] - z * v[1]);
  const ty = 2 * (z * v[0] - x * v[2]);
  const tz = 2 * (x * v[1] - y * v[0]);
  return [v[0] + w * tx + (y * tz - z * ty), v[1] + w * ty + (z * tx - x * tz), v[2] + w * tz + (x * ty - y * tx)];
}

/** Row-major 3×3 rotation matrix of a unit quaternion. */
export function quatToMatrix(q: WxyzQuat): number[] {
  const [w, x, y, z] = q;
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
    2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
    2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
  ];
}

/** A URDF origin (xyz, rpy) as a rigid transform. */
export function transformFromPose(pose: Pose): RigidTransform {
  return { p: pose.xyz, q: quatFromRpy(pose.rpy[0], pose.rpy[1], pose.rpy[2]) };
}

/** a ∘ b: the frame `b` (given in `a`) expressed in `a`'s parent. */
export function compose(a: RigidTransform, b: RigidTransform): RigidTransform {
  const r = quatRotate(a.q, b.p);
  return { p: [a.p[0] + r[0], a.p[1] + r[1], a.p[2] + r[2]], q: quatMultiply(a.q, b.q) };
}

/** The inverse transform: the parent expressed in the child. */
export function invert(a: RigidTransform): RigidTransform {
  const qi = quatConjugate(a.q);
  const p = quatRotate(qi, a.p);
  return { p: [-p[0], -p[1], -p[2]], q: qi };
}

/** Exactly no rotation (then MJCF needs no quat attribute). */
export function isIdentityQuat(q: WxyzQuat): boolean {
  return q[0] === 1 && q[1] === 0 && q[2] === 0 && q[3] === 0;
}
