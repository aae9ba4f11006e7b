import type { MjData, MjModel } from 'mujoco-js';
import { KindredError, show } from '../../runtime/errors/index.js';
import type { MujocoModule } from '../mujoco/types.js';
import type { ViewFrame, ViewScene } from './SimViewSource.js';

/** mjtCone: pyramidal friction cones store contact forces as pyramid edges, elliptic ones directly. */
const CONE_ELLIPTIC = 1;

/** Where a scene's joints and force channels live in the model's arrays, resolved once. */
export interface FrameBinding {
  /** qpos address per scene joint. */
  readonly qposAdr: Int32Array;
  /** dof address per scene joint. */
  readonly dofAdr: Int32Array;
  /** Body id per scene force channel. */
  readonly forceBodies: Int32Array;
  readonly nbody: number;
  readonly ellipticCones: boolean;
}

/** What the frame says besides the physics state. */
export interface FrameStatus {
  readonly safety: string;
  readonly running: boolean;
  readonly timeScale: number;
}

/**
 * Resolve a scene's joint names against the model once, so capturing a frame is array copies only.
 * Throws SIM_VIEWER_JOINT_UNKNOWN if the scene names a joint the model lacks.
 */
export function bindFrame(mujoco: MujocoModule, model: MjModel, scene: ViewScene): FrameBinding {
  const qposAdr = new Int32Array(scene.joints.length);
  const dofAdr = new Int32Array(scene.joints.length);
  const jntQpos = model.jnt_qposadr as Int32Array;
  const jntDof = model.jnt_dofadr as Int32Array;
  scene.joints.forEach((joint, i) => {
    const id = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_JOINT.value, joint.name);
    if (id < 0) {
      throw new KindredError('SIM_VIEWER_JOINT_UNKNOWN', `scene joint ${show(joint.name)} is not in the model`, {
        field: `joints[${i}].name`,
        value: joint.name,
      });
    }
    qposAdr[i] = jntQpos[id] ?? 0;
    dofAdr[i] = jntDof[id] ?? 0;
  });
  const opt = model.opt;
  const ellipticCones = opt.cone === CONE_ELLIPTIC;
  opt.delete();
  return { qposAdr, dofAdr, forceBodies: Int32Array.from(scene.forces, (f) => f.body), nbody: model.nbody, ellipticCones };
}

/**
 * A frame for the viewer from the current MuJoCo state: body poses (world frame, quaternions w,x,y,z),
 * the scene's joint values and the given force vectors (6 per channel, see contactForces).
 * Runs at the viewer's rate (~30 Hz), never inside the control cycle.
 */
export function captureFrame(data: MjData, binding: FrameBinding, status: FrameStatus, forces: readonly number[]): ViewFrame {
  const qpos = data.qpos as Float64Array;
  return {
    timeS: data.time,
    xpos: Array.from((data.xpos as Float64Array).subarray(0, 3 * binding.nbody)),
    xquat: Array.from((data.xquat as Float64Array).subarray(0, 4 * binding.nbody)),
    joints: Array.from(binding.qposAdr, (adr) => qpos[adr] ?? 0),
    forces,
    safety: status.safety,
    running: status.running,
    timeScale: status.timeScale,
  };
}

/**
 * The total contact force on each channel's body, in world coordinates, and where it acts (the
 * force-weighted mean of the contact points; the body's origin when it touches nothing): 6 numbers
 * per channel, as ViewFrame.forces. Used where no force sensor stands for the channel (a bare MJCF).
 *
 * mujoco-js 0.0.7's mj_contactForce does not write back into a JS array (google-deepmind/mujoco#3067),
 * so the contact-frame force is decoded from efc_force here, as mj_contactForce does in C.
 */
