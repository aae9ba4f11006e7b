import type { BenchResult, BenchRow } from './types.js';

/** A figure in 3 significant digits with an SI suffix (`12.3 M`, `456 k`, `0.812`). */
export function formatFigure(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const units: [number, string][] = [
    [1e9, ' G'],
    [1e6, ' M'],
    [1e3, ' k'],
  ];
  for (const [scale, suffix] of units) if (abs >= scale) return `${(value / scale).toPrecision(3)}${suffix}`;
  return value.toPrecision(3);
}

/** One bench's rows as a plain-text table: metric, Kindred, reference, unit, ratio, aim, met. */
export function formatResult(result: BenchResult): string {
  const header = ['metric', 'Kindred', 'reference', 'unit', 'ratio', 'aim', 'met'];
  const rows = result.rows.map((r: BenchRow) => [
    r.metric,
    formatFigure(r.kindred),
    `${r.referenceName} ${formatFigure(r.reference)}`,
    r.unit,
    `${r.ratio.toFixed(2)}×${r.better === 'lower' ? ' (ref/kindred)' : ''}`,
    r.aim ?? '',
    r.met === undefined ? '' : r.met ? '✓' : '✗',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const out = [`== ${result.name} ==`, line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  for (const note of result.notes) out.push(`  note: ${note}`);
  return out.join('\n');
}
