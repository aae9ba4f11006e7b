import type { IntentEvent } from '../actors/index.js';
import type { KindredBehaviorEvent } from '../core/index.js';
import type { TransferMonitorEvent } from './transferMonitor.js';

/** Intents that stop what the robot is doing (any role): "stop", "停", and the patient's "no". */
export const STOP_INTENTS = ['stop', '停', 'no', '不', '不要'] as const;
/** The patient's consent. */
export const CONSENT_INTENTS = ['yes', '好'] as const;
/** The patient's refusal (before anything moves). */
export const DECLINE_INTENTS = ['no', '不', '不要'] as const;
/** The caregiver's confirmation of a precondition or a step. */
export const CONFIRM_INTENTS = ['confirm', '继续'] as const;
/** The caregiver's confirmation of the bed height. */
export const BED_HEIGHT_INTENTS = ['bed_height_ok'] as const;
/** The caregiver's confirmation of the wheelchair brakes. */
export const BRAKES_INTENTS = ['brakes_on'] as const;

/** Every intent the transfer handles (intent names as `intentEvents` delivers them). */
export type TransferIntentName =
  | (typeof STOP_INTENTS)[number]
  | (typeof CONSENT_INTENTS)[number]
  | (typeof CONFIRM_INTENTS)[number]
  | (typeof BED_HEIGHT_INTENTS)[number]
  | (typeof BRAKES_INTENTS)[number];

/** An intent the transfer handles. */
export type TransferIntentEvent = IntentEvent<TransferIntentName>;

/** The events of the transfer machine. */
export type TransferEvent = KindredBehaviorEvent | TransferIntentEvent | TransferMonitorEvent;

/** The same transition for several intents: `{ 'intent.stop': t, 'intent.停': t, … }`. */
export function onIntents<const N extends readonly TransferIntentName[], const T>(names: N, transition: T): { [K in N[number] as `intent.${K}`]: T } {
  return Object.fromEntries(names.map((n) => [`intent.${n}`, transition])) as { [K in N[number] as `intent.${K}`]: T };
}

/** True for an intent event (any name). */
export function isIntent(e: { readonly type: string }): e is TransferIntentEvent {
  return e.type.startsWith('intent.');
}

/** The intent name of an intent event. */
export function intentName(e: TransferIntentEvent): string {
  return e.type.slice('intent.'.length);
}
