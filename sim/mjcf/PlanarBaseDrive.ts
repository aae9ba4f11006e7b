import type { MjModel } from 'mujoco-js';
import { KindredError } from '../../runtime/errors/index.js';
import type { MujocoModule } from '../mujoco/types.js';
import type { BaseDriveSpec } from './BaseDriveSpec.js';

/**
 * Moves a planar-mounted wheeled base from its wheels: before each physics step, set the base's
 * velocity servos to the twist the wheels' measured speeds imply (no slip), turned into the world
 * frame by the base's yaw. SimSystem calls `apply` once per `mj_step`; it allocates nothing.
 */
export class PlanarBaseDrive {
  private readonly wheelDof: Int32Array;
  private yawQpos = -1;
  private xActuator = -1;
  private yActuator = -1;
  private yawActuator = -1;
  /** The body twist last applied: forward (m/s), left (m/s), yaw rate (rad/s). */
  readonly twist = new Float64Array(3);

  constructor(readonly spec: BaseDriveSpec) {
    this.wheelDof = new Int32Array(spec.wheelJoints.length).fill(-1);
  }

  /** Resolve joint and actuator ids in a model compiled from the scene that produced `spec`. */
  bind(mujoco: MujocoModule, model: MjModel): void {
    const { mjOBJ_JOINT, mjOBJ_ACTUATOR } = mujoco.mjtObj;
    const jointId = (name: string): number => {
      const id = mujoco.mj_name2id(model, mjOBJ_JOINT.value, name);
      if (id < 0) throw missing('joint', name);
      return id;
    };
    const actuatorId = (name: string): number => {
      const id = mujoco.mj_name2id(model, mjOBJ_ACTUATOR.value, name);
      if (id < 0) throw missing('actuator', name);
      return id;
    };
    const dofadr = model.jnt_dofadr as Int32Array;
    const qposadr = model.jnt_qposadr as Int32Array;
    this.spec.wheelJoints.forEach((w, i) => {
      this.wheelDof[i] = dofadr[jointId(w)] ?? -1;
    });
    this.yawQpos = qposadr[jointId(this.spec.yawJoint)] ?? -1;
    jointId(this.spec.xJoint);
    jointId(this.spec.yJoint);
    this.xActuator = actuatorId(this.spec.xActuator);
    this.yActuator = actuatorId(this.spec.yActuator);
    this.yawActuator = actuatorId(this.spec.yawActuator);
  }

  /** Set the base servos from the wheel speeds in `qvel`; views of the current MjData arrays. */
  apply(qpos: Float64Array, qvel: Float64Array, ctrl: Float64Array): void {
    const r = this.spec.wheelRadiusM;
    const w = this.wheelDof;
    let vx: number;
    let vy: number;
    let wz: number;
    if (this.spec.kind === 'differential') {
      const left = qvel[w[0] ?? 0] ?? 0;
      const right = qvel[w[1] ?? 0] ?? 0;
      vx = (r * (left + right)) / 2;
      vy = 0;
      wz = (r * (right - left)) / this.spec.wheelSeparationM;
    } else {
      const fl = qvel[w[0] ?? 0] ?? 0;
      const fr = qvel[w[1] ?? 0] ?? 0;
      const rl = qvel[w[2] ?? 0] ?? 0;
      const rr = qvel[w[3] ?? 0] ?? 0;
      vx = (r * (fl + fr + rl + rr)) / 4;
      vy = (r * (-fl + fr + rl - rr)) / 4;
      wz = (r * (-fl + fr - rl + rr)) / (4 * (this.spec.halfWheelbaseM + this.spec.halfTrackM));
    }
    const yaw = this.spec.yawOffsetRad + (qpos[this.yawQpos] ?? 0);
    const c = Math.cos(yaw);
    const s = Math.sin(yaw);
    ctrl[this.xActuator] = c * vx - s * vy;
    ctrl[this.yActuator] = s * vx + c * vy;
    ctrl[this.yawActuator] = wz;
    this.twist[0] = vx;
    this.twist[1] = vy;
    this.twist[2] = wz;
  }
}

function missing(kind: string, name: string): KindredError {
  return new KindredError('SCENE_MODEL_MISMATCH', `the compiled model has no ${kind} ${name}; compile the MJCF of the scene that declared this base drive`, {
    field: `${kind}[name=${name}]`,
    value: name,
    expected: `a ${kind} of the scene's model`,
  });
}
