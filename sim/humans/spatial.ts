/**
 * Rigid-body helpers on plain arrays. Quaternions are MuJoCo's [w, x, y, z]. The `*Into` forms write
 * into caller-owned arrays and allocate nothing (for use inside the control cycle); the others return
 * new tuples (for building MJCF at configuration time).
 */

import { quatRotate } from '../mjcf/transform.js';

export type V3 = readonly [number, number, number];
export type Q4 = readonly [number, number, number, number];

export const IDENTITY_Q: Q4 = [1, 0, 0, 0];

/** URDF roll-pitch-yaw as a quaternion, and the Hamilton product: the MJCF generator's, shared. */
export { quatFromRpy, quatMultiply as quatMul } from '../mjcf/transform.js';

export function quatAxisAngle(axis: V3, angle: number): Q4 {
  const n = Math.hypot(axis[0], axis[1], axis[2]);
  const s = Math.sin(angle / 2) / n;
  return [Math.cos(angle / 2), axis[0] * s, axis[1] * s, axis[2] * s];
}

/** Rotate `v` by the unit quaternion `q`. */
export function rotate(q: Q4, v: V3): V3 {
  return quatRotate(q, v);
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
