import type { ScenarioRunResult } from '../../runner/result.js';
import { escapeAttr, escapeText } from '../escapeMarkup.js';
import { formatNumber } from '../formatNumber.js';
import { SAFETY_STATES, UNKNOWN_STATE_COLOUR } from '../labels.js';
import { shorten, textWidth } from './lineChart.js';
import { linear, niceTicks, px } from './scale.js';

const W = 1000;
const LEFT = 58;
const RIGHT = 14;
const BAND_TOP = 32;
const BAND_H = 28;
const LANE_H = 18;

/** A state's band colour and names; unknown states are grey and keep their own name. */
function stateStyle(state: string): { colour: string; zh: string; en: string; known: boolean } {
  const known = (SAFETY_STATES as Readonly<Record<string, { zh: string; en: string; colour: string } | undefined>>)[state];
  return known === undefined ? { colour: UNKNOWN_STATE_COLOUR, zh: state, en: state, known: false } : { ...known, known: true };
}

/**
 * The run's safety-state timeline as inline SVG: one coloured band per supervisor state (normal
 * green, reduced speed yellow, protective stop orange, emergency stop red, recovery blue; grey where
 * nothing was recorded), every fault as a vertical line at its start shaded until it ends with its
 * own lane below, each detection as a diamond on the fault's lane with a dotted line through the
 * bands, and each failed expectation's moment as a red triangle above them.
 */
