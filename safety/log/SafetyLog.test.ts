import { appendFileSync, readFileSync, readdirSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { forceFault, tempLogDir } from './fixtures/testLog.js';
import { listLogFiles } from './logFiles.js';
import { SafetyLog } from './SafetyLog.js';
import type { SafetyEvent } from './SafetyEvent.js';
import type { SafetyLogRecord } from './SafetyLogRecord.js';
import { scanLogFiles } from './verifyLog.js';

let dir: string;
let remove: () => void;
const open: SafetyLog[] = [];

function openLog(options: Parameters<typeof SafetyLog.open>[1] = {}): SafetyLog {
  const log = SafetyLog.open(dir, options);
  open.push(log);
  return log;
}

function expectCode(f: () => unknown, code: string, message?: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(isKindredError(e), String(e)).toBe(true);
    expect((e as { code: string }).code).toBe(code);
    if (message !== undefined) expect((e as Error).message).toMatch(message);
    return;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

/** Records of the newest file, parsed with their byte offsets. */
function linesOf(path: string): { offset: number; text: string }[] {
  const text = readFileSync(path, 'utf8');
  const out: { offset: number; text: string }[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    if (line !== '') out.push({ offset, text: line });
    offset += Buffer.byteLength(line) + 1;
  }
  return out;
}

beforeEach(() => {
  ({ dir, remove } = tempLogDir());
});
afterEach(() => {
  for (const log of open.splice(0)) log.close();
  remove();
});

describe('SafetyLog round trip', () => {
  it('reads back every event exactly as append returned it, across a reopen, with seq and chain intact', () => {
    const events: SafetyEvent[] = [
      forceFault(0),
      forceFault(1, { values: { forceN: Number.NaN, positionRad: Number.POSITIVE_INFINITY, velocityRadPerS: Number.NEGATIVE_INFINITY } }),
      { timeNs: 9_223_372_036_854_775_807n, kind: 'reset', monitor: 'reset', reaction: 'none', operator: 'nurse_li', source: 'tablet' },
      { timeNs: 5n, kind: 'reset_refused', monitor: 'reset', reaction: 'none', source: 'api', message: { en: 'Cause persists', zh: '故障原因仍然存在' } },
      { timeNs: 6n, kind: 'state', monitor: 'supervisor', reaction: 'reduced_speed', values: { distanceM: 0.8 }, limit: { distanceM: 1.2 } },
    ];
    const first = openLog({ now: () => new Date('2025-03-01T09:00:00.000Z') });
    const written = events.map((e) => first.append(e));
    expect(written.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]); // seq 0 is the first file's file-start record
    expect(written[2]?.wallTime).toBe('2025-03-01T09:00:00.000Z'); // stamped when the event brings none
    first.close();

    const again = openLog();
    expect(again.openReport.ok).toBe(true);
    expect(again.openReport.problems).toEqual([]);
    expect(again.read()).toEqual(written);
    const more = again.append(forceFault(7));
    expect(more.seq).toBe(6);
    expect(more.prev).toBe(written.at(-1)?.hash);
    const report = again.verify();
    expect(report).toMatchObject({ ok: true, files: 1, records: 7, events: 6, firstSeq: 0, lastSeq: 6, lastHash: more.hash, startsAtGenesis: true, problems: [] });
  });

  it('filters by wall time (inclusive) and monitor', () => {
    const log = openLog();
    for (let i = 0; i < 6; i++) log.append(forceFault(i, i % 2 === 0 ? {} : { monitor: 'tracking_error' }));
    const at = (s: number): Date => new Date(Date.UTC(2025, 2, 1, 8, 0, s));
    expect(log.read({ since: at(2) }).map((r) => r.values['forceN'])).toEqual([152, 153, 154, 155]);
    expect(log.read({ since: at(1), until: at(3) }).map((r) => r.values['forceN'])).toEqual([151, 152, 153]);
    expect(log.read({ monitor: 'tracking_error' }).map((r) => r.values['forceN'])).toEqual([151, 153, 155]);
  });

  it('writes one line per record, hash last, readable as JSON', () => {
    const log = openLog();
    log.append(forceFault(0));
    const lines = linesOf(log.currentFile).map((l) => JSON.parse(l.text) as Record<string, unknown>);
    expect(lines.map((l) => l['type'])).toEqual(['file-start', 'event']);
    expect(Object.keys(lines[1]!).at(-1)).toBe('hash');
    expect(lines[1]).toMatchObject({ seq: 1, timeNs: '1000000000', monitor: 'interaction_force', values: { forceN: 150 }, limit: { forceN: 140 }, reaction: 'stop1' });
  });
});

describe('SafetyLog rejects bad input and misuse', () => {
  it.each<[string, unknown, RegExp]>([
    ['timeNs as a number', { ...forceFault(0), timeNs: 5 }, /timeNs is 5: .*bigint/],
    ['an unknown reaction', { ...forceFault(0), reaction: 'stop3' }, /reaction is "stop3"/],
    ['an empty monitor', { ...forceFault(0), monitor: '' }, /monitor is ""/],
    ['an unknown field', { ...forceFault(0), severity: 'high' }, /severity/],
    ['a reset without operator', { timeNs: 1n, kind: 'reset', monitor: 'reset', reaction: 'none', source: 'cli' }, /operator is undefined: a reset event needs the operator/],
    ['a refused reset without source', { timeNs: 1n, kind: 'reset_refused', monitor: 'reset', reaction: 'none' }, /source is undefined/],
    ['a wall time that is not ISO 8601', { ...forceFault(0), wallTime: 'yesterday' }, /wallTime is "yesterday"/],
    ['a value that is not a number', { ...forceFault(0), values: { forceN: '150' } }, /values.forceN is "150": expected a number/],
    ['a record over 64 KiB', { ...forceFault(0), message: { en: 'x'.repeat(3000), zh: '长'.repeat(3000) }, values: Object.fromEntries(Array.from({ length: 6000 }, (_, i) => [`v${i}`, i])) }, /encodes to \d+ bytes; expected at most 65536/],
  ])('rejects %s with SAFETY_LOG_EVENT_INVALID and writes nothing', (_name, event, message) => {
    const log = openLog();
    expectCode(() => log.append(event as SafetyEvent), 'SAFETY_LOG_EVENT_INVALID', message);
    expect(log.verify()).toMatchObject({ ok: true, records: 1, events: 0 });
  });

  it.each<[string, object, RegExp]>([
    ['maxFileBytes too small', { maxFileBytes: 100 }, /maxFileBytes is 100; expected .* at least 4096/],
    ['maxFiles of 1', { maxFiles: 1 }, /maxFiles is 1; expected .* at least 2/],
    ['an unknown option', { rotateBytes: 5 }, /unknown safety log option "rotateBytes"/],
  ])('rejects %s with SAFETY_LOG_OPTIONS_INVALID', (_name, options, message) => {
    expectCode(() => SafetyLog.open(dir, options), 'SAFETY_LOG_OPTIONS_INVALID', message);
  });

  it('refuses a second writer on the same directory in one process, and allows it after close', () => {
    const log = openLog();
    expectCode(() => SafetyLog.open(join(dir, '.'), {}), 'SAFETY_LOG_ALREADY_OPEN');
    log.close();
    openLog().append(forceFault(0));
  });

  it('refuses appends and reads after close', () => {
    const log = openLog();
    log.close();
    expectCode(() => log.append(forceFault(0)), 'SAFETY_LOG_CLOSED');
    expectCode(() => log.read(), 'SAFETY_LOG_CLOSED');
  });
});

describe('SafetyLog torn tail (a crash mid-write)', () => {
  it('reports a record truncated mid-line with its byte offset, keeps the earlier records, and continues after it', () => {
    const log = openLog();
    const written = Array.from({ length: 8 }, (_, i) => log.append(forceFault(i)));
    log.close();
    const file = listLogFiles(dir)[0]!;
    const lines = linesOf(file);
    const victim = lines[6]!; // the record of seq 6
    expect(victim.text).toContain('"seq":6,');
    truncateSync(file, victim.offset + 40); // seq 6 cut short, seq 7 gone (as if never written)
    const tornLength = 40;

    const reopened = openLog();
    expect(reopened.openReport.ok).toBe(true);
    expect(reopened.openReport.problems).toEqual([
      expect.objectContaining({ code: 'SAFETY_LOG_TORN_TAIL', severity: 'warning', file, offsetBytes: victim.offset, lengthBytes: tornLength }),
    ]);
    expect(reopened.recoveredTornTail).toMatchObject({ type: 'torn-tail', seq: 6, tornOffsetBytes: victim.offset, tornLengthBytes: tornLength, prev: written[4]!.hash });
    expect(reopened.read()).toEqual(written.slice(0, 5));

    const after = [reopened.append(forceFault(20)), reopened.append(forceFault(21))];
    expect(after.map((r) => r.seq)).toEqual([7, 8]);
    const report = reopened.verify();
    expect(report.ok).toBe(true);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ code: 'SAFETY_LOG_TORN_TAIL', severity: 'warning', offsetBytes: victim.offset, lengthBytes: tornLength });
    expect(report.problems[0]?.message).toMatch(/marked by torn-tail record seq 6/);
    expect(reopened.read()).toEqual([...written.slice(0, 5), ...after]);
    // The torn bytes are still in the file, never dropped.
    expect(readFileSync(file).subarray(victim.offset, victim.offset + tornLength).toString()).toBe(victim.text.slice(0, tornLength));
  });

  it('treats zeros left by a power cut after the last record as a torn tail', () => {
    const log = openLog();
    log.append(forceFault(0));
    log.close();
    const file = listLogFiles(dir)[0]!;
    const size = readFileSync(file).length;
    appendFileSync(file, Buffer.alloc(300));
    const reopened = openLog();
    expect(reopened.openReport.problems).toEqual([expect.objectContaining({ code: 'SAFETY_LOG_TORN_TAIL', offsetBytes: size, lengthBytes: 300 })]);
    reopened.append(forceFault(1));
    expect(reopened.verify()).toMatchObject({ ok: true, events: 2 });
  });

  it('a torn tail found again after recovery (a second crash) is marked separately', () => {
    const log = openLog();
    log.append(forceFault(0));
    log.close();
    const file = listLogFiles(dir)[0]!;
    appendFileSync(file, '{"seq":2,"type":"ev');
    openLog().close();
    open.pop();
    appendFileSync(file, '{"seq":3,"ty');
    const third = openLog();
    third.append(forceFault(1));
    const report = third.verify();
    expect(report.ok).toBe(true);
    expect(report.problems.map((p) => p.code)).toEqual(['SAFETY_LOG_TORN_TAIL', 'SAFETY_LOG_TORN_TAIL']);
    expect(third.read()).toHaveLength(2);
  });
});

