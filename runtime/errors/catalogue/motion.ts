import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by `motion/`. */
export const motionErrors = {
  // trajectories (motion/trajectory/)
  TRAJ_BAD_LIMIT: {
    en: 'A velocity, acceleration or jerk limit is not a finite positive number, or a start velocity exceeds it.',
    zh: '速度、加速度或加加速度限值不是有限正数，或起始速度超过限值。',
  },
  TRAJ_BAD_DURATION: { en: 'A trajectory duration is not a finite positive number of seconds.', zh: '轨迹时长不是有限的正秒数。' },
  TRAJ_NOT_FINITE: { en: 'A trajectory position, velocity or acceleration is NaN or infinite.', zh: '轨迹的位置、速度或加速度为 NaN 或无穷大。' },
  TRAJ_EMPTY: { en: 'A trajectory has no joints or no points.', zh: '轨迹没有关节或没有轨迹点。' },
  TRAJ_JOINT_MISMATCH: {
    en: 'Joint names repeat, or vectors for the same trajectory have different joint counts.',
    zh: '关节名称重复，或同一轨迹中各向量的关节数不一致。',
  },
  TRAJ_POINT_SIZE: {
    en: 'A trajectory point has a positions, velocities or accelerations array of the wrong length.',
    zh: '轨迹点的 positions、velocities 或 accelerations 数组长度不正确。',
  },
  TRAJ_BAD_TIME: { en: 'A time_from_start is negative or its nanosec field is out of range.', zh: 'time_from_start 为负，或其 nanosec 字段超出范围。' },
  TRAJ_TIME_NOT_INCREASING: { en: 'Trajectory point times do not strictly increase.', zh: '轨迹点时间没有严格递增。' },
  TRAJ_SYNC_MOVING_START: {
    en: 'A profile that does not start at rest cannot be time-scaled to synchronise with other joints.',
    zh: '起始速度不为零的运动曲线不能通过时间缩放与其他关节同步。',
  },
  // kinematics and dynamics (motion/kinematics/)
  MOTION_TREE_INVALID: {
    en: 'The robot model’s links and joints do not form one tree rooted at its root link.',
    zh: '机器人模型的连杆和关节没有构成以根连杆为根的单棵树。',
  },
  MOTION_JOINT_AXIS_INVALID: { en: 'A movable joint’s axis is zero-length or not finite.', zh: '可动关节的轴向量长度为零或不是有限数。' },
  MOTION_MIMIC_INVALID: {
    en: 'A mimic joint names a leader that is missing, not movable, or part of a mimic cycle.',
    zh: '模仿关节引用的主关节不存在、不可动，或构成循环。',
  },
  MOTION_INERTIAL_INVALID: {
    en: 'A link’s mass is negative or not finite, or its inertia tensor is not finite.',
    zh: '连杆质量为负或不是有限数，或惯性张量不是有限数。',
  },
  MOTION_LINK_UNKNOWN: { en: 'No link with this name or index exists in the kinematic tree.', zh: '运动学树中不存在该名称或序号的连杆。' },
  MOTION_JOINT_UNKNOWN: { en: 'No actuated joint with this name exists in the kinematic tree.', zh: '运动学树中不存在该名称的驱动关节。' },
  MOTION_DIMENSION_MISMATCH: {
    en: 'A joint vector, pose buffer, Jacobian or matrix has the wrong length for the kinematic tree.',
    zh: '关节向量、位姿缓冲区、雅可比矩阵或矩阵的长度与运动学树不符。',
  },
  MOTION_IK_OPTIONS_INVALID: {
    en: 'An inverse-kinematics option (damping, tolerance, iteration count, step) is out of range.',
    zh: '逆运动学选项（阻尼、容差、迭代次数、步长）超出范围。',
  },
  MOTION_KDL_REFERENCE_FAILED: {
    en: 'The KDL reference helper (python3-pykdl, tests and benchmarks only) failed or returned bad output.',
    zh: 'KDL 参考程序（python3-pykdl，仅用于测试和基准）运行失败或输出无效。',
  },
  // joint-space controllers (motion/controllers/)
  MOTION_CONTROLLER_PARAM_INVALID: {
    en: 'A controller gain, tolerance, limit or assistance bound is missing, not finite, negative, or has the wrong length.',
    zh: '控制器的增益、容差、限值或辅助水平边界缺失、不是有限数、为负，或长度不正确。',
  },
  MOTION_CONTROLLER_TRAJECTORY_JOINTS: {
    en: 'A trajectory given to a joint trajectory controller does not name exactly the controller’s joints.',
    zh: '交给关节轨迹控制器的轨迹所列关节与控制器的关节不一致。',
  },
} as const satisfies Record<string, CatalogueEntry>;
