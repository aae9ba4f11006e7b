import { closeSync, fdatasyncSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodeRecord, MAX_RECORD_BYTES } from './recordCodec.js';
import { listLogFiles, logFileName } from './logFiles.js';
import type { SafetyEvent } from './SafetyEvent.js';
import {
  GENESIS_HASH,
  SAFETY_LOG_FORMAT,
  type SafetyEventRecord,
  type SafetyLogRecord,
  type Sha256Hex,
  type TornTailRecord,
  type UnhashedRecord,
} from './SafetyLogRecord.js';
import { isKindredError } from '../../runtime/errors/index.js';
import { safetyLogError } from './safetyLogError.js';
import { filterEvents, type SafetyLogFilter } from './filterEvents.js';
import { validateEvent } from './validateEvent.js';
import { scanLogFiles, type LogScan, type SafetyLogVerifyReport } from './verifyLog.js';
import { assessPreviousSession, type PreviousSession } from './sessionMarkers.js';

/** How a SafetyLog rotates and keeps its files. */
export interface SafetyLogOptions {
  /** Start a new file before a record would take the current one past this size (default 8 MiB). */
  readonly maxFileBytes?: number;
  /** Files kept; the oldest beyond this are deleted on rotation (default 32, i.e. 256 MiB at 8 MiB). */
  readonly maxFiles?: number;
  /** Wall clock for records that bring no `wallTime` (default: the system clock). */
  readonly now?: () => Date;
}

const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;
const DEFAULT_MAX_FILES = 32;
const TMP_FILE = /^safety-log-\d{6,}\.jsonl\.tmp$/;

/** Directories this process has open for writing: one writer per log, or the chain forks. */
const openDirs = new Set<string>();

function checkOptions(options: SafetyLogOptions): Required<SafetyLogOptions> {
  const known = new Set(['maxFileBytes', 'maxFiles', 'now']);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      throw safetyLogError('SAFETY_LOG_OPTIONS_INVALID', `unknown safety log option ${JSON.stringify(key)}; expected one of ${[...known].join(', ')}`, {
        field: key,
      });
    }
  }
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (!Number.isSafeInteger(maxFileBytes) || maxFileBytes < 4096) {
    throw safetyLogError('SAFETY_LOG_OPTIONS_INVALID', `maxFileBytes is ${String(maxFileBytes)}; expected a whole number of bytes, at least 4096`, {
      field: 'maxFileBytes',
      value: maxFileBytes,
      expected: 'integer >= 4096',
    });
  }
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  if (!Number.isSafeInteger(maxFiles) || maxFiles < 2) {
    throw safetyLogError('SAFETY_LOG_OPTIONS_INVALID', `maxFiles is ${String(maxFiles)}; expected a whole number, at least 2`, {
      field: 'maxFiles',
      value: maxFiles,
      expected: 'integer >= 2',
    });
  }
  const now = options.now ?? ((): Date => new Date());
  if (typeof now !== 'function') {
    throw safetyLogError('SAFETY_LOG_OPTIONS_INVALID', 'now is not a function; expected () => Date', { field: 'now', expected: '() => Date' });
  }
  return { maxFileBytes, maxFiles, now };
}

function writeFully(fd: number, bytes: Buffer): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/** Make a directory entry (a created or renamed file) durable. Not supported everywhere (Windows). */
function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM') throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The durable safety event log: append-only JSON Lines files in one directory, each record hashed
 * (SHA-256) and chained to the one before it, across files. `append` returns only once the record
 * is written and `fdatasync`ed, so an event it acknowledged survives a crash or power cut; the
 * reset path awaits it before clearing a fault. A record cut short by a crash is found when the
 * log is reopened, left in place and marked by a torn-tail record, never dropped.
 *
 * Synchronous by design (runs on the main thread; the real-time worker posts events to it). One
 * writer per directory: opening the same directory twice in a process is refused. The record
 * format is described in recordCodec.ts, the files in logFiles.ts.
 */
export class SafetyLog {
  /** What verification found when the log was opened (before any repair record was written). */
  readonly openReport: SafetyLogVerifyReport;
  /** The torn-tail record written on open, if the log ended in a partly written record. */
  recoveredTornTail: TornTailRecord | null = null;
  /**
   * How the previous session ended, judged from the records found on open (before any record this
   * open wrote): Kindred starts in a protective stop unless it ended in order (sessionMarkers.ts).
   */
  readonly previousSession: PreviousSession;

