// User-facing text of the viewer page, zh-CN first then English, and the number formats it uses.

/** Labels that change at run time. */
export const TEXT = Object.freeze({
  connecting: ['正在连接…', 'Connecting…'],
  connected: ['已连接', 'Connected'],
  lost: ['连接已断开，正在重连…', 'Connection lost, reconnecting…'],
  restored: ['连接已恢复', 'Connection restored'],
  running: ['运行中', 'Running'],
  paused: ['已暂停', 'Paused'],
  play: ['运行', 'Play'],
  pause: ['暂停', 'Pause'],
  noCommand: ['该关节没有命令接口', 'This joint has no command interface'],
  refused: ['指令被拒绝', 'Control refused'],
  noReply: ['仿真无应答', 'The simulation did not answer'],
});

/** Labels of the behaviour panel (behaviorPanel.js). */
export const BEHAVIOR_TEXT = Object.freeze({
  panel: ['行为', 'Behaviour'],
  none: ['没有正在运行的行为', 'No behaviour running'],
  status: ['运行', 'Run'],
  state: ['当前状态', 'State'],
  lastEvent: ['最近事件', 'Last event'],
  tags: ['标签', 'Tags'],
  chart: ['状态图', 'Chart'],
  context: ['上下文', 'Context'],
  history: ['事件记录（最新在前）', 'Events (newest first)'],
  pause: ['暂停', 'Pause'],
  resume: ['继续', 'Resume'],
  stop: ['停止', 'Stop'],
  sent: ['指令已发送', 'Command sent'],
  notOffered: ['已发送，但当前状态不接受该指令', 'Sent, but the current state does not offer it'],
  always: ['立即', 'always'],
  noChart: ['没有状态图', 'No chart'],
});

/** Run states of kindred_msgs/BehaviorStatus; unknown ones are shown as sent. */
const RUN_STATUS = Object.freeze({
  running: ['运行中', 'Running'],
  done: ['已完成', 'Done'],
  stopped: ['已停止', 'Stopped'],
  error: ['出错', 'Error'],
});

/** The behaviour contract's tags (behaviors/core); other tags are shown as they are. */
const TAGS = Object.freeze({
  safe: ['安全', 'safe'],
  stopping: ['停止中', 'stopping'],
  pausable: ['可暂停', 'pausable'],
  resumable: ['可继续', 'resumable'],
});

/** State node kinds other than atomic, as the chart marks them. */
const NODE_TYPES = Object.freeze({
  compound: ['复合', 'compound'],
  parallel: ['并行', 'parallel'],
  final: ['终态', 'final'],
  history: ['历史', 'history'],
});

/**
 * @param {Readonly<Record<string, readonly [string, string]>>} table
 * @param {string} key
 * @returns {readonly [string, string]}
 */
function lookup(table, key) {
  return Object.hasOwn(table, key) ? /** @type {readonly [string, string]} */ (table[key]) : [key, ''];
}

/** @param {string} status */
export const runStatusText = (status) => lookup(RUN_STATUS, status);
/** @param {string} tag */
export const tagText = (tag) => lookup(TAGS, tag);
/** @param {string} type */
export const nodeTypeText = (type) => lookup(NODE_TYPES, type);

/** Safety supervisor states (issue #5) in both languages; unknown states are shown as sent. */
const SAFETY = Object.freeze({
  normal: ['正常', 'Normal'],
  reduced_speed: ['减速', 'Reduced speed'],
  protective_stop: ['保护性停止', 'Protective stop'],
  emergency_stop: ['紧急停止', 'Emergency stop'],
  recovery: ['恢复中', 'Recovery'],
  holding: ['保持（主线程停顿）', 'Holding (main thread stalled)'],
  stopped: ['控制回路已停止', 'Control loop stopped'],
});

/**
 * Fill an element with "中文 English", the English part in a muted span.
 * @param {HTMLElement} element
 * @param {readonly [string, string]} pair
 * @param {string} [suffix] text appended after both
 */
export function setBilingual(element, [zh, en], suffix = '') {
  element.textContent = `${zh} `;
  const span = element.ownerDocument.createElement('span');
  span.lang = 'en';
  span.textContent = en + suffix;
  element.append(span);
}

/**
 * @param {string} state
 * @returns {readonly [string, string]}
 */
export function safetyText(state) {
  return Object.hasOwn(SAFETY, state) ? SAFETY[/** @type {keyof typeof SAFETY} */ (state)] : [state, ''];
}

/**
 * A joint value for the overlay: hinge angles in degrees, slide positions in millimetres.
 * @param {number} value radians or metres
 * @param {'hinge' | 'slide'} kind
 */
export function formatJoint(value, kind) {
  return kind === 'slide' ? `${(value * 1000).toFixed(1)} mm` : `${((value * 180) / Math.PI).toFixed(1)}°`;
}

/** @param {number} timeS */
export function formatTime(timeS) {
  return `${timeS.toFixed(3)} s`;
}

/** Force ratio (|F| / limit) from which an arrow is amber, and from which it is red. */
export const AMBER_FROM = 0.7;
export const RED_FROM = 1;

/**
 * How close a force is to its limit: `ok` (green), `amber`, or `red` at or past the limit.
 * @param {number} forceN magnitude
 * @param {number} limitN
 * @returns {'ok' | 'amber' | 'red'}
 */
export function forceLevel(forceN, limitN) {
  const ratio = forceN / limitN;
  return ratio >= RED_FROM ? 'red' : ratio >= AMBER_FROM ? 'amber' : 'ok';
}

/** Arrow colours per level (match viewer.css). */
export const LEVEL_COLOURS = Object.freeze({ ok: 0x43a047, amber: 0xffb300, red: 0xe53935 });
