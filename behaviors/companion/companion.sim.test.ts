// End to end: the companion against the real simulated living room (MuJoCo, the simulated person on
// ROS4HRI topics, the safety supervisor) in lock-step, with the people's inputs on the bus.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindred_msgs } from '../../runtime/msgs/index.js';
import { parseCompanionInput } from './companionInput.js';
import { companionRecord, type CompanionRecord } from './companionLog.js';
import { DEMO_INPUT, DEMO_SCRIPT, DEMO_TIMEOUT_S, FALL_PROFILE, FALL_TWICE_PROFILE } from './demo.js';
import { runCompanionInSim, type CompanionSimRun } from './testing/simRun.js';

const ALERT = kindred_msgs.CaregiverAlert_Constants;
const stampS = (a: kindred_msgs.CaregiverAlert): number => a.header.stamp.sec + a.header.stamp.nanosec / 1e9;
const said = (run: CompanionSimRun, fragment: string): number[] => run.speech.filter((s) => s.message.text_zh.includes(fragment)).map((s) => s.atS);
const fellAt = (run: CompanionSimRun, n = 0): number => run.postures.filter((p) => p.message === 'fallen')[n]!.atS;

describe('companion in the simulated home: the demo day', () => {
  let run: CompanionSimRun;
  let record: CompanionRecord;
  const input = parseCompanionInput(DEMO_INPUT);

  beforeAll(async () => {
    run = await runCompanionInSim({ input, script: DEMO_SCRIPT, profile: FALL_PROFILE, timeoutS: DEMO_TIMEOUT_S });
    record = companionRecord(run.result.output);
    console.log(JSON.stringify(record.summary), `simulated ${run.simulatedS.toFixed(1)} s`);
  }, 60_000);

  it('finishes on the operator’s stop, in a safe state', () => {
    expect(run.result.status, JSON.stringify(run.result.error)).toBe('done');
    expect(run.result.state).toBe('stopped');
    expect(run.result.tags).toContain('safe');
    expect(record.ended).toBe('operator_stop');
  });

  it('greets Mrs Wang by name, because she agreed to it', () => {
    const first = run.speech[0]!.message;
    expect(first.text_zh).toBe('王阿姨，您好！有什么需要随时叫我。');
    expect(first.text_en).toBe('Hello, Mrs Wang! Call me whenever you need anything.');
    expect(record.greetings).toEqual([expect.objectContaining({ byName: true, suppressed: false, personId: 'person1' })]);
  });

  it('answers in conversation: how it is, the simulated time, no weather, music and a call sent on the bus', () => {
    expect(said(run, '我很好')).toHaveLength(1);
    // The bus clock at 8 s, the day starting at 09:00.
    expect(said(run, '现在是上午9点00分')).toHaveLength(1);
    expect(said(run, '没有办法知道外面的天气')).toHaveLength(1);
    expect(run.music).toHaveLength(1);
    expect(JSON.parse(run.music[0]!.message)).toEqual({ request: 'play_music', personId: 'person1', language: 'zh' });
    expect(run.calls).toHaveLength(1);
    expect(JSON.parse(run.calls[0]!.message)).toMatchObject({ request: 'call_family' });
    expect(said(run, '已经给您的家人打电话了')).toHaveLength(1);
    expect(record.interactions.map((i) => ('intent' in i ? i.intent : i.request))).toEqual(['how_are_you', 'time', 'weather', 'play_music', 'play_music', 'call_family', 'call_family']);
  });

  it('says the ignored water reminder twice, then warns the caregiver; the acknowledged pill is not escalated', () => {
    const water = said(run, '该喝点水了');
    expect(water).toHaveLength(2);
    expect(water[0]).toBeGreaterThanOrEqual(20);
    expect(water[0]).toBeLessThan(21);
    const warnings = run.alerts.filter((a) => a.message.severity === ALERT.WARNING);
    expect(warnings.map((a) => a.message.kind)).toEqual(['reminder_ignored']);
    // Two attempts of 8 s each after it fell due.
    expect(warnings[0]!.atS - water[0]!).toBeGreaterThanOrEqual(16 - 0.1);
    expect(warnings[0]!.atS - water[0]!).toBeLessThan(17);
    expect(warnings[0]!.message.message_zh).toContain('王阿姨没有回应喝水提醒（已提醒2次）');
    expect(said(run, '该吃药了：降压药一片')).toHaveLength(1);
    expect(record.reminders.map((r) => [r.reminderId, r.outcome, r.attempts])).toEqual([
      ['water-morning', 'escalated', 2],
      ['bp-pill', 'acknowledged', 1],
    ]);
    expect(record.reminders[0]!.alertId).toBe(warnings[0]!.message.id);
  });

  it('checks in after the fall and, with no answer, alerts the caregiver urgently within the check-in timeout', () => {
    const fell = fellAt(run);
    expect(fell).toBeGreaterThan(54);
    const checkIn = said(run, '王阿姨，您还好吗？');
    expect(checkIn).toHaveLength(1);
    expect(checkIn[0]! - fell).toBeLessThan(4); // after the head has turned to her
    const urgent = run.alerts.filter((a) => a.message.severity === ALERT.URGENT);
    expect(urgent).toHaveLength(1);
    const alert = urgent[0]!.message;
    expect(alert.kind).toBe('fall');
    expect(alert.person_id).toBe('person1');
    expect(alert.message_en).toContain('has fallen and did not answer');
    // Stamped on the bus clock: not before the timeout, and within it plus one clock tick.
    const delay = urgent[0]!.atS - fell;
    expect(delay).toBeGreaterThanOrEqual(input.timing.checkInTimeoutS - 0.2);
    expect(delay).toBeLessThanOrEqual(input.timing.checkInTimeoutS + input.timing.tickS);
    expect(stampS(alert)).toBeGreaterThan(0);
    expect(said(run, '我已经通知了您的家人')).toHaveLength(1);
    expect(record.falls.filter((f) => f.kind === 'fall')).toEqual([expect.objectContaining({ outcome: 'no_answer', personId: 'person1' })]);
    expect(record.alerts.filter((a) => a.severity === 'urgent')).toEqual([expect.objectContaining({ alertKind: 'fall', reason: 'no_answer', alertId: alert.id, ok: true })]);
  });

  it('turned its head to her (the only motion) and stayed near until the caregiver resolved it', () => {
    // She lies at (1.29, 0.62); the robot stands at (-0.6, -0.9) facing +y.
    expect(run.headPanRad).toBeCloseTo(Math.atan2(0.62 + 0.9, 1.29 + 0.6) - Math.PI / 2, 1);
    expect(record.falls.filter((f) => f.kind === 'resolved')).toEqual([expect.objectContaining({ role: 'caregiver', intent: 'resolved' })]);
    expect(said(run, '您的家人来了')).toHaveLength(1);
    expect(record.safety.filter((s) => s.kind === 'safety')).toEqual([]);
  });

  it('keeps privacy: recording not allowed, announced on the bus, and her words kept out of the log', () => {
    expect(run.recordingAllowed).toBe(false);
    expect(record.privacy.recordingAllowed).toBe(false);
    expect(record.interactions.some((i) => 'text' in i)).toBe(false);
  });
});

