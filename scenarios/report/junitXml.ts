import type { CampaignResult, HazardCoverage, MutationResult, ScenarioRunResult } from '../runner/result.js';
import { escapeAttr, escapeText } from './escapeMarkup.js';
import { formatNumber, msToSeconds } from './formatNumber.js';

/** One `<testcase>`, before it is written. */
interface Case {
  readonly name: string;
  readonly classname: string;
  readonly timeMs: number;
  readonly failure?: { readonly message: string; readonly type: string; readonly text: string };
  readonly error?: { readonly message: string; readonly type: string; readonly text: string };
  readonly out?: string;
}

/** One `<testsuite>`, before it is written. */
interface Suite {
  readonly name: string;
  readonly cases: readonly Case[];
  readonly properties?: readonly (readonly [string, string])[];
}

/** `knee_runaway seed=7`, plus the monitors switched off when it is a mutation run. */
export function runCaseName(run: ScenarioRunResult): string {
  const off = run.disabledMonitors.length > 0 ? ` without=${run.disabledMonitors.join(',')}` : '';
  return `${run.scenario.name} seed=${run.seed}${off}`;
}

function failureOf(run: ScenarioRunResult): NonNullable<Case['failure']> {
  const lines: string[] = [];
  const failed = run.expectations.filter((e) => e.verdict === 'fail');
  for (const e of failed) {
    const at = e.atS === undefined ? '' : ` (at ${formatNumber(e.atS)} s)`;
    lines.push(`expect[${e.index}] ${e.type}: ${e.description.en}\n  measured: ${e.measured.en}${at}`);
  }
  for (const o of run.operator) {
    if (o.ok) continue;
    const code = o.code === undefined ? '' : ` (${o.code})`;
    const expected = o.expected === undefined ? '' : `, expected ${o.expected}`;
    lines.push(`operator ${o.action} at ${formatNumber(o.atS)} s: ${o.outcome}${code}${expected}`);
  }
  if (!run.log.verified) lines.push(`safety log hash chain does not verify${run.log.problem === undefined ? '' : `: ${run.log.problem}`}`);
  if (lines.length === 0) lines.push('the run was judged fail with no failed expectation recorded');
  const first = failed[0];
  const message =
    failed.length === 0
      ? (lines[0]?.split('\n')[0] ?? 'failed')
      : failed.length === 1 && first !== undefined
        ? first.description.en
        : `${failed.length} expectations failed; first: ${first?.description.en ?? ''}`;
  return { message, type: failed.length > 0 ? 'expectation' : 'run', text: lines.join('\n') };
}

function runOut(run: ScenarioRunResult): string {
  const lines = [`${run.scenario.title.en} (${run.scenario.file})`];
  const sampled = Object.entries(run.sampled);
  if (sampled.length > 0) lines.push(`sampled: ${sampled.map(([k, v]) => `${k}=${formatNumber(v, 6)}`).join(', ')}`);
  for (const f of run.faults) {
    const magnitude = f.magnitude === undefined ? '' : ` ${formatNumber(f.magnitude)}${f.unit === undefined ? '' : ` ${f.unit}`}`;
    const end = f.endS === undefined ? '' : `–${formatNumber(f.endS)}`;
    const detected =
      f.detected === undefined
        ? 'not detected'
        : `detected by ${f.detected.monitor} ${f.detected.code} after ${formatNumber(f.detected.latencyMs)} ms`;
    const injected = f.injected ? `injected, ${f.appliedCycles} cycles` : 'NOT injected';
    lines.push(`fault ${f.id}: ${f.type} on ${f.target}${magnitude} at ${formatNumber(f.startS)}${end} s, ${injected}; ${detected}`);
  }
  lines.push(`simulated ${formatNumber(run.simS)} s; safety log ${run.log.records} records, ${run.log.verified ? 'verified' : 'NOT verified'}`);
  return lines.join('\n');
}

function runCase(run: ScenarioRunResult): Case {
  const base = { name: runCaseName(run), classname: `${run.scenario.robot}.${run.scenario.scene}`, timeMs: run.wallMs, out: runOut(run) };
  if (run.verdict === 'error') {
    const code = run.error?.code ?? 'SCENARIO_ERROR';
    const message = run.error?.message ?? 'the run could not be judged';
    return { ...base, error: { message: `${code}: ${message}`, type: code, text: `${code}: ${message}` } };
  }
  if (run.verdict === 'fail') return { ...base, failure: failureOf(run) };
  return base;
}

function hazardCase(h: HazardCoverage): Case {
  const base = { name: `${h.id} ${h.description.en}`, classname: 'hazards', timeMs: 0 };
  const detail = [
    `severity: ${h.severity}`,
    `monitors: ${h.monitors.join(', ') || '—'}`,
    `scenarios: ${h.scenarios.join(', ') || '—'}`,
    `passing: ${h.passing.join(', ') || '—'}`,
    `failing: ${h.failing.join(', ') || '—'}`,
    `missing: ${h.missing.join(', ') || '—'}`,
  ].join('\n');
  if (h.verdict === 'covered') return { ...base, out: detail };
  const message =
    h.verdict === 'failing'
      ? `hazard ${h.id} is failing: ${h.failing.join(', ')}`
      : `hazard ${h.id} is uncovered: no passing scenario${h.missing.length > 0 ? ` (missing: ${h.missing.join(', ')})` : ''}`;
  return { ...base, failure: { message, type: `hazard.${h.verdict}`, text: detail } };
}

