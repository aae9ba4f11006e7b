import type { BilingualText } from '../core/index.js';
import type { ReminderKind } from './companionInput.js';
import type { UrgentReason } from './companionText.js';

/**
 * The companion's log: one entry per thing that happened, in order, each with its time `atS` in
 * seconds on the bus clock (simulated time in simulation), to within the clock tick
 * (`timing.tickS`). It is what caregivers review ("the companion's day"), so it names outcomes, not
 * states. Without recording consent the people's own words are left out (only intent names stay).
 */
export type CompanionLogEntry =
  | { readonly kind: 'person_seen'; readonly atS: number; readonly personId: string }
  | { readonly kind: 'greeting'; readonly atS: number; readonly personId: string; readonly byName: boolean; readonly suppressed: boolean; readonly said?: BilingualText }
  | {
      readonly kind: 'interaction';
      readonly atS: number;
      readonly intent: string;
      readonly role: string;
      readonly language: string;
      /** What the person said (only with recording consent). */
      readonly text?: string;
      readonly reply: BilingualText;
    }
  | { readonly kind: 'request'; readonly atS: number; readonly request: 'play_music' | 'call_family'; readonly topic: string; readonly ok: boolean }
  | {
      readonly kind: 'reminder';
      readonly atS: number;
      readonly reminderId: string;
      readonly reminderKind: ReminderKind;
      readonly dueAtS: number;
      readonly outcome: 'acknowledged' | 'escalated' | 'suppressed_quiet_hours';
      /** How many times it was said (0 when suppressed). */
      readonly attempts: number;
      readonly alertId?: string;
    }
  | {
      readonly kind: 'fall';
      readonly atS: number;
      readonly personId: string;
      /** When the fall was seen (posture `fallen`), s on the bus clock. */
      readonly fellAtS: number;
      readonly outcome: 'fine' | 'help' | 'no_answer' | 'during_safety_stop' | 'fell_again';
    }
  | { readonly kind: 'person_recovered'; readonly atS: number; readonly personId: string }
  | {
      readonly kind: 'alert';
      readonly atS: number;
      readonly severity: 'warning' | 'urgent';
      readonly alertKind: string;
      readonly reason?: UrgentReason;
      readonly alertId?: string;
      readonly ok: boolean;
      readonly message: BilingualText;
    }
  | { readonly kind: 'resolved'; readonly atS: number; readonly role: string; readonly intent: string }
  | { readonly kind: 'safety'; readonly atS: number; readonly event: string; readonly detail: string }
  | { readonly kind: 'operator'; readonly atS: number; readonly command: 'pause' | 'resume' | 'stop' }
  | { readonly kind: 'unavailable'; readonly atS: number; readonly actor: string };

/** How the behaviour ended. */
export type CompanionEnd = 'operator_stop' | 'unavailable';

/** What the companion machine outputs when it finishes. */
export interface CompanionOutput {
  readonly ended: CompanionEnd;
  readonly privacy: CompanionPrivacy;
  readonly log: readonly CompanionLogEntry[];
}

/** The privacy flag the companion exposes (in its context and on `/companion/recording_allowed`). */
export interface CompanionPrivacy {
  /** Recording (MCAP, audio, video) is allowed: only when everyone concerned consented. */
  readonly recordingAllowed: boolean;
}

type Entry<K extends CompanionLogEntry['kind']> = Extract<CompanionLogEntry, { kind: K }>;

/** The record `kindred behavior run companion` prints: the log grouped for a caregiver, with counts. */
export interface CompanionRecord {
  readonly behavior: 'companion';
  readonly ended: CompanionEnd | 'not_finished';
  readonly privacy: CompanionPrivacy & { readonly note: BilingualText };
  readonly summary: {
    readonly interactions: number;
    readonly reminders: { readonly acknowledged: number; readonly escalated: number; readonly suppressed: number };
    readonly falls: number;
    readonly alerts: { readonly warning: number; readonly urgent: number };
  };
  readonly greetings: readonly Entry<'greeting'>[];
  readonly interactions: readonly (Entry<'interaction'> | Entry<'request'>)[];
  readonly reminders: readonly Entry<'reminder'>[];
  readonly falls: readonly (Entry<'fall'> | Entry<'person_recovered'> | Entry<'resolved'>)[];
  readonly alerts: readonly Entry<'alert'>[];
  readonly safety: readonly (Entry<'safety'> | Entry<'operator'> | Entry<'unavailable'>)[];
  /** Every entry, in order. */
  readonly timeline: readonly CompanionLogEntry[];
}

function isOutput(v: unknown): v is CompanionOutput {
  return typeof v === 'object' && v !== null && Array.isArray((v as { log?: unknown }).log) && typeof (v as { privacy?: unknown }).privacy === 'object';
}

const NOTE_ALLOWED: BilingualText = { zh: '已获同意，可以录制。', en: 'Consent given: recording allowed.' };
const NOTE_FORBIDDEN: BilingualText = { zh: '未获录制同意：不录制，日志中不保留原话。', en: 'No recording consent: nothing recorded, and people’s words are left out of the log.' };

/**
 * The companion's record from the machine's output (or an empty one, `not_finished`, when the run
 * was stopped before the machine finished and there is no output).
 */
export function companionRecord(output: unknown): CompanionRecord {
  const o: CompanionOutput = isOutput(output) ? output : { ended: 'operator_stop', privacy: { recordingAllowed: false }, log: [] };
  const log = o.log;
  const of = <K extends CompanionLogEntry['kind']>(...kinds: K[]): Entry<K>[] => log.filter((e): e is Entry<K> => (kinds as string[]).includes(e.kind));
  const reminders = of('reminder');
  const alerts = of('alert');
  const interactions = of('interaction', 'request');
  return {
    behavior: 'companion',
    ended: isOutput(output) ? o.ended : 'not_finished',
    privacy: { ...o.privacy, note: o.privacy.recordingAllowed ? NOTE_ALLOWED : NOTE_FORBIDDEN },
    summary: {
      interactions: of('interaction').length,
      reminders: {
        acknowledged: reminders.filter((r) => r.outcome === 'acknowledged').length,
        escalated: reminders.filter((r) => r.outcome === 'escalated').length,
        suppressed: reminders.filter((r) => r.outcome === 'suppressed_quiet_hours').length,
      },
      falls: of('fall').length,
      alerts: { warning: alerts.filter((a) => a.severity === 'warning').length, urgent: alerts.filter((a) => a.severity === 'urgent').length },
    },
    greetings: of('greeting'),
    interactions,
    reminders,
    falls: of('fall', 'person_recovered', 'resolved'),
    alerts,
    safety: of('safety', 'operator', 'unavailable'),
    timeline: log,
  };
}