describe('SafetyLog rotation', () => {
  it('starts a new file at maxFileBytes whose first record names and chains to the previous file', () => {
    const log = openLog({ maxFileBytes: 4096 });
    const written = Array.from({ length: 40 }, (_, i) => log.append(forceFault(i)));
    const files = listLogFiles(dir);
    expect(files.length).toBeGreaterThanOrEqual(3);
    const scan = scanLogFiles(files);
    for (const [k, path] of files.entries()) {
      expect(readFileSync(path).length).toBeLessThanOrEqual(4096);
      const inFile = scan.records.filter((r) => r.file === path).map((r) => r.record);
      const head = inFile[0] as Extract<SafetyLogRecord, { type: 'file-start' }>;
      expect(head.type).toBe('file-start');
      if (k === 0) {
        expect(head).toMatchObject({ seq: 0, previousFile: null, prev: '0'.repeat(64) });
      } else {
        const before = scan.records.filter((r) => r.file === files[k - 1]).at(-1)!.record;
        expect(head.previousFile).toBe(files[k - 1]!.split('/').at(-1));
        expect(head.prev).toBe(before.hash);
        expect(head.seq).toBe(before.seq + 1);
      }
    }
    expect(scan.report).toMatchObject({ ok: true, files: files.length, events: 40, problems: [] });
    expect(log.read()).toEqual(written);
  });

  it('keeps maxFiles files, and the kept files still verify (starting after the removed ones)', () => {
    const log = openLog({ maxFileBytes: 4096, maxFiles: 3 });
    const written = Array.from({ length: 60 }, (_, i) => log.append(forceFault(i)));
    const files = listLogFiles(dir);
    expect(files).toHaveLength(3);
    expect(files[0]).not.toMatch(/000001/);
    const report = log.verify();
    expect(report).toMatchObject({ ok: true, files: 3, startsAtGenesis: false, problems: [] });
    const kept = log.read();
    expect(kept).toEqual(written.slice(written.length - kept.length));
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('detects the end of an older file cut off (the next file no longer chains to it)', () => {
    const log = openLog({ maxFileBytes: 4096 });
    for (let i = 0; i < 40; i++) log.append(forceFault(i));
    log.close();
    const [first, second] = listLogFiles(dir);
    const lines = linesOf(first!);
    truncateSync(first!, lines.at(-1)!.offset); // drop the first file's last record cleanly
    const report = scanLogFiles(listLogFiles(dir)).report;
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ code: 'SAFETY_LOG_CHAIN_BREAK', file: second, offsetBytes: 0 })]);
  });

  it('detects a middle file emptied or deleted', () => {
    const log = openLog({ maxFileBytes: 4096 });
    for (let i = 0; i < 60; i++) log.append(forceFault(i));
    log.close();
    const files = listLogFiles(dir);
    expect(files.length).toBeGreaterThanOrEqual(4);
    writeFileSync(files[1]!, ''); // emptied
    const emptied = scanLogFiles(listLogFiles(dir)).report;
    expect(emptied.problems.map((p) => p.code)).toEqual(['SAFETY_LOG_FILE_HEADER', 'SAFETY_LOG_CHAIN_BREAK']);
    unlinkSync(files[1]!);
    const report = scanLogFiles(listLogFiles(dir)).report;
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ code: 'SAFETY_LOG_FILE_MISSING', file: files[2], message: expect.stringContaining('safety-log-000002.jsonl is missing') })]);
  });

  it('after a crash between writing and renaming a new file, reopening discards the .tmp and continues in the old file', () => {
    const log = openLog({ maxFileBytes: 4096 });
    for (let i = 0; i < 5; i++) log.append(forceFault(i));
    log.close();
    writeFileSync(join(dir, 'safety-log-000002.jsonl.tmp'), '{"seq":6,"type":"file-start"');
    const reopened = openLog({ maxFileBytes: 4096 });
    expect(readdirSync(dir).sort()).toEqual(['safety-log-000001.jsonl']);
    reopened.append(forceFault(5));
    expect(reopened.verify()).toMatchObject({ ok: true, events: 6, problems: [] });
  });
});
