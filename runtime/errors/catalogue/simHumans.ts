import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by simulated people and their profiles (sim/humans, sim/profiles). */
export const simHumansErrors = {
  HUMAN_PROFILE_IMPLAUSIBLE: {
    en: 'A human profile holds values that are each in range but do not make sense together.',
    zh: '人体配置中的各项数值单独看均在范围内，但组合起来不合理。',
  },
  HUMAN_PROFILE_UNKNOWN_PLACE: {
    en: 'A daily-script activity names a place the person profile does not define.',
    zh: '日程中的活动引用了人物配置中未定义的地点。',
  },
  HUMAN_ROBOT_MISMATCH: {
    en: 'The robot description lacks a link, joint or frame the simulated patient is coupled to.',
    zh: '机器人描述缺少模拟患者需要连接的连杆、关节或坐标系。',
  },
  HUMAN_BIND_NAME_MISSING: {
    en: 'The compiled MuJoCo scene lacks a body, joint, site or actuator the simulated person needs.',
    zh: '编译后的 MuJoCo 场景缺少模拟人体所需的刚体、关节、位点或执行器。',
  },
  HUMAN_CONTACT_LAYOUT: {
    en: 'The MuJoCo build in use stores contacts differently from what Kindred reads.',
    zh: '当前 MuJoCo 版本的接触数据布局与 Kindred 的读取方式不一致。',
  },
  HUMAN_NOT_BOUND: {
    en: 'A simulated person was used before being bound to a compiled scene.',
    zh: '模拟人体在绑定到已编译场景之前就被使用。',
  },
  HUMAN_COMMAND_INVALID: {
    en: 'A command to a simulated person is unknown or has missing or invalid arguments.',
    zh: '发给模拟人体的命令未知，或参数缺失或无效。',
  },
} as const satisfies Record<string, CatalogueEntry>;
