import { fromCallback, type CallbackActorLogic, type EventObject, type NonReducibleUnknown } from 'xstate';
import type { kindred_msgs } from '../../runtime/msgs/index.js';
import type { BehaviorHost } from '../runtime/BehaviorHost.js';
import { safetyEventsFor } from './safetyEvents.js';

/** The safety supervisor's state, published by Kindred on every change and at 1 Hz (latched). */
export const SAFETY_STATE_TOPIC = '/safety/state';

/** The logic `safetyWatcher(host)` returns. */
export type SafetyWatcherLogic = CallbackActorLogic<EventObject, NonReducibleUnknown>;

/**
 * An actor that follows `/safety/state` (latched: the current state arrives at once) and sends
 * its parent `safety.stop`, `safety.estop` and `safety.cleared` as the supervisor's state changes
 * (see `safetyEventsFor`). This is how safety events reach a behaviour: `BehaviorRunner` runs one
 * for every behaviour whose root does not invoke it itself. Stopping it unsubscribes.
 */
export function safetyWatcher(host: BehaviorHost): SafetyWatcherLogic {
  return fromCallback<EventObject, NonReducibleUnknown>(({ sendBack }) => {
    const logger = host.logger.child({ actor: 'safetyWatcher' });
    let previous: kindred_msgs.SafetyState | undefined;
    const subscription = host.bus.subscribe(
      SAFETY_STATE_TOPIC,
      'kindred_msgs/msg/SafetyState',
      (m) => {
        const events = safetyEventsFor(previous, m);
        previous = m;
        for (const event of events) {
          logger.info({ event }, `safety event to behaviour / 安全事件: ${event.type}`);
          sendBack(event);
        }
      },
      { durability: 'transient_local' },
    );
    return () => subscription.unsubscribe();
  });
}
