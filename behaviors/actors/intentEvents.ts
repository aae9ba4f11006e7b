import { fromCallback, type CallbackActorLogic, type EventObject } from 'xstate';
import type { BehaviorHost } from '../runtime/BehaviorHost.js';
import type { IntentEvent } from './events.js';
import { INTENTS_TOPIC } from './waitForIntent.js';

/** Which intents to forward. */
export interface IntentEventsInput {
  /** Only intents from these roles; absent: everyone's. */
  readonly roles?: readonly string[];
}

/** The logic `intentEvents(host)` returns. */
export type IntentEventsLogic = CallbackActorLogic<EventObject, IntentEventsInput | undefined>;

/** The event name of an intent: `intent.` and the name in lower case. */
export function intentEventType(name: string): `intent.${string}` {
  return `intent.${name.toLowerCase()}`;
}

/**
 * An actor that forwards every intent on `/intents` to its parent as `intent.<name>` (an
 * `IntentEvent` with role, text, language, confidence and source), e.g. a patient's "stop" during
 * a session or "how_are_you" to the companion. Stopping it unsubscribes.
 */
export function intentEvents(host: BehaviorHost): IntentEventsLogic {
  return fromCallback<EventObject, IntentEventsInput | undefined>(({ sendBack, input }) => {
    const roles = input?.roles === undefined ? undefined : new Set(input.roles);
    const subscription = host.bus.subscribe(INTENTS_TOPIC, 'kindred_msgs/msg/Intent', (m) => {
      if (roles !== undefined && !roles.has(m.role)) return;
      const event: IntentEvent = { type: intentEventType(m.name), role: m.role, text: m.text, language: m.language, confidence: m.confidence, source: m.source };
      sendBack(event);
    });
    return () => subscription.unsubscribe();
  });
}
