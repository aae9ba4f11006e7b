import { KindredError } from '../../runtime/errors/index.js';
import type { BehaviorHost } from '../runtime/BehaviorHost.js';
import { alertCaregiver, type AlertCaregiverLogic } from './alertCaregiver.js';
import { followTrajectory, type FollowTrajectoryLogic } from './followTrajectory.js';
import { intentEvents, type IntentEventsLogic } from './intentEvents.js';
import { moveJoints, type MoveJointsLogic } from './moveJoints.js';
import { patientSignals, type PatientSignalsLogic } from './patientSignals.js';
import { releaseHold, type ReleaseHoldLogic } from './releaseHold.js';
import { safetyWatcher, type SafetyWatcherLogic } from './safetyWatcher.js';
import { speak, type SpeakLogic } from './speak.js';
import { switchController, type SwitchControllerLogic } from './switchController.js';
import { waitForIntent, type WaitForIntentLogic } from './waitForIntent.js';
import { waitForPerson, type WaitForPersonLogic } from './waitForPerson.js';

/**
 * Kindred's actors by the names behaviours invoke them with. A type alias, not an interface, so it
 * fits `setup({ actors })`'s index signature.
 */
export type BehaviorActors = {
  readonly moveJoints: MoveJointsLogic;
  readonly followTrajectory: FollowTrajectoryLogic;
  readonly switchController: SwitchControllerLogic;
  readonly releaseHold: ReleaseHoldLogic;
  readonly speak: SpeakLogic;
  readonly waitForIntent: WaitForIntentLogic;
  readonly waitForPerson: WaitForPersonLogic;
  readonly alertCaregiver: AlertCaregiverLogic;
  readonly safetyWatcher: SafetyWatcherLogic;
  readonly patientSignals: PatientSignalsLogic;
  readonly intentEvents: IntentEventsLogic;
};

/** The name of one of Kindred's actors. */
export type BehaviorActorName = keyof BehaviorActors;

/** Every actor bound to `host`: what `BehaviorRunner` provides to a machine (`machine.provide({ actors })`). */
export function createBehaviorActors(host: BehaviorHost): BehaviorActors {
  return {
    moveJoints: moveJoints(host),
    followTrajectory: followTrajectory(host),
    switchController: switchController(host),
    releaseHold: releaseHold(host),
    speak: speak(host),
    waitForIntent: waitForIntent(host),
    waitForPerson: waitForPerson(host),
    alertCaregiver: alertCaregiver(host),
    safetyWatcher: safetyWatcher(host),
    patientSignals: patientSignals(host),
    intentEvents: intentEvents(host),
  };
}

/**
 * A host whose every use fails with BEHAVIOR_ACTOR_UNBOUND, saying which actors and how to bind them:
 * behaviours build their `unbound…Actors` (what `setup({ actors })` declares) on it.
 */
export function unboundHost(actors: string, howToBind: string): BehaviorHost {
  const unbound = (): never => {
    throw new KindredError('BEHAVIOR_ACTOR_UNBOUND', `${actors} not bound to a running Kindred; ${howToBind}`, { expected: howToBind });
  };
  return {
    get bus(): never {
      return unbound();
    },
    get clock(): never {
      return unbound();
    },
    get logger(): never {
      return unbound();
    },
    jointStates: unbound,
    switchControllers: unbound,
    controllerJoints: unbound,
    releaseHold: unbound,
    configureController: unbound,
  };
}

/**
 * The same actors, not bound to anything: what a behaviour declares in `setup({ actors:
 * unboundBehaviorActors })` so its invokes are typed and named. Started as they are (a machine run
 * with plain `createActor`), each fails with BEHAVIOR_ACTOR_UNBOUND; `BehaviorRunner` replaces them
 * with `createBehaviorActors(host)` and the verifier with inert stand-ins.
 */
export const unboundBehaviorActors: BehaviorActors = createBehaviorActors(
  unboundHost('this actor is', 'run the machine with BehaviorRunner or provide createBehaviorActors(host) with machine.provide'),
);
