import { appendFileSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forceFault, tempLogDir } from './fixtures/testLog.js';
import { listLogFiles } from './logFiles.js';
import { SafetyLog } from './SafetyLog.js';
import { scanLogBuffers, verifyLogFiles, type LogFileBytes } from './verifyLog.js';

/** One file written by the real writer: 10 events (seq 1..10 after the file-start record at seq 0). */
let dir: string;
let remove: () => void;
let path: string;
let pristine: Buffer;
/** Byte ranges of each line (without newline), by seq. */
let lines: { start: number; end: number }[];

beforeAll(() => {
  ({ dir, remove } = tempLogDir());
  const log = SafetyLog.open(dir);
  for (let i = 0; i < 10; i++) log.append(forceFault(i));
  log.close();
  path = listLogFiles(dir)[0]!;
  pristine = readFileSync(path);
  lines = [];
  let start = 0;
  for (let i = 0; i < pristine.length; i++) {
    if (pristine[i] === 0x0a) {
      lines.push({ start, end: i });
      start = i + 1;
    }
  }
});
afterAll(() => remove());

const one = (bytes: Buffer): LogFileBytes[] => [{ path, bytes }];
const line = (seq: number): Buffer => pristine.subarray(lines[seq]!.start, lines[seq]!.end + 1);
const withLines = (order: readonly number[]): Buffer => Buffer.concat(order.map(line));

describe('verify: the untouched log', () => {
  it('passes with every record counted', () => {
    expect(scanLogBuffers(one(pristine)).report).toEqual({
      ok: true,
      files: 1,
      records: 11,
      events: 10,
      firstSeq: 0,
      lastSeq: 10,
      lastHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      startsAtGenesis: true,
      problems: [],
    });
  });
});

describe('verify: tampering with one byte of a middle record names that record', () => {
  const seq = 5;
  it.each<[string, (text: string) => number, string]>([
    ['a digit of a measured value', (t) => t.indexOf('"forceN":') + 9, 'SAFETY_LOG_CHECKSUM'],
    ['a letter of the monitor name', (t) => t.indexOf('interaction_force') + 3, 'SAFETY_LOG_CHECKSUM'],
    ['the reaction', (t) => t.indexOf('"stop1"') + 5, 'SAFETY_LOG_CHECKSUM'],
    ['its prev hash', (t) => t.indexOf('"prev":"') + 10, 'SAFETY_LOG_CHECKSUM'],
    ['its own hash', (t) => t.indexOf('"hash":"') + 20, 'SAFETY_LOG_CHECKSUM'],
    ['the Mandarin message', (t) => t.indexOf('前臂'), 'SAFETY_LOG_CHECKSUM'],
    ['its opening brace', () => 0, 'SAFETY_LOG_RECORD_CORRUPT'],
    ['the quote before its hash', (t) => t.indexOf('"hash":"'), 'SAFETY_LOG_RECORD_CORRUPT'],
  ])('%s', (_what, at, code) => {
    const bytes = Buffer.from(pristine);
    const { start, end } = lines[seq]!;
    const text = pristine.toString('utf8', start, end);
    const offset = start + Buffer.byteLength(text.slice(0, at(text)));
    bytes[offset] = bytes[offset] === 0x31 ? 0x32 : bytes[offset] === 0x61 ? 0x62 : 0x31; // a different printable byte
    const report = scanLogBuffers(one(bytes)).report;
    expect(report.ok).toBe(false);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ code, severity: 'error', file: path, offsetBytes: start });
    if (code === 'SAFETY_LOG_CHECKSUM') {
      expect(report.problems[0]?.seq).toBe(seq);
      expect(report.problems[0]?.message).toMatch(/^record seq 5: .*altered after it was written/);
    }
    // The records around it are still read.
    expect(scanLogBuffers(one(bytes)).records.map((r) => r.record.seq)).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9, 10]);
  });

  it('any single changed byte anywhere before the last record fails verification (property)', () => {
    const lastStart = lines[10]!.start;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: lastStart - 1 }), fc.integer({ min: 1, max: 255 }), (offset, delta) => {
        const bytes = Buffer.from(pristine);
        bytes[offset] = (bytes[offset]! + delta) & 0xff;
        const report = scanLogBuffers(one(bytes)).report;
        return !report.ok && report.problems.some((p) => p.severity === 'error');
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});