describe('companion in the simulated home: no consent to be named, quiet hours, "我没事", a fall during an e-stop', () => {
  let run: CompanionSimRun;
  let record: CompanionRecord;
  const input = parseCompanionInput({
    ...DEMO_INPUT,
    people: [{ id: 'person1', name_zh: '王阿姨', name_en: 'Mrs Wang', consentToName: false }],
    schedule: [
      { id: 'water', kind: 'water', atS: 10 },
      { id: 'pill', kind: 'medication', atS: 14, overridesQuietHours: true },
    ],
    quietHours: [{ fromS: 8, toS: 22 }],
  });
  const script = [
    { atS: 18, intent: { name: 'ack', role: 'patient', text: '好的' } },
    { atS: 33, intent: { name: 'fine', role: 'patient', text: '我没事' } },
    { atS: 45, estop: 'tablet' },
    { atS: 56, safetyReset: true },
    { atS: 62, intent: { name: 'resolved', role: 'caregiver', text: '处理好了' } },
    { atS: 66, command: 'stop' },
  ] as const;

  beforeAll(async () => {
    run = await runCompanionInSim({ input, script, profile: FALL_TWICE_PROFILE, timeoutS: 90 });
    record = companionRecord(run.result.output);
    console.log(JSON.stringify(record.summary), `simulated ${run.simulatedS.toFixed(1)} s`);
  }, 60_000);

  afterAll(() => {
    if (run?.result.status !== 'done') console.log(JSON.stringify(record?.timeline, null, 1));
  });

  it('greets without her name, since she did not consent to being named', () => {
    expect(run.speech[0]!.message.text_zh).toBe('您好！有什么需要随时叫我。');
    expect(run.speech.some((s) => s.message.text_zh.includes('王阿姨') || s.message.text_en.includes('Wang'))).toBe(false);
    expect(record.greetings).toEqual([expect.objectContaining({ byName: false })]);
  });

  it('in quiet hours says nothing unsolicited but the medicine allowed to override them', () => {
    const inQuiet = run.speech.filter((s) => s.atS >= 8 && s.atS < 22).map((s) => s.message.text_zh);
    expect(inQuiet).toEqual(['该吃药了。好了请说“好的”。']);
    expect(record.reminders.map((r) => [r.reminderId, r.outcome])).toEqual([
      ['water', 'suppressed_quiet_hours'],
      ['pill', 'acknowledged'],
    ]);
  });

  it('a "我没事" answer to the check-in avoids the alert', () => {
    const fell = fellAt(run, 0);
    expect(fell).toBeGreaterThan(29);
    expect(said(run, '您还好吗？').filter((t) => t > fell && t < fell + 4)).toHaveLength(1);
    expect(run.alerts.filter((a) => a.atS < 45)).toEqual([]);
    expect(said(run, '您没事就好')).toHaveLength(1);
    expect(record.falls.filter((f) => f.kind === 'fall')[0]).toMatchObject({ outcome: 'fine' });
  });

  it('a fall during an e-stop is alerted at once, and the companion stays near after the reset until the caregiver resolves it', () => {
    const fell = fellAt(run, 1);
    expect(fell).toBeGreaterThan(49);
    const urgent = run.alerts.filter((a) => a.message.severity === ALERT.URGENT);
    expect(urgent).toHaveLength(1);
    expect(urgent[0]!.atS - fell).toBeLessThan(1);
    expect(urgent[0]!.message.message_en).toContain('while the robot is in a safety stop');
    expect(run.resets).toHaveLength(1);
    expect(record.safety.map((s) => (s.kind === 'safety' ? s.event : s.kind === 'operator' ? `operator.${s.command}` : s.kind))).toEqual(['estop', 'cleared', 'operator.stop']);
    expect(record.falls.filter((f) => f.kind === 'fall').map((f) => f.outcome)).toEqual(['fine', 'during_safety_stop']);
    expect(record.falls.filter((f) => f.kind === 'resolved')).toHaveLength(1);
    expect(run.result.status).toBe('done');
  });
});
