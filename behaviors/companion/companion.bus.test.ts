// The companion on a bare bus (no control loop, no simulator): its real actors and Kindred's, the
// simulated speech, and the people's inputs published on the bus, on a simulated clock.
import { afterEach, describe, expect, it } from 'vitest';
import { kindred_msgs, stampFromNs } from '../../runtime/msgs/index.js';
import { BehaviorRunner, SimSpeech } from '../runtime/index.js';
import { busHost, type BusHost } from '../runtime/testing/busHost.js';
import { createCompanionActors } from './actors/companionActors.js';
import { bodyTopic } from './actors/personWatch.js';
import { parseCompanionInput, type CompanionInput } from './companionInput.js';
import { companionRecord } from './companionLog.js';
import { companionDefinition } from './companionDefinition.js';

const ALERT = kindred_msgs.CaregiverAlert_Constants;

interface Rig {
  readonly b: BusHost;
  readonly runner: BehaviorRunner;
  readonly speech: { atS: number; text_zh: string; text_en: string; language: string }[];
  readonly alerts: kindred_msgs.CaregiverAlert[];
  intent(name: string, role?: string, language?: string): void;
  posture(fallen: boolean): void;
  run(s: number): Promise<void>;
}

let open: Rig | undefined;
afterEach(async () => {
  await open?.runner.stop();
  open = undefined;
});

function start(input: CompanionInput, options: { readonly bindCompanionActors?: boolean } = {}): Rig {
  const b = busHost();
  const speechSim = new SimSpeech({ bus: b.bus, clock: b.clock, logger: b.host.logger });
  speechSim.start();
  const speech: Rig['speech'] = [];
  const alerts: kindred_msgs.CaregiverAlert[] = [];
  b.bus.subscribe('/speech/say', 'kindred_msgs/msg/SpeechRequest', (m) => {
    if (!m.cancel) speech.push({ atS: Number(b.clock.now()) / 1e9, text_zh: m.text_zh, text_en: m.text_en, language: m.language });
  });
  b.bus.subscribe('/caregiver/alerts', 'kindred_msgs/msg/CaregiverAlert', (m) => alerts.push(m));
  const tracked = b.bus.advertise('/humans/bodies/tracked', 'hri_msgs/msg/IdsList', { durability: 'transient_local', depth: 1 });
  const postures = b.bus.advertise(bodyTopic('person1', 'posture'), 'kindred_msgs/msg/BodyPosture');
  const intents = b.bus.advertise('/intents', 'kindred_msgs/msg/Intent');
  const header = (): { stamp: { sec: number; nanosec: number }; frame_id: string } => ({ stamp: stampFromNs(b.clock.now()), frame_id: '' });
  tracked.publish({ header: header(), ids: ['person1'] });
  const runner = BehaviorRunner.start(companionDefinition, {
    host: b.host,
    input,
    ...(options.bindCompanionActors === false ? {} : { actors: createCompanionActors(b.host) }),
  });
  const rig: Rig = {
    b,
    runner,
    speech,
    alerts,
    intent: (name, role = 'patient', language = 'zh') => intents.publish({ header: header(), name, text: name, language, confidence: 1, role, source: 'cli' }),
    posture: (fallen) => postures.publish({ header: header(), posture: fallen ? 'fallen' : 'standing', code: fallen ? 4 : 0, fallen, source: 'perception' }),
    run: (s) => b.advance(s * 1000),
  };
  open = rig;
  return rig;
}

const BASE = {
  people: [{ id: 'person1', name_zh: '李伯伯', name_en: 'Mr Li', consentToName: true }],
  timing: { tickS: 0.5, checkInTimeoutS: 10, reminderAckTimeoutS: 5, reminderAttempts: 2 },
};

describe('companion on the bus', () => {
  it('answers "help" at once with an urgent alert, and only a caregiver can resolve it', async () => {
    const r = start(parseCompanionInput(BASE));
    await r.run(3);
    r.intent('help');
    await r.run(1);
    expect(r.alerts).toHaveLength(1);
    expect(r.alerts[0]).toMatchObject({ severity: ALERT.URGENT, kind: 'help_request', person_id: 'person1' });
    expect(r.alerts[0]!.message_zh).toContain('李伯伯请求帮助');
    expect(r.runner.snapshot().matches({ emergency: 'staying_near' })).toBe(true);
    r.intent('resolved', 'patient');
    await r.run(1);
    expect(r.runner.snapshot().matches({ emergency: 'staying_near' })).toBe(true);
    r.intent('ack', 'caregiver');
    await r.run(6);
    expect(r.runner.snapshot().matches('conversation')).toBe(true);
    expect(r.speech.map((s) => s.text_zh)).toContain('您的家人来了。我在这里，有事随时叫我。');
  });

  it('answers in English when spoken to in English, the time from the bus clock', async () => {
    const r = start(parseCompanionInput({ ...BASE, clockOffsetS: 13 * 3600 + 5 * 60 }));
    await r.run(2);
    r.intent('time', 'patient', 'en');
    await r.run(4);
    const last = r.speech.at(-1)!;
    expect(last.language).toBe('en');
    expect(last.text_en).toBe('It is 1:05 in the afternoon.');
    expect(last.text_zh).toBe('现在是下午1点05分。');
  });

  it('keeps a reminder that falls due while paused until the operator resumes, then says it', async () => {
    const r = start(parseCompanionInput({ ...BASE, schedule: [{ id: 'walk', kind: 'exercise', atS: 8 }] }));
    await r.run(5);
    expect(r.runner.pause('test')).toBe(true);
    await r.run(6);
    expect(r.speech.some((s) => s.text_zh.includes('该活动活动身体了'))).toBe(false);
    // A fall is still handled while paused, and pause is not offered during it.
    r.posture(true);
    await r.run(1);
    expect(r.runner.snapshot().matches('fall')).toBe(true);
    expect(r.runner.pause('test')).toBe(false);
    r.intent('fine');
    await r.run(4);
    r.posture(false);
    expect(r.runner.snapshot().matches('conversation')).toBe(true);
    await r.run(1);
    // Back in the conversation the reminder is said.
    expect(r.speech.some((s) => s.text_zh.includes('李伯伯，该活动活动身体了'))).toBe(true);
    r.intent('ack');
    await r.run(1);
    expect(r.runner.operatorStop('test')).toBe(true);
    const result = await r.runner.done();
    const record = companionRecord(result.output);
    expect(record.reminders.map((x) => x.outcome)).toEqual(['acknowledged']);
    expect(record.falls.map((f) => f.kind)).toEqual(['fall', 'person_recovered']);
    expect(record.safety.map((s) => (s.kind === 'operator' ? s.command : s.kind))).toEqual(['pause', 'stop']);
    expect(r.alerts).toEqual([]);
  });

  it('without its own actors bound it cannot watch for falls: it tells the caregiver and ends', async () => {
    const r = start(parseCompanionInput(BASE), { bindCompanionActors: false });
    const result = await r.runner.done();
    expect(result.status).toBe('done');
    expect(r.alerts.map((a) => [a.severity, a.kind])).toEqual([[ALERT.WARNING, 'companion_unavailable']]);
    const record = companionRecord(result.output);
    expect(record.ended).toBe('unavailable');
    expect(record.safety[0]).toMatchObject({ kind: 'unavailable' });
  });
});
