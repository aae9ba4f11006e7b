import { fromPromise, type PromiseActorLogic } from 'xstate';
import type { BehaviorHost } from '../../runtime/BehaviorHost.js';

/** Where the companion asks the music player to play (std_msgs/String, JSON). */
export const MUSIC_TOPIC = '/companion/music';
/** Where the companion asks the phone to call the family (std_msgs/String, JSON). */
export const CALL_TOPIC = '/companion/call';

/** What to ask for, on whose behalf. */
export interface CompanionRequestInput {
  readonly request: 'play_music' | 'call_family';
  readonly personId: string;
  readonly language: 'zh' | 'en';
}

/** The request as published. */
export interface CompanionRequestOutput {
  readonly topic: string;
  readonly data: string;
}

/** The logic `companionRequest(host)` returns. */
export type CompanionRequestLogic = PromiseActorLogic<CompanionRequestOutput, CompanionRequestInput>;

/**
 * An actor that hands a person's request to whoever serves it on the bus: `play_music` on
 * `/companion/music`, `call_family` on `/companion/call`, each a std_msgs/String whose `data` is
 * JSON `{"request", "personId", "language"}`. Resolves once published (the music player or phone
 * reports on its own topics; the companion only confirms it asked).
 */
export function companionRequest(host: BehaviorHost): CompanionRequestLogic {
  return fromPromise<CompanionRequestOutput, CompanionRequestInput>(async ({ input }) => {
    const topic = input.request === 'play_music' ? MUSIC_TOPIC : CALL_TOPIC;
    const data = JSON.stringify({ request: input.request, personId: input.personId, language: input.language });
    const publisher = host.bus.advertise(topic, 'std_msgs/msg/String');
    try {
      publisher.publish({ data });
    } finally {
      publisher.close();
    }
    host.logger.child({ actor: 'companionRequest' }).info({ topic, request: input.request }, `request sent / 已发送请求: ${input.request}`);
    return { topic, data };
  });
}
