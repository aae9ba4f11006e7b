import type { Pose } from '../../urdf/index.js';
import type { MjcfFragment } from '../humans/HumanModel.js';
import type { SceneJoint, SceneSensor } from '../scenes/types.js';
import type { BaseDriveSpec } from './BaseDriveSpec.js';

export type { BaseDriveSpec } from './BaseDriveSpec.js';

/**
 * How a robot's root link is attached to the world:
 * - `fixed`: welded at `pose` (the exoskeleton's pelvis on its support frame);
 * - `free`: a free joint, starting at `pose` (falls, tips over, is pushed around);
 * - `planar`: world x/y slides and a yaw hinge at `pose` (roll and pitch must be 0), each with a
 *   velocity servo that `PlanarBaseDrive` sets from the wheel velocities (`drive` says which kinematics).
 */
export type RobotMount =
  | { readonly kind: 'fixed'; readonly pose: Pose }
  | { readonly kind: 'free'; readonly pose: Pose }
  | { readonly kind: 'planar'; readonly pose: Pose; readonly drive: 'differential' | 'mecanum' };

/** Generator options; everything but `mount` has a documented default. */
export interface RobotMjcfOptions {
  readonly mount: RobotMount;
  /**
   * Rotor inertia reflected to each movable joint, added by MuJoCo to the joint-space mass matrix
   * diagonal (kg·m² or kg). A small value keeps very light links well conditioned. Default 0.001.
   */
  readonly armature?: number;
  /** Link carrying the IMU. Default: `base_link` when present, else the root link. */
  readonly imuLink?: string;
  /** Links that get a touch sensor around their (first) geom. Default none. */
  readonly touchLinks?: readonly string[];
  /**
   * Extra pairs of MJCF bodies that never collide (beyond the near neighbours excluded by default),
   * e.g. where a description's zero pose puts links inside each other. Default none.
   */
  readonly excludeContacts?: readonly (readonly [string, string])[];
  /** contype/conaffinity bits of the robot's geoms. Default `ROBOT_COLLISION` (collision.ts). */
  readonly collision?: { readonly contype: number; readonly conaffinity: number };
}

/** A robot as MJCF: the fragment to splice into a scene and the tables that name its parts. */
export interface RobotMjcf {
  readonly fragment: MjcfFragment;
  /** One entry per ros2_control joint, in description order. */
  readonly joints: readonly SceneJoint[];
  /** Force/torque sensors (ros2_control order), then the IMU, then touch sensors. */
  readonly sensors: readonly SceneSensor[];
  /** MJCF bodies the robot adds, parents before children. */
  readonly bodies: readonly string[];
  /** Every MJCF joint the robot adds (URDF joints, plus mount and planar/floating parts), in MJCF order. */
  readonly mjJoints: readonly string[];
  /** Sum of the description's link masses, kg. */
  readonly totalMassKg: number;
  /** Present for a planar mount. */
  readonly baseDrive?: BaseDriveSpec;
}
