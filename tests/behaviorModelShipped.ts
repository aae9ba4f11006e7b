// Shared by the shipped behaviours' model-based test files: run every generated case against the
// simulator and hold the report to what a safety tester relies on.
import { expect } from 'vitest';
import { SHIPPED_BEHAVIORS } from '../behaviors/catalog.js';
import { formatModelTestReport, type ModelTestReport, type ModelCase } from '../behaviors/modeltest/index.js';
import { modelTestShipped } from '../runtime/cli/behaviorModelTest.js';
import { silentLogger } from '../runtime/logging/index.js';

/** Run a shipped behaviour's model-based tests (all probes unless filtered) and print the report. */
export async function modelTestOf(id: string, options: { planFile?: string; filter?: (c: ModelCase) => boolean } = {}): Promise<ModelTestReport> {
  const shipped = await SHIPPED_BEHAVIORS[id]!();
  // Run alone after the other tests (vitest.campaign.config.ts): two simulator runs at once use both cores.
  const report = await modelTestShipped(shipped, { logger: silentLogger(), parallel: 2, ...options });
  console.log(formatModelTestReport(report));
  return report;
}

/**
 * What every report must show: every case passed; each pausable state paused with the robot still;
 * each stop and e-stop reached a safe state with the robot still; nothing generated was left out
 * silently; planning came from the run’s exact state at least as often as not.
 */
export function expectAllPassed(report: ModelTestReport): void {
  const text = formatModelTestReport(report);
  expect(report.ok, text).toBe(true);
  for (const r of report.results) {
    expect(r.reached, `${r.case.probe} ${r.case.target}`).toBe(true);
    expect(Number(r.measured['maxMoveStillRad']), `${r.case.probe} ${r.case.target}`).toBeLessThanOrEqual(r.case.probe === 'estop' ? 0.05 : 0.01);
    if (r.case.probe === 'pause') expect(Number(r.measured['pauseTakenS'])).toBeLessThan(0.2);
    else expect(r.measured['safeState'], `${r.case.probe} ${r.case.target}`).toEqual(expect.any(String));
  }
  expect(report.planning.exact, text).toBeGreaterThanOrEqual(report.planning.byValue);
}
