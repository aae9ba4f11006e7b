import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised while reading, composing and compiling per-joint safety limits (safety/limits). */
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
} as const satisfies Record<string, CatalogueEntry>;
