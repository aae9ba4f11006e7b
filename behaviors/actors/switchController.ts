import { fromPromise, type PromiseActorLogic } from 'xstate';
import type { BehaviorHost } from '../runtime/BehaviorHost.js';

/** Controllers to stop and to start, e.g. from position control to admittance for an assisted exercise. */
export interface SwitchControllerInput {
  readonly activate: readonly string[];
  readonly deactivate: readonly string[];
}

/** The logic `switchController(host)` returns; its output repeats what was switched. */
export type SwitchControllerLogic = PromiseActorLogic<SwitchControllerInput, SwitchControllerInput>;

/**
 * An actor that switches controllers through the host (the loop deactivates, then activates).
 * Resolves once the loop has switched;
 * rejects with the loop's coded error (unknown controller, claim conflict). Stopping the actor does not
 * undo the steps the loop has taken, and no further step is taken after it (the state that stopped it
 * decides what the controllers should be).
 */
export function switchController(host: BehaviorHost): SwitchControllerLogic {
  return fromPromise<SwitchControllerInput, SwitchControllerInput>(async ({ input, signal }) => {
    await host.switchControllers(input.activate, input.deactivate, signal);
    return { activate: [...input.activate], deactivate: [...input.deactivate] };
  });
}
