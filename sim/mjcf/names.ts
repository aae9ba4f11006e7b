/**
 * How the generator names what it adds to a robot's MJCF. Bodies keep the URDF link names and joints
 * the URDF joint names; everything else is derived here so SimSystem, the viewer and tests can find
 * it by name without reading the generator.
 */
export const mjcfNames = {
  /** Motor actuator of a ros2_control joint (the transmission's actuator name when one is given). */
  motor: (joint: string): string => `${joint}_motor`,
  /** jointpos sensor: joint position, rad or m. */
  jointPosition: (joint: string): string => `${joint}_position`,
  /** jointvel sensor: joint velocity, rad/s or m/s. */
  jointVelocity: (joint: string): string => `${joint}_velocity`,
  /** jointactuatorfrc sensor: the actuator's torque/force AT THE JOINT (already multiplied by the gear), N·m or N. */
  jointEffort: (joint: string): string => `${joint}_effort`,
  /** force sensor of a force/torque sensor (N, in the sensor frame). */
  ftForce: (sensor: string): string => `${sensor}_force`,
  /** torque sensor of a force/torque sensor (N·m, in the sensor frame). */
  ftTorque: (sensor: string): string => `${sensor}_torque`,
  /** The IMU site and its accelerometer (m/s², includes gravity), gyro (rad/s) and orientation (w x y z). */
  imuSite: 'imu',
  imuAccelerometer: 'imu_accelerometer',
  imuGyro: 'imu_gyro',
  imuOrientation: 'imu_orientation',
  /** Touch site and sensor on a link's pad (normal contact force, N). */
  touch: (link: string): string => `${link}_touch`,
  /** Geom `i` of a link. */
  geom: (link: string, i: number): string => `${link}_geom${i}`,
  /** Planar-base joints (world x, world y, yaw) and their velocity servos, for wheeled robots. */
  baseX: 'base_x',
  baseY: 'base_y',
  baseYaw: 'base_yaw',
  baseDrive: (joint: string): string => `${joint}_drive`,
  /** The free joint of a free-floating mount or of a URDF `floating` joint's child. */
  freeJoint: (link: string): string => `${link}_free`,
  /** The three MJCF joints that realise a URDF `planar` joint. */
  planarJoint: (joint: string, part: 'x' | 'y' | 'yaw'): string => `${joint}_${part}`,
  /** The MJCF default class of a robot's elements. */
  robotClass: (robot: string): string => robot,
} as const;

/** Names MJCF can carry as attributes and MuJoCo as element names. */
export const MJCF_NAME_PATTERN = /^[A-Za-z0-9_.:/-]+$/;
