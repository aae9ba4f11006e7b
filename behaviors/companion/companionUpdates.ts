import type { BilingualText } from '../core/index.js';
import { activeReminder, label, logged, type CompanionContext } from './companionContext.js';
import type { CompanionIntent, ConversationTopic } from './companionEvents.js';
import { intentName } from './companionEvents.js';
import {
  CALL_PLACED,
  CAREGIVER_HERE,
  HOW_ARE_YOU,
  MUSIC_STARTED,
  reminderIgnoredAlert,
  SMALL_TALK,
  urgentAlert,
  WEATHER,
  type UrgentReason,
} from './companionText.js';
import { sayTime, timeOfDay } from './timeOfDay.js';

/*
 * The companion's context updates: pure functions from the context (and what happened) to the
 * fields that change, used by the machine's `assign`s and testable on their own.
 */

function languageOf(e: CompanionIntent, fallback: 'zh' | 'en'): 'zh' | 'en' {
  return e.language === 'zh' || e.language === 'en' ? e.language : fallback;
}

/** An interaction in the log: the intent, who asked, and what the companion answers (the words only with recording consent). */
export function interaction(c: CompanionContext, e: CompanionIntent, reply: BilingualText): Pick<CompanionContext, 'reply' | 'language' | 'log'> {
  const language = languageOf(e, c.language);
  return {
    reply,
    language,
    log: logged(c, {
      kind: 'interaction',
      atS: c.nowS,
      intent: intentName(e),
      role: e.role,
      language,
      ...(c.privacy.recordingAllowed && e.text !== '' ? { text: e.text } : {}),
      reply,
    }),
  };
}

/** A fall or a call for help becomes an emergency: the urgent alert still to go out. */
export function emergencyFor(personId: string, reason: UrgentReason): Pick<CompanionContext, 'emergency' | 'fall'> {
  return { emergency: { personId, reason, alerted: false }, fall: undefined };
}

/** Close a check-in in the log with its outcome. */
export function fallOutcome(c: CompanionContext, outcome: 'fine' | 'help' | 'no_answer' | 'during_safety_stop' | 'fell_again', personId: string, fellAtS: number): CompanionContext['log'] {
  return logged(c, { kind: 'fall', atS: c.nowS, personId, fellAtS, outcome });
}

/** The answer to a topic, and what follows it (a request to send, the next small-talk line). */
export function answer(c: CompanionContext, topic: ConversationTopic): Partial<Pick<CompanionContext, 'request' | 'smallTalk'>> & { readonly reply: BilingualText } {
  switch (topic) {
    case 'how_are_you':
      return { reply: HOW_ARE_YOU };
    case 'time':
      return { reply: sayTime(timeOfDay(c.nowS, c.input.clockOffsetS)) };
    case 'small_talk':
      return { reply: SMALL_TALK[c.smallTalk % SMALL_TALK.length]!, smallTalk: (c.smallTalk + 1) % SMALL_TALK.length };
    case 'weather':
      return { reply: WEATHER };
    case 'play_music':
      return { reply: MUSIC_STARTED, request: 'play_music' };
    case 'call_family':
      return { reply: CALL_PLACED, request: 'call_family' };
  }
}

/** A safety stop in the log; a check-in under way becomes an emergency to alert at once. */
export function safetyEntry(c: CompanionContext, event: 'stop' | 'estop', detail: string): Pick<CompanionContext, 'log' | 'fall' | 'emergency'> {
  const log = logged(c, { kind: 'safety', atS: c.nowS, event, detail });
  // A check-in under way cannot wait for the stop to end: the caregiver is alerted now.
  if (c.fall !== undefined) {
    const withFall = logged({ ...c, log }, { kind: 'fall', atS: c.nowS, personId: c.fall.personId, fellAtS: c.fall.fellAtS, outcome: 'during_safety_stop' });
    return { log: withFall, ...emergencyFor(c.fall.personId, 'during_safety_stop') };
  }
  return { log, fall: undefined, emergency: c.emergency };
}

/** An alert in the log (ok when it was published, with its id). */
export function alertLog(
  c: CompanionContext,
  severity: 'warning' | 'urgent',
  alertKind: string,
  reason: UrgentReason | undefined,
  alertId: string | undefined,
  message: BilingualText,
): CompanionContext['log'] {
  return logged(c, { kind: 'alert', atS: c.nowS, severity, alertKind, ...(reason === undefined ? {} : { reason }), ...(alertId === undefined ? {} : { alertId }), ok: alertId !== undefined, message });
}

/** What the urgent alert says, from the emergency in hand. */
export function urgentMessage(c: CompanionContext): BilingualText {
  const e = c.emergency;
  return urgentAlert(e?.reason ?? 'help_request', label(c, e?.personId), c.input.location);
}

/** The `alertCaregiver` input of the urgent alert. */
export function urgentAlertInput(c: CompanionContext): { severity: 'urgent'; kind: string; message_zh: string; message_en: string; personId: string; location: string } {
  const m = urgentMessage(c);
  const kind = c.emergency?.reason === 'help_request' ? 'help_request' : 'fall';
  return { severity: 'urgent', kind, message_zh: m.zh, message_en: m.en, personId: c.emergency?.personId ?? '', location: c.input.location };
}

/** The urgent alert went out (or failed, without an id): noted in the emergency and the log. */
export function urgentSent(c: CompanionContext, alertId: string | undefined): Pick<CompanionContext, 'emergency' | 'log'> {
  const e = c.emergency;
  const input = urgentAlertInput(c);
  return {
    emergency: e === undefined ? undefined : { ...e, alerted: true, ...(alertId === undefined ? {} : { alertId }) },
    log: alertLog(c, 'urgent', input.kind, e?.reason, alertId, urgentMessage(c)),
  };
}

/** A caregiver resolved the emergency. */
export function resolved(c: CompanionContext, intent: string, role: string): Pick<CompanionContext, 'emergency' | 'fall' | 'reply' | 'log'> {
  return { emergency: undefined, fall: undefined, reply: CAREGIVER_HERE, log: logged(c, { kind: 'resolved', atS: c.nowS, role, intent }) };
}

/** The ignored reminder was escalated to the caregiver (warning). */
export function reminderEscalated(c: CompanionContext, alertId: string | undefined): Pick<CompanionContext, 'active' | 'log'> {
  const r = activeReminder(c);
  const attempts = c.active?.attempts ?? 0;
  const message = reminderIgnoredAlert(r, label(c), attempts);
  const withAlert = alertLog(c, 'warning', 'reminder_ignored', undefined, alertId, message);
  return {
    active: undefined,
    log: [
      ...withAlert,
      { kind: 'reminder', atS: c.nowS, reminderId: r.id, reminderKind: r.kind, dueAtS: r.atS, outcome: 'escalated', attempts, ...(alertId === undefined ? {} : { alertId }) },
    ],
  };
}
