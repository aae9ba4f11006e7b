import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SAFETY_LOG_EVENT_KINDS, SAFETY_REACTIONS } from './SafetyEvent.js';
import { SAFETY_LOG_FORMAT, type SafetyLogRecord, type Sha256Hex, type UnhashedRecord } from './SafetyLogRecord.js';

/*
 * Record format (JSON Lines, one record per line, UTF-8, each line ends in "\n"):
 *
 *   {"seq":12,"type":"event",...,"prev":"<64 hex>","hash":"<64 hex>"}
 *
 * `hash` is always the last member, written as exactly `,"hash":"<64 lowercase hex>"}` (75 bytes).
 * The record's canonical bytes are the line without that suffix and with a closing `}` put back,
 * i.e. the same JSON object minus its `hash` member, byte for byte as written; `hash` is their
 * SHA-256. Verification hashes the bytes read, never a re-serialisation, so changing any byte
 * (including whitespace or key order) is detected. Because `prev` is inside the hashed bytes, each
 * record also vouches for the one before it.
 */

const HASH_SUFFIX_HEAD = Buffer.from(',"hash":"');
const HASH_SUFFIX_BYTES = HASH_SUFFIX_HEAD.length + 64 + 2; // ,"hash":" + hex + "}
const NEWLINE = 0x0a;

/** Largest line the writer accepts (a guard against runaway messages, not a format limit). */
export const MAX_RECORD_BYTES = 64 * 1024;

/** SHA-256 of some bytes in lowercase hex. */
export function sha256Hex(bytes: Uint8Array): Sha256Hex {
  return createHash('sha256').update(bytes).digest('hex');
}

type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

function encodeNumber(v: number): JsonNumber {
  if (Number.isFinite(v)) return v;
  if (Number.isNaN(v)) return 'NaN';
  return v > 0 ? 'Infinity' : '-Infinity';
}

function decodeNumber(v: JsonNumber): number {
  if (typeof v === 'number') return v;
  return v === 'NaN' ? Number.NaN : v === 'Infinity' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

function encodeNumbers(values: Readonly<Record<string, number>>): Record<string, JsonNumber> {
  const out: Record<string, JsonNumber> = {};
  for (const [k, v] of Object.entries(values)) out[k] = encodeNumber(v);
  return out;
}

/** The JSON object of a record, members in the documented order, `hash` left out. */
function wireObject(r: UnhashedRecord): Record<string, unknown> {
  switch (r.type) {
    case 'event': {
      const o: Record<string, unknown> = { seq: r.seq, type: r.type, wallTime: r.wallTime, timeNs: r.timeNs.toString(), kind: r.kind, monitor: r.monitor };
      if (r.subject !== undefined) o['subject'] = r.subject;
      o['reaction'] = r.reaction;
      o['values'] = encodeNumbers(r.values);
      o['limit'] = encodeNumbers(r.limit);
      if (r.operator !== undefined) o['operator'] = r.operator;
      if (r.source !== undefined) o['source'] = r.source;
      if (r.message !== undefined) o['message'] = { en: r.message.en, zh: r.message.zh };
      o['prev'] = r.prev;
      return o;
    }
    case 'file-start':
      return { seq: r.seq, type: r.type, wallTime: r.wallTime, format: r.format, file: r.file, previousFile: r.previousFile, prev: r.prev };
    case 'torn-tail':
      return {
        seq: r.seq,
        type: r.type,
        wallTime: r.wallTime,
        file: r.file,
        tornOffsetBytes: r.tornOffsetBytes,
        tornLengthBytes: r.tornLengthBytes,
        tornSha256: r.tornSha256,
        prev: r.prev,
      };
  }
}

/** Encode a record as one line (with its trailing newline) and return it with its hash filled in. */
export function encodeRecord(r: UnhashedRecord): { line: Buffer; record: SafetyLogRecord } {
  const body = Buffer.from(JSON.stringify(wireObject(r)), 'utf8');
  const hash = sha256Hex(body);
  const line = Buffer.concat([body.subarray(0, body.length - 1), HASH_SUFFIX_HEAD, Buffer.from(`${hash}"}\n`, 'ascii')]);
  return { line, record: { ...r, hash } as SafetyLogRecord };
}

const jsonNumber = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]);
const text = z.string().min(1);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const seq = z.number().int().nonnegative();

const wireSchema = z.discriminatedUnion('type', [
  z.strictObject({
    seq,
    type: z.literal('event'),
    wallTime: text,
    timeNs: z.string().regex(/^-?\d+$/),
    kind: z.enum(SAFETY_LOG_EVENT_KINDS),
    monitor: text,
    subject: text.optional(),
    reaction: z.enum(SAFETY_REACTIONS),
    values: z.record(z.string(), jsonNumber),
    limit: z.record(z.string(), jsonNumber),
    operator: text.optional(),
    source: text.optional(),
    message: z.strictObject({ en: z.string(), zh: z.string() }).optional(),
    prev: hex64,
  }),
  z.strictObject({
    seq,
    type: z.literal('file-start'),
    wallTime: text,
    format: z.literal(SAFETY_LOG_FORMAT),
    file: text,
    previousFile: text.nullable(),
    prev: hex64,
  }),
  z.strictObject({
    seq,
    type: z.literal('torn-tail'),
    wallTime: text,
    file: text,
    tornOffsetBytes: z.number().int().nonnegative(),
    tornLengthBytes: z.number().int().positive(),
    tornSha256: hex64,
    prev: hex64,
  }),
]);

