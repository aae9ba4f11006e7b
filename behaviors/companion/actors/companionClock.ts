import { fromCallback, type CallbackActorLogic, type EventObject } from 'xstate';
import { nsFromS, sFromNs } from '../../../runtime/time/index.js';
import { requirePositive } from '../../actors/motionOptions.js';
import type { BehaviorHost } from '../../runtime/BehaviorHost.js';

/** The bus clock's time, sent every tick. */
export interface ClockTickEvent {
  readonly type: 'clock.tick';
  /** Now, s on the bus clock. */
  readonly nowS: number;
}

/** How often to tick. */
export interface CompanionClockInput {
  readonly tickS: number;
}

/** The logic `companionClock(host)` returns. */
export type CompanionClockLogic = CallbackActorLogic<EventObject, CompanionClockInput>;

/**
 * An actor that tells its parent the bus clock's time: one `clock.tick` at once and then every
 * `tickS` on the bus clock (simulated time in lock-step, so reminders and the spoken time follow the
 * simulation, not the wall). XState's own delays run on the wall clock, which is why the companion
 * keeps time this way. Stopping it cancels the timer.
 */
export function companionClock(host: BehaviorHost): CompanionClockLogic {
  return fromCallback<EventObject, CompanionClockInput>(({ sendBack, input }) => {
    const periodNs = nsFromS(requirePositive('tickS', input.tickS));
    const tick = (): void => sendBack({ type: 'clock.tick', nowS: sFromNs(host.clock.now()) } satisfies ClockTickEvent);
    const timer = host.clock.setTimer(periodNs, tick);
    tick();
    return () => timer.cancel();
  });
}
