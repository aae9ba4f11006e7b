import { randomUUID } from 'node:crypto';
import { fromPromise, type PromiseActorLogic } from 'xstate';
import { kindred_msgs } from '../../runtime/msgs/index.js';
import { nsFromS } from '../../runtime/time/index.js';
import type { BehaviorHost } from '../runtime/BehaviorHost.js';
import { requirePositive } from './motionOptions.js';
import { estimateSpeechDurationS } from './speechDuration.js';

const STATUS = kindred_msgs.SpeechStatus_Constants;

/** Topics of the speech module (and of the simulated speech until it exists). */
export const SPEECH_SAY_TOPIC = '/speech/say';
export const SPEECH_STATUS_TOPIC = '/speech/status';

/** Something to say, written in both languages. */
export interface SpeakInput {
  readonly text_zh: string;
  readonly text_en: string;
  /** Which text to speak. Default `zh`. */
  readonly language?: 'zh' | 'en';
  /** Give up waiting for the end after this long, s. Default twice the estimated duration plus 3 s. */
  readonly timeoutS?: number;
}

/**
 * How an utterance ended: `done` spoken to the end; `failed` the speech module could not speak it;
 * `cancelled` someone else cancelled it; `timeout` no end reported in time (speech is best effort:
 * voice is never the only channel, so none of these fails the actor).
 */
export interface SpeakOutput {
  readonly id: string;
  readonly outcome: 'done' | 'failed' | 'cancelled' | 'timeout';
}

/** The logic `speak(host)` returns. */
export type SpeakLogic = PromiseActorLogic<SpeakOutput, SpeakInput>;

/**
 * An actor that says something: publishes a kindred_msgs/SpeechRequest on `/speech/say` with a fresh
 * id and resolves when `/speech/status` reports that id DONE (or FAILED, CANCELLED), or after the
 * timeout on the bus clock. Stopping the actor cancels the utterance (a SpeechRequest with
 * `cancel: true`), so a behaviour that moves on does not keep talking.
 */
export function speak(host: BehaviorHost): SpeakLogic {
  return fromPromise<SpeakOutput, SpeakInput>(({ input, signal }) => {
    const language = input.language ?? 'zh';
    const text = language === 'zh' ? input.text_zh : input.text_en;
    const timeoutS = input.timeoutS === undefined ? 2 * estimateSpeechDurationS(text) + 3 : requirePositive('timeoutS', input.timeoutS);
    const id = `speech-${randomUUID()}`;
    const logger = host.logger.child({ actor: 'speak', id });
    return new Promise<SpeakOutput>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      let open = true;
      const finish = (outcome: SpeakOutput['outcome'] | undefined): void => {
        if (!open) return;
        open = false;
        status.unsubscribe();
        timer.cancel();
        signal.removeEventListener('abort', onAbort);
        if (outcome === undefined) {
          say.publish({ id, text_zh: '', text_en: '', language, cancel: true });
          say.close();
          reject(signal.reason);
          return;
        }
        say.close();
        if (outcome !== 'done') logger.warn({ outcome, text }, `speech ${outcome} / 语音未完成`);
        resolve({ id, outcome });
      };
      const onAbort = (): void => finish(undefined);
      const status = host.bus.subscribe(SPEECH_STATUS_TOPIC, 'kindred_msgs/msg/SpeechStatus', (m) => {
        if (m.id !== id) return;
        if (m.state === STATUS.DONE) finish('done');
        else if (m.state === STATUS.FAILED) finish('failed');
        else if (m.state === STATUS.CANCELLED) finish('cancelled');
      });
      const say = host.bus.advertise(SPEECH_SAY_TOPIC, 'kindred_msgs/msg/SpeechRequest');
      const timer = host.clock.setTimer(nsFromS(timeoutS), () => finish('timeout'), { oneShot: true });
      signal.addEventListener('abort', onAbort);
      logger.debug({ language, text }, 'speaking');
      say.publish({ id, text_zh: input.text_zh, text_en: input.text_en, language, cancel: false });
    });
  });
}