describe('verify: deleted, reordered and inserted records break the chain', () => {
  it('a deleted record: the next record is named, with both sequence numbers', () => {
    const report = scanLogBuffers(one(withLines([0, 1, 2, 3, 4, 6, 7, 8, 9, 10]))).report;
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ code: 'SAFETY_LOG_CHAIN_BREAK', seq: 6, offsetBytes: lines[5]!.start, message: expect.stringMatching(/^record seq 6 does not follow the record before it \(seq 4\): expected seq 5/) }),
    ]);
  });

  it('two records swapped', () => {
    const report = scanLogBuffers(one(withLines([0, 1, 2, 3, 5, 4, 6, 7, 8, 9, 10]))).report;
    expect(report.problems.map((p) => [p.code, p.seq])).toEqual([
      ['SAFETY_LOG_CHAIN_BREAK', 5],
      ['SAFETY_LOG_CHAIN_BREAK', 4],
      ['SAFETY_LOG_CHAIN_BREAK', 6],
    ]);
  });

  it('a record repeated (replayed): the copy is named', () => {
    const report = scanLogBuffers(one(withLines([0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10]))).report;
    expect(report.problems).toEqual([expect.objectContaining({ code: 'SAFETY_LOG_CHAIN_BREAK', seq: 3, offsetBytes: lines[4]!.start })]);
  });

  it('the newline between the last two records damaged: damage, not a torn tail', () => {
    const bytes = Buffer.from(pristine);
    bytes[lines[9]!.end] = 0x20;
    const report = scanLogBuffers(one(bytes)).report;
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ code: 'SAFETY_LOG_CHECKSUM', severity: 'error', seq: 9, offsetBytes: lines[9]!.start })]);
  });

  it('two records at the end merged into one unreadable line: damage, not a torn tail', () => {
    const bytes = Buffer.concat([pristine.subarray(0, lines[9]!.end), Buffer.from(' '), pristine.subarray(lines[10]!.start, lines[10]!.end - 3)]);
    const report = scanLogBuffers(one(bytes)).report;
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ code: 'SAFETY_LOG_RECORD_CORRUPT', severity: 'error', seq: 9, offsetBytes: lines[9]!.start })]);
  });

  it('a chunk cut out of the middle across record boundaries', () => {
    const bytes = Buffer.concat([pristine.subarray(0, lines[3]!.start + 30), pristine.subarray(lines[6]!.start + 50)]);
    const report = scanLogBuffers(one(bytes)).report;
    expect(report.ok).toBe(false);
    // The spliced line starts as seq 3 and ends with seq 6's hash: seq 3 fails its checksum, and seq 7 does not follow it.
    expect(report.problems).toEqual([
      expect.objectContaining({ code: 'SAFETY_LOG_CHECKSUM', seq: 3, offsetBytes: lines[3]!.start }),
      expect.objectContaining({ code: 'SAFETY_LOG_CHAIN_BREAK', seq: 7, message: expect.stringContaining('(seq 3): expected seq 4') }),
    ]);
  });

  it('the start of the file removed', () => {
    const report = scanLogBuffers(one(withLines([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))).report;
    expect(report.problems[0]).toMatchObject({ code: 'SAFETY_LOG_FILE_HEADER', offsetBytes: 0, message: expect.stringMatching(/first record is a event record/) });
  });
});

describe('verify: torn tails', () => {
  it('a cut-off last record is a warning with its offset; everything before it passes', () => {
    const cut = lines[10]!.start + 17;
    const report = scanLogBuffers(one(pristine.subarray(0, cut))).report;
    expect(report).toMatchObject({ ok: true, records: 10, lastSeq: 9 });
    expect(report.problems).toEqual([expect.objectContaining({ code: 'SAFETY_LOG_TORN_TAIL', severity: 'warning', offsetBytes: lines[10]!.start, lengthBytes: 17 })]);
  });

  it('a complete last record that fails its checksum is tampering, not a torn tail', () => {
    const bytes = Buffer.from(pristine);
    const { start, end } = lines[10]!;
    const text = pristine.toString('utf8', start, end);
    bytes[start + text.indexOf('"forceN":') + 9] = 0x38;
    const report = scanLogBuffers(one(bytes)).report;
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ code: 'SAFETY_LOG_CHECKSUM', seq: 10, offsetBytes: start })]);
  });

  it('a torn-tail record that does not describe the bytes before it is an error', () => {
    const { dir: d, remove: rm } = tempLogDir();
    try {
      const log = SafetyLog.open(d);
      log.append(forceFault(0));
      log.close();
      const f = listLogFiles(d)[0]!;
      const good = readFileSync(f);
      appendFileSync(f, '{"seq":2,"type":"event","wall'); // a crash mid-write
      const recovered = SafetyLog.open(d);
      recovered.close();
      expect(recovered.recoveredTornTail?.tornOffsetBytes).toBe(good.length);
      const bytes = readFileSync(f);
      bytes[good.length + 3] = 0x39;
      const report = scanLogBuffers([{ path: f, bytes }]).report;
      expect(report.ok).toBe(false);
      expect(report.problems.map((p) => p.code)).toEqual(['SAFETY_LOG_RECORD_CORRUPT', 'SAFETY_LOG_TORN_MARKER_INVALID']);
    } finally {
      rm();
    }
  });
});

describe('verifyLogFiles', () => {
  it('reports a renamed file and an empty file list', () => {
    expect(verifyLogFiles([]).problems).toEqual([expect.objectContaining({ code: 'SAFETY_LOG_NO_FILES', severity: 'error' })]);
    const { dir: d, remove: rm } = tempLogDir();
    try {
      SafetyLog.open(d).close();
      const renamed = join(d, 'backup.jsonl');
      renameSync(listLogFiles(d)[0]!, renamed);
      expect(verifyLogFiles([renamed]).problems[0]).toMatchObject({ code: 'SAFETY_LOG_FILE_NAME', file: renamed });
    } finally {
      rm();
    }
  });

  it('files swapped by renaming are caught by their file-start records', () => {
    const { dir: d, remove: rm } = tempLogDir();
    try {
      const log = SafetyLog.open(d, { maxFileBytes: 4096 });
      for (let i = 0; i < 40; i++) log.append(forceFault(i));
      log.close();
      const [a, b] = listLogFiles(d);
      renameSync(a!, `${a}.x`);
      renameSync(b!, a!);
      renameSync(`${a}.x`, b!);
      const report = verifyLogFiles(listLogFiles(d));
      expect(report.ok).toBe(false);
      expect(report.problems.filter((p) => p.code === 'SAFETY_LOG_FILE_HEADER').map((p) => p.file)).toEqual([a, b]);
    } finally {
      rm();
    }
  });
});
