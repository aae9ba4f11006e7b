/**
 * Kindred's session in the durable safety log: a `startup` marker when it starts (saying how the
 * previous run ended) and a `shutdown` marker as the last record of an orderly stop. A restart after a
 * crash, kill or power cut — a `startup` with no `shutdown` after it, or a log with no markers at all —
 * starts in a latched protective stop, so the robot does not move until a person resets it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logging/index.js';
import { needsProtectiveStop, shutdownEvent, startupEvent, type PreviousSession, type SafetyEventRecord, type SafetyLog } from '../../safety/log/index.js';

/** The stop request's source (the supervisor's `stop_request` fault subject) after an unclean end. */
export const UNCLEAN_SHUTDOWN_SOURCE = 'unclean_shutdown';
/** Stopping time asked of that category 2 stop (the robot is at rest; the supervisor caps it at its limit). */
export const UNCLEAN_SHUTDOWN_STOP_TIME_S = 0.5;

let cachedVersion: string | undefined;

/**
 * Kindred's version from its package.json, found by walking up from this file (source and dist/ lie
 * at different depths); `unknown` when there is none.
 */
export function kindredVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  cachedVersion = 'unknown';
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
        if (pkg.name === 'kindred' && typeof pkg.version === 'string') {
          cachedVersion = pkg.version;
          break;
        }
      } catch {
        // not ours, or unreadable: keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return cachedVersion;
}

/** The launch a session runs, for its markers. */
export interface SessionLaunch {
  readonly launchName: string;
  readonly launchFile?: string;
}

/** A session begun in the safety log. */
export interface SafetySession {
  /** How the previous session ended (from the log as found). */
  readonly previous: PreviousSession;
  /** The previous session did not end in order: hold the robot in a protective stop until a reset. */
  readonly protectiveStop: boolean;
  readonly startup: SafetyEventRecord;
  readonly startedAtMs: number;
}

/**
 * Append the `startup` marker (durable when this returns) and log, in both languages, how the previous
 * session ended; when it did not end in order, say why the robot will be in a protective stop.
 * Throws what `SafetyLog.append` throws (SAFETY_LOG_IO): Kindred does not start without it.
 */
export function beginSafetySession(log: SafetyLog, launch: SessionLaunch, timeNs: bigint, logger: Logger): SafetySession {
  const previous = log.previousSession;
  const startup = log.append(startupEvent({ timeNs, version: kindredVersion(), ...launch, pid: process.pid }, previous));
  const protectiveStop = needsProtectiveStop(previous);
  const summary = {
    status: previous.status,
    tornTail: previous.tornTail,
    lastSeq: previous.lastRecord?.seq ?? null,
    lastWallTime: previous.lastRecord?.wallTime ?? null,
    previousStartup: previous.startup === null ? null : { seq: previous.startup.seq, wallTime: previous.startup.wallTime, pid: previous.startup.values['pid'] ?? null },
    startupSeq: startup.seq,
  };
  if (protectiveStop) {
    const why =
      previous.status === 'unknown'
        ? 'the safety log has records but no session markers, so whether the last run ended in order is unknown / 安全日志有记录但无会话标记，无法判断上次运行是否有序停止'
        : 'the last run ended without an orderly shutdown (crash, kill or power cut) / 上次运行未有序停止（崩溃、强制终止或断电）';
    logger.warn(
      { code: 'SAFETY_LOG_UNCLEAN_SHUTDOWN', previousSession: summary },
      `safety: ${why}; the robot starts in a protective stop (category 2) and will not move until an authorised reset (kindred safety reset, or the tablet) / ` +
        `机器人以保护性停止（2 类）启动，须经授权复位（kindred safety reset 或平板）后才能运动`,
    );
  } else {
    logger.info({ previousSession: summary }, 'safety: session started in the safety log / 安全日志：会话已开始');
  }
  return { previous, protectiveStop, startup, startedAtMs: Date.now() };
}

/**
 * Append the `shutdown` marker, the session's last record (call after the control loop has stopped
 * and its events are logged), and close the log. `uncleanStopPending`: this session's protective stop
 * after an unclean end was never reset, so the next start must stop again (a restart is no reset). A
 * failure is logged: the next start then treats this run as unclean, which is the safe side.
 */
export function endSafetySession(
  log: SafetyLog,
  session: SafetySession | undefined,
  end: SessionLaunch & { readonly timeNs: bigint; readonly reason: string; readonly uncleanStopPending: boolean },
  logger: Logger,
): void {
  try {
    if (session !== undefined) {
      const record = log.append(shutdownEvent({ ...end, pid: process.pid, uptimeS: (Date.now() - session.startedAtMs) / 1000 }));
      logger.info({ seq: record.seq, reason: end.reason }, 'safety: orderly shutdown recorded in the safety log / 安全日志：已记录有序停止');
    }
  } catch (e) {
    logger.error({ err: e }, 'safety: the shutdown marker could not be written; the next start will hold the robot in a protective stop / 无法写入停止标记，下次启动将以保护性停止开始');
  } finally {
    log.close();
  }
}
