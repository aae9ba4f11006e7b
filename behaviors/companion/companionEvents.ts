import type { IntentEvent } from '../actors/index.js';
import type { KindredBehaviorEvent } from '../core/index.js';
import type { ClockTickEvent } from './actors/companionClock.js';
import type { PersonWatchEvent } from './actors/personWatch.js';

/** The intents the companion understands (kindred_msgs/Intent `name`). */
export type CompanionIntentName = 'how_are_you' | 'time' | 'small_talk' | 'weather' | 'play_music' | 'call_family' | 'help' | 'fine' | 'ack' | 'resolved';

/** Everything the companion machine receives. */
export type CompanionEvent = KindredBehaviorEvent | IntentEvent<CompanionIntentName> | PersonWatchEvent | ClockTickEvent;

/** Intent names that acknowledge a reminder ("好的", "OK", "done"). */
export const ACK_INTENTS: readonly string[] = ['ack', 'ok', 'yes', 'done'];
/** Intent names that answer the check-in after a fall: "我没事" / "I am fine"… */
export const FINE_INTENTS: readonly string[] = ['fine'];
/** …and "救命" / "help". */
export const HELP_INTENTS: readonly string[] = ['help'];

/** An intent the companion understands, as an event. */
export type CompanionIntent = IntentEvent<CompanionIntentName>;

/** The conversation's topics: each an intent with a spoken answer (music and calls also sent as requests). */
export type ConversationTopic = 'how_are_you' | 'time' | 'small_talk' | 'weather' | 'play_music' | 'call_family';

/** True for the intents among the companion's events. */
export function isIntent(e: CompanionEvent): e is CompanionIntent {
  return e.type.startsWith('intent.');
}

/** The intent's name: `intent.how_are_you` → `how_are_you`. */
export function intentName(e: { readonly type: string }): string {
  return e.type.slice('intent.'.length);
}
