/**
 * `kindred scenario run|campaign`: the safety tester's fault-injection runner on the command line —
 * progress on the terminal, reports (JUnit XML, JSON, one HTML file) in a folder, exit code 1 when any
 * expectation, hazard or monitor check fails.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { writeReports } from '../../scenarios/report/index.js';
import { runCampaign, type CampaignProgress } from '../../scenarios/runner/campaign.js';
import { loadHazards, type HazardsFile } from '../../scenarios/runner/hazards.js';
import { loadScenario, type LoadedScenario } from '../../scenarios/runner/loadScenario.js';
import type { CampaignResult } from '../../scenarios/runner/result.js';
import { KindredError } from '../errors/index.js';

/**
 * Scenario files under the given files and folders (`*.scenario.yaml`, folders searched recursively,
 * sorted), leaving out test fixtures (`fixtures/` folders, which hold deliberately broken files) and
 * hidden folders.
 */
export function findScenarioFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    const st = statSync(p, { throwIfNoEntry: false });
    if (st === undefined) throw new KindredError('FILE_NOT_FOUND', `cannot read ${p}: no such file or folder`, { file: p, expected: 'a scenario file or a folder of them' });
    if (st.isDirectory()) {
      for (const e of readdirSync(p).sort()) {
        const child = join(p, e);
        const dir = statSync(child).isDirectory();
        if (dir && (e === 'fixtures' || e.startsWith('.') || e === 'node_modules')) continue;
        if (dir || e.endsWith('.scenario.yaml')) walk(child);
      }
    } else out.push(resolve(p));
  };
  for (const p of paths) walk(p);
  return [...new Set(out)];
}

function parseCount(flag: string, value: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new KindredError('CLI_USAGE', `${flag} is ${JSON.stringify(value)}; expected a whole number from 1 to ${max}`, { field: flag, value });
  return n;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) throw new KindredError('CLI_USAGE', `--seed is ${JSON.stringify(value)}; expected a whole number from 0 to 2147483647`, { field: '--seed', value });
  return n;
}

const clock = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** One line per finished run on stderr (so stdout stays for the summary). */
function printProgress(p: CampaignProgress): void {
  const r = p.run;
  const mark = r.verdict === 'pass' ? '✓' : r.verdict === 'fail' ? '✗' : '!';
  const phase = p.phase === 'run' ? '' : ` [${p.phase}]`;
  const eta = p.phase === 'run' && p.done < p.total ? `  ETA ${clock(p.etaMs)}` : '';
  process.stderr.write(`[${String(p.done).padStart(String(p.total).length)}/${p.total}]${phase} ${mark} ${r.scenario.name} (seed ${r.seed}) ${(r.wallMs / 1000).toFixed(1)} s${eta}\n`);
  if (p.phase === 'run' && r.verdict !== 'pass') {
    if (r.error !== undefined) process.stderr.write(`      ${r.error.code}: ${r.error.message.split('\n')[0]}\n`);
    for (const e of r.expectations.filter((x) => x.verdict === 'fail')) process.stderr.write(`      ✗ ${e.description.en} — ${e.measured.en}\n`);
    for (const o of r.operator.filter((x) => !x.ok)) process.stderr.write(`      ✗ operator ${o.action} at ${o.atS.toFixed(3)} s: expected ${o.expected}, got ${o.outcome}${o.code === undefined ? '' : ` (${o.code})`}\n`);
  }
}

/** The end-of-run summary, in both languages. */
export function formatSummary(result: CampaignResult, reports: { html: string; junit: string; json: string } | undefined): string {
  const s = result.stats;
  const lines: string[] = [];
  lines.push(`${result.verdict === 'pass' ? 'PASS 通过' : 'FAIL 未通过'} — ${s.passed}/${s.runs} runs passed, ${s.failed} failed, ${s.errored} errors / 运行 ${s.runs} 次，通过 ${s.passed}，失败 ${s.failed}，错误 ${s.errored}`);
  lines.push(`${s.scenariosPerMinute.toFixed(1)} scenario runs/min, simulation ${s.realTimeFactor.toFixed(1)}× real time over ${(result.wallMs / 1000).toFixed(1)} s on ${result.machine.cpus} cores / 每分钟 ${s.scenariosPerMinute.toFixed(1)} 次，仿真 ${s.realTimeFactor.toFixed(1)} 倍实时`);
  if (result.hazards !== undefined) {
    const bad = result.hazards.filter((h) => h.verdict !== 'covered');
    lines.push(`hazards / 危害: ${result.hazards.length - bad.length}/${result.hazards.length} covered / 已覆盖`);
    for (const h of bad) lines.push(`  ✗ ${h.id} ${h.verdict}: ${h.description.en} (failing: ${h.failing.join(', ') || '—'}; not run: ${h.missing.join(', ') || '—'})`);
  }
  if (result.mutation !== undefined) {
    lines.push('monitor mutation test / 监控器变异测试:');
    for (const m of result.mutation) {
      const mark = m.verdict === 'verified' ? '✓' : m.verdict === 'attribution_only' ? '~' : '✗';
      const by = m.killedBy[0];
      lines.push(`  ${mark} ${m.monitor.padEnd(18)} ${m.verdict.padEnd(16)} ${by === undefined ? 'no scenario fails without it / 移除后无场景失败' : `killed by ${by.scenario} (seed ${by.seed}) after ${m.runs} run(s)`}`);
    }
  }
  if (reports !== undefined) lines.push(`reports / 报告: ${reports.html}  ${reports.junit}  ${reports.json}`);
  return lines.join('\n');
}

