import { describe, expect, it } from 'vitest';
import { Bus } from '../../runtime/bus/index.js';
import { silentLogger } from '../../runtime/logging/index.js';
import { kindred_msgs, type MessageTypeMap } from '../../runtime/msgs/index.js';
import { nsFromS, SimClock } from '../../runtime/time/index.js';
import { estimateSpeechDurationS } from '../actors/speechDuration.js';
import { SimSpeech } from './simSpeech.js';

const { STARTED, DONE, CANCELLED } = kindred_msgs.SpeechStatus_Constants;

describe('SimSpeech', () => {
  it('answers in order on the bus clock, drops a cancelled queued utterance, and stops cleanly', () => {
    const bus = new Bus<MessageTypeMap>();
    const clock = new SimClock();
    const speech = new SimSpeech({ bus, clock, logger: silentLogger() });
    speech.start();
    speech.start(); // idempotent
    const log: string[] = [];
    bus.subscribe('/speech/status', 'kindred_msgs/msg/SpeechStatus', (m) => log.push(`${clock.now() / 1_000_000n}ms ${m.id} ${['started', 'done', 'failed', 'cancelled'][m.state]}`));
    const say = bus.advertise('/speech/say', 'kindred_msgs/msg/SpeechRequest');
    const request = (id: string, text_zh: string, cancel = false): void => say.publish({ id, text_zh, text_en: '', language: 'zh', cancel });
    request('a', '该喝水了。');
    request('b', '请吃药。');
    request('c', '我们去散步吧。');
    request('b', '', true);
    const ms = (text: string): bigint => nsFromS(estimateSpeechDurationS(text)) / 1_000_000n;
    const aMs = ms('该喝水了。');
    const abcMs = (nsFromS(estimateSpeechDurationS('该喝水了。')) + nsFromS(estimateSpeechDurationS('我们去散步吧。'))) / 1_000_000n;
    clock.advance(10_000_000_000n);
    expect(log).toEqual(['0ms a started', '0ms b cancelled', `${aMs}ms a done`, `${aMs}ms c started`, `${abcMs}ms c done`]);
    expect([STARTED, DONE, CANCELLED]).toEqual([0, 1, 3]);
    request('d', '晚安。');
    expect(speech.speaking).toBe('d');
    speech.stop();
    expect(speech.speaking).toBeUndefined();
    expect(bus.topic('/speech/say')?.subscribers).toBe(0);
    clock.advance(10_000_000_000n);
    expect(log.at(-1)).toBe('10000ms d started'); // and never done: stopped
  });
});