type Wire = z.infer<typeof wireSchema>;

function decodeNumbers(values: Record<string, JsonNumber>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) out[k] = decodeNumber(v);
  return out;
}

function fromWire(w: Wire, hash: Sha256Hex): SafetyLogRecord {
  switch (w.type) {
    case 'event': {
      const { timeNs, values, limit, subject, operator, source, message, ...rest } = w;
      return {
        ...rest,
        timeNs: BigInt(timeNs),
        values: decodeNumbers(values),
        limit: decodeNumbers(limit),
        ...(subject === undefined ? {} : { subject }),
        ...(operator === undefined ? {} : { operator }),
        ...(source === undefined ? {} : { source }),
        ...(message === undefined ? {} : { message }),
        hash,
      };
    }
    case 'file-start':
      return { ...w, hash };
    case 'torn-tail':
      return { ...w, hash };
  }
}

/** What one line of a log file turned out to be. */
export type DecodedLine =
  /** A record whose bytes match its hash and whose fields are understood. */
  | { readonly status: 'ok'; readonly record: SafetyLogRecord }
  /** The line ends in a well-formed hash member but the bytes do not match it. */
  | { readonly status: 'checksum'; readonly storedHash: Sha256Hex; readonly actualHash: Sha256Hex; readonly seq: number | undefined }
  /** The bytes match the hash but the record is not one this version understands. */
  | { readonly status: 'invalid'; readonly storedHash: Sha256Hex; readonly seq: number | undefined; readonly reason: string }
  /** Not a record at all: a partly written line, zeros from a power cut, or other damage (`seq` if its start still reads). */
  | { readonly status: 'unreadable'; readonly seq: number | undefined };

const SEQ_PREFIX = /^\{"seq":(\d{1,15}),/;

function leadingSeq(line: Buffer): number | undefined {
  const m = SEQ_PREFIX.exec(line.subarray(0, 32).toString('latin1'));
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

function isHex(line: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = line[i]!;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** Decode one line (without its newline). Pure: never throws. */
export function decodeLine(line: Buffer): DecodedLine {
  const n = line.length;
  const unreadable = (): DecodedLine => ({ status: 'unreadable', seq: leadingSeq(line) });
  if (n < HASH_SUFFIX_BYTES + 2 || line[0] !== 0x7b) return unreadable();
  const suffixStart = n - HASH_SUFFIX_BYTES;
  if (!line.subarray(suffixStart, suffixStart + HASH_SUFFIX_HEAD.length).equals(HASH_SUFFIX_HEAD)) return unreadable();
  const hexStart = suffixStart + HASH_SUFFIX_HEAD.length;
  if (!isHex(line, hexStart, hexStart + 64) || line[n - 2] !== 0x22 || line[n - 1] !== 0x7d) return unreadable();
  const storedHash = line.toString('latin1', hexStart, hexStart + 64);
  const body = Buffer.concat([line.subarray(0, suffixStart), Buffer.from('}')]);
  const actualHash = sha256Hex(body);
  if (actualHash !== storedHash) return { status: 'checksum', storedHash, actualHash, seq: leadingSeq(line) };
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (e) {
    return { status: 'invalid', storedHash, seq: leadingSeq(line), reason: `not JSON: ${(e as Error).message}` };
  }
  const parsed = wireSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? 'record' : issue.path.join('.');
    return { status: 'invalid', storedHash, seq: leadingSeq(line), reason: `${where}: ${issue?.message ?? 'invalid'}` };
  }
  return { status: 'ok', record: fromWire(parsed.data, storedHash) };
}

const RECORD_START = /\{"seq":\d+,"type":"/g;

/**
 * Whether damaged bytes can be what a crash leaves of one append: at most one record's bytes, i.e.
 * no newline before the last byte and no record start except at the beginning. Bytes that hold two
 * records (a newline between records damaged, say) are damage, not a torn tail.
 */
export function isTornShaped(bytes: Buffer): boolean {
  const nl = bytes.indexOf(NEWLINE);
  if (nl >= 0 && nl !== bytes.length - 1) return false;
  const text = bytes.toString('latin1');
  for (const m of text.matchAll(RECORD_START)) if (m.index !== 0) return false;
  return true;
}

/** One line of a file: its byte range (newline excluded) and whether a newline ended it. */
export interface LineSpan {
  readonly start: number;
  readonly end: number;
  readonly terminated: boolean;
}

/** Split file bytes into lines on "\n", keeping byte offsets. A final unterminated line is kept. */
export function splitLines(bytes: Buffer): LineSpan[] {
  const spans: LineSpan[] = [];
  let start = 0;
  while (start < bytes.length) {
    const nl = bytes.indexOf(NEWLINE, start);
    if (nl < 0) {
      spans.push({ start, end: bytes.length, terminated: false });
      break;
    }
    spans.push({ start, end: nl, terminated: true });
    start = nl + 1;
  }
  return spans;
}
