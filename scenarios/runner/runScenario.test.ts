/**
 * The scenario runner end to end, with the real worker, real MuJoCo and a real durable safety log:
 * a shipped scenario passes with its fault really injected and caught in the cycle that reads it; the
 * same seed gives the same run; a fault that changes nothing fails the run; removing the monitor that
 * catches the fault fails it too; bad files are refused with file:line:column before anything runs.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { runCampaign } from './campaign.js';
import { loadHazards } from './hazards.js';
import { loadScenario } from './loadScenario.js';
import { runScenario } from './runScenario.js';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const FORCE_OFFSET = here('../exo/thigh_cuff_force_offset.scenario.yaml');
const NOMINAL = here('../exo/nominal_knee_exercise.scenario.yaml');

function codeOf(f: () => unknown): { code: string; line?: unknown; field?: unknown; message: string } {
  try {
    f();
  } catch (e) {
    if (isKindredError(e)) return { code: e.code, line: e.context.line, field: e.context.field, message: e.message };
    throw e;
  }
  throw new Error('expected a KindredError');
}

describe('scenario files', () => {
  it('refuse a misspelt fault type at its line, naming the types there are', () => {
    const e = codeOf(() => loadScenario(here('fixtures/unknown_fault_type.scenario.yaml')));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.line).toBe(9);
    expect(e.field).toBe('faults[0].type');
    expect(e.message).toContain('sensor.force_offset');
  });

  it('refuse an expectation about a fault the scenario does not inject', () => {
    const e = codeOf(() => loadScenario(here('fixtures/dangling_reference.scenario.yaml')));
    expect(e).toMatchObject({ code: 'SCENARIO_FILE_INVALID', line: 16, field: 'expect.0.after' });
    expect(e.message).toContain('spasm');
  });

  it('refuse an activity on a joint no controller of the launch file commands', () => {
    const e = codeOf(() => loadScenario(here('fixtures/uncommanded_joint.scenario.yaml')));
    expect(e).toMatchObject({ code: 'SCENARIO_FILE_INVALID', field: 'activity.0.joints.0' });
    expect(e.message).toContain('knee_left');
  });
});

describe('running a scenario (real worker, MuJoCo, safety log)', () => {
  it('a thigh-cuff force offset is injected, caught by the force monitor in the cycle that reads it, stopped (category 0) and logged durably', async () => {
    const r = await runScenario(loadScenario(FORCE_OFFSET), { seed: 7 });
    expect(r.error).toBeUndefined();
    expect(r.verdict).toBe('pass');
    const f = r.faults[0]!;
    // The declared ranges were drawn with the seed, and the fault really changed the readings.
    expect(f.startS).toBeGreaterThanOrEqual(1.0);
    expect(f.startS).toBeLessThanOrEqual(1.602);
    expect(f.magnitude).toBeGreaterThanOrEqual(300);
    expect(f.magnitude).toBeLessThanOrEqual(500);
    expect(f.injected).toBe(true);
    expect(f.appliedCycles).toBeGreaterThan(100);
    expect(f.detected).toMatchObject({ monitor: 'interaction_force', code: 'SAFETY_FORCE_TRANSIENT', latencyMs: 0 });
    expect(r.log.verified).toBe(true);
    expect(r.events.some((e) => e.kind === 'fault' && e.code === 'SAFETY_FORCE_TRANSIENT')).toBe(true);
    expect(r.states.map((s) => s.state)).toEqual(['normal', 'protective_stop']);
    expect(r.expectations.every((e) => e.verdict === 'pass')).toBe(true);
    expect(r.traces.joints.length).toBe(8);
    expect(r.traces.forces.map((c) => c.region)).toEqual(['thigh_knee', 'thigh_knee', 'lower_leg', 'lower_leg']);
    expect(Math.max(...r.traces.forces[0]!.forceN)).toBeGreaterThan(290);

    // The same seed gives the same run: the same draws, the same events at the same times.
    const again = await runScenario(loadScenario(FORCE_OFFSET), { seed: 7 });
    expect(again.sampled).toEqual(r.sampled);
    expect(again.events.map((e) => [e.timeS, e.code])).toEqual(r.events.map((e) => [e.timeS, e.code]));
  }, 60_000);

  it('a fault that changes nothing fails the run: green must mean really injected', async () => {
    const r = await runScenario(loadScenario(here('fixtures/inert_offset.scenario.yaml')));
    expect(r.verdict).toBe('fail');
    const inert = r.expectations.find((e) => e.type === 'fault_injected');
    expect(inert).toMatchObject({ verdict: 'fail' });
    expect(inert!.measured.en).toContain('0 cycles');
  }, 60_000);

  it('without the interaction-force monitor the same fault is not caught and the run fails', async () => {
    const r = await runScenario(loadScenario(FORCE_OFFSET), { seed: 7, disabledMonitors: ['interaction_force'] });
    expect(r.verdict).toBe('fail');
    expect(r.disabledMonitors).toEqual(['interaction_force']);
    const failed = r.expectations.filter((e) => e.verdict === 'fail').map((e) => e.type);
    expect(failed).toContain('detected');
    expect(failed).toContain('stop_category');
  }, 60_000);
});

describe('a campaign with hazards and the mutation test', () => {
  it('reports coverage, fails on an uncovered hazard, and verifies the monitor the passing scenario relies on', async () => {
    const result = await runCampaign([loadScenario(FORCE_OFFSET), loadScenario(NOMINAL)], {
      kind: 'campaign',
      seedsFor: (s) => [s.scenario.seed],
      jobs: 2,
      hazards: loadHazards(here('fixtures/hazards_partial.yaml')),
      mutation: true,
    });
    expect(result.stats).toMatchObject({ runs: 2, passed: 2, failed: 0, errored: 0 });
    expect(result.hazards?.map((h) => [h.id, h.verdict])).toEqual([
      ['HZ-CUFF', 'covered'],
      ['HZ-NOT-VERIFIED', 'uncovered'],
    ]);
    const byMonitor = new Map(result.mutation!.map((m) => [m.monitor, m]));
    expect(byMonitor.get('interaction_force')).toMatchObject({ verdict: 'verified' });
    expect(byMonitor.get('interaction_force')!.killedBy[0]!.scenario).toBe('exo_thigh_cuff_force_offset');
    // Monitors neither scenario makes act are unverified, without a wasted run.
    expect(byMonitor.get('separation')).toMatchObject({ verdict: 'unverified', runs: 0 });
    expect(result.verdict).toBe('fail');
    expect(result.stats.scenariosPerMinute).toBeGreaterThan(0);
    expect(result.stats.realTimeFactor).toBeGreaterThan(0);
  }, 180_000);
});
