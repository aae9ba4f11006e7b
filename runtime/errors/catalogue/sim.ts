import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by the simulator core (sim/: MuJoCo loading, MJCF generation, SimSystem, sensors, drives, faults, scenes). */
export const simErrors = {
  SIM_MODEL_COMPILE: { en: 'MuJoCo could not compile the generated scene.', zh: 'MuJoCo 无法编译生成的场景。' },
  SIM_CONFIG_INVALID: { en: 'The simulator hardware configuration is invalid.', zh: '仿真硬件配置无效。' },
  SIM_SCENE_INVALID: { en: 'The scene is inconsistent with its compiled MuJoCo model.', zh: '场景与编译后的 MuJoCo 模型不一致。' },
  SIM_SCENE_NAME_MISSING: { en: 'The scene names a joint, actuator, sensor, site or body the compiled model lacks.', zh: '场景引用了编译模型中不存在的关节、执行器、传感器、站点或刚体。' },
  SIM_SENSOR_MODEL_INVALID: { en: 'A sensor model parameter is out of range.', zh: '传感器模型参数超出范围。' },
  SIM_SENSOR_RULE_UNMATCHED: { en: 'A sensor model rule matches no state interface.', zh: '传感器模型规则未匹配任何状态接口。' },
  SIM_HUMAN_SIGNAL_INVALID: { en: "A person model's signal name is malformed or already used.", zh: '人体模型的信号名称格式错误或重复。' },
  SIM_HUMAN_UNKNOWN: { en: 'No simulated person matches the command target, or it takes no commands.', zh: '没有与命令目标匹配的仿真人体，或该人体不接受命令。' },
  SIM_FORCE_ARROW_UNKNOWN: { en: 'A force arrow names no force sensor or person force signal.', zh: '力箭头未对应任何力传感器或人体力信号。' },
  SIM_COMMAND_UNKNOWN: { en: 'The simulator does not know this command.', zh: '仿真器不认识该命令。' },
  SIM_COMMAND_INVALID: { en: 'A simulator command has missing or invalid fields.', zh: '仿真器命令缺少字段或字段无效。' },
  SIM_JOINT_UNKNOWN: { en: 'No actuated joint of the scene has this name.', zh: '场景中没有该名称的驱动关节。' },
  SIM_JOINT_NOT_POSITION_MODE: { en: 'A joint slider needs the joint drive in position mode.', zh: '关节滑块要求关节驱动器处于位置模式。' },
  SIM_COMMAND_MODE_UNSUPPORTED: { en: 'The joint has no command interface of the requested mode.', zh: '该关节没有所请求模式的命令接口。' },
  SIM_FAULT_TARGET_UNKNOWN: { en: 'The fault names an interface or joint that does not exist.', zh: '故障所指的接口或关节不存在。' },
  SIM_FAULT_KIND_INVALID: { en: 'This fault kind does not apply to the target.', zh: '该故障类型不适用于此目标。' },
  SIM_FAULT_VALUE_INVALID: { en: 'The fault value is missing or out of range.', zh: '故障参数缺失或超出范围。' },
  SIM_FAULT_SLOTS_FULL: { en: 'Every fault slot is in use.', zh: '所有故障槽位均已占用。' },
  SIM_FAULT_ID_DUPLICATE: { en: 'A fault with this id is already active.', zh: '已存在相同 id 的活动故障。' },
  SIM_FAULT_ID_UNKNOWN: { en: 'No active fault has this id.', zh: '没有该 id 的活动故障。' },
  SIM_BUS_DISCONNECTED: { en: 'The simulated fieldbus is disconnected (a bus fault is active), so the message cannot reach the drives.', zh: '仿真现场总线已断开（存在总线故障），消息无法到达驱动器。' },
  SIM_FRAME_BUFFER_MISMATCH: { en: 'The viewer frame buffer does not match the scene.', zh: '查看器帧缓冲区与场景不匹配。' },
} as const satisfies Record<string, CatalogueEntry>;
