import type { MjModel } from 'mujoco-js';
import { quatMul, rotate, add, type Q4, type V3 } from './spatial.js';

/**
 * World pose of a body in the model's reference configuration (qpos0), composed from the compiled
 * model's body_pos/body_quat up the tree. Free and hinge/slide joints at their reference value add no
 * displacement, so this is where the body starts after `mj_resetData`. Configuration time only.
 */
export function bodyPoseAtQpos0(model: MjModel, bodyId: number): { pos: V3; quat: Q4 } {
  const parent = model.body_parentid as Int32Array;
  const bpos = model.body_pos as Float64Array;
  const bquat = model.body_quat as Float64Array;
  const chain: number[] = [];
  for (let b = bodyId; b > 0; b = parent[b] ?? 0) chain.push(b);
  let pos: V3 = [0, 0, 0];
  let quat: Q4 = [1, 0, 0, 0];
  for (let i = chain.length - 1; i >= 0; i--) {
    const b = chain[i]!;
    const p: V3 = [bpos[3 * b]!, bpos[3 * b + 1]!, bpos[3 * b + 2]!];
    const q: Q4 = [bquat[4 * b]!, bquat[4 * b + 1]!, bquat[4 * b + 2]!, bquat[4 * b + 3]!];
    pos = add(pos, rotate(quat, p));
    quat = quatMul(quat, q);
  }
  return { pos, quat };
}
