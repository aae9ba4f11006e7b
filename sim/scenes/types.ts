import type { RobotModel } from '../../urdf/index.js';
import type { HumanModel } from '../humans/HumanModel.js';
import type { BaseDriveSpec } from '../mjcf/BaseDriveSpec.js';

/** The four simulated worlds Kindred ships; each pairs one robot with its environment and people. */
export type SceneId = 'exo_standing' | 'exo_treadmill' | 'transfer_bed' | 'companion_home';

/**
 * One actuated robot joint, from the ros2_control block: what SimSystem needs to turn a gated
 * command into an MJCF motor control and to report joint state under the URDF name.
 */
export interface SceneJoint {
  /** URDF joint name == MJCF joint name. */
  readonly name: string;
  /** MJCF motor actuator name (ctrl is joint torque/force / gear). */
  readonly actuator: string;
  readonly gear: number;
  /** N·m or N at the joint. */
  readonly effortLimit: number;
  readonly velocityLimit: number;
  readonly lower: number;
  readonly upper: number;
  /** From ros2_control. */
  readonly commandInterfaces: readonly ('position' | 'velocity' | 'effort')[];
}

/** A ros2_control sensor (or the base IMU) and the MJCF site and sensors that realise it. */
export interface SceneSensor {
  /** ros2_control sensor name, e.g. thigh_cuff_left_ft, or 'imu'. */
  readonly name: string;
  readonly kind: 'force_torque' | 'imu' | 'touch';
  /** MJCF site. */
  readonly site: string;
  /** MJCF sensor names in order (force+torque, or accel+gyro+framequat, or touch). */
  readonly mjSensors: readonly string[];
}

/**
 * A complete scene ready to compile: the MJCF document plus the tables SimSystem and the viewer use
 * to map MuJoCo ids back to Kindred's names (joints, sensors, force arrows).
 */
export interface ComposedScene {
  readonly id: SceneId;
  readonly title: { readonly en: string; readonly zh: string };
  /** Complete MJCF document (<size memory=…> set, timestep = 1/physicsHz). */
  readonly xml: string;
  readonly physicsHz: number;
  /** From urdf/. */
  readonly robot: RobotModel;
  readonly joints: readonly SceneJoint[];
  readonly sensors: readonly SceneSensor[];
  readonly humans: readonly HumanModel[];
  /** Force arrows for the viewer: a FT sensor or a human signal triple, with the limit it is judged against. */
  readonly forceArrows: readonly { readonly name: string; readonly body: string; readonly limitN: number }[];
  /**
   * Wheeled robots only (transfer_bed, companion_home): how the wheels move the planar base. Bind a
   * `PlanarBaseDrive` (sim/mjcf) to it and call `apply` before every `mj_step`; without it the base
   * holds still while the wheels spin.
   */
  readonly baseDrive?: BaseDriveSpec;
}
