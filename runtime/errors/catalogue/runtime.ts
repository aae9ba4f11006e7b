import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by the runtime core (bus, time, lifecycle, parameters, control loop, HTTP). */
export const runtimeErrors = {
  INTERNAL: { en: 'An internal invariant was broken; this is a Kindred bug.', zh: '内部不变量被破坏；这是 Kindred 的缺陷。' },
  BUS_TYPE_MISMATCH: {
    en: 'A topic was advertised or subscribed with a message type other than the one it already has.',
    zh: '话题的消息类型与已登记的类型不一致。',
  },
  BUS_BAD_QOS: { en: 'A topic quality-of-service setting is out of range.', zh: '话题的服务质量 (QoS) 设置超出范围。' },
  CLOCK_BAD_TIME: { en: 'A clock was asked to move backwards or by a negative amount.', zh: '时钟不能倒退或按负值前进。' },
  BUS_UNKNOWN_TOPIC: { en: 'No topic with this name exists on the bus.', zh: '总线上不存在该名称的话题。' },
  BUS_ENDPOINT_CLOSED: { en: 'A publisher was used after it was closed.', zh: '发布者关闭后仍被使用。' },
  CLOCK_REENTRANT: { en: 'A simulated clock was advanced from inside one of its own timer callbacks.', zh: '在仿真时钟的定时器回调中再次推进了该时钟。' },
  TIME_BAD_VALUE: {
    en: 'A time, duration or timer period is not a finite number, is negative, or a period is not positive.',
    zh: '时间、时长或定时周期不是有限数、为负，或周期不为正。',
  },
  LIFECYCLE_BAD_TRANSITION: {
    en: 'A lifecycle transition is not allowed from the component’s current state.',
    zh: '组件当前的生命周期状态不允许该转换。',
  },
  LIFECYCLE_BAD_RESULT: {
    en: 'A lifecycle callback returned something other than success, failure or error; it is treated as an error.',
    zh: '生命周期回调的返回值不是 success、failure 或 error；按错误处理。',
  },
  LIFECYCLE_DUPLICATE: { en: 'A lifecycle manager already manages a component with this name.', zh: '生命周期管理器中已有同名组件。' },
  PARAM_DUPLICATE: { en: 'A parameter with this name is already declared.', zh: '已声明同名参数。' },
  PARAM_UNKNOWN: { en: 'No parameter with this name exists.', zh: '不存在该名称的参数。' },
  PARAM_INVALID: { en: 'A parameter value failed validation; the previous value stays in force.', zh: '参数值未通过校验；旧值继续生效。' },
  PARAM_READ_ONLY: { en: 'A read-only parameter cannot be changed while running.', zh: '只读参数在运行时不能修改。' },
  HW_INTERFACE_UNKNOWN: { en: 'A controller named a state or command interface that no hardware provides.', zh: '控制器引用了硬件未提供的状态或命令接口。' },
  HW_INTERFACE_DUPLICATE: { en: 'Two hardware components export the same interface name.', zh: '两个硬件组件导出了同名接口。' },
  CONTROLLER_CLAIM_CONFLICT: {
    en: 'A command interface is already claimed by another active controller.',
    zh: '该命令接口已被另一个激活的控制器占用。',
  },
  CONTROLLER_UNKNOWN_TYPE: { en: 'No controller of this type is registered.', zh: '未注册该类型的控制器。' },
  CONTROLLER_UNKNOWN: { en: 'No controller with this name is loaded.', zh: '未加载该名称的控制器。' },
  CONTROLLER_CONFIGURE_UNSUPPORTED: {
    en: 'The controller takes no run-time parameters; only its launch-file parameters apply.',
    zh: '该控制器不接受运行时参数；仅启动文件中的参数有效。',
  },
  CONTROLLER_PARAM_REFUSED: {
    en: 'A run-time controller parameter was refused (an unknown name, not a number, or beyond what the launch file allows); the running values are unchanged.',
    zh: '运行时控制器参数被拒绝（名称未知、不是数值，或超出启动文件允许的范围）；运行中的参数保持不变。',
  },
  HW_COMPONENT_UNKNOWN: { en: 'No hardware component has this name.', zh: '没有该名称的硬件组件。' },
  HW_COMMAND_UNSUPPORTED: { en: 'The hardware component does not take this out-of-cycle command.', zh: '该硬件组件不支持此命令。' },
  HW_PLUGIN_LOAD: { en: 'A hardware plugin module could not be loaded or does not export createHardware.', zh: '无法加载硬件插件模块，或其未导出 createHardware。' },
  HW_UNKNOWN_TYPE: { en: 'No hardware of this type is available in this build.', zh: '此版本不提供该类型的硬件。' },
  LOOP_BAD_RATE: { en: 'The control-loop rate is outside the supported range.', zh: '控制回路频率超出支持范围。' },
  LOOP_START_FAILED: { en: 'The real-time worker failed to start.', zh: '实时工作线程启动失败。' },
  LOOP_TIMING_FAULT_INVALID: {
    en: 'A timing fault was injected into a loop that is not lock-step, or its kind, duration or cycle count is out of range.',
    zh: '时序故障只能注入锁步回路，或其类型、时长、周期数超出范围。',
  },
  LOOP_MAILBOX_FULL: { en: 'The control-loop mailbox is full; the set-point was not queued.', zh: '控制回路信箱已满；设定值未入队。' },
  HTTP_BAD_BODY: { en: 'The request body is not the JSON that was expected.', zh: '请求体不是预期的 JSON。' },
  HTTP_PORT_IN_USE: { en: 'The HTTP port is already in use.', zh: 'HTTP 端口已被占用。' },
  MSG_UNKNOWN_TYPE: { en: 'No message definition with this ROS 2 type name is known.', zh: '未知的 ROS 2 消息类型名称。' },
  MSG_DEFINITION_INVALID: {
    en: 'A .msg definition could not be parsed, or a message type is defined twice.',
    zh: '.msg 定义无法解析，或同一消息类型被重复定义。',
  },
  MSG_STAMP_OUT_OF_RANGE: {
    en: 'A time stamp does not fit builtin_interfaces/Time (int32 seconds, nanoseconds 0 to 999999999).',
    zh: '时间戳超出 builtin_interfaces/Time 的范围（int32 秒，纳秒 0 至 999999999）。',
  },
  MSG_GENERATED_STALE: {
    en: 'The generated message types differ from the .msg definitions; run `npm run gen:msgs`.',
    zh: '生成的消息类型与 .msg 定义不一致；请运行 npm run gen:msgs。',
  },
} as const satisfies Record<string, CatalogueEntry>;
