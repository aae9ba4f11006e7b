import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isKindredError, type KindredError } from '../../runtime/errors/index.js';
import { htmlReport } from './htmlReport.js';
import { jsonReport } from './jsonReport.js';
import { junitXml } from './junitXml.js';
import { campaignFixture } from './testing/fixture.js';
import { writeReports } from './writeReports.js';

const made: string[] = [];
async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kindred-report-'));
  made.push(dir);
  return dir;
}
afterAll(async () => {
  for (const d of made) await rm(d, { recursive: true, force: true });
});

async function rejection(p: Promise<unknown>): Promise<KindredError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isKindredError(e, 'SCENARIO_REPORT_WRITE')) throw new Error(`expected SCENARIO_REPORT_WRITE, got ${String(e)}`);
  return e;
}

describe('writeReports', () => {
  const result = campaignFixture();

  it('creates the directory and writes junit.xml, results.json and report.html', async () => {
    const dir = join(await scratch(), 'campaign', '2025-06-03');
    const paths = await writeReports(result, dir);
    expect(paths).toEqual({ junit: join(dir, 'junit.xml'), json: join(dir, 'results.json'), html: join(dir, 'report.html') });
    expect(await readFile(paths.junit, 'utf8')).toBe(junitXml(result));
    expect(await readFile(paths.json, 'utf8')).toBe(jsonReport(result));
    expect(await readFile(paths.html, 'utf8')).toBe(htmlReport(result));
    expect((await readdir(dir)).sort()).toEqual(['junit.xml', 'report.html', 'results.json']); // no temporary files left
  });

  it('replaces the reports of an earlier run in the same directory', async () => {
    const dir = await scratch();
    await writeFile(join(dir, 'report.html'), 'old');
    await writeReports(result, dir);
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toBe(htmlReport(result));
  });

  it('names the directory when it cannot be created (a file is in the way)', async () => {
    const base = await scratch();
    await writeFile(join(base, 'reports'), 'not a directory');
    const e = await rejection(writeReports(result, join(base, 'reports', 'run1')));
    expect(e.message).toContain(join(base, 'reports', 'run1'));
    expect(e.message).toContain('ENOTDIR');
    expect(e.context.file).toBe(join(base, 'reports', 'run1'));
    expect(e.context.expected).toBe('a writable directory');
  });

  it('names the file when it cannot be written, and leaves no temporary file behind', async () => {
    const dir = await scratch();
    await mkdir(join(dir, 'report.html')); // a directory where the HTML report should go
    const e = await rejection(writeReports(result, dir));
    expect(e.message).toMatch(new RegExp(`^cannot write ${join(dir, 'report.html').replaceAll('/', '\\/')}: E(ISDIR|NOTEMPTY|EXIST)`));
    expect((await readdir(dir)).sort()).toEqual(['junit.xml', 'report.html', 'results.json']);
  });
});
