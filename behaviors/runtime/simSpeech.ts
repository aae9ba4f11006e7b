import type { Bus, Publisher, Subscription } from '../../runtime/bus/index.js';
import type { Logger } from '../../runtime/logging/index.js';
import { kindred_msgs, type MessageTypeMap } from '../../runtime/msgs/index.js';
import { nsFromS, type Clock, type Timer } from '../../runtime/time/index.js';
import { SPEECH_SAY_TOPIC, SPEECH_STATUS_TOPIC } from '../actors/speak.js';
import { estimateSpeechDurationS } from '../actors/speechDuration.js';

const STATUS = kindred_msgs.SpeechStatus_Constants;

/** What the simulated speech needs. */
export interface SimSpeechOptions {
  readonly bus: Bus<MessageTypeMap>;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Stands in for the speech module until it exists, so behaviours run headless: answers each
 * kindred_msgs/SpeechRequest on `/speech/say` with SpeechStatus STARTED, then DONE after the time
 * the words would take (`estimateSpeechDurationS`) on the bus clock. Utterances are spoken one after
 * another in arrival order; a cancel request stops the one speaking (or drops a queued one) with
 * CANCELLED. Nothing is heard: each utterance is logged as simulated.
 */
export class SimSpeech {
  private readonly queue: kindred_msgs.SpeechRequest[] = [];
  private current: { readonly request: kindred_msgs.SpeechRequest; readonly timer: Timer } | undefined;
  private requests: Subscription | undefined;
  private status: Publisher<kindred_msgs.SpeechStatus> | undefined;
  private readonly logger: Logger;

  constructor(private readonly options: SimSpeechOptions) {
    this.logger = options.logger.child({ module: 'sim_speech' });
  }

  /** Begin answering `/speech/say`. Idempotent. */
  start(): void {
    if (this.requests !== undefined) return;
    this.status = this.options.bus.advertise(SPEECH_STATUS_TOPIC, 'kindred_msgs/msg/SpeechStatus');
    this.requests = this.options.bus.subscribe(SPEECH_SAY_TOPIC, 'kindred_msgs/msg/SpeechRequest', (m) => this.onRequest(m));
    this.logger.info('speech is simulated: utterances are logged, not heard / 语音为模拟：仅记录，不发声');
  }

  /** Stop answering: the utterance under way and the queue are dropped without a status. Idempotent. */
  stop(): void {
    this.current?.timer.cancel();
    this.current = undefined;
    this.queue.length = 0;
    this.requests?.unsubscribe();
    this.requests = undefined;
    this.status?.close();
    this.status = undefined;
  }

  /** The id of the utterance being spoken, if any. */
  get speaking(): string | undefined {
    return this.current?.request.id;
  }

  private onRequest(m: kindred_msgs.SpeechRequest): void {
    if (!m.cancel) {
      this.queue.push(m);
      if (this.current === undefined) this.next();
      return;
    }
    if (this.current?.request.id === m.id) {
      this.current.timer.cancel();
      this.current = undefined;
      this.publish(m.id, STATUS.CANCELLED);
      this.next();
      return;
    }
    const at = this.queue.findIndex((q) => q.id === m.id);
    if (at >= 0) {
      this.queue.splice(at, 1);
      this.publish(m.id, STATUS.CANCELLED);
    }
  }

  private next(): void {
    const request = this.queue.shift();
    if (request === undefined) return;
    const text = request.language === 'en' ? request.text_en : request.text_zh;
    const durationS = estimateSpeechDurationS(text);
    const timer = this.options.clock.setTimer(
      nsFromS(durationS),
      () => {
        this.current = undefined;
        this.publish(request.id, STATUS.DONE);
        this.next();
      },
      { oneShot: true },
    );
    this.current = { request, timer };
    this.logger.info({ id: request.id, language: request.language, durationS: Math.round(durationS * 100) / 100 }, `simulated speech / 模拟语音: ${text}`);
    this.publish(request.id, STATUS.STARTED);
  }

  private publish(id: string, state: number): void {
    this.status?.publish({ id, state });
  }
}
