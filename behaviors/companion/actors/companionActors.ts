import { unboundHost } from '../../actors/index.js';
import type { BehaviorHost } from '../../runtime/BehaviorHost.js';
import { companionClock, type CompanionClockLogic } from './companionClock.js';
import { companionRequest, type CompanionRequestLogic } from './companionRequest.js';
import { personWatch, type PersonWatchLogic } from './personWatch.js';
import { privacyAnnouncer, type PrivacyAnnouncerLogic } from './privacyAnnouncer.js';

/**
 * The companion's own actors, by the names its machine invokes them with (besides Kindred's shared
 * ones). A type alias so it fits `setup({ actors })`.
 */
export type CompanionActors = {
  readonly personWatch: PersonWatchLogic;
  readonly companionClock: CompanionClockLogic;
  readonly companionRequest: CompanionRequestLogic;
  readonly privacyAnnouncer: PrivacyAnnouncerLogic;
};

/**
 * The companion's actors bound to a running Kindred: what a run passes to `BehaviorRunner.start`
 * as `actors` (Kindred's shared actors are bound by the runner itself).
 */
export function createCompanionActors(host: BehaviorHost): CompanionActors {
  return {
    personWatch: personWatch(host),
    companionClock: companionClock(host),
    companionRequest: companionRequest(host),
    privacyAnnouncer: privacyAnnouncer(host),
  };
}


/**
 * The same actors, unbound: what the machine declares in `setup({ actors })`. Started as they are,
 * each fails with BEHAVIOR_ACTOR_UNBOUND (the machine then tells the caregiver it cannot watch over
 * the person and stops); the verifier swaps them for stand-ins.
 */
export const unboundCompanionActors: CompanionActors = createCompanionActors(unboundHost('a companion actor (personWatch, companionClock, companionRequest, privacyAnnouncer) is', 'pass createCompanionActors(host) as BehaviorRunner.start(..., { actors })'));
