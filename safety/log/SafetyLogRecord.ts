import type { BilingualText, SafetyLogEventKind, SafetyReaction } from './SafetyEvent.js';

/** SHA-256 in lowercase hex, 64 characters. */
export type Sha256Hex = string;

/** Format name written in every file-start record; bumped when records change incompatibly. */
export const SAFETY_LOG_FORMAT = 'kindred-safety-log/1';

/** The `prev` of the very first record of a log. */
export const GENESIS_HASH: Sha256Hex = '0'.repeat(64);

/** Fields every record has. `seq` counts from 0 across all files of a log. */
interface RecordBase {
  readonly seq: number;
  readonly wallTime: string;
  /** Hash of the record before this one (the previous file's last record for a file-start). */
  readonly prev: Sha256Hex;
  /** SHA-256 over this record's canonical bytes (see recordCodec.ts). */
  readonly hash: Sha256Hex;
}

/** A safety event, as stored. */
export interface SafetyEventRecord extends RecordBase {
  readonly type: 'event';
  readonly timeNs: bigint;
  readonly kind: SafetyLogEventKind;
  readonly monitor: string;
  readonly subject?: string;
  readonly reaction: SafetyReaction;
  readonly values: Readonly<Record<string, number>>;
  readonly limit: Readonly<Record<string, number>>;
  readonly operator?: string;
  readonly source?: string;
  readonly message?: BilingualText;
}

/** First record of every file: names the file and its predecessor, so files chain. */
export interface FileStartRecord extends RecordBase {
  readonly type: 'file-start';
  /** The record format, `kindred-safety-log/1`. */
  readonly format: typeof SAFETY_LOG_FORMAT;
  readonly file: string;
  /** `null` only for the log's first file (seq 0, prev = GENESIS_HASH). */
  readonly previousFile: string | null;
}

/**
 * Written when the log is reopened after a crash that left a partly written record: names the
 * bytes (offset, length, SHA-256) that were found and left in place, and chains to the last good
 * record.
 */
export interface TornTailRecord extends RecordBase {
  readonly type: 'torn-tail';
  readonly file: string;
  readonly tornOffsetBytes: number;
  readonly tornLengthBytes: number;
  readonly tornSha256: Sha256Hex;
}

/** Any record in a safety log file (discriminated on `type`). */
export type SafetyLogRecord = SafetyEventRecord | FileStartRecord | TornTailRecord;

/** A record without its hash: what the writer encodes. */
export type UnhashedRecord =
  | Omit<SafetyEventRecord, 'hash'>
  | Omit<FileStartRecord, 'hash'>
  | Omit<TornTailRecord, 'hash'>;
