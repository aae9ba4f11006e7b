import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { forceFault, tempLogDir } from './fixtures/testLog.js';
import { listLogFiles } from './logFiles.js';
import { parseSince } from './parseSince.js';
import { SafetyLog } from './SafetyLog.js';
import { safetyLogCommand } from './safetyLogCommand.js';

let dir: string;
let remove: () => void;
/** Events at 08:00:00 … 08:00:05 UTC on 2025-03-01; "now" is 08:00:10. */
const now = new Date(Date.UTC(2025, 2, 1, 8, 0, 10));

beforeEach(() => {
  ({ dir, remove } = tempLogDir());
  const log = SafetyLog.open(dir);
  for (let i = 0; i < 4; i++) log.append(forceFault(i));
  log.append({ timeNs: 9n, wallTime: '2025-03-01T08:00:04.000Z', kind: 'fault', monitor: 'plausibility', subject: 'knee_left', values: { positionRad: Number.NaN }, reaction: 'stop0' });
  log.append({ timeNs: 10n, wallTime: '2025-03-01T08:00:05.000Z', kind: 'reset', monitor: 'reset', reaction: 'none', operator: 'therapist_wang', source: 'tablet' });
  log.close();
});
afterEach(() => remove());

describe('kindred safety log', () => {
  it('prints a table of time, monitor, reaction and values against limits', () => {
    const { text, exitCode } = safetyLogCommand(dir, { now });
    expect(exitCode).toBe(0);
    const lines = text.split('\n');
    expect(lines[0]).toBe(`Safety log / 安全事件日志 ${dir}: 6 events / 个事件`);
    expect(lines[1]).toMatch(/^时间 Time \(UTC\)\s+类型 Kind\s+监测 Monitor\s+对象 Subject\s+反应 Reaction\s+值 \/ 限值 Value \/ limit\s+说明 Note$/);
    expect(lines[2]).toMatch(/^2025-03-01T08:00:00\.000Z\s+fault\s+interaction_force\s+forearm\s+stop1\s+forceN=150 \/ 140\s+前臂受力 150 N，超过 140 N \/ Forearm force 150 N above 140 N$/);
    expect(lines[6]).toMatch(/^2025-03-01T08:00:04\.000Z\s+fault\s+plausibility\s+knee_left\s+stop0\s+positionRad=NaN$/);
    expect(lines[7]).toMatch(/reset\s+reset\s+none\s+operator\/操作员 therapist_wang; source\/来源 tablet$/);
    expect(lines).toHaveLength(8);
  });

  it('--since takes a duration back from now or an ISO time', () => {
    expect(safetyLogCommand(dir, { now, since: '7s' }).text.split('\n').slice(2).map((l) => l.slice(0, 24))).toEqual([
      '2025-03-01T08:00:03.000Z',
      '2025-03-01T08:00:04.000Z',
      '2025-03-01T08:00:05.000Z',
    ]);
    expect(safetyLogCommand(dir, { now, since: '2025-03-01T08:00:05Z' }).text).toContain('1 events / 个事件 since / 自 2025-03-01T08:00:05.000Z');
    expect(safetyLogCommand(dir, { now, since: '1h' }).text).toContain(': 6 events');
  });

  it.each(['yesterday', '10 minutes', '-5m', '2025-13-45T99:00:00Z', ''])('rejects --since %j with SAFETY_LOG_SINCE_INVALID', (since) => {
    try {
      parseSince(since, now);
    } catch (e) {
      expect(isKindredError(e) && e.code).toBe('SAFETY_LOG_SINCE_INVALID');
      expect((e as Error).message).toContain(`--since ${JSON.stringify(since)}; expected an ISO date/time`);
      return;
    }
    throw new Error(`--since ${since} was accepted`);
  });

  it('--verify prints OK with counts and exits 0', () => {
    const { text, exitCode } = safetyLogCommand(dir, { verify: true });
    expect(exitCode).toBe(0);
    expect(text).toBe('OK / 校验通过: 1 files / 个文件, 7 records / 条记录 (6 events / 个事件), seq 0–6; hashes and chain intact / 哈希与链完整');
  });

  it('--verify prints each problem as file:byte offset with its code and exits 1', () => {
    const file = listLogFiles(dir)[0]!;
    const text0 = readFileSync(file, 'utf8');
    const at = text0.indexOf('"forceN":152');
    const offset = Buffer.byteLength(text0.slice(0, text0.lastIndexOf('\n', at) + 1));
    writeFileSync(file, text0.replace('"forceN":152', '"forceN":132'));
    const { text, exitCode } = safetyLogCommand(dir, { verify: true });
    expect(exitCode).toBe(1);
    expect(text.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:${offset}: SAFETY_LOG_CHECKSUM record seq 3: .* \\(安全日志记录内容与其 SHA-256 哈希不符：写入后被改动。\\)$`)),
      'FAILED / 校验失败: 1 errors / 个错误, 0 warnings / 个警告 in 1 files / 个文件',
    ]);
    // Listing still works, and says there are problems.
    const listing = safetyLogCommand(dir, {});
    expect(listing.exitCode).toBe(0);
    expect(listing.text).toContain('! 1 problem(s) found; run with --verify');
  });

  it('--verify passes with a torn tail, printed as a warning with its offset', () => {
    const file = listLogFiles(dir)[0]!;
    const size = readFileSync(file).length;
    writeFileSync(file, '{"seq":7,"type":"event","wa', { flag: 'a' });
    const { text, exitCode } = safetyLogCommand(dir, { verify: true });
    expect(exitCode).toBe(0);
    expect(text.split('\n')[0]).toBe(
      `warning/警告 ${file}:${size}: SAFETY_LOG_TORN_TAIL the log ends in 27 bytes that are not a complete record (a write cut short by a crash or power loss); kept, and marked when the log is next opened for writing (日志末尾（或曾经）有一条未写完的记录，由崩溃或断电造成。)`,
    );
    expect(text.split('\n')[1]).toMatch(/^OK \/ 校验通过: .* 1 warnings \/ 个警告$/);
  });

  it('--json prints events (bigint and NaN as strings) and the verification', () => {
    const out = JSON.parse(safetyLogCommand(dir, { json: true, verify: true, since: '6s', now }).text) as {
      events: { seq: number; timeNs: string; values: Record<string, unknown> }[];
      verify: { ok: boolean; records: number };
    };
    expect(out.events.map((e) => e.seq)).toEqual([5, 6]);
    expect(out.events[0]).toMatchObject({ timeNs: '9', values: { positionRad: 'NaN' } });
    expect(out.verify).toMatchObject({ ok: true, records: 7 });
    expect(Object.keys(JSON.parse(safetyLogCommand(dir, { json: true, verify: true }).text) as object)).toEqual(['dir', 'verify']);
  });

  it('a directory without a log: listing says so; --verify fails', () => {
    const empty = `${dir}/none`;
    expect(safetyLogCommand(empty, {})).toEqual({ text: `No safety log in ${empty} / ${empty} 中没有安全日志`, exitCode: 0 });
    const v = safetyLogCommand(empty, { verify: true });
    expect(v.exitCode).toBe(1);
    expect(v.text).toContain(`${empty}: SAFETY_LOG_NO_FILES`);
  });
});
