import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { KindredError } from '../../runtime/errors/index.js';
import type { CampaignResult } from '../runner/result.js';
import { htmlReport } from './htmlReport.js';
import { jsonReport } from './jsonReport.js';
import { junitXml } from './junitXml.js';

/** Where `writeReports` put each report (absolute paths). */
export interface ReportPaths {
  readonly junit: string;
  readonly json: string;
  readonly html: string;
}

function writeError(path: string, what: string, e: unknown): KindredError {
  const err = e as NodeJS.ErrnoException;
  const reason = err.code ?? 'error';
  return new KindredError(
    'SCENARIO_REPORT_WRITE',
    `cannot ${what} ${path}: ${reason} (${err.message}); expected a writable directory`,
    { file: path, value: reason, expected: 'a writable directory' },
    { cause: e },
  );
}

async function writeWhole(path: string, text: string): Promise<void> {
  // Write beside it and rename, so a report file that exists is always complete.
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw writeError(path, 'write', e);
  }
}

/**
 * Writes `junit.xml`, `results.json` and `report.html` for `result` into `dir` (created with its
 * parents if missing) and returns their paths. All three are rendered before anything is written;
 * each is written to a temporary name and renamed. Throws SCENARIO_REPORT_WRITE naming the path
 * and the system's reason when the directory cannot be created or a file cannot be written.
 */
export async function writeReports(result: CampaignResult, dir: string): Promise<ReportPaths> {
  const texts = { junit: junitXml(result), json: jsonReport(result), html: htmlReport(result) };
  const root = resolve(dir);
  try {
    await mkdir(root, { recursive: true });
  } catch (e) {
    throw writeError(root, 'create report directory', e);
  }
  const paths: ReportPaths = { junit: join(root, 'junit.xml'), json: join(root, 'results.json'), html: join(root, 'report.html') };
  await writeWhole(paths.junit, texts.junit);
  await writeWhole(paths.json, texts.json);
  await writeWhole(paths.html, texts.html);
  return paths;
}
