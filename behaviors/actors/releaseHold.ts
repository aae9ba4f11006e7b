import { fromPromise, type PromiseActorLogic } from 'xstate';
import type { BehaviorHost } from '../runtime/BehaviorHost.js';

/** The logic `releaseHold(host)` returns. */
export type ReleaseHoldLogic = PromiseActorLogic<void, void>;

/**
 * An actor that releases the loop's hold, restoring the controllers it replaced: what a behaviour
 * does after `safety.cleared` before it moves again (an accepted reset leaves every controller
 * holding). Rejects with SAFETY_STOPPED while a stop is still in force. The next motion starts from
 * where the joints are measured to be, so nothing jumps.
 */
export function releaseHold(host: BehaviorHost): ReleaseHoldLogic {
  return fromPromise<void, void>(() => host.releaseHold());
}