export function stateTimeline(run: ScenarioRunResult, xMaxS: number): string {
  const faults = run.faults;
  const lanesTop = BAND_TOP + BAND_H + 8;
  const lanesBottom = lanesTop + faults.length * LANE_H;
  const axisY = lanesBottom + 4;
  const height = axisY + 32;
  const x = linear({ min: 0, max: xMaxS }, LEFT, W - RIGHT);
  const clampX = (t: number): number => x(Math.min(Math.max(t, 0), xMaxS));
  const out: string[] = [];
  const title = '安全状态与故障 Safety state and faults';
  out.push(`<svg class="plot timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" role="img" aria-label="${escapeAttr(title)}">`);
  out.push(`<title>${escapeText(title)}</title><text class="plot-title" x="${LEFT}" y="16">${escapeText(title)}</text>`);
  out.push(`<text class="lane-label" x="${LEFT - 5}" y="${BAND_TOP + BAND_H / 2 + 4}" text-anchor="end">状态 state</text>`);

  // State bands, with grey before the first recorded state.
  const states = [...run.states].filter((s) => Number.isFinite(s.timeS)).sort((a, b) => a.timeS - b.timeS);
  const bands: { from: number; to: number; state: string | undefined }[] = [];
  const firstS = states[0]?.timeS ?? xMaxS;
  if (firstS > 0) bands.push({ from: 0, to: firstS, state: undefined });
  states.forEach((s, i) => bands.push({ from: s.timeS, to: states[i + 1]?.timeS ?? xMaxS, state: s.state }));
  for (const b of bands) {
    if (!(b.to > b.from) && b.to !== xMaxS) continue;
    const x0 = clampX(b.from);
    const w = Math.max(1, clampX(b.to) - x0);
    const style = b.state === undefined ? { colour: UNKNOWN_STATE_COLOUR, zh: '无记录', en: 'not recorded', known: false } : stateStyle(b.state);
    const cls = b.state === undefined ? 'state-band state-unrecorded' : `state-band state-${style.known ? b.state : 'other'}`;
    const tip = `${style.zh} ${style.en}: ${formatNumber(b.from)}–${formatNumber(b.to)} s`;
    out.push(`<rect class="${escapeAttr(cls)}" x="${px(x0)}" y="${BAND_TOP}" width="${px(w)}" height="${BAND_H}" fill="${style.colour}"><title>${escapeText(tip)}</title></rect>`);
    if (w > textWidth(style.zh) + 6) {
      out.push(`<text class="band-label" x="${px(x0 + 3)}" y="${BAND_TOP + BAND_H / 2 + 4}">${escapeText(shorten(style.zh === style.en ? style.en : `${style.zh} ${style.en}`, w - 6))}</text>`);
    }
  }
  out.push(`<rect class="frame" x="${LEFT}" y="${BAND_TOP}" width="${W - LEFT - RIGHT}" height="${BAND_H}"/>`);

  // Faults: shaded span, start line across bands and lanes, a lane each with its label and detection.
  faults.forEach((f, i) => {
    if (!Number.isFinite(f.startS)) return;
    const laneY = lanesTop + i * LANE_H;
    const x0 = clampX(f.startS);
    const x1 = clampX(f.endS !== undefined && Number.isFinite(f.endS) ? f.endS : xMaxS);
    const inert = !f.injected || f.appliedCycles === 0;
    const label = `${f.id}: ${f.type} → ${f.target}`;
    const tip = `故障 fault ${label} @ ${formatNumber(f.startS)}${f.endS === undefined ? '' : `–${formatNumber(f.endS)}`} s${inert ? ' (未生效 not in effect)' : ''}`;
    out.push(`<rect class="fault-span" x="${px(x0)}" y="${BAND_TOP}" width="${px(Math.max(1, x1 - x0))}" height="${lanesBottom - BAND_TOP}"/>`);
    out.push(`<rect class="fault-bar${inert ? ' fault-inert' : ''}" x="${px(x0)}" y="${laneY + 3}" width="${px(Math.max(2, x1 - x0))}" height="${LANE_H - 6}"><title>${escapeText(tip)}</title></rect>`);
    out.push(
      `<line class="fault-marker" x1="${px(x0)}" y1="${BAND_TOP - 4}" x2="${px(x0)}" y2="${laneY + LANE_H}" data-fault="${escapeAttr(f.id)}"><title>${escapeText(tip)}</title></line>`,
    );
    const room = x0 > (LEFT + W - RIGHT) / 2 ? x0 - LEFT - 4 : W - RIGHT - x0 - 4;
    const anchor = x0 > (LEFT + W - RIGHT) / 2 ? 'end' : 'start';
    const lx = anchor === 'end' ? x0 - 4 : x0 + 4;
    out.push(`<text class="lane-text" x="${px(lx)}" y="${laneY + LANE_H / 2 + 4}" text-anchor="${anchor}">${escapeText(shorten(label, room))}</text>`);
    const d = f.detected;
    if (d !== undefined && Number.isFinite(d.timeS)) {
      const dx = clampX(d.timeS);
      const cy = laneY + LANE_H / 2;
      const dtip = `检出 detected by ${d.monitor} ${d.code}${d.subject === undefined ? '' : ` (${d.subject})`} @ ${formatNumber(d.timeS)} s, +${formatNumber(d.latencyMs)} ms`;
      out.push(`<line class="detection-line" x1="${px(dx)}" y1="${BAND_TOP}" x2="${px(dx)}" y2="${px(cy)}"/>`);
      out.push(
        `<path class="detection-marker" d="M${px(dx)} ${px(cy - 6)}L${px(dx + 6)} ${px(cy)}L${px(dx)} ${px(cy + 6)}L${px(dx - 6)} ${px(cy)}Z" data-fault="${escapeAttr(f.id)}"><title>${escapeText(dtip)}</title></path>`,
      );
    }
  });

  // Failed expectations, at the moment they name.
  for (const e of run.expectations) {
    if (e.verdict !== 'fail' || e.atS === undefined || !Number.isFinite(e.atS)) continue;
    const ex = clampX(e.atS);
    const tip = `未通过 failed expect[${e.index}]: ${e.description.en} — ${e.measured.en}`;
    out.push(`<path class="expect-marker" d="M${px(ex - 5)} ${BAND_TOP - 10}L${px(ex + 5)} ${BAND_TOP - 10}L${px(ex)} ${BAND_TOP - 2}Z"><title>${escapeText(tip)}</title></path>`);
  }

  for (const t of niceTicks({ min: 0, max: xMaxS }, 8)) {
    out.push(`<line class="tick-mark" x1="${px(x(t))}" y1="${axisY}" x2="${px(x(t))}" y2="${axisY + 4}"/>`);
    out.push(`<text class="tick" x="${px(x(t))}" y="${axisY + 15}" text-anchor="middle">${escapeText(formatNumber(t, 3))}</text>`);
  }
  out.push(`<line class="axis" x1="${LEFT}" y1="${axisY}" x2="${W - RIGHT}" y2="${axisY}"/>`);
  out.push(`<text class="axis-label" x="${px((LEFT + W - RIGHT) / 2)}" y="${height - 4}" text-anchor="middle">时间 Time (s)</text>`);
  out.push('</svg>');
  return out.join('');
}
