import type { CampaignResult, HazardCoverage, MutationResult } from '../../runner/result.js';
import { escapeAttr, escapeText } from '../escapeMarkup.js';
import { formatNumber } from '../formatNumber.js';
import { HAZARD_LABEL, MUTATION_LABEL, VERDICT_LABEL, VERDICT_SYMBOL, both } from '../labels.js';
import { badge, biCell, note, row, table, verdictBadge } from './markup.js';
import type { RunEntry } from './runSection.js';

const t = escapeText;

/** The head of the report: the campaign verdict, big and coloured, and the figures a reader checks first. */
export function header(result: CampaignResult): string {
  const v = result.verdict;
  const s = result.stats;
  const seeds = result.seeds.length > 24 ? `${result.seeds.slice(0, 24).join(', ')} … (${result.seeds.length})` : result.seeds.join(', ') || '—';
  const facts: [string, string][] = [
    ['日期 Date', t(result.startedAt)],
    ['类型 Kind', result.kind === 'campaign' ? '测试活动 campaign' : '单次运行 run'],
    ['运行 Runs', t(`${s.runs} — 通过 passed ${s.passed} · 未通过 failed ${s.failed} · 错误 errored ${s.errored}`)],
    ['场景/分钟 Scenarios per minute', t(formatNumber(s.scenariosPerMinute, 1))],
    ['实时倍数 Real-time factor', t(`×${formatNumber(s.realTimeFactor, 1)}`)],
    ['墙钟时间 Wall time', t(`${formatNumber(result.wallMs / 1000, 1)} s`)],
    ['机器 Machine', t(`${result.machine.cpus} CPU · Node ${result.machine.node} · ${result.machine.platform}`)],
    ['种子 Seeds', t(seeds)],
  ];
  if (result.hazards !== undefined) {
    const covered = result.hazards.filter((h) => h.verdict === 'covered').length;
    facts.push(['危害覆盖 Hazards covered', t(`${covered} / ${result.hazards.length}`)]);
  }
  if (result.mutation !== undefined) {
    const verified = result.mutation.filter((m) => m.verdict === 'verified').length;
    facts.push(['已验证监控 Monitors verified', t(`${verified} / ${result.mutation.length}`)]);
  }
  return (
    `<header class="top verdict-${v}">` +
    `<div class="big-verdict" id="verdict">${VERDICT_SYMBOL[v]} ${VERDICT_LABEL[v].zh} ${VERDICT_LABEL[v].en}</div>` +
    `<h1>Kindred 故障注入场景报告 Fault-injection scenario report</h1>` +
    `<dl class="facts">${facts.map(([k, val]) => `<div><dt>${t(k)}</dt><dd>${val}</dd></div>`).join('')}</dl>` +
    `</header>`
  );
}

/** Where each scenario's runs are in the report, for links from the hazard and mutation tables. */
export interface RunIndex {
  /** The section of a scenario's first failing (or else first) normal run. */
  byScenario(name: string): string | undefined;
  /** The section of a run of `scenario` with `seed` and `monitor` disabled, if the report holds it. */
  mutationRun(scenario: string, seed: number, monitor: string): string | undefined;
}

/** Builds the lookups of `RunIndex` over the report's runs. */
export function runIndex(entries: readonly RunEntry[]): RunIndex {
  const first = new Map<string, string>();
  for (const e of entries) {
    if (e.run.disabledMonitors.length > 0) continue;
    const prev = first.get(e.run.scenario.name);
    const prevFailed = prev !== undefined && entries.find((x) => x.id === prev)?.run.verdict !== 'pass';
    if (prev === undefined || (!prevFailed && e.run.verdict !== 'pass')) first.set(e.run.scenario.name, e.id);
  }
  return {
    byScenario: (name) => first.get(name),
    mutationRun: (scenario, seed, monitor) =>
      entries.find((e) => e.run.scenario.name === scenario && e.run.seed === seed && e.run.disabledMonitors.includes(monitor))?.id,
  };
}

function link(id: string | undefined, text: string): string {
  return id === undefined ? t(text) : `<a href="#${escapeAttr(id)}">${t(text)}</a>`;
}

