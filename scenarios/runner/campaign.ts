import { cpus, platform } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MONITOR_NAMES, type MonitorName } from '../../safety/supervisor/index.js';
import { hazardCoverage, type HazardsFile } from './hazards.js';
import type { LoadedScenario } from './loadScenario.js';
import type { CampaignResult, MutationResult, ScenarioRunResult } from './result.js';
import { runScenario } from './runScenario.js';

/** One finished run, as progress reporting sees it. */
export interface CampaignProgress {
  readonly done: number;
  readonly total: number;
  readonly run: ScenarioRunResult;
  /** Estimated wall time left, ms. */
  readonly etaMs: number;
  /** `run` for the campaign's runs, `mutation:<monitor>` for the mutation test's. */
  readonly phase: string;
}

export interface CampaignOptions {
  readonly kind: 'run' | 'campaign';
  /** Seeds per scenario: a function of the scenario (default: its own seed). */
  readonly seedsFor?: (s: LoadedScenario) => readonly number[];
  /** Runs at once (default: the number of CPU cores); each run's control loop is its own thread. */
  readonly jobs?: number;
  readonly hazards?: HazardsFile;
  /** Re-run with each monitor disabled in turn. */
  readonly mutation?: boolean;
  /** Keep each run's durable safety log under this folder (`logs/<scenario>-<seed>`). */
  readonly logRoot?: string;
  readonly onProgress?: (p: CampaignProgress) => void;
}

interface Job {
  readonly loaded: LoadedScenario;
  readonly seed: number;
  readonly disabled: readonly MonitorName[];
}

/** Run jobs `jobs` at a time, in order of submission; results in the same order. */
async function pool(list: readonly Job[], jobs: number, logRoot: string | undefined, onDone: (r: ScenarioRunResult) => void): Promise<ScenarioRunResult[]> {
  const results = new Array<ScenarioRunResult>(list.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= list.length) return;
      const j = list[i]!;
      const suffix = j.disabled.length > 0 ? `-without-${j.disabled.join('-')}` : '';
      const r = await runScenario(j.loaded, {
        seed: j.seed,
        disabledMonitors: j.disabled,
        ...(logRoot === undefined ? {} : { logDir: join(logRoot, `${j.loaded.scenario.name}-seed${j.seed}${suffix}`) }),
      });
      results[i] = r;
      onDone(r);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, list.length)) }, () => worker()));
  return results;
}

/** The monitor names safety events carry for each monitor (the e-stop monitor logs its two inputs apart). */
export const MONITOR_EVENT_NAMES: Readonly<Record<MonitorName, readonly string[]>> = Object.fromEntries(
  MONITOR_NAMES.map((m) => [m, m === 'estop' ? ['estop_button', 'estop_request'] : [m]]),
) as unknown as Record<MonitorName, readonly string[]>;

/** Expectation types that name the monitor expected to act; the rest judge outcomes. */
const ATTRIBUTION = new Set(['detected']);

/**
 * The mutation test of the safety system: for each monitor, re-run the passing runs in which that
 * monitor acted, with it removed. The lock-step simulation is deterministic, so removing a monitor
 * that never acted in a run cannot change that run; those runs are skipped, and a monitor that acted
 * in no run is unverified at once. A monitor is verified when an outcome expectation (a state, a
 * stop, a force, a range, stillness) fails without it; attribution-only when only expectations that
 * name it fail (another monitor covered for it); unverified when nothing fails.
 */
async function mutationTest(runs: readonly ScenarioRunResult[], byFile: ReadonlyMap<string, LoadedScenario>, jobs: number, report: (p: CampaignProgress) => void): Promise<MutationResult[]> {
  const out: MutationResult[] = [];
  for (const monitor of MONITOR_NAMES) {
    const names = MONITOR_EVENT_NAMES[monitor];
    const candidates = runs.filter((r) => r.verdict === 'pass' && r.events.some((e) => names.includes(e.monitor) && e.kind === 'fault'));
    const killedBy: { scenario: string; seed: number; expectations: string[] }[] = [];
    let outcomeKill = false;
    let runsDone = 0;
    // Two at a time (the cores), stopping at the first outcome failure.
    for (let i = 0; i < candidates.length && !outcomeKill; i += jobs) {
      const batch = candidates.slice(i, i + jobs).map((r) => ({ loaded: byFile.get(r.scenario.file)!, seed: r.seed, disabled: [monitor] }));
      const results = await pool(batch, jobs, undefined, (rr) => report({ done: ++runsDone, total: candidates.length, run: rr, etaMs: 0, phase: `mutation:${monitor}` }));
      for (const r of results) {
        const failed = r.expectations.filter((e) => e.verdict === 'fail');
        if (r.verdict !== 'pass' && failed.length > 0) {
          killedBy.push({ scenario: r.scenario.name, seed: r.seed, expectations: failed.map((e) => e.description.en) });
          if (failed.some((e) => !ATTRIBUTION.has(e.type))) outcomeKill = true;
        }
      }
    }
    out.push({ monitor, verdict: outcomeKill ? 'verified' : killedBy.length > 0 ? 'attribution_only' : 'unverified', killedBy, runs: runsDone });
  }
  return out;
}

/**
 * Run scenarios (each with each of its seeds), spread over the cores, then — when asked — judge
 * hazard coverage and run the mutation test. The campaign fails on any failed or errored run, any
 * hazard without a passing scenario, and any monitor whose removal fails nothing.
 */
export async function runCampaign(scenarios: readonly LoadedScenario[], options: CampaignOptions): Promise<CampaignResult> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const jobs = options.jobs ?? Math.max(1, cpus().length);
  const list: Job[] = scenarios.flatMap((loaded) => (options.seedsFor?.(loaded) ?? [loaded.scenario.seed]).map((seed) => ({ loaded, seed, disabled: [] })));
  let done = 0;
  const runs = await pool(list, jobs, options.logRoot, (run) => {
    done++;
    const elapsed = performance.now() - t0;
    options.onProgress?.({ done, total: list.length, run, etaMs: (elapsed / done) * (list.length - done), phase: 'run' });
  });
  const runWallMs = performance.now() - t0;
  const hazards = options.hazards === undefined ? undefined : hazardCoverage(options.hazards, runs);
  const byFile = new Map(scenarios.map((s) => [s.file, s]));
  const mutation = options.mutation === true ? await mutationTest(runs, byFile, jobs, (p) => options.onProgress?.(p)) : undefined;
  const passed = runs.filter((r) => r.verdict === 'pass').length;
  const failed = runs.filter((r) => r.verdict === 'fail').length;
  const errored = runs.filter((r) => r.verdict === 'error').length;
  const simS = runs.reduce((a, r) => a + r.simS, 0);
  const ok = failed === 0 && errored === 0 && runs.length > 0 && (hazards?.every((h) => h.verdict === 'covered') ?? true) && (mutation?.every((m) => m.verdict !== 'unverified') ?? true);
  return {
    kind: options.kind,
    startedAt,
    wallMs: performance.now() - t0,
    machine: { cpus: cpus().length, node: process.version, platform: platform() },
    seeds: [...new Set(list.map((j) => j.seed))].sort((a, b) => a - b),
    runs,
    ...(hazards === undefined ? {} : { hazards }),
    ...(mutation === undefined ? {} : { mutation }),
    verdict: ok ? 'pass' : 'fail',
    stats: {
      runs: runs.length,
      passed,
      failed,
      errored,
      scenariosPerMinute: runs.length / (runWallMs / 60_000),
      realTimeFactor: simS / (runWallMs / 1000),
    },
  };
}
