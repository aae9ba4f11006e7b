import { z } from 'zod';
import { show } from '../../runtime/errors/index.js';
import { SAFETY_LOG_EVENT_KINDS, SAFETY_REACTIONS, SESSION_MONITOR, type SafetyEvent } from './SafetyEvent.js';
import { safetyLogError } from './safetyLogError.js';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const name = z.string().min(1).max(200);
/** Any number, NaN and ±Infinity included: a plausibility fault is recorded as measured. */
const anyNumber = z.custom<number>((v) => typeof v === 'number', { message: 'expected a number' });
const numbers = z.record(z.string().min(1).max(100), anyNumber);

const eventSchema = z
  .strictObject({
    timeNs: z.bigint(),
    wallTime: z
      .string()
      .regex(ISO_TIME, 'expected an ISO 8601 date-time such as 2025-01-31T08:15:00.000Z')
      .refine((s) => Number.isFinite(Date.parse(s)), 'expected a real date-time')
      .optional(),
    kind: z.enum(SAFETY_LOG_EVENT_KINDS),
    monitor: name,
    subject: name.optional(),
    values: numbers.optional(),
    limit: numbers.optional(),
    reaction: z.enum(SAFETY_REACTIONS),
    operator: name.optional(),
    source: name.optional(),
    message: z.strictObject({ en: z.string().max(4000), zh: z.string().max(4000) }).optional(),
  })
  .superRefine((e, ctx) => {
    if ((e.kind === 'reset' || e.kind === 'reset_refused') && e.source === undefined) {
      ctx.addIssue({ code: 'custom', path: ['source'], message: `a ${e.kind} event needs the source it came from (tablet, cli, api)` });
    }
    if (e.kind === 'reset' && e.operator === undefined) {
      ctx.addIssue({ code: 'custom', path: ['operator'], message: 'a reset event needs the operator who reset' });
    }
    if (e.kind === 'startup' || e.kind === 'shutdown') {
      // Session markers are the runtime's, never a monitor's: readers find them by kind alone.
      if (e.monitor !== SESSION_MONITOR) ctx.addIssue({ code: 'custom', path: ['monitor'], message: `a ${e.kind} marker comes from monitor "${SESSION_MONITOR}"` });
      else if (e.reaction !== 'none') ctx.addIssue({ code: 'custom', path: ['reaction'], message: `a ${e.kind} marker has reaction "none" (a stop it leads to is its own event)` });
    }
  });

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) v = typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/**
 * Check a safety event before it is logged (events cross from the real-time worker as plain data).
 * Throws SAFETY_LOG_EVENT_INVALID naming the field, its value and what was expected.
 */
export function validateEvent(event: unknown): asserts event is SafetyEvent {
  const r = eventSchema.safeParse(event);
  if (r.success) return;
  const issue = r.error.issues[0]!;
  const field = issue.path.length === 0 ? 'event' : issue.path.map(String).join('.');
  const value = valueAt(event, issue.path);
  throw safetyLogError('SAFETY_LOG_EVENT_INVALID', `safety event ${field} is ${show(value)}: ${issue.message}`, {
    field,
    value,
    expected: issue.message,
  });
}