  private readonly options: Required<SafetyLogOptions>;
  private fd: number | null = null;
  private fileIndex = 0;
  private fileName = '';
  private sizeBytes = 0;
  private recordsInFile = 0;
  private seq = -1;
  private hash: Sha256Hex = GENESIS_HASH;
  private closed = false;
  /** An I/O failure left the current file in an unknown state: rescan before the next write. */
  private needsResume = false;

  private constructor(
    readonly dir: string,
    options: Required<SafetyLogOptions>,
  ) {
    this.options = options;
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) if (TMP_FILE.test(name)) unlinkSync(join(dir, name)); // a rotation cut short: never part of the log
    const scan = this.resume();
    this.openReport = scan.report;
    const newest = scan.files.at(-1);
    this.previousSession = assessPreviousSession(
      scan.records.map((r) => r.record),
      newest !== undefined && newest.tail !== null,
    );
  }

  /**
   * Open (creating if needed) the log in `dir` for appending. Verifies every kept file; problems
   * are in `openReport` (the log still opens: a damaged old record must not stop new events being
   * recorded). Throws SAFETY_LOG_OPTIONS_INVALID, SAFETY_LOG_ALREADY_OPEN or SAFETY_LOG_IO.
   */
  static open(dir: string, options: SafetyLogOptions = {}): SafetyLog {
    const checked = checkOptions(options);
    const abs = resolve(dir);
    if (openDirs.has(abs)) {
      throw safetyLogError('SAFETY_LOG_ALREADY_OPEN', `the safety log in ${abs} is already open for writing in this process; close it first or share the instance`, {
        file: abs,
      });
    }
    let log: SafetyLog;
    try {
      log = new SafetyLog(abs, checked);
    } catch (e) {
      if (isKindredError(e)) throw e;
      throw safetyLogError('SAFETY_LOG_IO', `cannot open the safety log in ${abs}: ${(e as Error).message}`, { file: abs }, e);
    }
    openDirs.add(abs);
    return log;
  }

  /** Sequence number of the last record written (every type; -1 before the first). */
  get lastSeq(): number {
    return this.seq;
  }

  /** Path of the file being appended to. */
  get currentFile(): string {
    return join(this.dir, this.fileName);
  }

  /**
   * Write one event and make it durable (write + fdatasync) before returning its record. Rotates to
   * a new file first when this record would take the current one past `maxFileBytes`. Throws
   * SAFETY_LOG_EVENT_INVALID (nothing written), SAFETY_LOG_CLOSED, or SAFETY_LOG_IO (the event may
   * or may not be on disk; the next append rescans and marks any partial bytes).
   */
  append(event: SafetyEvent): SafetyEventRecord {
    this.assertOpen();
    validateEvent(event);
    const wallTime = event.wallTime ?? this.options.now().toISOString();
    const unhashed = (seq: number, prev: Sha256Hex): UnhashedRecord => ({
      seq,
      type: 'event',
      wallTime,
      timeNs: event.timeNs,
      kind: event.kind,
      monitor: event.monitor,
      ...(event.subject === undefined ? {} : { subject: event.subject }),
      reaction: event.reaction,
      values: { ...event.values },
      limit: { ...event.limit },
      ...(event.operator === undefined ? {} : { operator: event.operator }),
      ...(event.source === undefined ? {} : { source: event.source }),
      ...(event.message === undefined ? {} : { message: { en: event.message.en, zh: event.message.zh } }),
      prev,
    });
    let encoded = encodeRecord(unhashed(this.seq + 1, this.hash));
    const size = encoded.line.length;
    if (size > MAX_RECORD_BYTES) {
      throw safetyLogError('SAFETY_LOG_EVENT_INVALID', `safety event from ${event.monitor} encodes to ${size} bytes; expected at most ${MAX_RECORD_BYTES} (shorten the message or values)`, {
        field: 'message',
        value: size,
        expected: `<= ${MAX_RECORD_BYTES} bytes`,
      });
    }
    return this.io('append', () => {
      const seqBefore = this.seq;
      if (this.needsResume) this.resume();
      if (this.recordsInFile > 1 && this.sizeBytes + size > this.options.maxFileBytes) this.rotate();
      if (this.seq !== seqBefore) encoded = encodeRecord(unhashed(this.seq + 1, this.hash)); // a file-start or torn-tail record came first
      return this.write(encoded) as SafetyEventRecord;
    });
  }

  /** Verify every kept file as it is on disk now. */
  verify(): SafetyLogVerifyReport {
    this.assertOpen();
    return scanLogFiles(listLogFiles(this.dir)).report;
  }

  /** The readable event records of every kept file, oldest first, filtered by wall time and monitor. */
  read(filter: SafetyLogFilter = {}): SafetyEventRecord[] {
    this.assertOpen();
    return filterEvents(scanLogFiles(listLogFiles(this.dir)).records, filter);
  }

  /** Close the file; later calls throw SAFETY_LOG_CLOSED. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    openDirs.delete(this.dir);
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private assertOpen(): void {
    if (this.closed) throw safetyLogError('SAFETY_LOG_CLOSED', `the safety log in ${this.dir} is closed`, { file: this.dir });
  }

  private io<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      this.needsResume = true;
      throw safetyLogError('SAFETY_LOG_IO', `safety log ${what} failed in ${this.currentFile}: ${(e as Error).message}`, { file: this.currentFile }, e);
    }
  }

  /** Append one encoded record to the current file and sync it. */
  private write({ line, record }: { line: Buffer; record: SafetyLogRecord }): SafetyLogRecord {
    writeFully(this.fd!, line);
    fdatasyncSync(this.fd!);
    this.sizeBytes += line.length;
    this.recordsInFile++;
    this.seq = record.seq;
    this.hash = record.hash;
    return record;
  }

  /**
   * Find where the log ends (scanning every kept file) and get ready to append there: create the
   * first file, continue the newest, mark a torn tail, or start a new file when the newest has no
   * readable start. Returns the scan of what was found (before anything this call wrote).
   */
  private resume(): LogScan {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    const scan = scanLogFiles(listLogFiles(this.dir));
    const newest = scan.files.at(-1);
    const last = scan.records.at(-1)?.record;
    this.seq = last?.seq ?? -1;
    this.hash = last?.hash ?? GENESIS_HASH;
    if (newest === undefined) {
      this.createFile(1, null);
    } else if (!newest.hasHeader) {
      this.fileIndex = newest.index;
      this.fileName = newest.name;
      this.createFile(newest.index + 1, newest.name);
    } else {
      this.fileIndex = newest.index;
      this.fileName = newest.name;
      this.fd = openSync(newest.path, 'a');
      this.sizeBytes = newest.sizeBytes;
      this.recordsInFile = scan.records.filter((r) => r.file === newest.path).length;
      if (newest.tail !== null) {
        if (!newest.endsWithNewline) {
          writeFully(this.fd, Buffer.from('\n'));
          this.sizeBytes += 1;
        }
        this.recoveredTornTail = this.write(
          encodeRecord({
            seq: this.seq + 1,
            type: 'torn-tail',
            wallTime: this.options.now().toISOString(),
            file: newest.name,
            tornOffsetBytes: newest.tail.offsetBytes,
            tornLengthBytes: newest.tail.lengthBytes,
            tornSha256: newest.tail.sha256,
            prev: this.hash,
          }),
        ) as TornTailRecord;
      }
    }
    this.needsResume = false;
    return scan;
  }

  /**
   * Create file `index` atomically (written and synced as `<name>.tmp`, then renamed and the
   * directory synced) holding its file-start record, and make it the current file.
   */
  private createFile(index: number, previousFile: string | null): void {
    const name = logFileName(index);
    const { line, record } = encodeRecord({
      seq: this.seq + 1,
      type: 'file-start',
      wallTime: this.options.now().toISOString(),
      format: SAFETY_LOG_FORMAT,
      file: name,
      previousFile,
      prev: this.hash,
    });
    const path = join(this.dir, name);
    const tmp = `${path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeFully(fd, line);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    fsyncDir(this.dir);
    if (this.fd !== null) closeSync(this.fd);
    this.fd = openSync(path, 'a');
    this.fileIndex = index;
    this.fileName = name;
    this.sizeBytes = line.length;
    this.recordsInFile = 1;
    this.seq = record.seq;
    this.hash = record.hash;
  }

  /** Continue in a new file chained to this one, then delete the oldest files beyond `maxFiles`. */
  private rotate(): void {
    this.createFile(this.fileIndex + 1, this.fileName);
    const files = listLogFiles(this.dir);
    const excess = files.length - this.options.maxFiles;
    for (let i = 0; i < excess; i++) unlinkSync(files[i]!);
    if (excess > 0) fsyncDir(this.dir);
  }
}
