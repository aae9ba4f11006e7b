import type { Clock } from './Clock.js';
import { checkPeriod } from './checkPeriod.js';

/** `Clock.sleep` for any clock, built on its one-shot timers; rejects with the signal's reason on abort. */
export function sleepWithTimer(clock: Pick<Clock, 'setTimer'>, ns: bigint, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    checkPeriod('sleep duration', ns);
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      timer.cancel();
      reject(signal?.reason);
    };
    const timer = clock.setTimer(
      ns,
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      { oneShot: true },
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
