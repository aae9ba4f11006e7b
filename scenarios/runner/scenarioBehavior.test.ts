/**
 * Scenarios that run a shipped behaviour (`behavior:`) instead of a fixed activity, end to end with the
 * real worker, MuJoCo, the safety supervisor, a durable safety log and the companion behaviour on its
 * own bus: an e-stop and a fall while the behaviour runs (the behaviour still alerts urgently), a head
 * encoder freezing while the behaviour turns the head (detected, stopped, the behaviour safe), the
 * mutation test on such a run, and the files the schema refuses.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { shippedBehaviorIds } from '../../behaviors/catalog.js';
import { parseYaml } from '../../launch/index.js';
import { isKindredError } from '../../runtime/errors/index.js';
import { htmlReport, parseJsonReport, jsonReport } from '../report/index.js';
import { campaignOf } from '../report/testing/fixture.js';
import { judgeExpectations, type RunSamples } from './expectations.js';
import { loadScenario, validateScenario } from './loadScenario.js';
import type { BehaviorRunRecord } from './result.js';
import { runScenario } from './runScenario.js';
import { prepareScenarioBehavior } from './scenarioBehavior.js';
import type { Expectation } from './scenarioSchema.js';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const FALL_DURING_ESTOP = here('../companion/behavior_fall_during_estop.scenario.yaml');
const HEAD_STUCK = here('../companion/behavior_head_encoder_stuck.scenario.yaml');

/** A scenario file's text, as if it were in scenarios/companion/. */
function scenarioText(body: string, scene = 'companion_home'): ReturnType<typeof validateScenario> {
  const head = `kind: scenario\nname: t\ntitle: { en: t, zh: t }\nscene: ${scene}\nseed: 1\ndurationS: 2\n`;
  return validateScenario(parseYaml(head + body, here('../companion/inline.scenario.yaml')));
}

function refusal(f: () => unknown): { code: string; field?: unknown; line?: unknown; message: string } {
  try {
    f();
  } catch (e) {
    if (isKindredError(e)) return { code: e.code, field: e.context.field, line: e.context.line, message: e.message };
    throw e;
  }
  throw new Error('expected a KindredError');
}

/** The companion's record, as far as these tests read it. */
interface CompanionRecordView {
  readonly ended: string;
  readonly falls: readonly { readonly kind: string; readonly outcome?: string; readonly fellAtS?: number }[];
  readonly alerts: readonly { readonly severity: string; readonly alertKind: string; readonly reason?: string; readonly ok: boolean }[];
}

