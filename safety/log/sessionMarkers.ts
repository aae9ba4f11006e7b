/**
 * Session markers: the `startup` record Kindred writes when it starts (before anything can move) and
 * the `shutdown` record that ends an orderly stop. Reading them back tells a restarted Kindred how the
 * previous run ended: a `startup` with no `shutdown` after it means a crash, a kill or a power cut, and
 * the robot must not move again until a person has looked at it and reset it. Pure: builds events and
 * judges records; SafetyLog and the runtime do the I/O.
 */
import { SESSION_MONITOR, type SafetyEvent } from './SafetyEvent.js';
import type { SafetyEventRecord, SafetyLogRecord } from './SafetyLogRecord.js';

/**
 * How the previous session ended, judged from the log as it was found (before this run wrote to it):
 * - `none`: the log holds no record at all (a new log);
 * - `clean`: its last record is a `shutdown` marker;
 * - `unclean`: its last session has a `startup` and no `shutdown` after it, or something was written
 *   (or torn) after the last `shutdown`: the process crashed, was killed or lost power; or it ended in
 *   order while the protective stop after an earlier unclean end was still not reset;
 * - `unknown`: records but no session marker at all (written by a Kindred from before markers), so how
 *   it ended cannot be told; treated as unclean.
 */
export type PreviousSessionStatus = 'none' | 'clean' | 'unclean' | 'unknown';

/**
 * Why: `new_log` (none); `shutdown` (clean); `no_shutdown`, `after_shutdown` (records or torn bytes
 * after the shutdown marker) or `stop_not_reset` (unclean); `no_markers` (unknown).
 */
export type PreviousSessionReason = 'new_log' | 'shutdown' | 'no_shutdown' | 'after_shutdown' | 'stop_not_reset' | 'no_markers';

/** What the log says about the previous session (see `assessPreviousSession`). */
export interface PreviousSession {
  readonly status: PreviousSessionStatus;
  readonly reason: PreviousSessionReason;
  /** The last `startup` marker, if any. */
  readonly startup: SafetyEventRecord | null;
  /** The last `shutdown` marker, if any (before `startup` when the session after it did not end in order). */
  readonly shutdown: SafetyEventRecord | null;
  /** The last readable record of any type. */
  readonly lastRecord: SafetyLogRecord | null;
  /** The log ended in a partly written record (a write cut short). */
  readonly tornTail: boolean;
  /** Event records (markers excluded) after the last marker, or in the whole log when there is none. */
  readonly eventsSinceMarker: number;
}

/**
 * Judge how the previous session ended from a log's readable records, oldest first (damaged records
 * left out, as a scan gives them), and whether its newest file ends in a torn record. Conservative:
 * only a log whose very last record is a `shutdown` marker, with nothing torn after it, is `clean`.
 */
export function assessPreviousSession(records: readonly SafetyLogRecord[], tornTail: boolean): PreviousSession {
  let startup: SafetyEventRecord | null = null;
  let shutdown: SafetyEventRecord | null = null;
  let eventsSinceMarker = 0;
  let markerIndex = -1;
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    if (r.type !== 'event') continue;
    if (r.kind === 'startup' || r.kind === 'shutdown') {
      markerIndex = i;
      break;
    }
    eventsSinceMarker++;
  }
  // The last marker, and the other marker before it (for messages: when the session began or ended).
  for (let i = markerIndex; i >= 0; i--) {
    const r = records[i]!;
    if (r.type !== 'event') continue;
    if (r.kind === 'startup' && startup === null) startup = r;
    if (r.kind === 'shutdown' && shutdown === null) shutdown = r;
    if (startup !== null && shutdown !== null) break;
  }
  const lastRecord = records.at(-1) ?? null;
  const base = { startup, shutdown, lastRecord, tornTail, eventsSinceMarker };
  if (lastRecord === null) return tornTail ? { ...base, status: 'unknown', reason: 'no_markers' } : { ...base, status: 'none', reason: 'new_log' };
  if (markerIndex < 0) return { ...base, status: 'unknown', reason: 'no_markers' };
  const last = records[markerIndex] as SafetyEventRecord;
  if (last.kind === 'startup') return { ...base, status: 'unclean', reason: 'no_shutdown' };
  if (markerIndex !== records.length - 1 || tornTail) return { ...base, status: 'unclean', reason: 'after_shutdown' };
  if (last.values['uncleanStopPending'] === 1) return { ...base, status: 'unclean', reason: 'stop_not_reset' };
  return { ...base, status: 'clean', reason: 'shutdown' };
}

