import type { Bilingual, Verdict } from '../../runner/result.js';
import { escapeText } from '../escapeMarkup.js';
import { VERDICT_LABEL, VERDICT_SYMBOL } from '../labels.js';

/** Small HTML building blocks shared by the report's sections; every argument is escaped here. */

/** A verdict as a coloured badge with symbol and both languages: `✘ 未通过 FAIL`. */
export function verdictBadge(verdict: Verdict): string {
  const l = VERDICT_LABEL[verdict];
  return `<span class="badge ${verdict}">${VERDICT_SYMBOL[verdict]} ${l.zh} ${l.en}</span>`;
}

/** A badge with a class and bilingual text. */
export function badge(cls: string, text: Bilingual): string {
  return `<span class="badge ${escapeText(cls)}">${escapeText(text.zh)} ${escapeText(text.en)}</span>`;
}

/** Bilingual text for a table cell: Chinese, then English below in grey (once when they are equal). */
export function biCell(text: Bilingual): string {
  if (text.zh === text.en || text.zh === '') return escapeText(text.en);
  return `${escapeText(text.zh)}<br><span class="muted">${escapeText(text.en)}</span>`;
}

/** A table with bilingual headers; `rows` are already-built `<tr>` strings. */
export function table(headers: readonly string[], rows: readonly string[]): string {
  const head = headers.map((h) => `<th>${escapeText(h)}</th>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** A `<tr>` from already-escaped cells; cells given as `{ num }` are right-aligned numbers. */
export function row(cells: readonly (string | { readonly num: string })[], cls?: string): string {
  const tds = cells.map((c) => (typeof c === 'string' ? `<td>${c}</td>` : `<td class="num">${c.num}</td>`)).join('');
  return cls === undefined ? `<tr>${tds}</tr>` : `<tr class="${cls}">${tds}</tr>`;
}

/** A note in place of missing content, in both languages. */
export function note(zh: string, en: string): string {
  return `<p class="note">${escapeText(zh)} ${escapeText(en)}</p>`;
}