/** All runs in report order (failed and errored first), each linking to its section. */
export function summaryTable(entries: readonly RunEntry[]): string {
  const headingHtml = `<h2 id="summary">${t('运行汇总 Runs')}</h2>`;
  if (entries.length === 0) return `${headingHtml}${note('本次没有运行任何场景。', 'No scenario was run.')}`;
  const rows = entries.map((e, i) => {
    const r = e.run;
    const failed = r.expectations.filter((x) => x.verdict === 'fail').length;
    const injected = r.faults.filter((f) => f.injected && f.appliedCycles > 0).length;
    const detected = r.faults.filter((f) => f.detected !== undefined).length;
    const scenario = `${link(e.id, r.scenario.name)}<br><span class="muted">${t(both(r.scenario.title))}</span>`;
    return row(
      [
        { num: String(i + 1) },
        verdictBadge(r.verdict),
        scenario,
        { num: t(String(r.seed)) },
        `${t(r.scenario.robot)} / ${t(r.scenario.scene)}`,
        t(`${r.expectations.length - failed}/${r.expectations.length}`) + (failed > 0 ? ` ${badge('fail', { zh: `${failed} 未通过`, en: 'failed' })}` : ''),
        t(`${injected}/${r.faults.length} · ${detected}/${r.faults.length}`),
        { num: t(formatNumber(r.simS, 2)) },
        { num: t(formatNumber(r.wallMs / 1000, 2)) },
      ],
      r.verdict === 'fail' ? 'row-fail' : r.verdict === 'error' ? 'row-error' : undefined,
    );
  });
  return (
    headingHtml +
    table(
      ['#', '结论 Verdict', '场景 Scenario', '种子 Seed', '机器人/场景 Robot / scene', '期望通过 Expectations passed', '故障 已生效·已检出 Faults effective·detected', '仿真 Sim (s)', '墙钟 Wall (s)'],
      rows,
    )
  );
}

function scenarioList(names: readonly string[], index: RunIndex, mark: string): string {
  return names.map((name) => `${mark} ${link(index.byScenario(name), name)}`).join('<br>');
}

/** Hazard traceability: each hazard, its monitors and the scenarios that verify it. */
export function hazardTable(hazards: readonly HazardCoverage[] | undefined, index: RunIndex): string {
  const headingHtml = `<h2 id="hazards">${t('危害覆盖 Hazard coverage')}</h2>`;
  if (hazards === undefined) return `${headingHtml}${note('本次未使用危害文件。', 'No hazards file was used.')}`;
  if (hazards.length === 0) return `${headingHtml}${note('危害文件中没有危害。', 'The hazards file lists no hazards.')}`;
  const rows = hazards.map((h) =>
    row(
      [
        `<code>${t(h.id)}</code>`,
        badge(h.verdict, HAZARD_LABEL[h.verdict]),
        t(h.severity),
        biCell(h.description),
        h.monitors.map((m) => `<code>${t(m)}</code>`).join(', ') || '—',
        [scenarioList(h.passing, index, '✔'), scenarioList(h.failing, index, '✘'), h.missing.map((m) => `? ${t(m)} <span class="muted">(未运行 not run)</span>`).join('<br>')]
          .filter((x) => x !== '')
          .join('<br>') || '—',
      ],
      h.verdict === 'covered' ? undefined : 'row-fail',
    ),
  );
  return headingHtml + table(['ID', '结论 Verdict', '严重度 Severity', '描述 Description', '监控 Monitors', '场景 Scenarios'], rows);
}

/** The mutation test: per monitor, whether disabling it made some expectation fail, and which. */
export function mutationTable(mutation: readonly MutationResult[] | undefined, index: RunIndex): string {
  const headingHtml = `<h2 id="mutation">${t('变异测试 Mutation test')}</h2>`;
  if (mutation === undefined) return `${headingHtml}${note('本次未运行变异测试。', 'The mutation test was not run.')}`;
  if (mutation.length === 0) return `${headingHtml}${note('没有被变异的监控。', 'No monitor was mutated.')}`;
  const rows = mutation.map((m) =>
    row(
      [
        `<code>${t(m.monitor)}</code>`,
        badge(m.verdict, MUTATION_LABEL[m.verdict]),
        m.killedBy.length === 0
          ? t('— 无 none')
          : m.killedBy
              .map((k) => `${link(index.mutationRun(k.scenario, k.seed, m.monitor), `${k.scenario} seed=${k.seed}`)}: ${t(k.expectations.join('; '))}`)
              .join('<br>'),
        { num: t(String(m.runs)) },
      ],
      m.verdict === 'unverified' ? 'row-fail' : m.verdict === 'attribution_only' ? 'row-warn' : undefined,
    ),
  );
  return headingHtml + table(['监控 Monitor', '结论 Verdict', '被检出于 Killed by', '运行数 Runs'], rows);
}
