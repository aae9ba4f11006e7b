import { safetyLogError } from './safetyLogError.js';

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The `--since` of `kindred safety log`: an ISO 8601 date or date-time (`2025-03-01`,
 * `2025-03-01T08:00:00Z`; without a zone it is local time, as `Date` reads it) or a duration
 * back from `now` (`90s`, `10m`, `2h`, `7d`, `500ms`). Throws SAFETY_LOG_SINCE_INVALID.
 */
export function parseSince(value: string, now: Date): Date {
  const v = value.trim();
  const d = DURATION.exec(v);
  if (d !== null) return new Date(now.getTime() - Number(d[1]) * UNIT_MS[d[2]!]!);
  if (ISO_DATE.test(v)) {
    const t = Date.parse(v);
    if (Number.isFinite(t)) return new Date(t);
  }
  throw safetyLogError('SAFETY_LOG_SINCE_INVALID', `--since ${JSON.stringify(value)}; expected an ISO date/time such as 2025-03-01T08:00:00Z or a duration such as 10m, 2h, 7d`, {
    field: '--since',
    value,
    expected: 'ISO 8601 date/time or <number>(ms|s|m|h|d)',
  });
}
