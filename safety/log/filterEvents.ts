import type { SafetyEventRecord } from './SafetyLogRecord.js';
import type { LocatedRecord } from './verifyLog.js';

/** Which events to read: by wall time (inclusive bounds) and monitor. */
export interface SafetyLogFilter {
  readonly since?: Date;
  readonly until?: Date;
  readonly monitor?: string;
}

/** The event records among `records` that pass `filter`, in log order. */
export function filterEvents(records: readonly LocatedRecord[], filter: SafetyLogFilter): SafetyEventRecord[] {
  const since = filter.since?.getTime() ?? Number.NEGATIVE_INFINITY;
  const until = filter.until?.getTime() ?? Number.POSITIVE_INFINITY;
  const out: SafetyEventRecord[] = [];
  for (const { record } of records) {
    if (record.type !== 'event') continue;
    if (filter.monitor !== undefined && record.monitor !== filter.monitor) continue;
    const t = Date.parse(record.wallTime);
    if (t < since || t > until) continue;
    out.push(record);
  }
  return out;
}
