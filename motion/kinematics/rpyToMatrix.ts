/**
 * Write the rotation of URDF roll-pitch-yaw angles (fixed axes X, then Y, then Z, so
 * R = Rz(yaw)·Ry(pitch)·Rx(roll)) into `out[offset .. offset+8]`, row-major.
 */
export function rpyToMatrix(rollRad: number, pitchRad: number, yawRad: number, out: Float64Array, offset = 0): Float64Array {
  const cr = Math.cos(rollRad);
  const sr = Math.sin(rollRad);
  const cp = Math.cos(pitchRad);
  const sp = Math.sin(pitchRad);
  const cy = Math.cos(yawRad);
  const sy = Math.sin(yawRad);
  out[offset] = cy * cp;
  out[offset + 1] = cy * sp * sr - sy * cr;
  out[offset + 2] = cy * sp * cr + sy * sr;
  out[offset + 3] = sy * cp;
  out[offset + 4] = sy * sp * sr + cy * cr;
  out[offset + 5] = sy * sp * cr - cy * sr;
  out[offset + 6] = -sp;
  out[offset + 7] = cp * sr;
  out[offset + 8] = cp * cr;
  return out;
}
