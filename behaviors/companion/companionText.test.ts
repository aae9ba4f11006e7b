import { describe, expect, it } from 'vitest';
import { parseCompanionInput } from './companionInput.js';
import { addressFor, caregiverLabel, checkIn, greeting, reminderText, urgentAlert } from './companionText.js';
import { headTurn, initialContext, ticked } from './companionContext.js';
import { inQuietHours, sayTime, timeOfDay } from './timeOfDay.js';

const PEOPLE = [
  { id: 'p1', name_zh: '王阿姨', name_en: 'Mrs Wang', consentToName: true },
  { id: 'p2', name_zh: '张大爷', name_en: 'Mr Zhang', consentToName: false },
] as const;

describe('what the companion says', () => {
  it('addresses a person by name only when known and consented', () => {
    expect(addressFor(PEOPLE, 'p1')).toEqual({ zh: '王阿姨', en: 'Mrs Wang' });
    expect(addressFor(PEOPLE, 'p2')).toBeUndefined();
    expect(addressFor(PEOPLE, 'stranger')).toBeUndefined();
    expect(greeting(addressFor(PEOPLE, 'p2')).zh).toBe('您好！有什么需要随时叫我。');
    expect(checkIn(addressFor(PEOPLE, 'p1'))).toEqual({ zh: '王阿姨，您还好吗？没事的话请说“我没事”。', en: 'Are you all right, Mrs Wang? Say “I am fine” if you are.' });
    // Caregivers get the name only with consent too; otherwise the body id.
    expect(caregiverLabel(PEOPLE, 'p2')).toEqual({ zh: '老人（p2）', en: 'the person (p2)' });
    expect(urgentAlert('no_answer', caregiverLabel(PEOPLE, 'p2'), '').en).toBe('The person (p2) has fallen and did not answer. Please come now.');
  });

  it('says reminders with their note, and says so when repeating', () => {
    const r = { id: 'bp', kind: 'medication', atS: 0, note_zh: '降压药', note_en: 'your blood-pressure tablet', overridesQuietHours: false } as const;
    expect(reminderText(r, undefined, 1)).toEqual({ zh: '该吃药了：降压药。好了请说“好的”。', en: 'It is time to take your medicine: your blood-pressure tablet. Please say “OK” when you have.' });
    expect(reminderText(r, { zh: '王阿姨', en: 'Mrs Wang' }, 2).zh).toBe('再提醒您一次：王阿姨，该吃药了：降压药。好了请说“好的”。');
  });

  it.each([
    [0, 0, '现在是凌晨12点00分。', 'It is 12:00 at night.'],
    [9 * 3600 + 5 * 60 + 59, 0, '现在是上午9点05分。', 'It is 9:05 in the morning.'],
    [12 * 3600 + 30 * 60, 0, '现在是中午12点30分。', 'It is 12:30 in the afternoon.'],
    [100, 19 * 3600, '现在是晚上7点01分。', 'It is 7:01 in the evening.'],
    [-60, 0, '现在是晚上11点59分。', 'It is 11:59 at night.'],
    [1_700_000_000, 8 * 3600, '现在是上午6点13分。', 'It is 6:13 in the morning.'],
  ])('tells the time at bus %d s (offset %d s)', (nowS, offsetS, zh, en) => {
    expect(sayTime(timeOfDay(nowS, offsetS))).toEqual({ zh, en });
  });
});

describe('the companion’s clock', () => {
  const input = parseCompanionInput({
    schedule: [
      { id: 'a', kind: 'water', atS: 10 },
      { id: 'b', kind: 'water', atS: 10 },
      { id: 'c', kind: 'exercise', atS: 30 },
    ],
    quietHours: [{ fromS: 20, toS: 40 }],
  });

  it('queues each reminder once, when it falls due', () => {
    let c = initialContext(input);
    c = { ...c, ...ticked(c, 9.5) };
    expect(c.pending).toEqual([]);
    c = { ...c, ...ticked(c, 10) };
    expect(c.pending).toEqual([0, 1]);
    c = { ...c, ...ticked(c, 10.5) };
    expect(c.pending).toEqual([0, 1]);
    c = { ...c, ...ticked(c, 31) };
    expect(c.pending).toEqual([0, 1, 2]);
    expect(c.quiet).toBe(true);
    expect(ticked(c, 40).quiet).toBe(false);
  });

  it('knows quiet hours as [from, to)', () => {
    expect(inQuietHours(input.quietHours, 19.99)).toBe(false);
    expect(inQuietHours(input.quietHours, 20)).toBe(true);
    expect(inQuietHours(input.quietHours, 40)).toBe(false);
  });

  it('turns the head towards a fallen person within its limit, slowly', () => {
    const robot = parseCompanionInput({ robot: { xM: 0, yM: 0, yawRad: Math.PI / 2 } });
    const at = (xM: number, yM: number): ReturnType<typeof headTurn> => headTurn({ ...initialContext(robot), fall: { personId: 'p', fellAtS: 0, position: { xM, yM } } });
    expect(at(0, 2)).toEqual({ panRad: 0, durationS: 1.5 });
    expect(at(2, 0)!.panRad).toBeCloseTo(-Math.PI / 2);
    expect(at(2, 0)!.durationS).toBeCloseTo(Math.PI / 2 / 0.6);
    // Straight behind: clamped to the limit, never past it.
    expect(Math.abs(at(0, -2)!.panRad)).toBeCloseTo(2.4);
    expect(headTurn({ ...initialContext(robot), fall: { personId: 'p', fellAtS: 0, position: null } })).toBeUndefined();
  });
});
