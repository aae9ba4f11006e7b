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
