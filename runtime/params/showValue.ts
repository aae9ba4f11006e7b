import { show } from '../errors/index.js';

/** `show` from the errors module, but NaN and ±Infinity print as themselves rather than as JSON's `null`. */
export function showValue(value: unknown): string {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : show(value);
}
