import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised while turning robot descriptions into MuJoCo scenes (sim/mjcf, sim/scenes). */
export const simScenesErrors = {
  MJCF_NUMBER_INVALID: {
    en: 'A number in the robot description (origin, axis, inertia, limit, size, mount pose) is NaN or infinite.',
    zh: '机器人描述中的数值（原点、轴、惯量、限值、尺寸、安装位姿）为 NaN 或无穷大。',
  },
  MJCF_MASS_INVALID: {
    en: 'A link’s mass or inertia is not physical, or a moving link carries no mass for MuJoCo to move.',
    zh: '连杆的质量或惯量不符合物理规律，或可动连杆没有质量，MuJoCo 无法计算其运动。',
  },
  MJCF_GEOMETRY_INVALID: { en: 'A box, cylinder or sphere has a size that is not a positive number.', zh: '长方体、圆柱或球体的尺寸不是正数。' },
  MJCF_MESH_UNSUPPORTED: {
    en: 'A link’s collision (or visual, when it has no collision) geometry is a mesh; the simulator accepts boxes, cylinders and spheres.',
    zh: '连杆的碰撞几何（无碰撞几何时为视觉几何）是网格；仿真器只接受长方体、圆柱和球体。',
  },
  MJCF_JOINT_INVALID: {
    en: 'A joint’s limits, axis or dynamics cannot be simulated (lower above upper, zero axis, negative damping or effort).',
    zh: '关节的限位、轴或动力学参数无法仿真（下限高于上限、轴为零、阻尼或力矩为负）。',
  },
  MJCF_ROS2_CONTROL_INVALID: {
    en: 'The ros2_control block names a joint or sensor frame that is missing or cannot be actuated, or a transmission reduction is zero.',
    zh: 'ros2_control 中引用的关节或传感器坐标系不存在或不可驱动，或传动减速比为零。',
  },
  MJCF_SENSOR_UNSUPPORTED: {
    en: 'A ros2_control sensor has state interfaces the simulator cannot produce (it simulates force/torque sensors and IMUs).',
    zh: 'ros2_control 传感器的状态接口无法仿真（仿真器支持力/力矩传感器和 IMU）。',
  },
  MJCF_NAME_INVALID: {
    en: 'A link, joint or sensor name contains characters MJCF cannot carry, or clashes with a name the generator adds.',
    zh: '连杆、关节或传感器名称含有 MJCF 无法使用的字符，或与生成器添加的名称冲突。',
  },
  MJCF_OPTIONS_INVALID: {
    en: 'An option of the MJCF generator (mount, IMU link, touch links, chain-cutting sensors, armature) is invalid.',
    zh: 'MJCF 生成器的选项（安装方式、IMU 连杆、触觉连杆、切断运动链的传感器、电枢惯量）无效。',
  },
  SCENE_UNKNOWN: { en: 'No simulated scene has this name.', zh: '没有此名称的仿真场景。' },
  SCENE_HUMAN_INVALID: {
    en: 'A simulated person does not belong in this scene, repeats another’s prefix, or contributed no MJCF bodies.',
    zh: '仿真人物不属于此场景、与其他人物前缀重复，或未提供 MJCF 刚体。',
  },
  SCENE_ROBOT_MISMATCH: {
    en: 'The robot description given for a scene is not the robot the scene is built around.',
    zh: '为场景提供的机器人描述不是该场景所用的机器人。',
  },
  SCENE_MODEL_MISMATCH: {
    en: 'The compiled MuJoCo model lacks a joint, actuator or body the scene’s tables name.',
    zh: '编译后的 MuJoCo 模型缺少场景表中列出的关节、执行器或刚体。',
  },
} as const satisfies Record<string, CatalogueEntry>;
