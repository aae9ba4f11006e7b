/** A number for messages: 4 significant digits, NaN and ±Infinity as such. */
export function fmt(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(4))) : String(x);
}
