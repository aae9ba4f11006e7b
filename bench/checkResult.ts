import type { BenchResult } from './types.js';

/**
 * What is wrong with a bench result's shape, as readable lines (empty when it is well-formed):
 * figures positive and finite, and each ratio equal to kindred/reference (or reference/kindred
 * where lower is better). Says nothing about whether an aim was met.
 */
export function checkResult(result: BenchResult): string[] {
  const problems: string[] = [];
  if (result.name.length === 0) problems.push('result has no name');
  if (result.rows.length === 0) problems.push(`${result.name}: no rows`);
  for (const row of result.rows) {
    const where = `${result.name} / ${row.metric}`;
    for (const [field, value] of [
      ['kindred', row.kindred],
      ['reference', row.reference],
      ['ratio', row.ratio],
    ] as const) {
      if (!Number.isFinite(value) || value <= 0) problems.push(`${where}: ${field} is ${value}; expected a positive finite number`);
    }
    const expected = row.better === 'higher' ? row.kindred / row.reference : row.reference / row.kindred;
    if (Math.abs(row.ratio - expected) > 1e-9 * Math.max(1, Math.abs(expected))) {
      problems.push(`${where}: ratio is ${row.ratio}; expected ${expected}`);
    }
    if ((row.aim === undefined) !== (row.met === undefined)) problems.push(`${where}: aim and met must come together`);
  }
  return problems;
}
