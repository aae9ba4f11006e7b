/** Small helpers for writing MJCF text: numbers with enough digits and no exponent noise, vectors, names. */

/** A number as MJCF text: 9 significant digits, trailing zeros trimmed, -0 written as 0. */
export function num(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`non-finite number ${x} in generated MJCF`);
  if (Object.is(x, -0) || Math.abs(x) < 1e-12) return '0';
  const s = x.toPrecision(9);
  if (s.includes('e')) return String(Number(s));
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** Space-separated numbers, e.g. for `pos`, `quat`, `size`. */
export function vec(...xs: readonly number[]): string {
  return xs.map(num).join(' ');
}

/** Escape text for an XML attribute value. */
export function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
