/**
 * The fault-injection campaign's throughput (issue #6): the shipped scenarios (the process-crash one
 * aside: it runs real child processes and is timed by its own start-up) run with one job per core,
 * against the same runs one at a time in the same process — scenario runs per minute, and the
 * simulator's real-time factor while a campaign runs (simulated seconds per wall second, summed over the
 * runs in flight), including each run's start-up (worker, MuJoCo compile, warm-up).
 */
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { findScenarioFiles } from '../runtime/cli/scenarioCommand.js';
import { runCampaign } from '../scenarios/runner/campaign.js';
import { loadScenario } from '../scenarios/runner/loadScenario.js';
import type { BenchOptions, BenchResult } from './types.js';

export async function run(options: BenchOptions): Promise<BenchResult> {
  const all = findScenarioFiles([fileURLToPath(new URL('../scenarios', import.meta.url))])
    .map((f) => loadScenario(f))
    .filter((s) => !s.scenario.faults.some((f) => f.type === 'compute.crash'));
  // Quick: one scenario of each robot and a few more, enough to keep both cores busy.
  const set = options.quick ? all.filter((_, i) => i % 6 === 0) : all;
  const seedsFor = (s: (typeof set)[number]): number[] => [s.scenario.seed];
  const jobs = Math.max(1, cpus().length);
  const serial = await runCampaign(set, { kind: 'campaign', seedsFor, jobs: 1 });
  const parallel = await runCampaign(set, { kind: 'campaign', seedsFor, jobs });
  const failed = [...serial.runs, ...parallel.runs].filter((r) => r.verdict !== 'pass').map((r) => r.scenario.name);
  return {
    name: 'scenarios',
    rows: [
      {
        metric: `scenario runs per minute, ${set.length} shipped scenarios, ${jobs} jobs`,
        kindred: parallel.stats.scenariosPerMinute,
        reference: serial.stats.scenariosPerMinute,
        referenceName: 'the same runs one at a time',
        unit: 'runs/min',
        ratio: parallel.stats.scenariosPerMinute / serial.stats.scenariosPerMinute,
        better: 'higher',
        aim: `spread across the ${jobs} cores (> 1.3× one at a time)`,
        met: parallel.stats.scenariosPerMinute / serial.stats.scenariosPerMinute > 1.3,
      },
      {
        metric: 'simulator real-time factor while the campaign runs (summed over runs in flight, start-up included)',
        kindred: parallel.stats.realTimeFactor,
        reference: serial.stats.realTimeFactor,
        referenceName: 'the same runs one at a time',
        unit: '× real time',
        ratio: parallel.stats.realTimeFactor / serial.stats.realTimeFactor,
        better: 'higher',
      },
    ],
    notes: [
      `${set.length} scenarios × 1 seed; mean wall time per run ${(serial.runs.reduce((a, r) => a + r.wallMs, 0) / serial.runs.length / 1000).toFixed(2)} s alone, ${(parallel.runs.reduce((a, r) => a + r.wallMs, 0) / parallel.runs.length / 1000).toFixed(2)} s with ${jobs} jobs`,
      `simulated ${parallel.runs.reduce((a, r) => a + r.simS, 0).toFixed(1)} s per campaign; each run starts its own worker, compiles its scene and warms MuJoCo up (about 1–2 s of the ~3 s a run takes here)`,
      failed.length === 0 ? 'every run passed in both campaigns' : `runs that did not pass: ${failed.join(', ')}`,
    ],
  };
}
