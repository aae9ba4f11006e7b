import type { ScenarioRunResult } from '../../runner/result.js';
import { escapeAttr, escapeText } from '../escapeMarkup.js';
import { formatNumber } from '../formatNumber.js';
import { SAFETY_STATES } from '../labels.js';
import { stateTimeline } from '../plots/stateTimeline.js';
import { forcePlot, jointPlot, speedPlot } from '../plots/tracePlots.js';
import { badge, biCell, note, row, table, verdictBadge } from './markup.js';

/** A run as the report places it: its anchor id (`run-3`, by position in `CampaignResult.runs`). */
export interface RunEntry {
  readonly run: ScenarioRunResult;
  readonly id: string;
}

const t = escapeText;
const n = (v: number | undefined, digits = 3): { num: string } => ({ num: t(formatNumber(v, digits)) });

/** The right end of the run's time axes: its duration, or later when anything happened later. */
export function runTimeSpanS(run: ScenarioRunResult): number {
  const times = [
    run.scenario.durationS,
    run.simS,
    ...run.traces.timeS,
    ...run.faults.flatMap((f) => [f.startS, f.endS ?? 0, f.detected?.timeS ?? 0]),
    ...run.states.map((s) => s.timeS),
    ...run.expectations.map((e) => e.atS ?? 0),
    ...run.operator.map((o) => o.atS),
  ];
  let span = 1e-3;
  for (const v of times) if (Number.isFinite(v) && v > span) span = v;
  return span;
}

function metaList(run: ScenarioRunResult): string {
  const s = run.scenario;
  const items: [string, string][] = [
    ['场景 Scenario', `<code>${t(s.name)}</code>`],
    ['文件 File', `<code>${t(s.file)}</code>`],
    ['机器人 Robot', t(s.robot)],
    ['仿真场景 Scene', t(s.scene)],
    ['配置 Profile', t(s.profile ?? '—')],
    ['种子 Seed', t(String(run.seed))],
    ['时长 Duration', `${t(formatNumber(s.durationS))} s`],
    ['控制频率 Rate', `${t(formatNumber(s.rateHz))} Hz`],
    ['仿真时间 Simulated', `${t(formatNumber(run.simS))} s`],
    ['墙钟时间 Wall time', `${t(formatNumber(run.wallMs / 1000))} s`],
    ['禁用监控 Disabled monitors', run.disabledMonitors.length === 0 ? '—' : t(run.disabledMonitors.join(', '))],
    [
      '安全日志 Safety log',
      `${t(String(run.log.records))} 条 records · ${
        run.log.verified ? badge('ok', { zh: '✔ 校验通过', en: 'verified' }) : `${badge('bad', { zh: '✘ 校验失败', en: 'NOT verified' })} ${t(run.log.problem ?? '')}`
      }`,
    ],
  ];
  return `<dl class="meta">${items.map(([k, v]) => `<div><dt>${t(k)}</dt><dd>${v}</dd></div>`).join('')}</dl>`;
}

function sampledTable(run: ScenarioRunResult): string {
  const entries = Object.entries(run.sampled);
  if (entries.length === 0) return note('无采样值。', 'No values were sampled.');
  return table(
    ['路径 Path', '值 Value'],
    entries.map(([k, v]) => row([`<code>${t(k)}</code>`, n(v, 6)])),
  );
}

function expectationTable(run: ScenarioRunResult): string {
  if (run.expectations.length === 0) return note('没有期望被评判。', 'No expectation was judged.');
  return table(
    ['# ', '结论 Verdict', '类型 Type', '描述 Description', '测量 Measured', '时刻 At (s)', '归因 Attributed to'],
    run.expectations.map((e) =>
      row(
        [`<code>expect[${e.index}]</code>`, verdictBadge(e.verdict), `<code>${t(e.type)}</code>`, biCell(e.description), biCell(e.measured), n(e.atS), t(e.attributes ?? '—')],
        e.verdict === 'fail' ? 'row-fail' : undefined,
      ),
    ),
  );
}