interface RunOpts {
  report?: string;
  seed?: string;
  seeds?: string;
  jobs?: string;
  hazards?: string;
  mutation?: boolean;
  keepLogs?: boolean;
}

async function execute(kind: 'run' | 'campaign', paths: readonly string[], opts: RunOpts): Promise<number> {
  const files = findScenarioFiles(paths);
  if (files.length === 0) throw new KindredError('CLI_USAGE', `no *.scenario.yaml files under ${paths.join(', ')}`, { field: 'paths', value: paths });
  // Every file is validated before anything runs: one bad file stops the whole run with its position.
  const loaded: LoadedScenario[] = files.map((f) => loadScenario(f));
  const names = new Map<string, string>();
  for (const l of loaded) {
    const other = names.get(l.scenario.name);
    if (other !== undefined) throw new KindredError('SCENARIO_FILE_INVALID', `scenario name ${l.scenario.name} is used by both ${other} and ${l.file}`, { file: l.file, field: 'name', value: l.scenario.name, expected: 'a name unique among the scenarios run' });
    names.set(l.scenario.name, l.file);
  }
  const hazardsFile = opts.hazards ?? (kind === 'campaign' && paths.length === 1 && existsSync(join(paths[0]!, 'hazards.yaml')) ? join(paths[0]!, 'hazards.yaml') : undefined);
  const hazards: HazardsFile | undefined = hazardsFile === undefined ? undefined : loadHazards(hazardsFile);
  const seedCount = opts.seeds === undefined ? 1 : parseCount('--seeds', opts.seeds, 1000);
  const seed = opts.seed === undefined ? undefined : parseSeed(opts.seed);
  const jobs = opts.jobs === undefined ? undefined : parseCount('--jobs', opts.jobs, 64);
  process.stderr.write(
    `Running ${loaded.length} scenario(s) × ${seed === undefined ? seedCount : 1} seed(s)${hazards === undefined ? '' : `, ${hazards.hazards.length} hazards`}${opts.mutation === true ? ', then the monitor mutation test' : ''} / 运行 ${loaded.length} 个场景\n`,
  );
  const result = await runCampaign(loaded, {
    kind,
    seedsFor: (l) => (seed !== undefined ? [seed] : Array.from({ length: seedCount }, (_, i) => l.scenario.seed + i)),
    ...(jobs === undefined ? {} : { jobs }),
    ...(hazards === undefined ? {} : { hazards }),
    mutation: opts.mutation === true,
    ...(opts.report !== undefined && opts.keepLogs === true ? { logRoot: join(opts.report, 'logs') } : {}),
    onProgress: printProgress,
  });
  const reports = opts.report === undefined ? undefined : await writeReports(result, opts.report);
  console.log(formatSummary(result, reports));
  return result.verdict === 'pass' ? 0 : 1;
}

/** Add `scenario run` and `scenario campaign` to the program; `out.code` receives the exit code. */
export function addScenarioCommands(program: Command, out: { code: number }): void {
  const scenario = program.command('scenario').description('fault-injection scenarios for safety testers / 安全测试故障注入场景');
  scenario
    .command('run')
    .description('run scenario files (or folders of them) once each; exit 1 on any failed expectation / 运行场景')
    .argument('<paths...>', 'scenario files or folders (*.scenario.yaml)')
    .option('--report <dir>', 'write junit.xml, results.json and report.html here')
    .option('--seed <n>', 'run every scenario with this seed instead of its own')
    .option('--jobs <n>', 'runs at once (default: the number of CPU cores)')
    .option('--hazards <file>', 'judge hazard coverage against this hazards.yaml')
    .option('--keep-logs', 'keep each run’s durable safety log under <report>/logs')
    .action(async (paths: string[], opts: RunOpts) => {
      out.code = await execute('run', paths, opts);
    });
  scenario
    .command('campaign')
    .description('run a folder of scenarios over several seeds (ranges re-drawn per seed), with hazard coverage / 多随机种子场景战役')
    .argument('<folder>', 'folder of scenarios (its hazards.yaml is used when present)')
    .addOption(new Option('--seeds <n>', 'seeds per scenario (its own seed, then the next ones)').default('3'))
    .option('--report <dir>', 'write junit.xml, results.json and report.html here')
    .option('--jobs <n>', 'runs at once (default: the number of CPU cores)')
    .option('--hazards <file>', 'hazards file (default: <folder>/hazards.yaml)')
    .option('--mutation', 're-run with each monitor disabled in turn: each must make some scenario fail')
    .option('--keep-logs', 'keep each run’s durable safety log under <report>/logs')
    .action(async (folder: string, opts: RunOpts) => {
      out.code = await execute('campaign', [folder], opts);
    });
}
