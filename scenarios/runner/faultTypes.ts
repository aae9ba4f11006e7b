/**
 * The fault library: every fault a scenario can name, and the hook that injects it. Sensor,
 * actuator and communication faults go into the simulator's own fault table (sim/faults), so they act
 * where real ones would — on what `read` reports, on what reaches the drives, inside the drives;
 * compute faults go into the lock-step loop's timing; people's faults are commands to the simulated
 * person; a process crash is a real SIGKILL of a real Kindred process (`compute.crash`).
 */

/** Where a fault is injected. */
export type FaultHook =
  | { readonly hook: 'state'; readonly kind: string }
  | { readonly hook: 'command'; readonly kind: string }
  | { readonly hook: 'actuator'; readonly kind: string }
  | { readonly hook: 'bus'; readonly kind: 'disconnect' }
  | { readonly hook: 'timing'; readonly kind: 'overrun' | 'stall' | 'main_stall' }
  | { readonly hook: 'human'; readonly op: string }
  | { readonly hook: 'crash' };

export interface FaultType {
  readonly inject: FaultHook;
  /** The magnitude's unit ('' when it has none); `required` when the fault needs one. */
  readonly unit: string;
  readonly magnitude: 'required' | 'optional' | 'none';
  /** What the target names. */
  readonly target: string;
  readonly en: string;
  readonly zh: string;
}

const sensor = (kind: string, magnitude: FaultType['magnitude'], unit: string, en: string, zh: string): FaultType => ({
  inject: { hook: 'state', kind },
  unit,
  magnitude,
  target: 'a state interface (knee_left/position, thigh_cuff_left_ft/force.z)',
  en,
  zh,
});
const actuator = (kind: string, magnitude: FaultType['magnitude'], unit: string, en: string, zh: string): FaultType => ({
  inject: { hook: 'actuator', kind },
  unit,
  magnitude,
  target: 'a joint (knee_left)',
  en,
  zh,
});
const comm = (kind: string, magnitude: FaultType['magnitude'], unit: string, en: string, zh: string): FaultType => ({
  inject: { hook: 'command', kind },
  unit,
  magnitude,
  target: 'a command interface (knee_left/position)',
  en,
  zh,
});

