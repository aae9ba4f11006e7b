import { safetyLogErrors } from '../../runtime/errors/catalogue/safetyLog.js';
import { filterEvents } from './filterEvents.js';
import { listLogFiles } from './logFiles.js';
import { parseSince } from './parseSince.js';
import type { SafetyEventRecord } from './SafetyLogRecord.js';
import { assessPreviousSession } from './sessionMarkers.js';
import { scanLogFiles, type LogScan, type SafetyLogProblem, type SafetyLogVerifyReport } from './verifyLog.js';

/** Options of `kindred safety log`. */
export interface SafetyLogCommandOptions {
  /** ISO date/time or a duration back from now (`10m`); filters the listing by wall time. */
  readonly since?: string;
  /** Verify the whole log; exit code 1 when it finds an error. */
  readonly verify?: boolean;
  readonly json?: boolean;
  /** The present, for `--since 10m` (default: the system clock). */
  readonly now?: Date;
}

/** What the CLI prints and the exit code it returns. */
export interface CommandResult {
  readonly text: string;
  readonly exitCode: number;
}

/** Terminal columns a string takes: CJK and full-width characters take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ? 2 : 1;
  }
  return w;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - displayWidth(cell))))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const num = (v: number | undefined): string => (v === undefined ? '—' : String(v));

/** `forceN=152.3 / 140` for each quantity: the measured value against its limit. */
function valuesVsLimit(r: SafetyEventRecord): string {
  const keys = [...new Set([...Object.keys(r.values), ...Object.keys(r.limit)])];
  return keys.map((k) => (k in r.limit ? `${k}=${num(r.values[k])} / ${num(r.limit[k])}` : `${k}=${num(r.values[k])}`)).join('; ');
}

function describeEvent(r: SafetyEventRecord): string {
  const parts: string[] = [];
  if (r.message !== undefined) parts.push(r.message.zh === r.message.en ? r.message.en : `${r.message.zh} / ${r.message.en}`);
  if (r.operator !== undefined) parts.push(`operator/操作员 ${r.operator}`);
  if (r.source !== undefined) parts.push(`source/来源 ${r.source}`);
  return parts.join('; ');
}

function eventTable(events: readonly SafetyEventRecord[]): string {
  const header = ['时间 Time (UTC)', '类型 Kind', '监测 Monitor', '对象 Subject', '反应 Reaction', '值 / 限值 Value / limit', '说明 Note'];
  return table([header, ...events.map((r) => [r.wallTime, r.kind, r.monitor, r.subject ?? '', r.reaction, valuesVsLimit(r), describeEvent(r)])]);
}

function problemLine(p: SafetyLogProblem, dir: string): string {
  const where = p.file === '' ? dir : `${p.file}:${p.offsetBytes}`;
  return `${p.severity === 'warning' ? 'warning/警告 ' : ''}${where}: ${p.code} ${p.message} (${safetyLogErrors[p.code].zh})`;
}

function verifyText(report: SafetyLogVerifyReport, dir: string): string {
  const errors = report.problems.filter((p) => p.severity === 'error');
  const warnings = report.problems.filter((p) => p.severity === 'warning');
  const lines = report.problems.map((p) => problemLine(p, dir));
  if (report.ok) {
    const span = report.firstSeq === null ? '' : `, seq ${report.firstSeq}–${report.lastSeq}`;
    lines.push(
      `OK / 校验通过: ${report.files} files / 个文件, ${report.records} records / 条记录 (${report.events} events / 个事件)${span}; ` +
        `hashes and chain intact / 哈希与链完整${warnings.length > 0 ? `; ${warnings.length} warnings / 个警告` : ''}`,
    );
    if (!report.startsAtGenesis && report.firstSeq !== null) {
      lines.push(`Older files were removed by retention; the kept log starts at seq ${report.firstSeq} / 更早的文件已按保留策略删除，现存日志始于序号 ${report.firstSeq}`);
    }
  } else {
    lines.push(`FAILED / 校验失败: ${errors.length} errors / 个错误, ${warnings.length} warnings / 个警告 in ${report.files} files / 个文件`);
  }
  return lines.join('\n');
}

