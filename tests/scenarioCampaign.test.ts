/**
 * The shipped fault-injection campaign, as CI runs it (one seed per scenario, the hazard file, the
 * monitor mutation test): every scenario passes, every hazard is covered by a passing scenario, every
 * monitor's removal makes some scenario fail — and the shipped set covers every fault type of the
 * library, every monitor, every hazard and all three robots. `npm run scenarios` runs the same with
 * three seeds.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findScenarioFiles } from '../runtime/cli/scenarioCommand.js';
import { MONITOR_NAMES } from '../safety/supervisor/index.js';
import { writeReports } from '../scenarios/report/index.js';
import { runCampaign } from '../scenarios/runner/campaign.js';
import { FAULT_TYPES } from '../scenarios/runner/faultTypes.js';
import { loadHazards } from '../scenarios/runner/hazards.js';
import { loadScenario } from '../scenarios/runner/loadScenario.js';

const folder = fileURLToPath(new URL('../scenarios', import.meta.url));
const scenarios = findScenarioFiles([folder]).map((f) => loadScenario(f));
const hazards = loadHazards(join(folder, 'hazards.yaml'));

describe('the shipped scenarios (static)', () => {
  it('are at least 30, across all three robots, and cover every fault type and every operator action', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
    expect(new Set(scenarios.map((s) => s.scenario.scene))).toEqual(new Set(['exo_standing', 'transfer_bed', 'companion_home']));
    const used = new Set(scenarios.flatMap((s) => s.scenario.faults.map((f) => f.type)));
    expect(Object.keys(FAULT_TYPES).filter((t) => !used.has(t))).toEqual([]);
    const actions = new Set(scenarios.flatMap((s) => s.scenario.operator.map((o) => o.action)));
    expect([...actions].sort()).toEqual(['conflicting_commands', 'estop_press', 'estop_release', 'estop_request', 'reset', 'stop_request']);
  });

  it('hazards name only shipped scenarios, and every monitor mitigates some hazard', () => {
    const names = new Set(scenarios.map((s) => s.scenario.name));
    expect(hazards.hazards.flatMap((h) => h.scenarios).filter((n) => !names.has(n))).toEqual([]);
    const mitigating = new Set(hazards.hazards.flatMap((h) => h.monitors));
    expect(MONITOR_NAMES.filter((m) => !mitigating.has(m))).toEqual([]);
  });
});

describe('the shipped campaign (one seed, hazards, mutation test)', () => {
  it('passes: every run, every hazard covered, every monitor verified by an outcome', async () => {
    const result = await runCampaign(scenarios, { kind: 'campaign', seedsFor: (s) => [s.scenario.seed], hazards, mutation: true });
    const failures = result.runs
      .filter((r) => r.verdict !== 'pass')
      .map((r) => `${r.scenario.name}: ${r.error?.message ?? r.expectations.filter((e) => e.verdict === 'fail').map((e) => `${e.description.en} — ${e.measured.en}`).join('; ')}`);
    expect(failures).toEqual([]);
    expect(result.hazards!.filter((h) => h.verdict !== 'covered').map((h) => h.id)).toEqual([]);
    expect(result.mutation!.filter((m) => m.verdict !== 'verified').map((m) => `${m.monitor}: ${m.verdict}`)).toEqual([]);
    expect(result.verdict).toBe('pass');
    const dir = mkdtempSync(join(tmpdir(), 'kindred-campaign-'));
    try {
      const paths = await writeReports(result, dir);
      for (const p of [paths.html, paths.junit, paths.json]) expect(existsSync(p)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`shipped campaign: ${result.stats.runs} runs, ${result.stats.scenariosPerMinute.toFixed(1)} runs/min, simulation ${result.stats.realTimeFactor.toFixed(2)}× real time`);
  }, 900_000);
});
