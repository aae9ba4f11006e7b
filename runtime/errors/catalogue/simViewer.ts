import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by the browser viewer (sim/viewer). */
export const simViewerErrors = {
  SIM_VIEWER_JOINT_UNKNOWN: {
    en: 'A viewer joint, slider or control names a joint the simulated model does not have.',
    zh: '查看器的关节、滑块或控制指令引用了仿真模型中不存在的关节。',
  },
  SIM_VIEWER_JOINT_TYPE: {
    en: 'A viewer joint is not a hinge or slide joint, so it has no single value to show or set.',
    zh: '查看器关节不是铰链或滑动关节，没有可显示或设置的单一数值。',
  },
  SIM_VIEWER_FORCE_BODY: {
    en: 'A force arrow is anchored to a body (by index or name) the model does not have.',
    zh: '力箭头所锚定的刚体（编号或名称）在模型中不存在。',
  },
  SIM_VIEWER_FORCE_LIMIT: {
    en: 'A force arrow’s limit is not a positive number of newtons.',
    zh: '力箭头的限值不是正的牛顿数。',
  },
  SIM_VIEWER_CONTROL_INVALID: {
    en: 'A viewer control message is malformed or has a value out of range; it was refused.',
    zh: '查看器控制消息格式错误或数值超出范围，已拒绝。',
  },
  SIM_VIEWER_JOINT_OUT_OF_RANGE: {
    en: 'A joint slider asked for a value outside the joint’s limits; it was refused.',
    zh: '关节滑块请求的数值超出关节限位，已拒绝。',
  },
  SIM_VIEWER_STEP_WHILE_RUNNING: {
    en: 'Single-stepping was requested while the simulation is running; pause it first.',
    zh: '仿真运行中不能单步执行，请先暂停。',
  },
  SIM_VIEWER_CONTROL_FAILED: {
    en: 'The simulation failed to apply a viewer control for a reason it did not name; see the log.',
    zh: '仿真未能执行查看器控制指令，原因未知，请查看日志。',
  },
  SIM_VIEWER_ASSET_MISSING: {
    en: 'A file the viewer needs (its page, scripts, the Three.js build, or the MJCF file to view) was not found.',
    zh: '找不到查看器需要的文件（页面、脚本、Three.js 构建或要查看的 MJCF 文件）。',
  },
  SIM_VIEWER_OPTION_INVALID: {
    en: 'A viewer option is out of range: the behaviour status rate must be above 0 per second, the number of finished runs kept a whole number of at least 0.',
    zh: '查看器选项超出范围：行为状态的发送频率必须大于 0，保留的已结束运行数必须是不小于 0 的整数。',
  },
  SIM_VIEWER_BEHAVIOR_CHART_INVALID: {
    en: 'A behaviour chart on /behavior/chart did not carry a JSON object; the viewer shows that run without its chart.',
    zh: '/behavior/chart 上的行为状态图不是 JSON 对象；查看器显示该运行时不带状态图。',
  },
} as const satisfies Record<string, CatalogueEntry>;
