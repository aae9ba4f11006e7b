/**
 * The plain, immutable description of a robot that `urdf/` produces and every other module reads.
 * No rendering types. Lengths in metres, angles in radians, masses in kilograms, inertias in kg·m²,
 * forces in newtons, torques in newton-metres. Joint-space quantities use the joint's own unit:
 * radians (revolute/continuous) or metres (prismatic).
 */

export type Vec3 = readonly [number, number, number];
/** Unit quaternion [x, y, z, w]. */
export type Quat = readonly [number, number, number, number];

/** A rigid transform: translation then rotation given as URDF roll-pitch-yaw (fixed axes X, Y, Z). */
export interface Pose {
  readonly xyz: Vec3;
  readonly rpy: Vec3;
}

export type Geometry =
  | { readonly type: 'box'; readonly size: Vec3 }
  | { readonly type: 'cylinder'; readonly radius: number; readonly length: number }
  | { readonly type: 'sphere'; readonly radius: number }
  | { readonly type: 'mesh'; readonly filename: string; readonly scale: Vec3 };

export interface Material {
  readonly name: string;
  /** RGBA, each 0..1. */
  readonly color?: readonly [number, number, number, number];
  readonly texture?: string;
}

export interface Visual {
  readonly name?: string;
  readonly origin: Pose;
  readonly geometry: Geometry;
  readonly material?: Material;
}

export interface Collision {
  readonly name?: string;
  readonly origin: Pose;
  readonly geometry: Geometry;
}

export interface Inertial {
  readonly origin: Pose;
  readonly massKg: number;
  /** Inertia tensor about the centre of mass, in the inertial frame. */
  readonly ixx: number;
  readonly ixy: number;
  readonly ixz: number;
  readonly iyy: number;
  readonly iyz: number;
  readonly izz: number;
}

export interface Link {
  readonly name: string;
  readonly inertial?: Inertial;
  readonly visuals: readonly Visual[];
  readonly collisions: readonly Collision[];
}

export type JointType = 'revolute' | 'continuous' | 'prismatic' | 'fixed' | 'floating' | 'planar';

export interface JointLimit {
  /** Joint units (rad or m). Absent for continuous joints. */
  readonly lower?: number;
  readonly upper?: number;
  /** Maximum effort magnitude (N·m or N). */
  readonly effort: number;
  /** Maximum speed magnitude (rad/s or m/s). */
  readonly velocity: number;
}

export interface JointDynamics {
  readonly damping: number;
  readonly friction: number;
}

export interface JointCalibration {
  readonly rising?: number;
  readonly falling?: number;
}

export interface JointMimic {
  readonly joint: string;
  readonly multiplier: number;
  readonly offset: number;
}

/** URDF `<safety_controller>`: soft limits and the gains that shape them (ros2_control semantics). */
export interface SafetyController {
  readonly softLowerLimit?: number;
  readonly softUpperLimit?: number;
  readonly kPosition?: number;
  readonly kVelocity: number;
}

export interface Joint {
  readonly name: string;
  readonly type: JointType;
  readonly parent: string;
  readonly child: string;
  readonly origin: Pose;
  /** Unit axis in the joint frame; [1, 0, 0] when the URDF omits it. */
  readonly axis: Vec3;
  readonly limit?: JointLimit;
  readonly dynamics?: JointDynamics;
  readonly calibration?: JointCalibration;
  readonly mimic?: JointMimic;
  readonly safetyController?: SafetyController;
}

export interface TransmissionJoint {
  readonly name: string;
  readonly hardwareInterfaces: readonly string[];
}

export interface TransmissionActuator {
  readonly name: string;
  readonly mechanicalReduction?: number;
}

export interface Transmission {
  readonly name: string;
  readonly type: string;
  readonly joints: readonly TransmissionJoint[];
  readonly actuators: readonly TransmissionActuator[];
}

/** One `<command_interface>` or `<state_interface>` of a `<ros2_control>` joint, sensor or gpio. */
export interface Ros2ControlInterface {
  /** e.g. `position`, `velocity`, `effort`, `force.x`. */
  readonly name: string;
  readonly min?: number;
  readonly max?: number;
  readonly initialValue?: number;
  readonly parameters: Readonly<Record<string, string>>;
}

export interface Ros2ControlComponent {
  readonly name: string;
  readonly commandInterfaces: readonly Ros2ControlInterface[];
  readonly stateInterfaces: readonly Ros2ControlInterface[];
  readonly parameters: Readonly<Record<string, string>>;
}

/** A `<ros2_control>` block: one hardware component (system, actuator or sensor). */
export interface Ros2Control {
  readonly name: string;
  readonly type: 'system' | 'actuator' | 'sensor';
  /** The `<hardware><plugin>` name. */
  readonly plugin: string;
  readonly hardwareParameters: Readonly<Record<string, string>>;
  readonly joints: readonly Ros2ControlComponent[];
  readonly sensors: readonly Ros2ControlComponent[];
  readonly gpios: readonly Ros2ControlComponent[];
}

export interface RobotModel {
  readonly name: string;
  /** Where the description was read from (for error messages); absent for in-memory input. */
  readonly source?: string;
  readonly rootLink: string;
  /** Links in depth-first order from the root. */
  readonly links: readonly Link[];
  /** Joints in depth-first order from the root (a joint always comes after its parent link's joint). */
  readonly joints: readonly Joint[];
  readonly materials: readonly Material[];
  readonly transmissions: readonly Transmission[];
  readonly ros2Control: readonly Ros2Control[];
  /** Extension elements (e.g. `<gazebo>`) kept as raw XML text, in document order. */
  readonly extensions: readonly { readonly tag: string; readonly xml: string }[];
}

/** Joints that move (everything but `fixed`), in model order. */
export function movableJoints(model: RobotModel): readonly Joint[] {
  return model.joints.filter((j) => j.type !== 'fixed');
}
