import { escapeAttr, escapeText } from '../escapeMarkup.js';
import { formatNumber } from '../formatNumber.js';
import { finiteExtent, linear, niceTicks, padExtent, px, type Extent } from './scale.js';

/** One plotted line. */
export interface LineSeries {
  readonly label: string;
  readonly values: readonly number[];
  /** CSS class of the line (`series-position`, `series-command`, …), styled by the report's CSS. */
  readonly className: string;
}

/** A horizontal line at a limit. */
export interface ReferenceLine {
  readonly value: number;
  readonly label: string;
  /** `limit-line` plus a modifier; dashed or solid comes from the CSS class. */
  readonly className: string;
}

/** How a sample of the judged series compares with its limits. */
export type Judgement = 'violation' | 'caution' | undefined;

/** What `lineChart` draws. */
export interface LineChartSpec {
  /** Title above the plot, e.g. `knee_left (rad)`; long titles are shortened, the full text stays in `<title>`. */
  readonly title: string;
  readonly timeS: readonly number[];
  /** Right end of the time axis (the scenario's duration); extended if samples run later. */
  readonly xMaxS: number;
  /** The first series is the judged one (violations and non-finite samples are marked on it). */
  readonly series: readonly LineSeries[];
  readonly references: readonly ReferenceLine[];
  readonly judge?: (value: number) => Judgement;
  /** Fault starts, drawn as faint vertical lines for context. */
  readonly faults: readonly { readonly id: string; readonly startS: number }[];
  /** Width of the drawing in SVG units (text stays 11 units high): 640 for a grid cell, 1000 full width. */
  readonly widthPx?: number;
}

const H_PLOT = 150;
const LEFT = 58;
const RIGHT = 14;
const BOTTOM = 34;
const FONT_PX = 11;

/** Rough rendered width of `text` at 11 px: CJK glyphs are about square, Latin about 0.6 em. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? FONT_PX : FONT_PX * 0.6;
  return w;
}

/** `text` cut to about `maxPx` wide, with an ellipsis. */
export function shorten(text: string, maxPx: number): string {
  if (textWidth(text) <= maxPx) return text;
  let out = '';
  for (const ch of text) {
    if (textWidth(`${out}${ch}…`) > maxPx) break;
    out += ch;
  }
  return `${out}…`;
}

interface LegendItem {
  readonly label: string;
  readonly className: string;
  readonly kind: 'line' | 'mark';
}

function legendRows(items: readonly LegendItem[], width: number): { item: LegendItem; x: number; row: number }[] {
  const placed: { item: LegendItem; x: number; row: number }[] = [];
  let x = LEFT;
  let row = 0;
  for (const item of items) {
    const w = 26 + Math.min(textWidth(item.label), width - LEFT - 40) + 14;
    if (x + w > width && x > LEFT) {
      row += 1;
      x = LEFT;
    }
    placed.push({ item, x, row });
    x += w;
  }
  return placed;
}

