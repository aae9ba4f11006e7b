import { fromPromise, type PromiseActorLogic } from 'xstate';
import { nsFromS, type Timer } from '../../runtime/time/index.js';
import type { BehaviorHost } from '../runtime/BehaviorHost.js';
import { requirePositive } from './motionOptions.js';

/** ROS4HRI's list of tracked bodies (hri_msgs/IdsList): perception later, the simulator's ground truth now. */
export const TRACKED_BODIES_TOPIC = '/humans/bodies/tracked';

/** How to wait for a person. */
export interface WaitForPersonInput {
  /** Give up after this long, s on the bus clock; absent waits until the state is left. */
  readonly timeoutS?: number;
  /** The ROS4HRI list to watch. Default `/humans/bodies/tracked` (`/humans/persons/tracked` once people are identified). */
  readonly topic?: string;
}

/** The first id tracked (and all of them), or that nobody appeared in time. */
export type WaitForPersonOutput = { readonly timeout: false; readonly id: string; readonly ids: readonly string[] } | { readonly timeout: true };

/** The logic `waitForPerson(host)` returns. */
export type WaitForPersonLogic = PromiseActorLogic<WaitForPersonOutput, WaitForPersonInput>;

/**
 * An actor that waits until the ROS4HRI tracked list is non-empty and resolves with the first id
 * (a latched list already non-empty counts at once), or `{ timeout: true }` after `timeoutS`.
 * Stopping it unsubscribes.
 */
export function waitForPerson(host: BehaviorHost): WaitForPersonLogic {
  return fromPromise<WaitForPersonOutput, WaitForPersonInput>(({ input, signal }) => {
    const topic = input.topic ?? TRACKED_BODIES_TOPIC;
    const timeoutNs = input.timeoutS === undefined ? undefined : nsFromS(requirePositive('timeoutS', input.timeoutS));
    return new Promise<WaitForPersonOutput>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      let timer: Timer | undefined;
      let found: WaitForPersonOutput | undefined;
      let subscribed = false;
      const finish = (result: WaitForPersonOutput | undefined): void => {
        subscription.unsubscribe();
        timer?.cancel();
        signal.removeEventListener('abort', onAbort);
        if (result === undefined) reject(signal.reason);
        else resolve(result);
      };
      const onAbort = (): void => finish(undefined);
      // A transient-local publisher's kept list arrives inside subscribe(): note it, finish after.
      const subscription = host.bus.subscribe(
        topic,
        'hri_msgs/msg/IdsList',
        (m) => {
          const id = m.ids[0];
          if (id === undefined || found !== undefined) return;
          found = { timeout: false, id, ids: [...m.ids] };
          if (subscribed) finish(found);
        },
        { durability: 'transient_local' },
      );
      subscribed = true;
      if (found !== undefined) {
        finish(found);
        return;
      }
      if (timeoutNs !== undefined) timer = host.clock.setTimer(timeoutNs, () => finish({ timeout: true }), { oneShot: true });
      signal.addEventListener('abort', onAbort);
    });
  });
}
