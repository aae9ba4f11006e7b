import type { SafetyEventRecord } from '../../safety/log/index.js';
import type { TimelineEvent } from './result.js';

/** The coded error at the start of a safety event's message (`SAFETY_FORCE_TRANSIENT thigh_knee …`). */
export function eventCode(en: string | undefined): string | undefined {
  return /^[A-Z][A-Z0-9_]+/.exec(en ?? '')?.[0];
}

/** Durable safety-log records as the reports show them: loop time in seconds, the code pulled out. */
export function timelineEvents(records: readonly SafetyEventRecord[]): TimelineEvent[] {
  return records.map((r) => {
    const code = eventCode(r.message?.en);
    return {
      timeS: Number(r.timeNs) / 1e9,
      kind: r.kind,
      monitor: r.monitor,
      reaction: r.reaction,
      ...(r.subject === undefined ? {} : { subject: r.subject }),
      ...(code === undefined ? {} : { code }),
      ...(r.message === undefined ? {} : { message: { en: r.message.en, zh: r.message.zh } }),
    };
  });
}
