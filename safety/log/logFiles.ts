import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/*
 * A log is a directory of files `safety-log-000001.jsonl`, `safety-log-000002.jsonl`, … in the order
 * written. Only the newest is appended to; the others are complete and never change (until
 * retention deletes the oldest). A file is first written as `<name>.tmp` and renamed into place
 * once its file-start record is on disk, so every file that carries a log name starts complete.
 */

const FILE_NAME = /^safety-log-(\d{6,})\.jsonl$/;

/** File name of the log file with this index (1-based). */
export function logFileName(index: number): string {
  return `safety-log-${String(index).padStart(6, '0')}.jsonl`;
}

/** The index in a log file name, or undefined when the name is not a log file's. */
export function logFileIndex(name: string): number | undefined {
  const m = FILE_NAME.exec(name);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** Paths of the log files in `dir`, oldest first; none when the directory does not exist. */
export function listLogFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return names
    .flatMap((name) => {
      const index = logFileIndex(name);
      return index === undefined ? [] : [{ name, index }];
    })
    .sort((a, b) => a.index - b.index)
    .map((f) => join(dir, f.name));
}