function mutationCase(m: MutationResult): Case {
  const base = { name: m.monitor, classname: 'mutation', timeMs: 0 };
  const killed = m.killedBy.map((k) => `${k.scenario} seed=${k.seed}: ${k.expectations.join('; ')}`);
  const detail = [`verdict: ${m.verdict}`, `runs: ${m.runs}`, ...killed.map((k) => `killed by ${k}`)].join('\n');
  if (m.verdict !== 'unverified') return { ...base, out: detail };
  const message = `monitor ${m.monitor} is unverified: no expectation failed in ${m.runs} runs with it disabled`;
  return { ...base, failure: { message, type: 'mutation.unverified', text: detail } };
}

function count(cases: readonly Case[], what: 'failure' | 'error'): number {
  return cases.filter((c) => c[what] !== undefined).length;
}

function sumMs(cases: readonly Case[]): number {
  return cases.reduce((s, c) => s + (Number.isFinite(c.timeMs) ? c.timeMs : 0), 0);
}

function writeCase(c: Case): string {
  const open = `    <testcase name="${escapeAttr(c.name)}" classname="${escapeAttr(c.classname)}" time="${msToSeconds(c.timeMs)}"`;
  const inner: string[] = [];
  if (c.failure !== undefined) {
    inner.push(`      <failure message="${escapeAttr(c.failure.message)}" type="${escapeAttr(c.failure.type)}">${escapeText(c.failure.text)}</failure>`);
  }
  if (c.error !== undefined) {
    inner.push(`      <error message="${escapeAttr(c.error.message)}" type="${escapeAttr(c.error.type)}">${escapeText(c.error.text)}</error>`);
  }
  if (c.out !== undefined) inner.push(`      <system-out>${escapeText(c.out)}</system-out>`);
  return inner.length === 0 ? `${open}/>` : `${open}>\n${inner.join('\n')}\n    </testcase>`;
}

function writeSuite(s: Suite, id: number, timestamp: string): string {
  const attrs =
    `name="${escapeAttr(s.name)}" id="${id}" tests="${s.cases.length}" failures="${count(s.cases, 'failure')}" ` +
    `errors="${count(s.cases, 'error')}" skipped="0" time="${msToSeconds(sumMs(s.cases))}" timestamp="${escapeAttr(timestamp)}"`;
  const props =
    s.properties === undefined || s.properties.length === 0
      ? []
      : ['    <properties>', ...s.properties.map(([k, v]) => `      <property name="${escapeAttr(k)}" value="${escapeAttr(v)}"/>`), '    </properties>'];
  return [`  <testsuite ${attrs}>`, ...props, ...s.cases.map(writeCase), '  </testsuite>'].join('\n');
}

/**
 * The campaign as JUnit XML, for CI systems (Jenkins, GitLab, GitHub test reporters): one
 * `<testsuite>` per robot with one `<testcase>` per run (name `scenario seed=N`, classname
 * `robot.scene`, time = the run's wall time in seconds), a `<failure>` listing every failed
 * expectation with its measured value (English), an `<error>` for runs that could not be judged;
 * then a `hazard-coverage` suite (a hazard not `covered` fails) and a `mutation` suite (an
 * `unverified` monitor fails). Text is escaped for XML 1.0; characters XML forbids are written as `\uXXXX`.
 */
export function junitXml(result: CampaignResult): string {
  const byRobot = new Map<string, Case[]>();
  for (const run of result.runs) {
    const cases = byRobot.get(run.scenario.robot) ?? [];
    cases.push(runCase(run));
    byRobot.set(run.scenario.robot, cases);
  }
  const machine: [string, string][] = [
    ['machine.cpus', String(result.machine.cpus)],
    ['machine.node', result.machine.node],
    ['machine.platform', result.machine.platform],
    ['seeds', result.seeds.join(',')],
  ];
  const suites: Suite[] = [...byRobot].map(([robot, cases]) => ({ name: robot, cases, properties: [['robot', robot], ...machine] }));
  if (result.hazards !== undefined) suites.push({ name: 'hazard-coverage', cases: result.hazards.map(hazardCase) });
  if (result.mutation !== undefined) suites.push({ name: 'mutation', cases: result.mutation.map(mutationCase) });
  const all = suites.flatMap((s) => s.cases);
  const root =
    `<testsuites name="${escapeAttr(`Kindred scenario ${result.kind}`)}" tests="${all.length}" failures="${count(all, 'failure')}" ` +
    `errors="${count(all, 'error')}" skipped="0" time="${msToSeconds(result.wallMs)}" timestamp="${escapeAttr(result.startedAt)}">`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', root, ...suites.map((s, i) => writeSuite(s, i, result.startedAt)), '</testsuites>', ''].join('\n');
}
