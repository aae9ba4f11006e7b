/**
 * A number as MJCF text: the shortest string that reads back as the same double (so the compiled
 * model carries exactly the description's values), with -0 written as 0.
 */
export function num(x: number): string {
  return Object.is(x, -0) ? '0' : String(x);
}

/** Numbers as a space-separated MJCF vector attribute value. */
export function vec(values: readonly number[]): string {
  return values.map(num).join(' ');
}

/** Escape text for an XML attribute value (environment labels; robot names are validated instead). */
export function attr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
