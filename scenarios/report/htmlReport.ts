import { createHash } from 'node:crypto';
import type { CampaignResult, Verdict } from '../runner/result.js';
import { escapeText } from './escapeMarkup.js';
import { VERDICT_LABEL } from './labels.js';
import { note } from './html/markup.js';
import { hazardTable, header, mutationTable, runIndex, summaryTable } from './html/overview.js';
import { REPORT_CSS } from './html/reportStyles.js';
import { runSection, type RunEntry } from './html/runSection.js';

/**
 * The report's only script: unfold every run before printing, unfold the run a link points at, and
 * the fold/unfold-all buttons. Without it the report still reads (runs that failed are open).
 */
const REPORT_SCRIPT = `(function () {
  function all(open) { document.querySelectorAll('details').forEach(function (d) { d.open = open; }); }
  function target() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id ? document.getElementById(id) : null;
    var d = el ? el.querySelector('details') : null;
    if (d) { d.open = true; el.scrollIntoView(); }
  }
  window.addEventListener('beforeprint', function () { all(true); });
  window.addEventListener('hashchange', target);
  document.querySelectorAll('[data-fold]').forEach(function (b) {
    b.addEventListener('click', function () { all(b.getAttribute('data-fold') === 'open'); });
  });
  document.documentElement.classList.add('js');
  target();
})();`;

/** Failed and errored runs first, then passing ones, each group in campaign order. */
const ORDER: Readonly<Record<Verdict, number>> = { fail: 0, error: 1, pass: 2 };

/**
 * The campaign as ONE self-contained HTML file a safety engineer can open offline and attach to the
 * risk file: inline CSS and SVG plots, one small inline script (allowed by its hash in the page's
 * Content-Security-Policy, which also forbids every network load), system fonts only, bilingual
 * labels (zh-CN first). Header with the verdict, then a summary of all runs (failed first) linking to
 * each run's section, hazard coverage, the mutation test, and one section per run.
 */
export function htmlReport(result: CampaignResult): string {
  const entries: RunEntry[] = result.runs
    .map((run, i) => ({ run, id: `run-${i + 1}` }))
    .sort((a, b) => ORDER[a.run.verdict] - ORDER[b.run.verdict]); // stable: campaign order within a group
  const index = runIndex(entries);
  const scriptHash = createHash('sha256').update(REPORT_SCRIPT, 'utf8').digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const v = VERDICT_LABEL[result.verdict];
  const title = `Kindred 场景报告 Scenario report — ${v.zh} ${v.en} — ${result.startedAt}`;
  const nav =
    '<nav class="toc">' +
    '<a href="#summary">运行汇总 Runs</a><a href="#hazards">危害覆盖 Hazard coverage</a><a href="#mutation">变异测试 Mutation test</a><a href="#runs">运行详情 Run details</a>' +
    '<span class="fold-buttons"><button type="button" data-fold="open">全部展开 Expand all</button><button type="button" data-fold="close">全部折叠 Collapse all</button></span>' +
    '</nav>';
  const runs = entries.length === 0 ? note('没有运行。', 'No runs.') : entries.map(runSection).join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    '<meta name="generator" content="Kindred scenarios/report">',
    `<title>${escapeText(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    header(result),
    nav,
    summaryTable(entries),
    hazardTable(result.hazards, index),
    mutationTable(result.mutation, index),
    `<h2 id="runs">运行详情 Run details</h2>`,
    runs,
    `<script>${REPORT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