/** Whether a run after `previous` must start in a latched protective stop: yes unless it ended in order (or there was none). */
export function needsProtectiveStop(previous: PreviousSession): boolean {
  return previous.status === 'unclean' || previous.status === 'unknown';
}

/** Who is starting: written into the `startup` marker. */
export interface StartupInfo {
  /** The runtime clock's time now, ns. */
  readonly timeNs: bigint;
  /** Kindred's version (package.json). */
  readonly version: string;
  /** The launch file's name (`name:`), and its path when known. */
  readonly launchName: string;
  readonly launchFile?: string;
  /** This process. */
  readonly pid: number;
}

/** Why an orderly stop happened: written into the `shutdown` marker. */
export interface ShutdownInfo {
  readonly timeNs: bigint;
  /** What asked for it: `SIGTERM`, `SIGINT`, `stop` (embedded use), `start_failed`. */
  readonly reason: string;
  readonly launchName: string;
  readonly launchFile?: string;
  readonly pid: number;
  /** Seconds since the session's startup. */
  readonly uptimeS: number;
  /**
   * The session began in a protective stop after an unclean end and no reset was accepted since: the
   * next start must stop again (a restart is not a reset).
   */
  readonly uncleanStopPending: boolean;
}

const MAX_NAME = 200;

/** A name the log accepts (1..200 characters): long paths keep their end, which names the file. */
function fitName(s: string): string {
  if (s.length === 0) return '?';
  return s.length <= MAX_NAME ? s : `…${s.slice(s.length - MAX_NAME + 1)}`;
}

function launchLabel(info: { readonly launchName: string; readonly launchFile?: string }): string {
  return info.launchFile === undefined ? info.launchName : `${info.launchName} (${info.launchFile})`;
}

function describePrevious(p: PreviousSession): { en: string; zh: string } {
  const last = p.lastRecord;
  const lastAt = last === null ? '' : `seq ${last.seq} at ${last.wallTime}`;
  const lastAtZh = last === null ? '' : `序号 ${last.seq}，${last.wallTime}`;
  const torn = p.tornTail ? '; its last write was cut short (torn record kept)' : '';
  const tornZh = p.tornTail ? '；最后一次写入被截断（残缺记录已保留）' : '';
  switch (p.status) {
    case 'none':
      return { en: 'new safety log', zh: '新建安全日志' };
    case 'clean':
      return { en: `the previous session ended in order at ${p.shutdown?.wallTime ?? '?'}`, zh: `上次运行已于 ${p.shutdown?.wallTime ?? '?'} 有序停止` };
    case 'unclean': {
      if (p.reason === 'stop_not_reset') {
        return {
          en: `the previous session ended in order at ${p.shutdown?.wallTime ?? '?'}, but the protective stop after an earlier unclean end was never reset`,
          zh: `上次运行已于 ${p.shutdown?.wallTime ?? '?'} 有序停止，但此前因未有序停止而触发的保护性停止从未复位`,
        };
      }
      if (p.reason === 'after_shutdown') {
        return {
          en: `records were written or torn after the last orderly shutdown (last record ${lastAt}${torn}): a later run crashed, was killed or lost power`,
          zh: `最近一次有序停止之后仍有写入或残缺记录（最后记录${lastAtZh}${tornZh}）：其后的运行崩溃、被强制终止或断电`,
        };
      }
      const began = p.startup === null ? '' : ` (started ${p.startup.wallTime})`;
      const beganZh = p.startup === null ? '' : `（始于 ${p.startup.wallTime}）`;
      return {
        en: `the previous session${began} did not end in order (last record ${lastAt}${torn}): Kindred crashed, was killed or lost power`,
        zh: `上次运行${beganZh}未有序停止（最后记录${lastAtZh}${tornZh}）：Kindred 崩溃、被强制终止或断电`,
      };
    }
    case 'unknown':
      return {
        en: `the log holds records (last ${lastAt}${torn}) but no session markers (written by an earlier Kindred), so how the previous session ended is unknown; treated as unclean`,
        zh: `日志中有记录（最后记录${lastAtZh}${tornZh}）但没有会话标记（由较早版本的 Kindred 写入），无法判断上次运行如何结束，按未有序停止处理`,
      };
  }
}

