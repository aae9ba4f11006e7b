import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { decodeLine, isTornShaped, sha256Hex, splitLines, type DecodedLine, type LineSpan } from './recordCodec.js';
import { logFileIndex, logFileName } from './logFiles.js';
import { GENESIS_HASH, type SafetyLogRecord, type Sha256Hex } from './SafetyLogRecord.js';
import { safetyLogError, type SafetyLogCode } from './safetyLogError.js';

/** One thing verification found, located by file and byte offset. */
export interface SafetyLogProblem {
  readonly code: SafetyLogCode;
  /** Errors fail verification; warnings (a torn tail left by a crash) are reported but pass. */
  readonly severity: 'error' | 'warning';
  /** The file's path as given. */
  readonly file: string;
  readonly offsetBytes: number;
  readonly lengthBytes?: number;
  /** The record concerned, where its sequence number could be read. */
  readonly seq?: number;
  readonly message: string;
}

/** The outcome of verifying a log's files. */
export interface SafetyLogVerifyReport {
  /** True when no problem is an error (warnings allowed). */
  readonly ok: boolean;
  readonly files: number;
  /** Records whose bytes match their hash, of every type. */
  readonly records: number;
  readonly events: number;
  readonly firstSeq: number | null;
  readonly lastSeq: number | null;
  readonly lastHash: Sha256Hex | null;
  /** False when the oldest kept file is not the log's first (older files were removed by retention). */
  readonly startsAtGenesis: boolean;
  readonly problems: readonly SafetyLogProblem[];
}

/** A record and where it lies. */
export interface LocatedRecord {
  readonly record: SafetyLogRecord;
  readonly file: string;
  readonly offsetBytes: number;
}

/** What the writer needs to know about one file to continue the log after it. */
export interface ScannedFile {
  readonly path: string;
  readonly name: string;
  readonly index: number;
  readonly sizeBytes: number;
  readonly endsWithNewline: boolean;
  /** The file begins with a valid file-start record naming it. */
  readonly hasHeader: boolean;
  /** Last record in the file whose bytes match its hash, and the offset just past its newline. */
  readonly lastValid: { readonly seq: number; readonly hash: Sha256Hex; readonly endOffset: number } | null;
  /** Bytes after the last valid record that are not a record (a torn tail when this is the newest file). */
  readonly tail: { readonly offsetBytes: number; readonly lengthBytes: number; readonly sha256: Sha256Hex } | null;
}

/** Everything a scan learns: the report, the readable records and, per file, where it ends. */
export interface LogScan {
  readonly report: SafetyLogVerifyReport;
  readonly records: readonly LocatedRecord[];
  readonly files: readonly ScannedFile[];
}

/** A log file's contents, named by the path it was read from. */
export interface LogFileBytes {
  readonly path: string;
  readonly bytes: Buffer;
}

interface Entry {
  readonly span: LineSpan;
  readonly decoded: DecodedLine;
}

interface Chain {
  hash: Sha256Hex;
  seq: number;
  /** After a record that fails its checksum: the hash its bytes have (its `hash` field may be what was altered). */
  altHash?: Sha256Hex;
}

const short = (h: string): string => `${h.slice(0, 12)}…`;

/**
 * Verify a log held in memory, oldest file first or in any order (files are ordered by the index in
 * their names). Pure: reads nothing, changes nothing.
 *
 * Checks: every line's bytes against its SHA-256; every record's `seq` and `prev` against the
 * record before it, across files; each file's file-start record (own name, predecessor's name,
 * chained to the predecessor's last record); no file missing between kept files. Bytes that are not
 * a record are a torn tail (a warning) when they end the newest file, or when the torn-tail record
 * written on recovery right after them describes them exactly; anywhere else they are an error.
 */
