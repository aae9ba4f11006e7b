import { fromPromise, type PromiseActorLogic } from 'xstate';
import type { kindred_msgs } from '../../runtime/msgs/index.js';
import { nsFromS, type Timer } from '../../runtime/time/index.js';
import type { BehaviorHost } from '../runtime/BehaviorHost.js';
import { requirePositive } from './motionOptions.js';

/** Where intents arrive (kindred_msgs/Intent): from voice later, from the CLI, API and tablet now. */
export const INTENTS_TOPIC = '/intents';

/** Which intent to wait for. */
export interface WaitForIntentInput {
  /** Intent names accepted, e.g. `['yes', 'no']`; empty accepts any. */
  readonly accept: readonly string[];
  /** Roles accepted, e.g. `['caregiver']` for a caregiver's confirmation; absent accepts anyone. */
  readonly roles?: readonly string[];
  /** Give up after this long, s on the bus clock; absent waits until the state is left. */
  readonly timeoutS?: number;
  /** Ignore intents recognised with less confidence than this (0..1). Default 0. */
  readonly minConfidence?: number;
}

/** The accepted intent, or that none came in time. */
export type WaitForIntentOutput = { readonly timeout: false; readonly intent: kindred_msgs.Intent } | { readonly timeout: true };

/** The logic `waitForIntent(host)` returns. */
export type WaitForIntentLogic = PromiseActorLogic<WaitForIntentOutput, WaitForIntentInput>;

/**
 * An actor that waits for the first intent on `/intents` published after it starts whose name,
 * role and confidence it accepts (names compared case-insensitively), and resolves with it; or
 * resolves `{ timeout: true }` when `timeoutS` passes first. Stopping it unsubscribes.
 */
export function waitForIntent(host: BehaviorHost): WaitForIntentLogic {
  return fromPromise<WaitForIntentOutput, WaitForIntentInput>(({ input, signal }) => {
    const names = new Set(input.accept.map((n) => n.toLowerCase()));
    const roles = input.roles === undefined ? undefined : new Set(input.roles);
    const minConfidence = input.minConfidence ?? 0;
    const timeoutNs = input.timeoutS === undefined ? undefined : nsFromS(requirePositive('timeoutS', input.timeoutS));
    return new Promise<WaitForIntentOutput>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      let timer: Timer | undefined;
      const finish = (result: WaitForIntentOutput | undefined): void => {
        subscription.unsubscribe();
        timer?.cancel();
        signal.removeEventListener('abort', onAbort);
        if (result === undefined) reject(signal.reason);
        else resolve(result);
      };
      const onAbort = (): void => finish(undefined);
      const subscription = host.bus.subscribe(INTENTS_TOPIC, 'kindred_msgs/msg/Intent', (intent) => {
        if (names.size > 0 && !names.has(intent.name.toLowerCase())) return;
        if (roles !== undefined && !roles.has(intent.role)) return;
        if (!(intent.confidence >= minConfidence)) return;
        finish({ timeout: false, intent });
      });
      if (timeoutNs !== undefined) timer = host.clock.setTimer(timeoutNs, () => finish({ timeout: true }), { oneShot: true });
      signal.addEventListener('abort', onAbort);
    });
  });
}
