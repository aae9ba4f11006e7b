import { KindredError } from '../../runtime/errors/index.js';
import type { SpeakInput } from '../actors/index.js';
import type { BilingualText } from '../core/index.js';
import type { CompanionInput, CompanionReminder } from './companionInput.js';
import type { CompanionEnd, CompanionLogEntry, CompanionPrivacy } from './companionLog.js';
import { addressFor, caregiverLabel, type Address, type UrgentReason } from './companionText.js';
import { inQuietHours } from './timeOfDay.js';

/** A reminder being said: which one (index into the sorted schedule) and how many times so far. */
export interface ActiveReminder {
  readonly index: number;
  readonly attempts: number;
}

/** A fall being checked on (the check-in under way). */
export interface FallCheck {
  readonly personId: string;
  readonly fellAtS: number;
  readonly position: { readonly xM: number; readonly yM: number } | null;
}

/** Someone needs a caregiver now: why, and whether the urgent alert has gone out. */
export interface Emergency {
  readonly personId: string;
  readonly reason: UrgentReason;
  readonly alerted: boolean;
  readonly alertId?: string;
}

/** The companion's context (the machine's extended state). */
export interface CompanionContext {
  readonly input: CompanionInput;
  readonly privacy: CompanionPrivacy;
  /** The bus clock at the last tick, s. */
  readonly nowS: number;
  /** In quiet hours at the last tick. */
  readonly quiet: boolean;
  /** The person greeted (ROS4HRI body id). */
  readonly personId: string | undefined;
  /** The language of the last thing said to the companion. */
  readonly language: 'zh' | 'en';
  /** The next reminder of the schedule not yet due. */
  readonly nextReminder: number;
  /** Reminders due and not yet said (indices into the schedule), oldest first. */
  readonly pending: readonly number[];
  readonly active: ActiveReminder | undefined;
  /** What `conversation.replying` says. */
  readonly reply: BilingualText | undefined;
  readonly smallTalk: number;
  readonly request: 'play_music' | 'call_family' | undefined;
  readonly fall: FallCheck | undefined;
  readonly emergency: Emergency | undefined;
  /** False from a safety stop until the hold is released after `safety.cleared`: nothing may move. */
  readonly motionAllowed: boolean;
  /** `safety.cleared` arrived while the companion was busy alerting during a stop. */
  readonly clearedDuringStop: boolean;
  /** The last head pan commanded, rad (0 at start). */
  readonly headPanRad: number;
  readonly ended: CompanionEnd | undefined;
  readonly log: readonly CompanionLogEntry[];
}

/** The context a run starts with. */
export function initialContext(input: CompanionInput): CompanionContext {
  return {
    input,
    privacy: { recordingAllowed: input.recordingConsent },
    nowS: 0,
    quiet: false,
    personId: undefined,
    language: input.language,
    nextReminder: 0,
    pending: [],
    active: undefined,
    reply: undefined,
    smallTalk: 0,
    request: undefined,
    fall: undefined,
    emergency: undefined,
    motionAllowed: true,
    clearedDuringStop: false,
    headPanRad: 0,
    ended: undefined,
    log: [],
  };
}

/** The log with one more entry. */
export function logged(c: CompanionContext, entry: CompanionLogEntry): readonly CompanionLogEntry[] {
  return [...c.log, entry];
}

/** A clock tick: the time, whether it is quiet, and the reminders that fell due queued. */
export function ticked(c: CompanionContext, nowS: number): Pick<CompanionContext, 'nowS' | 'quiet' | 'nextReminder' | 'pending'> {
  let next = c.nextReminder;
  const due: number[] = [];
  const schedule = c.input.schedule;
  while (next < schedule.length && (schedule[next] as CompanionReminder).atS <= nowS) due.push(next++);
  return { nowS, quiet: inQuietHours(c.input.quietHours, nowS), nextReminder: next, pending: due.length === 0 ? c.pending : [...c.pending, ...due] };
}

/** The reminder at the head of the queue. */
export function headReminder(c: CompanionContext): CompanionReminder | undefined {
  const i = c.pending[0];
  return i === undefined ? undefined : c.input.schedule[i];
}

/** The reminder being said. */
export function activeReminder(c: CompanionContext): CompanionReminder {
  const r = c.active === undefined ? undefined : c.input.schedule[c.active.index];
  if (r === undefined) throw new KindredError('INTERNAL', `companion: no reminder is being said (active ${JSON.stringify(c.active)})`);
  return r;
}

/** The head of the queue must wait: it is quiet and the reminder is not allowed in quiet hours. */
export function headSuppressed(c: CompanionContext): boolean {
  const r = headReminder(c);
  return r !== undefined && c.quiet && !r.overridesQuietHours;
}

/** How to address the greeted person (name only with consent). */
export function address(c: CompanionContext, personId = c.personId): Address | undefined {
  return addressFor(c.input.people, personId);
}

/** How caregivers' messages name a person. */
export function label(c: CompanionContext, personId = c.personId): Address {
  return caregiverLabel(c.input.people, personId);
}

/** Something to say, in the language last spoken. */
export function say(c: CompanionContext, text: BilingualText): SpeakInput {
  return { text_zh: text.zh, text_en: text.en, language: c.language };
}

/** Where the robot's head should turn to face a fallen person, and how long the turn should take. */
export function headTurn(c: CompanionContext): { readonly panRad: number; readonly durationS: number } | undefined {
  const r = c.input.robot;
  const p = c.fall?.position ?? null;
  if (r === undefined || p === null) return undefined;
  const bearing = Math.atan2(p.yM - r.yM, p.xM - r.xM) - r.yawRad;
  const wrapped = Math.atan2(Math.sin(bearing), Math.cos(bearing));
  const panRad = Math.max(-r.panLimitRad, Math.min(r.panLimitRad, wrapped));
  return { panRad, durationS: Math.max(1.5, Math.abs(panRad - c.headPanRad) / r.panSpeedRadPerS) };
}