export function scanLogBuffers(input: readonly LogFileBytes[]): LogScan {
  const problems: SafetyLogProblem[] = [];
  const records: LocatedRecord[] = [];
  const scanned: ScannedFile[] = [];
  const named: { path: string; name: string; index: number; bytes: Buffer }[] = [];
  for (const f of input) {
    const name = basename(f.path);
    const index = logFileIndex(name);
    if (index === undefined) {
      problems.push({
        code: 'SAFETY_LOG_FILE_NAME',
        severity: 'error',
        file: f.path,
        offsetBytes: 0,
        message: `file name ${JSON.stringify(name)} is not a safety log file name; expected safety-log-<6 digits>.jsonl`,
      });
    } else named.push({ path: f.path, name, index, bytes: f.bytes });
  }
  named.sort((a, b) => a.index - b.index);
  if (named.length === 0 && problems.length === 0) {
    problems.push({ code: 'SAFETY_LOG_NO_FILES', severity: 'error', file: '', offsetBytes: 0, message: 'no safety log files to verify' });
  }

  let chain: Chain | null = null;
  let startsAtGenesis = false;
  let firstSeq: number | null = null;
  let events = 0;

  const accept = (file: string, offset: number, rec: SafetyLogRecord, checkChain: boolean): void => {
    if (checkChain && chain !== null && ((rec.prev !== chain.hash && rec.prev !== chain.altHash) || rec.seq !== chain.seq + 1)) {
      problems.push({
        code: 'SAFETY_LOG_CHAIN_BREAK',
        severity: 'error',
        file,
        offsetBytes: offset,
        seq: rec.seq,
        message:
          `record seq ${rec.seq} does not follow the record before it (seq ${chain.seq}): expected seq ${chain.seq + 1} with prev ${short(chain.hash)}, ` +
          `found seq ${rec.seq} with prev ${short(rec.prev)}; records between them are missing, reordered or inserted`,
      });
    }
    chain = { hash: rec.hash, seq: rec.seq };
    firstSeq ??= rec.seq;
    if (rec.type === 'event') events++;
    records.push({ record: rec, file, offsetBytes: offset });
  };

  named.forEach((f, fileNo) => {
    const isNewest = fileNo === named.length - 1;
    const previous = fileNo > 0 ? named[fileNo - 1] : undefined;
    const entries: Entry[] = splitLines(f.bytes).map((span) => ({ span, decoded: decodeLine(f.bytes.subarray(span.start, span.end)) }));
    let hasHeader = false;
    let seenValid = false;
    let lastValid: ScannedFile['lastValid'] = null;
    let run: Entry[] = [];

    // A file boundary: a gap in the indices means files are missing and the chain cannot be checked.
    if (previous !== undefined && previous.index !== f.index - 1) {
      const missing = [];
      for (let i = previous.index + 1; i < f.index; i++) missing.push(logFileName(i));
      problems.push({
        code: 'SAFETY_LOG_FILE_MISSING',
        severity: 'error',
        file: f.path,
        offsetBytes: 0,
        message: `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing between ${previous.name} and ${f.name}`,
      });
      chain = null;
    }

    const reportUnmatchedRun = (entries: readonly Entry[]): void => {
      let corrupt: { from: number; to: number; seq: number | undefined } | null = null;
      const flushCorrupt = (): void => {
        if (corrupt === null) return;
        const { from, to, seq } = corrupt;
        problems.push({
          code: 'SAFETY_LOG_RECORD_CORRUPT',
          severity: 'error',
          file: f.path,
          offsetBytes: from,
          lengthBytes: to - from,
          ...(seq === undefined ? {} : { seq }),
          message: `${to - from} bytes at offset ${from}${seq === undefined ? '' : `, starting as record seq ${seq},`} are not a record (damaged, or a record cut out in part)`,
        });
        corrupt = null;
      };
      for (const e of entries) {
        const d = e.decoded;
        if (d.status === 'unreadable') {
          const to = e.span.terminated ? e.span.end + 1 : e.span.end;
          if (corrupt === null) corrupt = { from: e.span.start, to, seq: d.seq };
          else corrupt.to = to;
          chain = null;
          continue;
        }
        flushCorrupt();
        if (d.status === 'ok') continue; // not reached: runs hold only bad lines
        const who = d.seq === undefined ? 'record' : `record seq ${d.seq}`;
        problems.push({
          code: d.status === 'checksum' ? 'SAFETY_LOG_CHECKSUM' : 'SAFETY_LOG_RECORD_INVALID',
          severity: 'error',
          file: f.path,
          offsetBytes: e.span.start,
          lengthBytes: e.span.end - e.span.start,
          ...(d.seq === undefined ? {} : { seq: d.seq }),
          message:
            d.status === 'checksum'
              ? `${who}: its bytes hash to ${short(d.actualHash)} but it says ${short(d.storedHash)}; it was altered after it was written`
              : `${who}: checksum correct but not understood: ${d.reason}`,
        });
        // Keep following the chain through the damaged record by what it claims, so one damaged
        // record is one problem, not two.
        chain = d.seq === undefined ? null : d.status === 'checksum' ? { hash: d.storedHash, seq: d.seq, altHash: d.actualHash } : { hash: d.storedHash, seq: d.seq };
      }
      flushCorrupt();
    };

    /**
     * Resolve the run of bad lines before `next` (the valid record that follows, or null at the end
     * of the file): a torn tail (warning) or damage (errors). Says whether a torn-tail record `next`
     * describes the run exactly.
     */
    const resolveRun = (next: { rec: SafetyLogRecord; offset: number } | null): 'none' | 'matched' | 'unmatched' => {
      if (run.length === 0) return 'none';
      const from = run[0]!.span.start;
      const to = next === null ? f.bytes.length : next.offset;
      const bad = run;
      run = [];
      // A crash leaves an incomplete line; a complete line (hash member and all) that fails its
      // checksum was changed, wherever it is.
      const tornShaped = (bytes: Buffer): boolean => bad.every((e) => e.decoded.status === 'unreadable') && isTornShaped(bytes);
      if (next !== null && next.rec.type === 'torn-tail') {
        const t = next.rec;
        const L = t.tornLengthBytes;
        const fits = t.tornOffsetBytes === from && (to === from + L || (to === from + L + 1 && f.bytes[from + L] === 0x0a));
        if (fits && t.file === f.name && sha256Hex(f.bytes.subarray(from, from + L)) === t.tornSha256) {
          // The record describes the bytes; whether they can be a torn write is judged on their own.
          if (!tornShaped(f.bytes.subarray(from, from + L))) {
            reportUnmatchedRun(bad);
            return 'matched';
          }
          problems.push({
            code: 'SAFETY_LOG_TORN_TAIL',
            severity: 'warning',
            file: f.path,
            offsetBytes: from,
            lengthBytes: L,
            message: `a partly written record (${L} bytes) was found here after a crash or power loss; kept, and marked by torn-tail record seq ${t.seq}`,
          });
          return 'matched';
        }
        reportUnmatchedRun(bad);
        return 'unmatched';
      }
      if (next === null && isNewest && tornShaped(f.bytes.subarray(from, to))) {
        problems.push({
          code: 'SAFETY_LOG_TORN_TAIL',
          severity: 'warning',
          file: f.path,
          offsetBytes: from,
          lengthBytes: to - from,
          message: `the log ends in ${to - from} bytes that are not a complete record (a write cut short by a crash or power loss); kept, and marked when the log is next opened for writing`,
        });
        return 'matched';
      }
      reportUnmatchedRun(bad);
      return 'unmatched';
    };

    for (const e of entries) {
      const d = e.decoded;
      if (d.status !== 'ok') {
        run.push(e);
        continue;
      }
      const rec = d.record;
      const offset = e.span.start;
      const before = resolveRun({ rec, offset });
      if (rec.type === 'torn-tail' && before !== 'matched') {
        problems.push({
          code: 'SAFETY_LOG_TORN_MARKER_INVALID',
          severity: 'error',
          file: f.path,
          offsetBytes: offset,
          seq: rec.seq,
          message:
            before === 'none'
              ? `torn-tail record seq ${rec.seq} follows a complete record; there are no torn bytes before it`
              : `torn-tail record seq ${rec.seq} names ${rec.tornLengthBytes} bytes at offset ${rec.tornOffsetBytes} of ${rec.file}, which are not the bytes before it`,
        });
      }
      let checkChain = true;
      if (!seenValid) {
        seenValid = true;
        if (rec.type !== 'file-start' || rec.file !== f.name || offset !== 0) {
          problems.push({
            code: 'SAFETY_LOG_FILE_HEADER',
            severity: 'error',
            file: f.path,
            offsetBytes: offset,
            seq: rec.seq,
            message:
              rec.type === 'file-start'
                ? `file-start record names ${JSON.stringify(rec.file)}${offset === 0 ? '' : ` and is at offset ${offset}`}; expected ${JSON.stringify(f.name)} at offset 0 (the file was renamed or its start damaged)`
                : `first record is a ${rec.type} record; expected a file-start record naming ${JSON.stringify(f.name)}`,
          });
        } else {
          hasHeader = true;
          const expectedPrevious = f.index > 1 ? logFileName(f.index - 1) : null;
          if (previous === undefined) {
            // The oldest kept file: either the log's first, or its predecessors were rotated out.
            startsAtGenesis = rec.previousFile === null;
            if (rec.previousFile === null) chain = { hash: GENESIS_HASH, seq: -1 };
            else checkChain = false;
          }
          if (rec.previousFile !== expectedPrevious) {
            problems.push({
              code: 'SAFETY_LOG_FILE_HEADER',
              severity: 'error',
              file: f.path,
              offsetBytes: offset,
              seq: rec.seq,
              message: `file-start record names previous file ${JSON.stringify(rec.previousFile)}; expected ${JSON.stringify(expectedPrevious)}`,
            });
          }
        }
      } else if (rec.type === 'file-start') {
        problems.push({
          code: 'SAFETY_LOG_FILE_HEADER',
          severity: 'error',
          file: f.path,
          offsetBytes: offset,
          seq: rec.seq,
          message: `file-start record seq ${rec.seq} in the middle of the file; records from another file were inserted`,
        });
      }
      accept(f.path, offset, rec, checkChain);
      lastValid = { seq: rec.seq, hash: rec.hash, endOffset: e.span.terminated ? e.span.end + 1 : e.span.end };
    }
    const tailFrom = run[0]?.span.start;
    resolveRun(null);
    if (!seenValid) {
      problems.push({
        code: 'SAFETY_LOG_FILE_HEADER',
        severity: 'error',
        file: f.path,
        offsetBytes: 0,
        message: f.bytes.length === 0 ? 'file is empty; expected a file-start record' : 'file holds no readable record; expected a file-start record',
      });
    }
    scanned.push({
      path: f.path,
      name: f.name,
      index: f.index,
      sizeBytes: f.bytes.length,
      endsWithNewline: f.bytes.length > 0 && f.bytes[f.bytes.length - 1] === 0x0a,
      hasHeader,
      lastValid,
      tail: tailFrom === undefined ? null : { offsetBytes: tailFrom, lengthBytes: f.bytes.length - tailFrom, sha256: sha256Hex(f.bytes.subarray(tailFrom)) },
    });
  });

  const last = records.at(-1)?.record;
  const report: SafetyLogVerifyReport = {
    ok: problems.every((p) => p.severity !== 'error'),
    files: named.length,
    records: records.length,
    events,
    firstSeq,
    lastSeq: last?.seq ?? null,
    lastHash: last?.hash ?? null,
    startsAtGenesis,
    problems,
  };
  return { report, records, files: scanned };
}

/** Read log files and scan them (see scanLogBuffers). */
export function scanLogFiles(paths: readonly string[]): LogScan {
  const input = paths.map((path) => {
    try {
      return { path, bytes: readFileSync(path) };
    } catch (e) {
      throw safetyLogError('SAFETY_LOG_IO', `cannot read safety log file ${path}: ${(e as Error).message}`, { file: path }, e);
    }
  });
  return scanLogBuffers(input);
}

/**
 * Verify safety log files: hashes, the chain across records and files, file headers, torn tails.
 * Read-only; safe to run while a writer appends (a record being written may show as a torn tail).
 */
export function verifyLogFiles(paths: readonly string[]): SafetyLogVerifyReport {
  return scanLogFiles(paths).report;
}
