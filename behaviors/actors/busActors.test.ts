// The actors that only talk on the bus, against real Bus + SimClock peers: what a behaviour hears and says.
import { describe, expect, it } from 'vitest';
import { assign, createActor, setup, toPromise } from 'xstate';
import { kindred_msgs, stampFromNs } from '../../runtime/msgs/index.js';
import { SimSpeech } from '../runtime/simSpeech.js';
import { busHost } from '../runtime/testing/busHost.js';
import { silentLogger } from '../../runtime/logging/index.js';
import { alertCaregiver } from './alertCaregiver.js';
import { unboundBehaviorActors } from './behaviorActors.js';
import type { IntentEvent, PatientSignalEvent } from './events.js';
import { intentEvents } from './intentEvents.js';
import { moveJoints } from './moveJoints.js';
import { patientSignals } from './patientSignals.js';
import { speak } from './speak.js';
import { estimateSpeechDurationS } from './speechDuration.js';
import { waitForIntent } from './waitForIntent.js';
import { waitForPerson } from './waitForPerson.js';

const STATUS = kindred_msgs.SpeechStatus_Constants;

type IntentFields = Partial<kindred_msgs.Intent> & { name: string };
function intent(fields: IntentFields): kindred_msgs.Intent {
  return { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' }, text: '', language: 'zh', confidence: 1, role: 'patient', source: 'cli', ...fields };
}

/** Settle state of a promise without awaiting it. */
function watch<T>(p: Promise<T>): { value?: T; error?: unknown; settled: boolean } {
  const state: { value?: T; error?: unknown; settled: boolean } = { settled: false };
  p.then(
    (value) => Object.assign(state, { value, settled: true }),
    (error: unknown) => Object.assign(state, { error, settled: true }),
  );
  return state;
}

describe('speak', () => {
  it('says the Mandarin text through /speech/say and resolves when the simulated speech reports DONE', async () => {
    const { bus, clock, host, advance } = busHost();
    const speech = new SimSpeech({ bus, clock, logger: silentLogger() });
    speech.start();
    const requests: kindred_msgs.SpeechRequest[] = [];
    const statuses: kindred_msgs.SpeechStatus[] = [];
    bus.subscribe('/speech/say', 'kindred_msgs/msg/SpeechRequest', (m) => requests.push(m));
    bus.subscribe('/speech/status', 'kindred_msgs/msg/SpeechStatus', (m) => statuses.push(m));
    const text_zh = '您好，今天感觉怎么样？';
    const actor = createActor(speak(host), { input: { text_zh, text_en: 'Hello, how are you today?' } }).start();
    const result = watch(toPromise(actor));
    expect(requests).toEqual([{ id: expect.stringMatching(/^speech-/), text_zh, text_en: 'Hello, how are you today?', language: 'zh', cancel: false }]);
    const id = requests[0]!.id;
    expect(statuses).toEqual([{ id, state: STATUS.STARTED }]);
    const expectedS = estimateSpeechDurationS(text_zh);
    expect(expectedS).toBeGreaterThan(2); // 10 syllables at 4.5/s plus two pauses
    await advance(Math.floor(expectedS * 1000) - 10);
    expect(result.settled).toBe(false);
    await advance(20);
    expect(result.value).toEqual({ id, outcome: 'done' });
    expect(statuses.map((s) => s.state)).toEqual([STATUS.STARTED, STATUS.DONE]);
    speech.stop();
  });

  it('speaks English when asked, one utterance after another', async () => {
    const { bus, clock, host, advance } = busHost();
    const speech = new SimSpeech({ bus, clock, logger: silentLogger() });
    speech.start();
    const first = watch(toPromise(createActor(speak(host), { input: { text_zh: '一', text_en: 'one two three four five six', language: 'en' } }).start()));
    const second = watch(toPromise(createActor(speak(host), { input: { text_zh: '二', text_en: 'seven', language: 'en' } }).start()));
    const t0 = clock.now();
    while (!first.settled) await advance(10);
    const firstS = Number(clock.now() - t0) / 1e9;
    expect(firstS).toBeCloseTo(estimateSpeechDurationS('one two three four five six'), 1);
    expect(second.settled).toBe(false);
    while (!second.settled) await advance(10);
    expect(Number(clock.now() - t0) / 1e9).toBeCloseTo(firstS + estimateSpeechDurationS('seven'), 1);
    speech.stop();
  });

  it('gives up with outcome timeout when no speech module answers', async () => {
    const { host, advance } = busHost();
    const result = watch(toPromise(createActor(speak(host), { input: { text_zh: '好', text_en: 'OK', timeoutS: 2 } }).start()));
    await advance(1990);
    expect(result.settled).toBe(false);
    await advance(20);
    expect(result.value).toMatchObject({ outcome: 'timeout' });
  });

  it('cancels the utterance when stopped, and leaves no subscription behind', async () => {
    const { bus, clock, host, advance } = busHost();
    const speech = new SimSpeech({ bus, clock, logger: silentLogger() });
    speech.start();
    const statuses: kindred_msgs.SpeechStatus[] = [];
    bus.subscribe('/speech/status', 'kindred_msgs/msg/SpeechStatus', (m) => statuses.push(m));
    const actor = createActor(speak(host), { input: { text_zh: '现在开始第一组练习，请放松。', text_en: 'Starting the first set now, please relax.' } }).start();
    await advance(500);
    expect(speech.speaking).toBeDefined();
    expect(bus.topic('/speech/status')?.subscribers).toBe(2);
    actor.stop();
    expect(statuses.map((s) => s.state)).toEqual([STATUS.STARTED, STATUS.CANCELLED]);
    expect(speech.speaking).toBeUndefined();
    expect(bus.topic('/speech/status')?.subscribers).toBe(1);
    expect(bus.topic('/speech/say')?.publishers ?? 0).toBe(0);
    await advance(5000);
    expect(statuses).toHaveLength(2); // no DONE after the cancel
    speech.stop();
  });

  it('reports a failure of the speech module as outcome failed, not as an error', async () => {
    const { bus, host } = busHost();
    const status = bus.advertise('/speech/status', 'kindred_msgs/msg/SpeechStatus');
    bus.subscribe('/speech/say', 'kindred_msgs/msg/SpeechRequest', (m) => status.publish({ id: m.id, state: STATUS.FAILED }));
    const out = await toPromise(createActor(speak(host), { input: { text_zh: '好', text_en: 'OK', language: 'en' } }).start());
    expect(out).toMatchObject({ outcome: 'failed' });
  });
});

describe('waitForIntent', () => {
  it('resolves with the first accepted intent published after it started: name, role and confidence filtered', async () => {
    const { bus, host } = busHost();
    const intents = bus.advertise('/intents', 'kindred_msgs/msg/Intent');
    intents.publish(intent({ name: 'yes' })); // before it started: not an answer
    const actor = createActor(waitForIntent(host), { input: { accept: ['yes', 'no'], roles: ['patient'], minConfidence: 0.6, timeoutS: 10 } }).start();
    const result = watch(toPromise(actor));
    intents.publish(intent({ name: 'help' }));
    intents.publish(intent({ name: 'yes', role: 'caregiver' }));
    intents.publish(intent({ name: 'yes', confidence: 0.4, source: 'voice' }));
    intents.publish(intent({ name: 'YES', text: '好', confidence: 0.9, source: 'voice' }));
    await Promise.resolve();
    await Promise.resolve();
    expect(result.value).toEqual({ timeout: false, intent: expect.objectContaining({ name: 'YES', text: '好', role: 'patient', confidence: 0.9 }) });
    expect(bus.topic('/intents')?.subscribers ?? 0).toBe(0);
  });

  it('resolves { timeout: true } after timeoutS on the bus clock and unsubscribes', async () => {
    const { bus, host, advance } = busHost();
    const result = watch(toPromise(createActor(waitForIntent(host), { input: { accept: ['yes'], timeoutS: 5 } }).start()));
    expect(bus.topic('/intents')?.subscribers).toBe(1);
    await advance(4990);
    expect(result.settled).toBe(false);
    await advance(20);
    expect(result.value).toEqual({ timeout: true });
    expect(bus.topic('/intents')).toBeUndefined();
  });

  it('unsubscribes and cancels its timer when stopped', async () => {
    const { bus, clock, host } = busHost();
    const actor = createActor(waitForIntent(host), { input: { accept: [], timeoutS: 5 } }).start();
    actor.stop();
    expect(bus.topic('/intents')).toBeUndefined();
    expect(clock.nextDueNs()).toBeUndefined();
  });
});

describe('waitForPerson', () => {
  it('waits for a non-empty /humans/bodies/tracked and resolves with the first id', async () => {
    const { bus, host } = busHost();
    const tracked = bus.advertise('/humans/bodies/tracked', 'hri_msgs/msg/IdsList');
    const result = watch(toPromise(createActor(waitForPerson(host), { input: { timeoutS: 30 } }).start()));
    tracked.publish({ header: { stamp: { sec: 1, nanosec: 0 }, frame_id: 'sim_world' }, ids: [] });
    await Promise.resolve();
    expect(result.settled).toBe(false);
    tracked.publish({ header: { stamp: { sec: 1, nanosec: 1e8 }, frame_id: 'sim_world' }, ids: ['b1', 'b7'] });
    await Promise.resolve();
    await Promise.resolve();
    expect(result.value).toEqual({ timeout: false, id: 'b1', ids: ['b1', 'b7'] });
    expect(bus.topic('/humans/bodies/tracked')?.subscribers).toBe(0);
  });

  it('takes a latched list at once, and times out when nobody comes', async () => {
    const { bus, host, advance } = busHost();
    const latched = bus.advertise('/humans/persons/tracked', 'hri_msgs/msg/IdsList', { durability: 'transient_local', depth: 1 });
    latched.publish({ header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' }, ids: ['p2'] });
    expect(await toPromise(createActor(waitForPerson(host), { input: { topic: '/humans/persons/tracked' } }).start())).toMatchObject({ id: 'p2' });
    const nobody = watch(toPromise(createActor(waitForPerson(host), { input: { timeoutS: 1 } }).start()));
    await advance(1010);
    expect(nobody.value).toEqual({ timeout: true });
  });
});

describe('alertCaregiver', () => {
  it('publishes an urgent CaregiverAlert stamped on the bus clock and resolves with its id', async () => {
    const { bus, clock, host, advance } = busHost();
    await advance(1500);
    const alerts: kindred_msgs.CaregiverAlert[] = [];
    bus.subscribe('/caregiver/alerts', 'kindred_msgs/msg/CaregiverAlert', (m) => alerts.push(m));
    const out = await toPromise(
      createActor(alertCaregiver(host), {
        input: { severity: 'urgent', kind: 'fall', message_zh: '王奶奶在卧室跌倒，没有回应。', message_en: 'Mrs Wang fell in the bedroom and does not answer.', personId: 'b1', location: 'bedroom' },
      }).start(),
    );
    expect(alerts).toEqual([
      {
        header: { stamp: stampFromNs(clock.now()), frame_id: '' },
        id: out.id,
        severity: kindred_msgs.CaregiverAlert_Constants.URGENT,
        kind: 'fall',
        message_zh: '王奶奶在卧室跌倒，没有回应。',
        message_en: 'Mrs Wang fell in the bedroom and does not answer.',
        person_id: 'b1',
        location: 'bedroom',
      },
    ]);
    expect(bus.topic('/caregiver/alerts')?.publishers).toBe(0);
  });
});

/** A machine that invokes a callback actor at its root and records what it sends back. */
function recorder<T>(name: 'patientSignals' | 'intentEvents', logic: T, input: unknown) {
  return setup({
    types: { context: {} as { got: unknown[] } },
    actors: { [name]: logic } as Record<string, never>,
  }).createMachine({
    context: { got: [] },
    invoke: { src: name, input: input as never },
    on: { '*': { actions: assign({ got: ({ context, event }) => [...context.got, event] }) } },
  });
}

describe('patientSignals and intentEvents', () => {
  it('forwards pain and fatigue once per crossing of the threshold, re-armed by the hysteresis', async () => {
    const { bus, host } = busHost();
    const signals = bus.advertise('/humans/patient_signals', 'kindred_msgs/msg/PatientSignal');
    const send = (kind: number, level: number): void =>
      signals.publish({ header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' }, person_id: 'patient_1', kind, level, source: 'sim_profile' });
    const actor = createActor(recorder('patientSignals', patientSignals(host), { painThreshold: 0.5 })).start();
    const { PAIN, FATIGUE } = kindred_msgs.PatientSignal_Constants;
    for (const level of [0.3, 0.6, 0.7, 0.45, 0.3, 0.55]) send(PAIN, level);
    send(FATIGUE, 0.65);
    await Promise.resolve();
    const got = actor.getSnapshot().context.got as PatientSignalEvent[];
    expect(got).toEqual([
      { type: 'patient.pain', level: 0.6, personId: 'patient_1', source: 'sim_profile' },
      { type: 'patient.pain', level: 0.55, personId: 'patient_1', source: 'sim_profile' },
      { type: 'patient.fatigue', level: 0.65, personId: 'patient_1', source: 'sim_profile' },
    ]);
    actor.stop();
    expect(bus.topic('/humans/patient_signals')?.subscribers).toBe(0);
  });

  it('forwards every intent as intent.<name> with its role, and stops listening with its parent', async () => {
    const { bus, host } = busHost();
    const intents = bus.advertise('/intents', 'kindred_msgs/msg/Intent');
    const actor = createActor(recorder('intentEvents', intentEvents(host), undefined)).start();
    intents.publish(intent({ name: 'how_are_you', text: '你好吗', language: 'zh', source: 'voice', confidence: 0.8 }));
    intents.publish(intent({ name: 'stop', role: 'therapist', language: 'en', source: 'tablet' }));
    const got = actor.getSnapshot().context.got as IntentEvent[];
    expect(got).toEqual([
      { type: 'intent.how_are_you', role: 'patient', text: '你好吗', language: 'zh', confidence: 0.8, source: 'voice' },
      { type: 'intent.stop', role: 'therapist', text: '', language: 'en', confidence: 1, source: 'tablet' },
    ]);
    actor.stop();
    expect(bus.topic('/intents')?.subscribers).toBe(0);
  });
});

describe('unbound actors and missing peers', () => {
  it('an actor a behaviour declares but nobody bound fails with BEHAVIOR_ACTOR_UNBOUND (the machine handles it)', async () => {
    const machine = setup({ actors: unboundBehaviorActors, types: { context: {} as { error?: unknown } } }).createMachine({
      context: {},
      initial: 'moving',
      states: {
        moving: {
          invoke: {
            src: 'moveJoints',
            input: { controller: 'legs', joints: ['knee_left'], targets: [1], durationS: 1 },
            onError: { target: 'failed', actions: assign({ error: ({ event }) => event.error }) },
          },
        },
        failed: { type: 'final' },
      },
    });
    const actor = createActor(machine).start();
    await toPromise(actor);
    expect(actor.getSnapshot().context.error).toMatchObject({ code: 'BEHAVIOR_ACTOR_UNBOUND' });
  });

  it('a move whose command topic nobody subscribes is refused with BEHAVIOR_ACTOR_COMMAND_TOPIC_UNMOUNTED', async () => {
    const { bus, clock, host } = busHost();
    bus.advertise('/joint_states', 'sensor_msgs/msg/JointState').publish({
      header: { stamp: stampFromNs(clock.now()), frame_id: '' },
      name: ['hip_left', 'knee_left'],
      position: [0, 0.2],
      velocity: [0, 0],
      effort: [0, 0],
    });
    const actor = createActor(moveJoints(host), { input: { controller: 'legs', joints: ['knee_left'], targets: [0.5], durationS: 1 } }).start();
    await expect(toPromise(actor)).rejects.toMatchObject({ code: 'BEHAVIOR_ACTOR_COMMAND_TOPIC_UNMOUNTED', context: { value: 'legs' } });
  });
});