/** Path data for `values` against `timeS`, broken wherever a value is not finite. */
function linePath(timeS: readonly number[], values: readonly number[], x: (t: number) => number, y: (v: number) => number): string {
  const n = Math.min(timeS.length, values.length);
  const parts: string[] = [];
  let pen = false;
  for (let i = 0; i < n; i++) {
    const t = timeS[i] ?? NaN;
    const v = values[i] ?? NaN;
    if (!Number.isFinite(t) || !Number.isFinite(v)) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? 'L' : 'M'}${px(x(t))} ${px(y(v))}`);
    pen = true;
  }
  return parts.join('');
}

/** Runs of consecutive indices where `test` holds. */
function runsWhere(n: number, test: (i: number) => boolean): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= n; i++) {
    const on = i < n && test(i);
    if (on && start < 0) start = i;
    if (!on && start >= 0) {
      runs.push([start, i - 1]);
      start = -1;
    }
  }
  return runs;
}

/**
 * A time plot as inline SVG: axes with round ticks, one line per series (gaps at non-finite samples,
 * which are marked along the bottom), horizontal limit lines with their values, the judged series
 * drawn over in red (`violation`) or orange (`caution`) where it breaks a limit with a marker where
 * each breach starts, and faint fault-start lines. Styling is by class, from the report's CSS.
 */
export function lineChart(spec: LineChartSpec): string {
  const W = spec.widthPx ?? 640;
  const judged = spec.series[0];
  const n = judged === undefined ? 0 : Math.min(spec.timeS.length, judged.values.length);
  const nonFinite = judged === undefined ? [] : runsWhere(n, (i) => !Number.isFinite(judged.values[i] ?? NaN));
  const judge = spec.judge;
  const breaches: { cls: 'violation' | 'caution'; run: [number, number] }[] = [];
  if (judged !== undefined && judge !== undefined) {
    // Caution runs span violations too (orange under red), but only where the judge has a caution level.
    const levels = judged.values.slice(0, n).some((v) => judge(v) === 'caution') ? (['caution', 'violation'] as const) : (['violation'] as const);
    for (const cls of levels) {
      for (const run of runsWhere(n, (i) => {
        const j = judge(judged.values[i] ?? NaN);
        return j === cls || (cls === 'caution' && j === 'violation');
      })) {
        breaches.push({ cls, run });
      }
    }
  }

  const legend: LegendItem[] = [
    ...spec.series.map((s): LegendItem => ({ label: s.label, className: s.className, kind: 'line' })),
    ...spec.references.map((r): LegendItem => ({ label: r.label, className: r.className, kind: 'line' })),
  ];
  if (breaches.some((b) => b.cls === 'violation')) legend.push({ label: '超限 beyond limit', className: 'violation', kind: 'mark' });
  if (breaches.some((b) => b.cls === 'caution')) legend.push({ label: '超持续限值 above sustained limit', className: 'caution', kind: 'mark' });
  if (nonFinite.length > 0) legend.push({ label: '非数值 non-finite (NaN/∞)', className: 'nan-marker', kind: 'mark' });
  const placed = legendRows(legend, W - RIGHT);
  const rows = placed.reduce((m, p) => Math.max(m, p.row + 1), 0);
  const top = 26 + rows * 15 + 6;
  const height = top + H_PLOT + BOTTOM;

  const lastT = finiteExtent(spec.timeS)?.max ?? 0;
  const xDomain: Extent = { min: 0, max: Math.max(spec.xMaxS, lastT, 1e-3) };
  const yRaw = finiteExtent(...spec.series.map((s) => s.values), spec.references.map((r) => r.value)) ?? { min: 0, max: 1 };
  const yDomain = padExtent(yRaw);
  const x = linear(xDomain, LEFT, W - RIGHT);
  const y = linear(yDomain, top + H_PLOT, top);
  const bottomY = top + H_PLOT;

  const out: string[] = [];
  out.push(`<svg class="plot" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" role="img" aria-label="${escapeAttr(spec.title)}">`);
  out.push(`<title>${escapeText(spec.title)}</title>`);
  out.push(`<text class="plot-title" x="${LEFT}" y="16">${escapeText(shorten(spec.title, W - LEFT - RIGHT))}</text>`);
  for (const p of placed) {
    const ly = 26 + p.row * 15 + 4;
    if (p.item.kind === 'line') {
      out.push(`<line class="${escapeAttr(p.item.className)}" x1="${px(p.x)}" y1="${ly}" x2="${px(p.x + 20)}" y2="${ly}"/>`);
    } else {
      out.push(`<rect class="${escapeAttr(p.item.className)} legend-mark" x="${px(p.x + 5)}" y="${ly - 4}" width="10" height="8"/>`);
    }
    out.push(`<text class="legend" x="${px(p.x + 25)}" y="${ly + 4}">${escapeText(shorten(p.item.label, W - LEFT - 40))}</text>`);
  }

  // Grid, ticks, axes.
  for (const t of niceTicks(yDomain)) {
    out.push(`<line class="grid" x1="${LEFT}" y1="${px(y(t))}" x2="${W - RIGHT}" y2="${px(y(t))}"/>`);
    out.push(`<text class="tick" x="${LEFT - 5}" y="${px(y(t) + 4)}" text-anchor="end">${escapeText(formatNumber(t, 4))}</text>`);
  }
  for (const t of niceTicks(xDomain, 8)) {
    out.push(`<line class="tick-mark" x1="${px(x(t))}" y1="${bottomY}" x2="${px(x(t))}" y2="${bottomY + 4}"/>`);
    out.push(`<text class="tick" x="${px(x(t))}" y="${bottomY + 15}" text-anchor="middle">${escapeText(formatNumber(t, 3))}</text>`);
  }
  out.push(`<rect class="frame" x="${LEFT}" y="${top}" width="${W - LEFT - RIGHT}" height="${H_PLOT}"/>`);
  out.push(`<text class="axis-label" x="${px((LEFT + W - RIGHT) / 2)}" y="${height - 4}" text-anchor="middle">时间 Time (s)</text>`);

  for (const f of spec.faults) {
    if (!Number.isFinite(f.startS)) continue;
    out.push(
      `<line class="fault-marker fault-faint" x1="${px(x(f.startS))}" y1="${top}" x2="${px(x(f.startS))}" y2="${bottomY}"><title>${escapeText(`故障 fault ${f.id} @ ${formatNumber(f.startS)} s`)}</title></line>`,
    );
  }
  for (const r of spec.references) {
    if (!Number.isFinite(r.value)) continue;
    out.push(`<line class="${escapeAttr(r.className)}" x1="${LEFT}" y1="${px(y(r.value))}" x2="${W - RIGHT}" y2="${px(y(r.value))}"><title>${escapeText(r.label)}</title></line>`);
  }
  for (const s of spec.series) {
    const d = linePath(spec.timeS, s.values, x, y);
    if (d !== '') out.push(`<path class="${escapeAttr(s.className)}" d="${d}"/>`);
  }
  if (judged !== undefined) {
    for (const b of breaches) {
      const [a, z] = b.run;
      const idx = Array.from({ length: z - a + 1 }, (_, k) => a + k);
      const d = linePath(
        idx.map((i) => spec.timeS[i] ?? NaN),
        idx.map((i) => judged.values[i] ?? NaN),
        x,
        y,
      );
      if (d.includes('L')) out.push(`<path class="${b.cls}" d="${d}"/>`);
      const t0 = spec.timeS[a] ?? NaN;
      const v0 = judged.values[a] ?? NaN;
      if (Number.isFinite(t0) && Number.isFinite(v0)) {
        const what = b.cls === 'violation' ? '超限 beyond limit' : '超持续限值 above sustained limit';
        out.push(
          `<circle class="${b.cls} breach-marker" cx="${px(x(t0))}" cy="${px(y(v0))}" r="3.5"><title>${escapeText(`${what}: ${formatNumber(v0)} @ ${formatNumber(t0)} s`)}</title></circle>`,
        );
      }
    }
    for (const [a, z] of nonFinite) {
      const t0 = spec.timeS[a] ?? NaN;
      const t1 = spec.timeS[z] ?? t0;
      if (!Number.isFinite(t0)) continue;
      const x0 = x(t0);
      const w = Math.max(3, x(Number.isFinite(t1) ? t1 : t0) - x0);
      const v = judged.values[a] ?? NaN;
      out.push(
        `<rect class="nan-marker" x="${px(x0 - 1.5)}" y="${bottomY - 7}" width="${px(w)}" height="7"><title>${escapeText(`非数值 non-finite ${formatNumber(v)}: ${formatNumber(t0)}–${formatNumber(t1)} s`)}</title></rect>`,
      );
    }
  }
  out.push('</svg>');
  return out.join('');
}