describe('scenario files with a behaviour', () => {
  it('refuse a behaviour and an activity together, at the activity, naming the behaviour', () => {
    const e = refusal(() => scenarioText('behavior: { id: companion }\nactivity: [{ type: hold }]\nexpect: [{ type: behavior_outcome }]\n'));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.field).toBe('activity');
    expect(e.line).toBe(8);
    expect(e.message).toContain('behaviour companion sends the set-points');
  });

  it('refuse an unknown behaviour id, naming the field and the shipped ids', () => {
    const e = refusal(() => scenarioText('behavior: { id: companoin }\nexpect: [{ type: behavior_outcome }]\n'));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.field).toBe('behavior.id');
    expect(e.message).toContain('"companoin"');
    for (const id of shippedBehaviorIds()) expect(e.message).toContain(id);
  });

  it('refuse behavior_outcome in a scenario without a behaviour, and a crash fault with one', () => {
    expect(refusal(() => scenarioText('expect: [{ type: behavior_outcome, status: done }]\n'))).toMatchObject({ code: 'CONFIG_INVALID', field: 'expect[0].type' });
    const crash = refusal(() => scenarioText('behavior: { id: companion }\nfaults: [{ id: c, type: compute.crash, target: process, atS: 1 }]\nexpect: [{ type: no_faults }]\n'));
    expect(crash).toMatchObject({ code: 'CONFIG_INVALID', field: 'faults[0].type' });
  });

  it('a behaviour scenario has no activity of its own; without a behaviour the robot still holds by default', () => {
    expect(scenarioText('behavior: { id: companion }\nexpect: [{ type: behavior_outcome }]\n').scenario.activity).toEqual([]);
    expect(scenarioText('expect: [{ type: no_faults }]\n').scenario.activity).toEqual([{ type: 'hold' }]);
  });

  it('refuse a plan file that is not there before anything runs', async () => {
    const loaded = scenarioText('behavior: { id: companion, plan: no_such.plan.yaml }\nexpect: [{ type: behavior_outcome }]\n');
    const e = await prepareScenarioBehavior(loaded).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isKindredError(e, 'SCENARIO_FILE_INVALID')).toBe(true);
    expect((e as { context: { field: string } }).context.field).toBe('behavior.plan');
  });

  it('refuse a behaviour of another robot than the scene’s, naming the robots', async () => {
    const loaded = scenarioText('behavior: { id: companion }\nexpect: [{ type: behavior_outcome }]\n', 'transfer_bed');
    const e = await prepareScenarioBehavior(loaded).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isKindredError(e, 'SCENARIO_FILE_INVALID')).toBe(true);
    expect((e as Error).message).toContain('kindred_companion');
    expect((e as Error).message).toContain('kindred_transfer');
  });

  it("run on the behaviour's launch file with its adjustments, the scenario's person winning", async () => {
    const prepared = (await prepareScenarioBehavior(loadScenario(FALL_DURING_ESTOP)))!;
    expect(prepared.launchFile).toMatch(/companion_behavior\.launch\.yaml$/);
    expect(prepared.launch.record.enabled).toBe(false);
    expect(prepared.script).toEqual([{ atS: 12, command: 'stop' }]);
  });

  it('run the demo script and the launch of another robot’s behaviour (the transfer) when the scenario names neither', async () => {
    const prepared = (await prepareScenarioBehavior(loadScenario(here('../transfer/behavior_lift_runaway.scenario.yaml'))))!;
    expect(prepared.id).toBe('transfer');
    expect(prepared.launchFile).toMatch(/transfer_behavior\.launch\.yaml$/);
    expect(prepared.script).toEqual(prepared.prepared.script);
    expect(prepared.script.length).toBeGreaterThan(3);
  });
});

describe('behavior_outcome is judged on how the behaviour ended', () => {
  const samples = { count: 0 } as unknown as RunSamples;
  const ended: BehaviorRunRecord = { id: 'companion', runId: 'r', status: 'stopped', stoppedAtEnd: true, state: 'safetyStop.holding', tags: ['safe'], endedAtS: 8, inputs: [], alerts: [] };
  const judge = (e: Omit<Extract<Expectation, { type: 'behavior_outcome' }>, 'type' | 'tagsInclude'> & { tagsInclude?: string[] }, b?: BehaviorRunRecord): string =>
    judgeExpectations([{ type: 'behavior_outcome', tagsInclude: [], ...e }], { samples, events: [], faults: [], anchors: new Map(), periodS: 0.002, ...(b === undefined ? {} : { behavior: b }) })[0]!.verdict;

  it.each([
    [{ state: 'safetyStop' }, 'pass'],
    [{ state: 'safetyStop.holding', status: 'stopped' as const, tagsInclude: ['safe'] }, 'pass'],
    [{ state: 'safety' }, 'fail'],
    [{ status: 'done' as const }, 'fail'],
    [{ tagsInclude: ['safe', 'pausable'] }, 'fail'],
    [{ withinS: 7.5 }, 'fail'],
    [{ withinS: 8 }, 'pass'],
  ])('%j → %s', (e, verdict) => expect(judge(e, ended)).toBe(verdict));

  it('fails when the scenario ran no behaviour', () => expect(judge({})).toBe('fail'));
});

