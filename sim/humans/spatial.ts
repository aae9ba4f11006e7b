/**
 * Rigid-body helpers on plain arrays. Quaternions are MuJoCo's [w, x, y, z]. The `*Into` forms write
 * into caller-owned arrays and allocate nothing (for use inside the control cycle); the others return
 * new tuples (for building MJCF at configuration time).
 */

export type V3 = readonly [number, number, number];
export type Q4 = readonly [number, number, number, number];

export const IDENTITY_Q: Q4 = [1, 0, 0, 0];

/** URDF roll-pitch-yaw (fixed axes X, then Y, then Z) as a quaternion. */
export function quatFromRpy(roll: number, pitch: number, yaw: number): Q4 {
  const cr = Math.cos(roll / 2);
  const sr = Math.sin(roll / 2);
  const cp = Math.cos(pitch / 2);
  const sp = Math.sin(pitch / 2);
  const cy = Math.cos(yaw / 2);
  const sy = Math.sin(yaw / 2);
  return [cr * cp * cy + sr * sp * sy, sr * cp * cy - cr * sp * sy, cr * sp * cy + sr * cp * sy, cr * cp * sy - sr * sp * cy];
}

export function quatMul(a: Q4, b: Q4): Q4 {
  return [
    a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3],
    a[0] * b[1] + a[1] * b[0] + a[2] * b[3] - a[3] * b[2],
    a[0] * b[2] - a[1] * b[3] + a[2] * b[0] + a[3] * b[1],
    a[0] * b[3] + a[1] * b[2] - a[2] * b[1] + a[3] * b[0],
  ];
}

export function quatAxisAngle(axis: V3, angle: number): Q4 {
  const n = Math.hypot(axis[0], axis[1], axis[2]);
  const s = Math.sin(angle / 2) / n;
  return [Math.cos(angle / 2), axis[0] * s, axis[1] * s, axis[2] * s];
}

export function rotate(q: Q4, v: V3): V3 {
  const out = [0, 0, 0];
  rotateInto(out, 0, q[0], q[1], q[2], q[3], v[0], v[1], v[2]);
  return [out[0]!, out[1]!, out[2]!];
}

export function add(a: V3, b: V3): V3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

/** out[o..o+2] = q ⊗ v ⊗ q*, allocation-free. */
export function rotateInto(out: Float64Array | number[], o: number, w: number, x: number, y: number, z: number, vx: number, vy: number, vz: number): void {
  // t = 2 q_vec × v; v' = v + w t + q_vec × t
  const tx = 2 * (y * vz - z * vy);
  const ty = 2 * (z * vx - x * vz);
  const tz = 2 * (x * vy - y * vx);
  out[o] = vx + w * tx + (y * tz - z * ty);
  out[o + 1] = vy + w * ty + (z * tx - x * tz);
  out[o + 2] = vz + w * tz + (x * ty - y * tx);
}
