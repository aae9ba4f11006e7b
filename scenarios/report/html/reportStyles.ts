import { SAFETY_STATES, UNKNOWN_STATE_COLOUR } from '../labels.js';

/**
 * The HTML report's inline stylesheet: system fonts only (nothing to fetch), plot styling by class so
 * the SVG stays small, and print rules (every run unfolded, colours kept, a run per page) so the
 * report can be filed on paper.
 */
export const REPORT_CSS = `
:root { --pass: #1e7b34; --fail: #c62828; --error: #7b1fa2; --ink: #1b1f24; --muted: #5b6570; --line: #d5dae0; --bg-alt: #f5f7f9; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 1200px; padding: 16px 20px 48px; color: var(--ink); background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
h1 { font-size: 20px; margin: 4px 0 8px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
h1, h2, h3, summary, td, th, dd, code { overflow-wrap: anywhere; word-break: break-word; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
a { color: #0b57a4; }
.muted { color: var(--muted); }
header.top { border: 3px solid var(--line); border-radius: 8px; padding: 12px 16px; }
header.top.verdict-pass { border-color: var(--pass); }
header.top.verdict-fail { border-color: var(--fail); }
.big-verdict { font-size: 40px; font-weight: 800; letter-spacing: 1px; }
.verdict-pass .big-verdict { color: var(--pass); }
.verdict-fail .big-verdict { color: var(--fail); }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 4px 18px; margin: 8px 0 0; }
dl.facts div { display: flex; flex-direction: column; }
dl.facts dt, dl.meta dt { color: var(--muted); font-size: 12px; }
dl.facts dd, dl.meta dd { margin: 0; font-weight: 600; }
dl.meta { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 4px 18px; margin: 6px 0; }
nav.toc { margin: 12px 0; display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; }
.fold-buttons { display: none; }
.js .fold-buttons { display: inline-flex; gap: 6px; }
button { font: inherit; font-size: 12px; padding: 2px 8px; border: 1px solid var(--line); background: var(--bg-alt); border-radius: 4px; cursor: pointer; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; min-width: 3.5em; }
th { background: var(--bg-alt); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.row-fail td { background: #fdecea; }
tr.row-error td { background: #f3e5f5; }
tr.row-warn td { background: #fff6e0; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 700; font-size: 12px; color: #fff; white-space: nowrap; }
.badge.pass, .badge.covered, .badge.verified, .badge.ok { background: var(--pass); }
.badge.fail, .badge.failing, .badge.uncovered, .badge.unverified, .badge.bad { background: var(--fail); }
.badge.error { background: var(--error); }
.badge.attribution_only, .badge.warn { background: #b26a00; }
section.run { border: 1px solid var(--line); border-left: 6px solid var(--pass); border-radius: 6px; margin: 14px 0; }
section.run.run-fail { border-left-color: var(--fail); }
section.run.run-error { border-left-color: var(--error); }
section.run > details > summary { padding: 8px 12px; cursor: pointer; font-size: 15px; font-weight: 600; }
section.run .run-body { padding: 0 14px 12px; }
.error-box { border: 2px solid var(--error); background: #f3e5f5; padding: 8px 10px; border-radius: 6px; margin: 8px 0; }
.note { color: var(--muted); font-style: italic; margin: 4px 0 10px; }
.plots { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 8px 14px; }
.plots.wide { grid-template-columns: 1fr; }
.plots.wide svg.plot { max-width: 1000px; }
svg.plot { width: 100%; height: auto; display: block; background: #fff; }
svg.plot text { font-family: inherit; font-size: 11px; fill: var(--ink); }
svg.plot .plot-title { font-weight: 600; font-size: 12px; }
svg.plot .tick, svg.plot .axis-label, svg.plot .lane-label { fill: var(--muted); }
svg.plot .frame { fill: none; stroke: #9aa3ad; stroke-width: 1; }
svg.plot .grid { stroke: #eceff2; stroke-width: 1; }
svg.plot .axis, svg.plot .tick-mark { stroke: #9aa3ad; }
svg.plot .series-position { fill: none; stroke: #1f5fbf; stroke-width: 1.6; }
svg.plot .series-command { fill: none; stroke: #8a4fbf; stroke-width: 1.2; stroke-dasharray: 2 3; }
svg.plot .series-force { fill: none; stroke: #1f5fbf; stroke-width: 1.6; }
svg.plot .series-speed { fill: none; stroke: #2a7f7f; stroke-width: 1.6; }
svg.plot .limit-line { fill: none; stroke-width: 1.4; }
svg.plot .limit-range { stroke: #555; stroke-dasharray: 6 4; }
svg.plot .limit-quasi { stroke: #e07b00; stroke-dasharray: 6 4; }
svg.plot .limit-transient { stroke: #c62828; }
svg.plot path.violation { fill: none; stroke: #e0001b; stroke-width: 3.2; }
svg.plot path.caution { fill: none; stroke: #f08a24; stroke-width: 3; }
svg.plot circle.violation, svg.plot rect.violation { fill: #e0001b; stroke: #fff; stroke-width: 1; }
svg.plot circle.caution, svg.plot rect.caution { fill: #f08a24; stroke: #fff; stroke-width: 1; }
svg.plot .nan-marker { fill: #6a1b9a; }
svg.plot .fault-marker { stroke: #111; stroke-width: 1.6; }
svg.plot .fault-faint { stroke: #777; stroke-width: 1; stroke-dasharray: 1 3; }
svg.plot .fault-span { fill: #000; fill-opacity: 0.08; }
svg.plot .fault-bar { fill: #555; fill-opacity: 0.35; }
svg.plot .fault-inert { fill: #fff; stroke: #c62828; stroke-dasharray: 3 2; fill-opacity: 1; }
svg.plot .lane-text { font-size: 10.5px; }
svg.plot .band-label { font-size: 10.5px; fill: #111; }
svg.plot .detection-marker { fill: #fff; stroke: #111; stroke-width: 1.6; }
svg.plot .detection-line { stroke: #111; stroke-dasharray: 2 2; }
svg.plot .expect-marker { fill: #e0001b; }
.legend-row { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; margin: 2px 0 8px; }
.swatch { display: inline-block; width: 14px; height: 10px; border: 1px solid #0003; vertical-align: middle; margin-right: 4px; }
${Object.entries(SAFETY_STATES)
  .map(([k, v]) => `.swatch.state-${k} { background: ${v.colour}; }`)
  .join('\n')}
.swatch.state-unrecorded { background: ${UNKNOWN_STATE_COLOUR}; }
.back { font-size: 12px; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav.toc, .fold-buttons, .back { display: none !important; }
  details > summary { list-style: none; }
  details::details-content { content-visibility: visible; display: block; }
  section.run { break-before: page; border-width: 1px 1px 1px 6px; }
  svg.plot, table, tr, .error-box { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .plots { grid-template-columns: 1fr 1fr; }
}
`;