export const FAULT_TYPES = {
  'sensor.dropout': sensor('drop', 'none', '', 'sensor dropout: the reading stops updating (stale)', '传感器掉线：读数停止更新（陈旧）'),
  'sensor.stuck': sensor('freeze', 'optional', 'unit of the interface', 'sensor stuck at a value (default: the last one)', '传感器卡死在某一值（默认最后读数）'),
  'sensor.drift': sensor('drift', 'required', 'unit/s', 'sensor bias drift growing linearly', '传感器偏置线性漂移'),
  'sensor.noise_burst': sensor('noise', 'required', 'unit of the interface (σ)', 'burst of Gaussian noise on a reading', '读数上的高斯噪声突发'),
  'sensor.spike': sensor('spike', 'required', 'unit of the interface', 'a one-sample spike', '单个采样尖峰'),
  'sensor.nan': sensor('nan', 'none', '', 'the reading becomes NaN', '读数变为 NaN'),
  'sensor.inf': sensor('inf', 'optional', 'sign', 'the reading becomes ±Infinity', '读数变为 ±无穷大'),
  'sensor.encoder_disagreement': sensor('offset', 'required', 'rad', 'one of two redundant encoders reads off by an offset', '两个冗余编码器之一出现偏差'),
  'sensor.force_offset': sensor('offset', 'required', 'N', 'force/torque sensor offset', '力/力矩传感器偏置'),
  'actuator.runaway': actuator('runaway', 'required', 'N·m', 'torque runaway: the drive adds torque nobody commanded', '力矩失控：驱动器施加未被指令的力矩'),
  'actuator.offset': actuator('offset', 'required', 'N·m', 'constant torque offset at the drive output', '驱动器输出恒定力矩偏置'),
  'actuator.stuck': actuator('stuck', 'none', '', 'the joint is mechanically stuck', '关节机械卡死'),
  'actuator.weakness': actuator('weakness', 'required', 'gain 0..1', 'the drive delivers only a fraction of its torque', '驱动器只能输出部分力矩'),
  'actuator.sign_inversion': actuator('inversion', 'none', '', 'the drive’s torque sign is inverted (wiring/commutation)', '驱动器力矩符号反向（接线/换相错误）'),
  'actuator.brake_failure': actuator('brake_failure', 'none', '', 'the holding brake does not engage', '抱闸失效'),
  'comm.delay': comm('delay', 'required', 'ms', 'commands reach the drive late', '指令延迟到达驱动器'),
  'comm.loss': comm('drop', 'none', '', 'commands are lost on the way to the drive', '指令在传输中丢失'),
  'comm.reorder': comm('reorder', 'none', '', 'commands arrive out of order', '指令乱序到达'),
  'comm.disconnect': {
    inject: { hook: 'bus', kind: 'disconnect' },
    unit: '',
    magnitude: 'none',
    target: 'the hardware component (sim)',
    en: 'fieldbus disconnected: no state in, no command out',
    zh: '现场总线断开：无状态输入、无指令输出',
  },
  'compute.overrun': {
    inject: { hook: 'timing', kind: 'overrun' },
    unit: 'ms',
    magnitude: 'required',
    target: 'loop',
    en: 'control cycles take longer than the period (params.cycles of them)',
    zh: '控制周期执行时间超过周期（持续 params.cycles 个周期）',
  },
  'compute.stall': {
    inject: { hook: 'timing', kind: 'stall' },
    unit: 'ms',
    magnitude: 'required',
    target: 'loop',
    en: 'the real-time worker stalls',
    zh: '实时线程停顿',
  },
  'compute.main_stall': {
    inject: { hook: 'timing', kind: 'main_stall' },
    unit: 'ms',
    magnitude: 'required',
    target: 'loop',
    en: 'the main thread (behaviours, UI, bridges) stalls',
    zh: '主线程（行为、界面、桥接）停顿',
  },
  'compute.crash': {
    inject: { hook: 'crash' },
    unit: '',
    magnitude: 'none',
    target: 'process',
    en: 'the Kindred process is killed (SIGKILL) and restarted',
    zh: 'Kindred 进程被强制终止（SIGKILL）并重启',
  },
  'person.spasm': {
    inject: { hook: 'human', op: 'spasm' },
    unit: 'N·m',
    magnitude: 'optional',
    target: 'the patient’s joint (knee_left)',
    en: 'spasm / spasticity burst',
    zh: '痉挛 / 肌张力增高发作',
  },
  'person.sudden_movement': {
    inject: { hook: 'human', op: 'voluntary' },
    unit: 'N·m',
    magnitude: 'required',
    target: 'the patient’s joint (knee_left)',
    en: 'sudden voluntary movement',
    zh: '突然的自主运动',
  },
  'person.slump': {
    inject: { hook: 'human', op: 'slump' },
    unit: '',
    magnitude: 'none',
    target: 'patient',
    en: 'the patient slumps (loses tone) during a transfer',
    zh: '转移过程中患者瘫软（失去肌张力）',
  },
  'person.fall': {
    inject: { hook: 'human', op: 'fall' },
    unit: '',
    magnitude: 'none',
    target: 'a direction: forward, backward, left, right',
    en: 'the person falls',
    zh: '人员跌倒',
  },
  'person.walk_into_path': {
    inject: { hook: 'human', op: 'walkTo' },
    unit: '',
    magnitude: 'none',
    target: 'person (params.x, params.y: where to walk, m)',
    en: 'the person walks into the robot’s path',
    zh: '人员走入机器人路径',
  },
} as const satisfies Record<string, FaultType>;

export type FaultTypeName = keyof typeof FAULT_TYPES;
