/** Joint motion kinds after compilation: fixed (also frozen floating/planar joints), revolute, prismatic. */
export const JOINT_FIXED = 0;
export const JOINT_REVOLUTE = 1;
export const JOINT_PRISMATIC = 2;

/**
 * A robot's tree compiled into flat arrays, one node per link, node 0 being the root link and every
 * parent numbered before its children (depth-first). Node `i > 0` is reached from its parent through
 * the joint whose child it is: parent link frame → `origin` → joint motion about/along `axis`.
 * Produced by `compileKinematics`; read by `KinematicTree`.
 */
export interface KinematicStructure {
  readonly linkNames: readonly string[];
  /** Name of the joint leading into each node (`''` for the root). */
  readonly nodeJointNames: readonly string[];
  /** Actuated joints, in model order: the order of every joint vector `q`, `qd`, `qdd`, `tau`. */
  readonly jointNames: readonly string[];
  /** Floating and planar joints, frozen at their origin (the base is treated as fixed). */
  readonly frozenJoints: readonly string[];
  /** Per actuated joint, in joint units; ±Infinity where the joint has no limit (continuous). */
  readonly lowerLimits: Float64Array;
  readonly upperLimits: Float64Array;
  /** Parent node of each node; -1 for the root. */
  readonly parent: Int32Array;
  /** JOINT_FIXED, JOINT_REVOLUTE or JOINT_PRISMATIC per node. */
  readonly jointType: Uint8Array;
  /** Index into the actuated-joint vector driving each node's joint, -1 for none. */
  readonly dof: Int32Array;
  /** Node joint value = scale·q[dof] + offset (1 and 0 except for mimic joints). */
  readonly scale: Float64Array;
  readonly offset: Float64Array;
  /** Parent link frame → joint frame: rotation (9 per node, row-major) and translation (3 per node), m. */
  readonly originRotation: Float64Array;
  readonly originPositionM: Float64Array;
  /** Unit joint axis, in the joint frame (= child link frame), 3 per node. */
  readonly axis: Float64Array;
  readonly massKg: Float64Array;
  /** Centre of mass in the link frame, 3 per node, m. */
  readonly comM: Float64Array;
  /** Rotational inertia about the centre of mass in link-frame axes, 9 per node (row-major), kg·m². */
  readonly inertiaComKgM2: Float64Array;
}
