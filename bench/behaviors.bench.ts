/**
 * Model-based behaviour tests (issue #8): what the online tester costs and how its runs spread over the
 * cores. (1) The simulator's real-time factor while the tester drives the companion through its pausable
 * states (planning from the run's exact state, status and joint-state observation, pause → still →
 * resume), against `behavior run` of the same behaviour with its demo script, same process, one after
 * the other. (2) Stop cases (a fresh Kindred each) per minute with one run per core against one at a time.
 */
import { cpus } from 'node:os';
import { SHIPPED_BEHAVIORS } from '../behaviors/catalog.js';
import type { ModelCase } from '../behaviors/modeltest/index.js';
import type { ShippedBehavior } from '../behaviors/ShippedBehavior.js';
import { deliverScriptedInput } from '../behaviors/runtime/index.js';
import { modelTestShipped } from '../runtime/cli/behaviorModelTest.js';
import { startHeadlessSession } from '../runtime/cli/headlessSession.js';
import { silentLogger } from '../runtime/logging/index.js';
import type { BenchOptions, BenchResult } from './types.js';

export async function run(options: BenchOptions): Promise<BenchResult> {
  const companion = await SHIPPED_BEHAVIORS['companion']!();
  const logger = silentLogger();

  const plain = await plainRun(companion);
  const plainRtf = plain.simulatedS / plain.wallS;

  const pauses = await modelTestShipped(companion, { logger, probes: ['pause'] });
  const testerRtf = pauses.simulatedS / pauses.inRunWallS;

  const stopTargets = options.quick ? 4 : 8;
  let taken = 0;
  const chosen = new Set<string>();
  const filter = (c: ModelCase): boolean => {
    if (chosen.has(c.target)) return true;
    if (taken >= stopTargets) return false;
    taken++;
    chosen.add(c.target);
    return true;
  };
  const jobs = Math.max(1, Math.min(cpus().length, 4));
  const serial = await modelTestShipped(companion, { logger, probes: ['stop'], filter });
  const parallel = await modelTestShipped(companion, { logger, probes: ['stop'], filter, parallel: jobs });
  const perMinute = (r: typeof serial): number => (r.results.length / r.wallS) * 60;
  const failed = [...pauses.results, ...serial.results, ...parallel.results].filter((r) => !r.ok).map((r) => `${r.case.probe} ${r.case.target}`);
  return {
    name: 'behaviors',
    rows: [
      {
        metric: `simulator real-time factor under the model-based tester (companion, ${pauses.results.length} pausable states in ${pauses.runs} run)`,
        kindred: testerRtf,
        reference: plainRtf,
        referenceName: 'the companion with its demo script (behavior run), same process',
        unit: '× real time',
        ratio: testerRtf / plainRtf,
        better: 'higher',
        aim: 'the tester costs little (≥ 0.7× the plain run)',
        met: testerRtf / plainRtf >= 0.7,
      },
      {
        metric: `stop cases per minute (companion, ${serial.results.length} states, a fresh Kindred each), ${jobs} at once`,
        kindred: perMinute(parallel),
        reference: perMinute(serial),
        referenceName: 'the same cases one at a time',
        unit: 'cases/min',
        ratio: perMinute(parallel) / perMinute(serial),
        better: 'higher',
        aim: `spread across the cores (> 1.3× one at a time)`,
        met: perMinute(parallel) / perMinute(serial) > 1.3,
      },
    ],
    notes: [
      `both timed from the runner's start to its end (Kindred's start-up and stop left out); plain run: ${plain.simulatedS.toFixed(1)} s simulated; tester: ${pauses.simulatedS.toFixed(1)} s simulated, planned ${pauses.planning.exact} steps from the exact state and ${pauses.planning.byValue} by state value`,
      `stop cases include each run's start-up (worker, MuJoCo compile, warm-up) and the robot's start-up settle (~5.5 s simulated)`,
      failed.length === 0 ? 'every case passed' : `cases that did not pass: ${failed.join(', ')}`,
    ],
  };
}

/** `behavior run` of a behaviour with its demo script, timed from the runner's start to its end. */
async function plainRun(shipped: ShippedBehavior): Promise<{ simulatedS: number; wallS: number }> {
  const session = await startHeadlessSession(shipped, { logger: silentLogger() });
  const { kindred, runner, prepared, startNs } = session;
  const started = performance.now();
  try {
    for (const input of prepared.script) {
      const at = startNs + BigInt(Math.round(input.atS * 1e9)) - kindred.clock.now();
      kindred.clock.setTimer(at > 0n ? at : 1n, () => void deliverScriptedInput({ bus: kindred.bus, clock: kindred.clock, loop: kindred.loop }, input, { behavior: shipped.definition.id, source: 'bench' }), { oneShot: true });
    }
    await runner.done();
    return { simulatedS: Number(kindred.clock.now() - startNs) / 1e9, wallS: (performance.now() - started) / 1000 };
  } finally {
    await session.close();
  }
}