/**
 * One line on the newest session, when the log has session markers: when it started and whether it
 * ended in order. (A log from before markers gets no line: nothing can be said.)
 */
function sessionLine(scan: LogScan): string | null {
  const p = assessPreviousSession(
    scan.records.map((r) => r.record),
    (scan.files.at(-1)?.tail ?? null) !== null,
  );
  if (p.startup === null && p.shutdown === null) return null;
  const began = p.startup === null ? '' : ` started ${p.startup.wallTime} (pid ${num(p.startup.values['pid'])})`;
  const beganZh = p.startup === null ? '' : `始于 ${p.startup.wallTime}（进程 ${num(p.startup.values['pid'])}）`;
  const endedAt = p.shutdown?.wallTime ?? '?';
  switch (p.reason) {
    case 'shutdown':
      return `Last session / 最近一次会话:${began}, ended in order at ${endedAt} / ${beganZh}，已于 ${endedAt} 有序停止`;
    case 'stop_not_reset':
      return (
        `Last session / 最近一次会话:${began}, ended in order at ${endedAt} with the protective stop after an earlier unclean end never reset` +
        ` / ${beganZh}，已于 ${endedAt} 有序停止，但此前因未有序停止而触发的保护性停止从未复位`
      );
    case 'after_shutdown':
      return `Last session / 最近一次会话: records were written or torn after the orderly shutdown at ${endedAt} / 于 ${endedAt} 有序停止之后仍有写入或残缺记录`;
    default:
      break;
  }
  return (
    `Last session / 最近一次会话:${began}, no orderly shutdown recorded: still running, or it crashed, was killed or lost power` +
    ` / ${beganZh}，未记录有序停止：仍在运行，或已崩溃、被强制终止或断电`
  );
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/**
 * `kindred safety log [--since <ISO time | 10m>] [--verify] [--json]`: list the logged events as a
 * table (time, kind, monitor, subject, reaction, values against limits, note), and/or verify the
 * whole log (OK with counts, or every problem as file:byte offset; exit code 1 on an error).
 * `--verify` alone prints only the verification; with `--since` it prints both. Reads only.
 * Throws SAFETY_LOG_SINCE_INVALID for a bad `--since`.
 */
export function safetyLogCommand(dir: string, options: SafetyLogCommandOptions = {}): CommandResult {
  const since = options.since === undefined ? undefined : parseSince(options.since, options.now ?? new Date());
  const scan = scanLogFiles(listLogFiles(dir));
  const listing = options.verify !== true || since !== undefined;
  const events = listing ? filterEvents(scan.records, since === undefined ? {} : { since }) : [];
  const exitCode = options.verify === true && !scan.report.ok ? 1 : 0;

  if (options.json === true) {
    const out = { dir, ...(listing ? { events } : {}), ...(options.verify === true ? { verify: scan.report } : {}) };
    return { text: JSON.stringify(out, jsonReplacer, 2), exitCode };
  }

  const parts: string[] = [];
  if (listing) {
    if (scan.report.files === 0) {
      parts.push(`No safety log in ${dir} / ${dir} 中没有安全日志`);
    } else {
      const range = since === undefined ? '' : ` since / 自 ${since.toISOString()}`;
      parts.push(`Safety log / 安全事件日志 ${dir}: ${events.length} events / 个事件${range}`);
      if (events.length > 0) parts.push(eventTable(events));
      const session = sessionLine(scan);
      if (session !== null) parts.push(session);
      const problems = scan.report.problems.length;
      if (options.verify !== true && problems > 0) {
        parts.push(`! ${problems} problem(s) found; run with --verify / 发现 ${problems} 个问题，请使用 --verify 查看`);
      }
    }
  }
  if (options.verify === true) parts.push(verifyText(scan.report, dir));
  return { text: parts.join('\n'), exitCode };
}