/**
 * The `startup` marker: monitor `runtime`, reaction `none`, subject the launch file (or its name),
 * values `pid`, `previousClean` (1 clean, 0 unclean or unknown; absent for a new log) and
 * `previousLastSeq`, and a message in both languages saying how the previous session ended and, when
 * it did not end in order, that the robot stays in a protective stop until an authorised reset.
 */
export function startupEvent(info: StartupInfo, previous: PreviousSession): SafetyEvent {
  const who = `Kindred ${info.version} started (pid ${info.pid}, launch ${launchLabel(info)})`;
  const whoZh = `Kindred ${info.version} 已启动（进程 ${info.pid}，启动配置 ${launchLabel(info)}）`;
  const prev = describePrevious(previous);
  const stop = needsProtectiveStop(previous);
  const en = `${who}; ${prev.en}${stop ? '. The robot is in a protective stop (category 2) and will not move until an authorised reset (kindred safety reset, or the tablet)' : ''}`;
  const zh = `${whoZh}；${prev.zh}${stop ? '。机器人处于保护性停止（2 类），须经授权复位（kindred safety reset 或平板）后才能运动' : ''}`;
  return {
    timeNs: info.timeNs,
    kind: 'startup',
    monitor: SESSION_MONITOR,
    subject: fitName(info.launchFile ?? info.launchName),
    values: {
      pid: info.pid,
      ...(previous.status === 'none' ? {} : { previousClean: previous.status === 'clean' ? 1 : 0 }),
      ...(previous.lastRecord === null ? {} : { previousLastSeq: previous.lastRecord.seq }),
    },
    reaction: 'none',
    message: { en, zh },
  };
}

/**
 * The `shutdown` marker, the last record of an orderly stop (written after the control loop has
 * stopped, so nothing follows it): monitor `runtime`, reaction `none`, subject the launch file (or its
 * name), source what asked for the stop (`SIGTERM`), values `pid`, `uptimeS` and `uncleanStopPending`
 * (1: the protective stop after an earlier unclean end was never reset, so the next start stops again),
 * and a message in both languages.
 */
export function shutdownEvent(info: ShutdownInfo): SafetyEvent {
  const uptimeS = Math.round(info.uptimeS * 10) / 10;
  const failed = info.reason === 'start_failed';
  const pending = info.uncleanStopPending
    ? { en: '; the protective stop after the earlier unclean end was not reset and holds at the next start', zh: '；此前因未有序停止而触发的保护性停止未复位，下次启动仍将保持' }
    : { en: '', zh: '' };
  return {
    timeNs: info.timeNs,
    kind: 'shutdown',
    monitor: SESSION_MONITOR,
    subject: fitName(info.launchFile ?? info.launchName),
    values: { pid: info.pid, uptimeS, uncleanStopPending: info.uncleanStopPending ? 1 : 0 },
    reaction: 'none',
    source: fitName(info.reason),
    message: failed
      ? { en: `Kindred failed to start and stopped in order (pid ${info.pid})${pending.en}`, zh: `Kindred 启动失败，已有序停止（进程 ${info.pid}）${pending.zh}` }
      : {
          en: `Kindred stopped in order (${info.reason}, pid ${info.pid}) after ${uptimeS} s: control loop stopped, hardware deactivated${pending.en}`,
          zh: `Kindred 已有序停止（${info.reason}，进程 ${info.pid}），运行 ${uptimeS} 秒：控制回路已停止，硬件已停用${pending.zh}`,
        },
  };
}