function faultTable(run: ScenarioRunResult): string {
  if (run.faults.length === 0) return note('本次运行未注入故障。', 'No fault was injected in this run.');
  return table(
    ['ID', '类型 Type', '目标 Target', '幅值 Magnitude', '开始 Start (s)', '结束 End (s)', '已注入 Injected', '生效周期 Applied cycles', '证据 Evidence', '检出 Detected by', '延迟 Latency (ms)'],
    run.faults.map((f) => {
      const inert = !f.injected || f.appliedCycles === 0;
      const injected = f.injected ? badge('ok', { zh: '是', en: 'yes' }) : badge('bad', { zh: '否', en: 'no' });
      const magnitude = f.magnitude === undefined ? '—' : `${t(formatNumber(f.magnitude))}${f.unit === undefined ? '' : ` ${t(f.unit)}`}`;
      const d = f.detected;
      const detected =
        d === undefined
          ? badge('warn', { zh: '未检出', en: 'not detected' })
          : `<code>${t(d.monitor)}</code> ${t(d.code)}${d.subject === undefined ? '' : ` (${t(d.subject)})`}<br><span class="muted">@ ${t(formatNumber(d.timeS))} s</span>`;
      const cycles = inert ? `${t(String(f.appliedCycles))} ${badge('bad', { zh: '未生效', en: 'inert' })}` : t(String(f.appliedCycles));
      return row(
        [`<code>${t(f.id)}</code>`, `<code>${t(f.type)}</code>`, `<code>${t(f.target)}</code>`, magnitude, n(f.startS), n(f.endS), injected, cycles, biCell(f.evidence), detected, n(d?.latencyMs, 2)],
        inert ? 'row-warn' : undefined,
      );
    }),
  );
}

function operatorTable(run: ScenarioRunResult): string {
  if (run.operator.length === 0) return note('本场景没有操作员动作。', 'The scenario has no operator actions.');
  return table(
    ['时刻 At (s)', '动作 Action', '来源 Source', '角色 Role', '结果 Outcome', '预期 Expected', '符合 OK'],
    run.operator.map((o) =>
      row(
        [
          n(o.atS),
          `<code>${t(o.action)}</code>`,
          t(o.source ?? '—'),
          t(o.role ?? '—'),
          `${t(o.outcome)}${o.code === undefined ? '' : ` <code>${t(o.code)}</code>`}`,
          t(o.expected ?? '—'),
          o.ok ? badge('ok', { zh: '✔ 是', en: 'yes' }) : badge('bad', { zh: '✘ 否', en: 'no' }),
        ],
        o.ok ? undefined : 'row-fail',
      ),
    ),
  );
}

/** The scenario's behaviour, when it ran one: how it ended, its inputs and alerts, and its own record as folded JSON. */
function behaviorPart(run: ScenarioRunResult): string {
  const b = run.behavior;
  if (b === undefined) return '';
  const ended = b.stoppedAtEnd ? `${t(b.status)} <span class="muted">${t('（场景结束时由运行器停止）stopped at the end of the scenario')}</span>` : t(b.status);
  const summary = table(
    ['行为 Behaviour', '结果 Status', '最终状态 State', '标签 Tags', '结束 Ended (s)', '输入 Inputs', '护理通知 Alerts'],
    [
      row([
        `<code>${t(b.id)}</code>`,
        `${ended}${b.error === undefined ? '' : ` <code>${t(b.error.code)}</code>`}`,
        `<code>${t(b.state)}</code>`,
        t(b.tags.join(', ') || '—'),
        n(b.endedAtS),
        t(b.inputs.map((i) => `${formatNumber(i.atS)} s ${i.input}${i.ok ? '' : ` ✘ ${i.code ?? ''}`}`).join('; ') || '—'),
        t(b.alerts.map((a) => `${formatNumber(a.atS)} s ${a.severity} ${a.kind}`).join('; ') || '—'),
      ]),
    ],
  );
  const record = b.record === undefined ? note('行为未结束，无记录。', 'The behaviour did not finish: no record.') : `<details><summary>${t('行为记录 Behaviour record (JSON)')}</summary><pre>${t(JSON.stringify(b.record, null, 1))}</pre></details>`;
  return `<h3>${t('行为 Behaviour')}</h3>${summary}${record}`;
}

function eventTable(run: ScenarioRunResult): string {
  if (run.events.length === 0) return note('没有安全事件。', 'No safety events.');
  const body = table(
    ['时刻 Time (s)', '类型 Kind', '监控 Monitor', '对象 Subject', '反应 Reaction', '代码 Code', '消息 Message'],
    run.events.map((e) =>
      row([n(e.timeS, 4), t(e.kind), `<code>${t(e.monitor)}</code>`, t(e.subject ?? '—'), t(e.reaction), t(e.code ?? '—'), e.message === undefined ? '—' : biCell(e.message)]),
    ),
  );
  return `<details${run.events.length <= 12 ? ' open' : ''}><summary>${t(`安全事件 Safety events (${run.events.length})`)}</summary>${body}</details>`;
}

