/**
 * Number formatting shared by the reports. Traces may hold NaN or ±Infinity (a sensor fault is the
 * very thing under test), so every number is printed through here and never as `NaN` by accident of
 * `toFixed`.
 */

/** `value` with at most `digits` decimals (trailing zeros dropped); `NaN`, `∞`, `-∞` for non-finite; `—` when absent. */
export function formatNumber(value: number | undefined, digits = 3): string {
  if (value === undefined) return '—';
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '-∞';
  const fixed = value.toFixed(digits);
  // Trim trailing zeros of the fraction only ("2.500" → "2.5", "10" stays "10"); keep "-0" out.
  const trimmed = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

/** Milliseconds as seconds for JUnit's `time` attribute (always finite, three decimals). */
export function msToSeconds(ms: number): string {
  return Number.isFinite(ms) && ms > 0 ? (ms / 1000).toFixed(3) : '0.000';
}
