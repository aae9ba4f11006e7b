/**
 * `npm run bench [-- name ...] [-- --quick]`: runs `bench/*.bench.ts` one after another (all, or
 * those named, e.g. `bus` for `bus.bench.ts`), prints a table per bench, and writes every result to
 * `bench/results/<date>.json`. Exits 0 whether or not aims are met (benchmarks report, they do not
 * fail); 1 when a bench throws or returns a malformed result; 2 for an unknown bench name.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkResult } from './checkResult.js';
import { formatResult } from './formatResult.js';
import type { BenchModule, BenchResult } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const unknownFlags = args.filter((a) => a.startsWith('--') && a !== '--quick');
const names = args.filter((a) => !a.startsWith('--'));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();

if (unknownFlags.length > 0) {
  console.error(`unknown option ${unknownFlags.join(', ')}; usage: npm run bench -- [name ...] [--quick]`);
  process.exit(2);
}
const selected: string[] = [];
for (const name of names) {
  const file = available.find((f) => f === name || f === `${name}.bench.ts` || f === `${name}.ts`);
  if (file === undefined) {
    console.error(`no bench named ${JSON.stringify(name)}; available: ${available.map((f) => f.replace(/\.bench\.ts$/, '')).join(', ')}`);
    process.exit(2);
  }
  selected.push(file);
}
const files = selected.length > 0 ? selected : available;

const results: BenchResult[] = [];
const failures: { file: string; error: string }[] = [];
console.log(`Kindred benchmarks (${quick ? 'quick' : 'full'} run), node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}\n`);
for (const file of files) {
  const started = performance.now();
  try {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as Partial<BenchModule>;
    if (typeof mod.run !== 'function') throw new Error(`${file} does not export run(options)`);
    const result = await mod.run({ quick });
    const problems = checkResult(result);
    console.log(formatResult(result));
    console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    results.push(result);
    if (problems.length > 0) failures.push({ file, error: `malformed result:\n  ${problems.join('\n  ')}` });
  } catch (error) {
    failures.push({ file, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

const outDir = join(here, 'results');
mkdirSync(outDir, { recursive: true });
const date = new Date();
const outFile = join(outDir, `${date.toISOString().replace(/[:.]/g, '-')}.json`);
const report = {
  date: date.toISOString(),
  quick,
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  cpu: cpus()[0]?.model ?? 'unknown',
  cpuCount: cpus().length,
  results,
  failures,
};
writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
console.log(`results written to ${outFile}`);

for (const f of failures) console.error(`\n${f.file} failed: ${f.error}`);
process.exitCode = failures.length > 0 ? 1 : 0;
