import type { CaseResult } from './ModelTester.js';
import type { NotGenerated } from './testPlan.js';

/** What the model-based tests of one behaviour found. */
export interface ModelTestReport {
  readonly behaviorId: string;
  /** Machine states the model's exploration visited, and the distinct state values among them. */
  readonly statesExplored: number;
  readonly values: number;
  readonly results: readonly CaseResult[];
  readonly notGenerated: readonly NotGenerated[];
  /** Simulator runs started. */
  readonly runs: number;
  /**
   * Planning steps made from the run's exact machine state (found in the model), and those that fell
   * back to state values (the run's context was one the exploration never met).
   */
  readonly planning: { readonly exact: number; readonly byValue: number };
  /** Simulated seconds over all runs, and the wall-clock seconds they took. */
  readonly simulatedS: number;
  readonly wallS: number;
  /** Wall-clock seconds inside the runs (from each runner's start to its end; Kindred's start and stop left out). */
  readonly inRunWallS: number;
  /** Every generated case reached its state and passed its probe. */
  readonly ok: boolean;
}

function caseLine(r: CaseResult): string {
  const mark = r.ok ? 'PASS' : 'FAIL';
  const m = r.measured;
  const figures = Object.entries(m)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  const at = r.reachedAtS === undefined ? 'not reached' : `reached at ${r.reachedAtS.toFixed(1)} s`;
  return `  ${mark}  ${r.case.probe.padEnd(5)} ${r.case.target}  (${at}${figures === '' ? '' : `; ${figures}`})`;
}

/** The report as text, both languages: one line per case, failures with the path the simulator took. */
export function formatModelTestReport(report: ModelTestReport): string {
  const passed = report.results.filter((r) => r.ok).length;
  const lines = [
    `${report.behaviorId}: ${passed}/${report.results.length} model-based cases passed / 基于模型的用例通过 ${passed}/${report.results.length}` +
      ` — model ${report.statesExplored} states, ${report.values} state values; ${report.runs} simulator runs, ${report.simulatedS.toFixed(1)} s simulated in ${report.wallS.toFixed(1)} s;` +
      ` planned ${report.planning.exact} steps from the exact state, ${report.planning.byValue} by state value`,
  ];
  for (const r of report.results) {
    lines.push(caseLine(r));
    if (!r.ok) {
      if (r.failure !== undefined) lines.push(`        ${r.failure.en}`, `        ${r.failure.zh}`);
      for (const s of r.steps) lines.push(`        ${s.atS.toFixed(2)} s  ${s.from}  --${s.action}-->  ${s.to}`);
    }
  }
  for (const n of report.notGenerated) lines.push(`  SKIP  ${n.probe.padEnd(5)} ${n.target}: ${n.reason.en} / ${n.reason.zh}`);
  return lines.join('\n');
}
