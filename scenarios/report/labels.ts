import type { Bilingual } from '../runner/result.js';

/**
 * The fixed words of the reports in both languages, kept in one table so the HTML report, its
 * legends and its tests use the same text (zh-CN first where shown together).
 */

/** Run and campaign verdicts. */
export const VERDICT_LABEL = {
  pass: { zh: '通过', en: 'PASS' },
  fail: { zh: '未通过', en: 'FAIL' },
  error: { zh: '错误', en: 'ERROR' },
} as const satisfies Record<string, Bilingual>;

/** Verdict symbols, so a verdict reads right in greyscale print and for colour-blind readers. */
export const VERDICT_SYMBOL = { pass: '✔', fail: '✘', error: '⚠' } as const;

/** Hazard coverage verdicts. */
export const HAZARD_LABEL = {
  covered: { zh: '已覆盖', en: 'covered' },
  uncovered: { zh: '未覆盖', en: 'uncovered' },
  failing: { zh: '验证失败', en: 'failing' },
} as const satisfies Record<string, Bilingual>;

/** Mutation-test verdicts of a monitor. */
export const MUTATION_LABEL = {
  verified: { zh: '已验证', en: 'verified' },
  attribution_only: { zh: '仅归因', en: 'attribution only' },
  unverified: { zh: '未验证', en: 'unverified' },
} as const satisfies Record<string, Bilingual>;

/** The supervisor's safety states (DESIGN.md), with their band colours in the timeline. */
export const SAFETY_STATES = {
  normal: { zh: '正常', en: 'normal', colour: '#3a9d4f' },
  reduced_speed: { zh: '降速', en: 'reduced speed', colour: '#e8c21e' },
  protective_stop: { zh: '保护性停止', en: 'protective stop', colour: '#f08a24' },
  emergency_stop: { zh: '紧急停止', en: 'emergency stop', colour: '#d7301f' },
  recovery: { zh: '恢复', en: 'recovery', colour: '#3a78d0' },
} as const satisfies Record<string, Bilingual & { colour: string }>;

/** Colour of a state the table does not know, and of time before the first recorded state. */
export const UNKNOWN_STATE_COLOUR = '#b8b8b8';

/** Both languages on one line: `中文 English`. */
export function both(text: Bilingual): string {
  return text.zh === text.en ? text.en : `${text.zh} ${text.en}`;
}
