import type { CatalogueEntry } from '../CatalogueEntry.js';

/**
 * Error codes raised while reading, composing and compiling per-joint safety limits (safety/limits), by the
 * safety supervisor (configuration, refused resets) and the fault codes its monitors raise (safety/supervisor).
 */
export const safetyLimitsErrors = {
  LIMITS_LOOSENED: {
    en: 'A later limit layer (robot, site or prescription) loosens a limit set by an earlier layer; layers may only tighten.',
    zh: '后一层限值（机器人、站点或处方）放宽了前一层设定的限值；各层只能收紧。',
  },
  LIMITS_INCONSISTENT: {
    en: 'The composed limits of a joint contradict each other (lower above upper, empty command range, jerk without acceleration).',
    zh: '关节合成后的限值相互矛盾（下限高于上限、命令范围为空，或设定了加加速度却无加速度限值）。',
  },
  LIMITS_BAD_VALUE: {
    en: 'A limit value is not a finite number, or a rate, gain or period is not positive.',
    zh: '限值不是有限数，或速率、增益、周期不是正数。',
  },
  LIMITS_JOINT_UNKNOWN: {
    en: 'A limit layer or command interface names a joint the robot description has no limits for.',
    zh: '限值层或命令接口引用了机器人描述中没有限值的关节。',
  },
  LIMITS_CONFIG_INVALID: {
    en: 'A safety limits file (robot, site or prescription layer) does not match the schema.',
    zh: '安全限值文件（机器人、站点或处方层）不符合格式要求。',
  },
  SAFETY_STOP_INVALID: {
    en: 'A safety stop was asked for with a category other than 0, 1 or 2, or a stopping time that is not a positive number of seconds.',
    zh: '安全停止请求的类别不是 0、1 或 2，或停止时间不是正的秒数。',
  },
  SAFETY_VELOCITY_SCALE_INVALID: {
    en: 'The reduced-speed factor must be a number greater than 0 and at most 1 (1 = full speed).',
    zh: '降速系数必须大于 0 且不大于 1（1 表示全速）。',
  },
  SAFETY_SUPERVISOR_CONFIG_INVALID: {
    en: 'The safety supervisor configuration (loop.supervisor) does not match its schema: an unknown key, a wrong type, or a value out of range.',
    zh: '安全监控器配置（loop.supervisor）不符合格式：未知键、类型错误或数值超出范围。',
  },
  SAFETY_MONITOR_INTERFACE_UNKNOWN: {
    en: 'A safety monitor names a state or command interface the hardware does not export (or a force channel with neither force.x|y|z nor a scalar value).',
    zh: '安全监控项引用了硬件未提供的状态或命令接口（或力通道既无 force.x|y|z 也非标量）。',
  },
  SAFETY_RESET_UNAUTHORISED: {
    en: 'A safety reset came from a source or role that is not allowed to reset (configured in supervisor.reset.allowed).',
    zh: '安全复位请求的来源或角色无权复位（见 supervisor.reset.allowed）。',
  },
  SAFETY_RESET_CAUSE_PERSISTS: {
    en: 'A safety reset was refused because the cause of a latched fault is still present.',
    zh: '锁存故障的原因仍然存在，安全复位被拒绝。',
  },
  SAFETY_RESET_STOP_IN_PROGRESS: {
    en: 'A safety reset was refused because the robot is still decelerating; reset once it stands still.',
    zh: '机器人仍在减速，安全复位被拒绝；请在完全停止后再复位。',
  },
  SAFETY_RESET_NOT_STOPPED: {
    en: 'A safety reset was asked for while no safety stop is in force; there is nothing to reset.',
    zh: '当前没有安全停止，无需复位。',
  },
  SAFETY_RESET_LOG_PENDING: {
    en: 'A safety reset was refused because the events it would clear are not yet durably written to the safety log.',
    zh: '待清除的安全事件尚未可靠写入安全日志，安全复位被拒绝。',
  },
  SAFETY_STOPPED: {
    en: 'The request was refused because a safety stop is in force; reset it first.',
    zh: '安全停止生效中，请求被拒绝；请先复位。',
  },
  SAFETY_FORCE_QUASI_STATIC: {
    en: 'Fault: an interaction force stayed above the body region\'s quasi-static limit for longer than the transient window.',
    zh: '故障：交互力超过该身体部位的准静态限值且持续时间超过瞬态窗口。',
  },
  SAFETY_FORCE_TRANSIENT: {
    en: 'Fault: an interaction force peak exceeded the body region\'s transient limit.',
    zh: '故障：交互力峰值超过该身体部位的瞬态限值。',
  },
  SAFETY_SEPARATION_WARNING: {
    en: 'Fault: a person is closer than the warning distance (protective separation distance at full speed plus a margin); speed reduced.',
    zh: '故障：有人进入警告距离（全速保护间距加裕量）；已降速。',
  },
  SAFETY_SEPARATION_PROTECTIVE: {
    en: 'Fault: a person is closer than the protective separation distance (ISO/TS 15066 speed and separation monitoring).',
    zh: '故障：有人进入保护间距（ISO/TS 15066 速度与间距监控）。',
  },
  SAFETY_TRACKING_ERROR: {
    en: 'Fault: the measured motion differs from the commanded motion by more than the tolerance for too many cycles.',
    zh: '故障：实测运动与指令运动之差超过容差且持续周期过多。',
  },
  SAFETY_SENSOR_STALE: {
    en: 'Fault: a sensor reading has not changed for longer than its timeout (frozen or lost stream).',
    zh: '故障：传感器读数在超时时间内没有变化（数据冻结或丢失）。',
  },
  SAFETY_COMMAND_STALE: {
    en: 'Fault: the main thread\'s heartbeat stopped for longer than the stall timeout; commands are stale.',
    zh: '故障：主线程心跳停止超过停滞超时；指令已过时。',
  },
  SAFETY_NONFINITE: {
    en: 'Fault: a monitored reading is NaN or infinite.',
    zh: '故障：监控的读数为 NaN 或无穷大。',
  },
  SAFETY_OUT_OF_RANGE: {
    en: 'Fault: a reading lies outside its physically possible range.',
    zh: '故障：读数超出物理可能范围。',
  },
  SAFETY_REDUNDANT_MISMATCH: {
    en: 'Fault: two redundant sensors of the same quantity disagree by more than the tolerance.',
    zh: '故障：测量同一物理量的冗余传感器之差超过容差。',
  },
  SAFETY_LOOP_OVERRUN: {
    en: 'Fault: the control loop overran its period more often than allowed within the window.',
    zh: '故障：控制回路在时间窗内超时次数超过允许值。',
  },
  SAFETY_LOOP_MISSED_CYCLES: {
    en: 'Fault: the real-time worker missed whole control cycles (the drive watchdog heartbeat stopped).',
    zh: '故障：实时线程错过了整个控制周期（驱动器看门狗心跳已停止）。',
  },
  SAFETY_HARDWARE_FAULT: {
    en: 'Fault: a hardware component failed (a read or write error, e.g. a lost fieldbus) and was deactivated.',
    zh: '故障：硬件组件失效（读写错误，例如现场总线断开），已被停用。',
  },
  SAFETY_DRIVE_DISABLED: {
    en: 'Fault: a drive switched its power stage off by itself (its watchdog, an over-current) while torque should be on.',
    zh: '故障：驱动器在应有力矩时自行关断了功率级（看门狗、过流）。',
  },
  SAFETY_ESTOP_BUTTON: {
    en: 'Fault: a hardware emergency-stop input is pressed.',
    zh: '故障：硬件急停输入被按下。',
  },
  SAFETY_ESTOP_REQUEST: {
    en: 'Fault: an emergency stop was requested (tablet, voice, bridge or API).',
    zh: '故障：收到急停请求（平板、语音、桥接或 API）。',
  },
  SAFETY_STOP_REQUEST: {
    en: 'Fault: a protective stop of a given category was requested through the loop API.',
    zh: '故障：通过回路接口请求了指定类别的保护性停止。',
  },
} as const satisfies Record<string, CatalogueEntry>;