export function contactForces(model: MjModel, data: MjData, binding: FrameBinding): number[] {
  const channels = binding.forceBodies.length;
  const out = new Array<number>(6 * channels).fill(0);
  if (channels === 0) return out;
  const weight = new Array<number>(channels).fill(0);
  const geomBody = model.geom_bodyid as Int32Array;
  const efcForce = data.efc_force as Float64Array;
  const local = [0, 0, 0];
  const contacts = data.contact;
  try {
    for (let c = 0; c < data.ncon; c++) {
      const contact = contacts.get(c);
      if (contact === undefined) continue;
      try {
        const body1 = geomBody[contact.geom1] ?? -1;
        const body2 = geomBody[contact.geom2] ?? -1;
        const touches = binding.forceBodies.some((b) => b === body1 || b === body2);
        if (!touches || contact.efc_address < 0) continue;
        decodeContactForce(efcForce, contact.efc_address, contact.dim, contact.friction as Float64Array, binding.ellipticCones, local);
        const frame = contact.frame as Float64Array;
        const pos = contact.pos as Float64Array;
        // frame rows are the contact axes (normal first, from geom1 towards geom2): world = frameᵀ · local.
        const fx = (local[0] ?? 0) * (frame[0] ?? 0) + (local[1] ?? 0) * (frame[3] ?? 0) + (local[2] ?? 0) * (frame[6] ?? 0);
        const fy = (local[0] ?? 0) * (frame[1] ?? 0) + (local[1] ?? 0) * (frame[4] ?? 0) + (local[2] ?? 0) * (frame[7] ?? 0);
        const fz = (local[0] ?? 0) * (frame[2] ?? 0) + (local[1] ?? 0) * (frame[5] ?? 0) + (local[2] ?? 0) * (frame[8] ?? 0);
        const magnitude = Math.hypot(fx, fy, fz);
        binding.forceBodies.forEach((body, i) => {
          // The decoded force acts on geom2's body; geom1's body feels the reaction.
          const sign = body === body2 ? 1 : body === body1 ? -1 : 0;
          if (sign === 0 || body1 === body2) return;
          const at = 6 * i;
          out[at] = (out[at] ?? 0) + magnitude * (pos[0] ?? 0);
          out[at + 1] = (out[at + 1] ?? 0) + magnitude * (pos[1] ?? 0);
          out[at + 2] = (out[at + 2] ?? 0) + magnitude * (pos[2] ?? 0);
          out[at + 3] = (out[at + 3] ?? 0) + sign * fx;
          out[at + 4] = (out[at + 4] ?? 0) + sign * fy;
          out[at + 5] = (out[at + 5] ?? 0) + sign * fz;
          weight[i] = (weight[i] ?? 0) + magnitude;
        });
      } finally {
        contact.delete();
      }
    }
  } finally {
    contacts.delete();
  }
  const xpos = data.xpos as Float64Array;
  binding.forceBodies.forEach((body, i) => {
    const w = weight[i] ?? 0;
    for (let k = 0; k < 3; k++) out[6 * i + k] = w > 0 ? (out[6 * i + k] ?? 0) / w : (xpos[3 * body + k] ?? 0);
  });
  return out;
}

/** The first three components (normal, two tangents) of one contact's force in its own frame. */
function decodeContactForce(efc: Float64Array, adr: number, dim: number, friction: Float64Array, elliptic: boolean, out: number[]): void {
  out[0] = 0;
  out[1] = 0;
  out[2] = 0;
  if (dim === 1 || elliptic) {
    for (let k = 0; k < Math.min(dim, 3); k++) out[k] = efc[adr + k] ?? 0;
    return;
  }
  // Pyramidal cone: 2·(dim−1) edge forces; normal = their sum, tangent k = (edge 2k − edge 2k+1)·μk.
  let normal = 0;
  for (let k = 0; k < 2 * (dim - 1); k++) normal += efc[adr + k] ?? 0;
  out[0] = normal;
  for (let k = 0; k < Math.min(dim - 1, 2); k++) out[k + 1] = ((efc[adr + 2 * k] ?? 0) - (efc[adr + 2 * k + 1] ?? 0)) * (friction[k] ?? 0);
}
