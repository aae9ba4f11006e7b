/** Mandarin speech rate used for estimates: syllables (one per Han character) per second. */
const ZH_SYLLABLES_PER_S = 4.5;
/** English speech rate used for estimates: words per second (~160 words a minute). */
const EN_WORDS_PER_S = 2.7;
/** Pause per sentence or clause mark, s. */
const PAUSE_S = 0.25;
/** No utterance is estimated shorter than this, s. */
const MIN_S = 0.5;

/**
 * How long speaking `text` takes at a calm pace for older listeners, s: Han characters at 4.5 a
 * second, other words at 2.7 a second, a short pause per punctuation mark. Used for the simulated
 * speech and for the speak actor's default timeout.
 */
export function estimateSpeechDurationS(text: string): number {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const words = text.replace(/\p{Script=Han}/gu, ' ').match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  const pauses = text.match(/[,.;:!?，。；：！？、]/gu)?.length ?? 0;
  return Math.max(MIN_S, han / ZH_SYLLABLES_PER_S + words / EN_WORDS_PER_S + pauses * PAUSE_S);
}