const TIMELINE_LEGEND =
  '<div class="legend-row">' +
  Object.entries(SAFETY_STATES)
    .map(([k, s]) => `<span><span class="swatch state-${k}"></span>${t(s.zh)} ${t(s.en)}</span>`)
    .join('') +
  '<span><span class="swatch state-unrecorded"></span>无记录 not recorded</span>' +
  '<span>│ 竖线 line = 故障开始 fault start · 阴影 shade = 故障持续 fault active · ◇ 检出 detection · ▼ 未通过的期望 failed expectation</span>' +
  '</div>';

function plots(run: ScenarioRunResult): string {
  const span = runTimeSpanS(run);
  const tr = run.traces;
  const parts: string[] = [];
  parts.push(`<h3>${t('安全状态时间线 Safety-state timeline')}</h3><div class="plots wide">${stateTimeline(run, span)}</div>${TIMELINE_LEGEND}`);
  const empty = tr.timeS.length === 0;
  parts.push(`<h3>${t('关节位置 Joint positions')}</h3>`);
  if (empty || tr.joints.length === 0) parts.push(empty ? note('无轨迹数据。', 'No trace data was recorded.') : note('没有关节轨迹。', 'No joint traces.'));
  else parts.push(`<div class="plots">${tr.joints.map((j) => jointPlot(j, tr, span, run.faults)).join('')}</div>`);
  parts.push(`<h3>${t('交互力 Interaction forces')}</h3>`);
  if (empty || tr.forces.length === 0) parts.push(empty ? note('无轨迹数据。', 'No trace data was recorded.') : note('本次运行没有力通道。', 'No force channels in this run.'));
  else parts.push(`<div class="plots">${tr.forces.map((f) => forcePlot(f, tr, span, run.faults)).join('')}</div>`);
  parts.push(`<h3>${t('最大关节速度 Max joint speed')}</h3>`);
  if (empty || tr.maxSpeed.length === 0) parts.push(note('无速度数据。', 'No speed data was recorded.'));
  else parts.push(`<div class="plots wide">${speedPlot(tr, span, run.faults)}</div>`);
  return parts.join('');
}

/**
 * One run's section: a folding `<details>` (open for failed and errored runs) headed by its verdict,
 * title, scenario and seed, with the scenario's particulars, sampled values, expectations, faults,
 * operator actions, the plots and the safety events.
 */
export function runSection(entry: RunEntry): string {
  const { run, id } = entry;
  const s = run.scenario;
  const title = s.title.zh === s.title.en ? t(s.title.en) : `${t(s.title.zh)} <span class="muted">${t(s.title.en)}</span>`;
  const off = run.disabledMonitors.length === 0 ? '' : ` · ${t(`禁用 without ${run.disabledMonitors.join(', ')}`)}`;
  const summary = `${verdictBadge(run.verdict)} ${title} · <code>${t(s.name)}</code> · ${t(`种子 seed ${run.seed}`)}${off}`;
  const err =
    run.verdict === 'error'
      ? `<div class="error-box"><strong>${t('无法评判 Could not be judged')}:</strong> <code>${t(run.error?.code ?? '—')}</code> ${t(run.error?.message ?? '')}</div>`
      : '';
  const passed = run.expectations.filter((e) => e.verdict === 'pass').length;
  const body = [
    err,
    metaList(run),
    `<h3>${t('采样值 Sampled values')}</h3>`,
    sampledTable(run),
    `<h3>${t(`期望 Expectations (${passed}/${run.expectations.length} 通过 passed)`)}</h3>`,
    expectationTable(run),
    `<h3>${t('故障 Faults')}</h3>`,
    faultTable(run),
    `<h3>${t('操作员动作 Operator actions')}</h3>`,
    operatorTable(run),
    behaviorPart(run),
    plots(run),
    `<h3>${t('安全事件 Safety events')}</h3>`,
    eventTable(run),
    `<p class="back"><a href="#summary">${t('↑ 返回汇总 Back to summary')}</a></p>`,
  ].join('');
  const open = run.verdict === 'pass' ? '' : ' open';
  return `<section class="run run-${run.verdict}" id="${escapeAttr(id)}" data-verdict="${run.verdict}"><details${open}><summary>${summary}</summary><div class="run-body">${body}</div></details></section>`;
}