describe('running a behaviour in a scenario (real worker, MuJoCo, safety log, the companion)', () => {
  it('an e-stop, then a fall while stopped: the companion alerts the caregiver urgently at once, and the same seed gives the same run', async () => {
    const r = await runScenario(loadScenario(FALL_DURING_ESTOP));
    expect(r.error).toBeUndefined();
    expect(r.expectations.filter((e) => e.verdict === 'fail')).toEqual([]);
    expect(r.verdict).toBe('pass');
    const press = r.operator.find((o) => o.id === 'press')!;
    const fall = r.faults.find((f) => f.id === 'fall')!;
    expect(fall.appliedCycles).toBeGreaterThan(0);
    // The supervisor was in emergency stop from the press until the reset, and the fall came in between.
    expect(r.states.map((s) => s.state).slice(0, 3)).toEqual(['normal', 'emergency_stop', 'recovery']);
    expect(fall.startS).toBeGreaterThan(press.atS);
    const b = r.behavior!;
    expect(b).toMatchObject({ id: 'companion', status: 'done', stoppedAtEnd: false, state: 'stopped', tags: ['safe'] });
    expect(b.inputs).toEqual([{ atS: 12, input: 'command:stop', ok: true }]);
    // The urgent alert went out while the robot was still stopped, within a second of the fall.
    const urgent = b.alerts.filter((a) => a.severity === 'urgent');
    expect(urgent).toHaveLength(1);
    expect(urgent[0]!.kind).toBe('fall');
    expect(urgent[0]!.atS - fall.startS).toBeLessThan(1);
    expect(urgent[0]!.atS).toBeLessThan(9);
    const record = b.record as CompanionRecordView;
    expect(record.ended).toBe('operator_stop');
    expect(record.falls.filter((f) => f.kind === 'fall')).toEqual([expect.objectContaining({ outcome: 'during_safety_stop' })]);
    expect(record.alerts).toEqual([expect.objectContaining({ severity: 'urgent', alertKind: 'fall', reason: 'during_safety_stop', ok: true })]);
    console.log(`behaviour scenario: ${r.simS.toFixed(1)} s simulated in ${(r.wallMs / 1000).toFixed(1)} s; urgent alert ${((urgent[0]!.atS - fall.startS) * 1000).toFixed(0)} ms after the fall`);

    // The report carries it: the JSON round trip keeps the record, the HTML shows it folded.
    const campaign = campaignOf([r]);
    expect(parseJsonReport(jsonReport(campaign)).runs[0]!.behavior).toEqual(r.behavior);
    const html = htmlReport(campaign);
    expect(html).toContain('Behaviour record (JSON)');
    expect(html).toContain('during_safety_stop');

    const again = await runScenario(loadScenario(FALL_DURING_ESTOP));
    expect(again.events.map((e) => [e.timeS, e.code])).toEqual(r.events.map((e) => [e.timeS, e.code]));
    expect(again.behavior!.alerts).toEqual(b.alerts);
    // The same log, entry for entry, but for the alerts' random ids.
    const timeline = (x: unknown): unknown[] => (x as { timeline: Record<string, unknown>[] }).timeline.map(({ alertId: _id, ...rest }) => rest);
    expect(timeline(again.behavior!.record)).toEqual(timeline(b.record));
  }, 60_000);

  it('a head encoder stuck while the behaviour turns the head: caught by tracking, and the behaviour ends in its safe stop; without the monitor it fails', async () => {
    const r = await runScenario(loadScenario(HEAD_STUCK));
    expect(r.error).toBeUndefined();
    expect(r.expectations.filter((e) => e.verdict === 'fail')).toEqual([]);
    expect(r.verdict).toBe('pass');
    const stuck = r.faults.find((f) => f.id === 'stuck')!;
    expect(stuck.detected).toMatchObject({ monitor: 'tracking_error', subject: 'head_pan/position' });
    // The head was really turning when it froze.
    const head = r.traces.joints.find((j) => j.name === 'head_pan')!;
    const at = r.traces.timeS.findIndex((t) => t >= stuck.startS);
    expect(Math.abs(head.command![at]!)).toBeGreaterThan(0.05);
    const b = r.behavior!;
    expect(b.stoppedAtEnd).toBe(true);
    expect(b.state.startsWith('safetyStop.')).toBe(true);
    expect(b.tags).toContain('safe');
    // The fall it was turning to is still alerted, once the stop is in force.
    expect(b.alerts).toEqual([expect.objectContaining({ severity: 'urgent', kind: 'fall' })]);
    expect(b.alerts[0]!.atS).toBeGreaterThanOrEqual(stuck.detected!.timeS);

    // The mutation test on this run: without tracking, nothing stops the robot and the behaviour never leaves its motion.
    const without = await runScenario(loadScenario(HEAD_STUCK), { disabledMonitors: ['tracking_error'] });
    expect(without.verdict).toBe('fail');
    const failed = without.expectations.filter((e) => e.verdict === 'fail').map((e) => e.type);
    expect(failed).toEqual(expect.arrayContaining(['detected', 'reaches_state', 'behavior_outcome']));
    expect(without.behavior!.state.startsWith('safetyStop')).toBe(false);
  }, 60_000);
});
