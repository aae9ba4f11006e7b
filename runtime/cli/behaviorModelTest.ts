import type { ShippedBehavior } from '../../behaviors/ShippedBehavior.js';
import { buildModelGraph, DEFAULT_PROBE_LIMITS, generatePlan, ModelTester, PROBES, type CaseResult, type ModelCase, type ModelTestReport, type Probe, type ProbeLimits } from '../../behaviors/modeltest/index.js';
import type { Logger } from '../logging/index.js';
import { startHeadlessSession } from './headlessSession.js';

/** Options of `modelTestShipped`. */
export interface ModelTestOptions {
  readonly logger: Logger;
  /** Which probes to generate (default all). */
  readonly probes?: readonly Probe[];
  /** Only the cases this accepts. */
  readonly filter?: (c: ModelCase) => boolean;
  readonly planFile?: string;
  readonly limits?: Partial<ProbeLimits>;
  /** Simulator runs at once (each its own Kindred in this process); default 1. */
  readonly parallel?: number;
  /** Called with each case's result as it comes. */
  readonly onResult?: (r: CaseResult) => void;
}

/** Each run may take this long in simulated time, at least. */
const MIN_RUN_DEADLINE_S = 150;

/**
 * The model-based tests of a shipped behaviour (`kindred behavior test`): its model graph from the
 * verifier's exploration, the cases generated from it (`generatePlan`), each run against the real
 * simulator headless in lock-step (a fresh Kindred per run), driven and observed as people and
 * operators would. A case the run can no longer reach goes to a fresh run; one a fresh run cannot
 * reach fails.
 */
export async function modelTestShipped(shipped: ShippedBehavior, options: ModelTestOptions): Promise<ModelTestReport> {
  const started = performance.now();
  // The model of the run the simulator will do: the machine explored with that run's input (e.g. the plan).
  const input = shipped.prepare(options.planFile === undefined ? {} : { planFile: options.planFile }).input;
  const graph = buildModelGraph(shipped.definition, { input });
  const plan = generatePlan(graph, options.probes ?? PROBES);
  const filter = options.filter ?? (() => true);
  const queue = plan.runs.map((run) => run.filter(filter)).filter((run) => run.length > 0);
  const limits: ProbeLimits = { ...DEFAULT_PROBE_LIMITS, ...options.limits };
  const results: CaseResult[] = [];
  let runs = 0;
  let simulatedS = 0;
  let inRunWallS = 0;
  const planning = { exact: 0, byValue: 0 };

  const runOne = async (cases: readonly ModelCase[]): Promise<void> => {
    const session = await startHeadlessSession(shipped, { logger: options.logger, ...(options.planFile === undefined ? {} : { planFile: options.planFile }) });
    const runStarted = performance.now();
    runs++;
    const { kindred, runner } = session;
    const tester = new ModelTester(
      graph,
      {
        bus: kindred.bus,
        clock: kindred.clock,
        loop: kindred.loop,
        runId: runner.runId,
        done: () => runner.done(),
        latestStatus: () => runner.statusMessage(),
        snapshot: () => runner.snapshot(),
        record: (output) => (shipped.record === undefined ? output : shipped.record(output)),
      },
      limits,
    );
    let rest: ModelCase[];
    try {
      const outcome = await tester.runCases(cases, Math.max(MIN_RUN_DEADLINE_S, session.prepared.timeoutS));
      rest = outcome.rest;
      for (const r of outcome.results) {
        results.push(r);
        options.onResult?.(r);
      }
      if (outcome.results.length === 0 && rest.length > 0) {
        const first = rest[0] as ModelCase;
        const r: CaseResult = {
          case: first,
          ok: false,
          reached: false,
          failure: {
            en: `${first.target}: a fresh run could not reach it (the run went where no drivable path leads back, or ended)`,
            zh: `${first.target}：新的运行也无法到达（运行去了无法驱动回来的状态，或已结束）`,
          },
          steps: outcome.lastSteps,
          endedAtS: tester.nowS(),
          measured: {},
        };
        results.push(r);
        options.onResult?.(r);
        rest = rest.slice(1);
      }
    } finally {
      simulatedS += tester.nowS();
      inRunWallS += (performance.now() - runStarted) / 1000;
      planning.exact += tester.planned.exact;
      planning.byValue += tester.planned.byValue;
      tester.dispose();
      await session.close();
    }
    if (rest.length > 0) queue.unshift(rest);
  };

  const workers = Math.max(1, options.parallel ?? 1);
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) await runOne(next);
    }),
  );
  const order = new Map<string, number>();
  plan.runs.flat().forEach((c, i) => order.set(`${c.probe}|${c.target}`, i));
  results.sort((a, b) => (order.get(`${a.case.probe}|${a.case.target}`) ?? 0) - (order.get(`${b.case.probe}|${b.case.target}`) ?? 0));
  return {
    behaviorId: shipped.definition.id,
    statesExplored: graph.statesExplored,
    values: graph.nodes.size,
    results,
    notGenerated: plan.notGenerated,
    runs,
    planning,
    simulatedS,
    inRunWallS,
    wallS: (performance.now() - started) / 1000,
    ok: results.length > 0 && results.every((r) => r.ok),
  };
}
