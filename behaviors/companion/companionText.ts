import type { BilingualText } from '../core/index.js';
import type { CompanionPerson, CompanionReminder, ReminderKind } from './companionInput.js';

/**
 * Everything the companion says and tells caregivers, in Mandarin and English. Pure functions of
 * the situation, so tests can read exactly what a person hears.
 */

/** How to address a person: their name only when known and they agreed to it. */
export interface Address {
  readonly zh: string;
  readonly en: string;
}

/** The name to address `personId` by, or undefined (unknown person, or no consent to be named). */
export function addressFor(people: readonly CompanionPerson[], personId: string | undefined): Address | undefined {
  const p = people.find((x) => x.id === personId);
  return p !== undefined && p.consentToName ? { zh: p.name_zh, en: p.name_en } : undefined;
}

/** How caregivers' alerts name the person: their name when they agreed to it, else "the person (<id>)". */
export function caregiverLabel(people: readonly CompanionPerson[], personId: string | undefined): Address {
  const a = addressFor(people, personId);
  if (a !== undefined) return a;
  const id = personId === undefined || personId === '' ? '' : `（${personId}）`;
  return { zh: `老人${id}`, en: `the person${personId === undefined || personId === '' ? '' : ` (${personId})`}` };
}

/** "王阿姨，您好！…" with consent, "您好！…" without. */
export function greeting(a: Address | undefined): BilingualText {
  return {
    zh: `${a === undefined ? '' : `${a.zh}，`}您好！有什么需要随时叫我。`,
    en: `Hello${a === undefined ? '' : `, ${a.en}`}! Call me whenever you need anything.`,
  };
}

/** The answer to "how are you?". */
export const HOW_ARE_YOU: BilingualText = { zh: '我很好，谢谢您！您今天感觉怎么样？', en: 'I am very well, thank you! How are you feeling today?' };

/** The weather: the companion cannot know it and says so rather than guessing. */
export const WEATHER: BilingualText = {
  zh: '我没有办法知道外面的天气。您可以看看窗外，或者问问家里人。',
  en: 'I have no way of knowing the weather outside. You could look out of the window, or ask your family.',
};

/** Small talk, taken in turn. */
export const SMALL_TALK: readonly BilingualText[] = [
  { zh: '今天过得怎么样？跟我说说您年轻时候的事吧。', en: 'How is your day going? Tell me about when you were young.' },
  { zh: '多喝水、常活动，身体会更好哦。', en: 'Drinking water and moving a little every day keeps you well.' },
  { zh: '您喜欢听什么歌？我可以为您放音乐。', en: 'What songs do you like? I can play some music for you.' },
];

/** After a music request was published. */
export const MUSIC_STARTED: BilingualText = { zh: '好的，马上为您播放音乐。', en: 'Of course, here is some music for you.' };
/** After a call request was published. */
export const CALL_PLACED: BilingualText = { zh: '好的，我已经给您的家人打电话了，请稍等。', en: 'All right, I have placed a call to your family. Please wait a moment.' };
/** A request that could not be sent. */
export const REQUEST_FAILED: BilingualText = { zh: '抱歉，现在做不到。请稍后再试，或者叫家里人帮忙。', en: 'Sorry, I cannot do that right now. Please try again later, or ask your family.' };

const REMINDER_WHAT: Readonly<Record<ReminderKind, BilingualText>> = {
  medication: { zh: '该吃药了', en: 'it is time to take your medicine' },
  water: { zh: '该喝点水了', en: 'it is time for a glass of water' },
  exercise: { zh: '该活动活动身体了', en: 'it is time for your exercises' },
};

/** The reminder kind in a caregiver's message. */
export const REMINDER_NAME: Readonly<Record<ReminderKind, BilingualText>> = {
  medication: { zh: '吃药', en: 'medication' },
  water: { zh: '喝水', en: 'water' },
  exercise: { zh: '活动', en: 'exercise' },
};

function capitalise(s: string): string {
  return s.length === 0 ? s : `${s[0]!.toUpperCase()}${s.slice(1)}`;
}

/** A reminder as said the `attempt`-th time (1-based): with the note, and asking for "好的" / "OK". */
export function reminderText(r: CompanionReminder, a: Address | undefined, attempt: number): BilingualText {
  const what = REMINDER_WHAT[r.kind];
  const again = attempt > 1 ? { zh: '再提醒您一次：', en: 'A reminder again: ' } : { zh: '', en: '' };
  const noteZh = r.note_zh === undefined ? '' : `：${r.note_zh}`;
  const noteEn = r.note_en === undefined ? '' : `: ${r.note_en}`;
  const enBody = a === undefined ? capitalise(what.en) : `${a.en}, ${what.en}`;
  return {
    zh: `${again.zh}${a === undefined ? '' : `${a.zh}，`}${what.zh}${noteZh}。好了请说“好的”。`,
    en: `${again.en}${enBody}${noteEn}. Please say “OK” when you have.`,
  };
}

/** The caregiver's warning when a reminder was said `attempts` times without an acknowledgement. */
export function reminderIgnoredAlert(r: CompanionReminder, who: Address, attempts: number): BilingualText {
  const n = REMINDER_NAME[r.kind];
  return {
    zh: `${who.zh}没有回应${n.zh}提醒（已提醒${attempts}次）。`,
    en: `${capitalise(who.en)} did not acknowledge the ${n.en} reminder (said ${attempts} times).`,
  };
}

/** The check-in after a fall. */
export function checkIn(a: Address | undefined): BilingualText {
  return {
    zh: `${a === undefined ? '' : `${a.zh}，`}您还好吗？没事的话请说“我没事”。`,
    en: `Are you all right${a === undefined ? '' : `, ${a.en}`}? Say “I am fine” if you are.`,
  };
}

/** The person answered the check-in that they are fine. */
export const GLAD_YOU_ARE_FINE: BilingualText = { zh: '好的，您没事就好。需要帮助随时叫我。', en: 'Good, I am glad you are all right. Call me any time you need help.' };

/** Said after an urgent alert, while the companion stays near. */
export const HELP_IS_COMING: BilingualText = {
  zh: '我已经通知了您的家人，他们马上就来。我就在这里陪着您，请尽量不要动。',
  en: 'I have called your family and help is on the way. I am staying right here with you. Please try not to move.',
};

/** Said when the caregiver has taken over. */
export const CAREGIVER_HERE: BilingualText = { zh: '您的家人来了。我在这里，有事随时叫我。', en: 'Your caregiver is here now. I am here if you need me.' };

/** Why an urgent alert went out. */
export type UrgentReason = 'no_answer' | 'help' | 'during_safety_stop' | 'fell_again' | 'help_request';

/** The caregiver's urgent alert: what happened to whom, and where. */
export function urgentAlert(reason: UrgentReason, who: Address, location: string): BilingualText {
  const where = location === '' ? { zh: '', en: '' } : { zh: `（${location}）`, en: ` (${location})` };
  const label = capitalise(who.en);
  switch (reason) {
    case 'no_answer':
      return { zh: `${who.zh}摔倒了，问话没有回应${where.zh}。请立即前往。`, en: `${label} has fallen and did not answer${where.en}. Please come now.` };
    case 'help':
      return { zh: `${who.zh}摔倒了，正在呼救${where.zh}。请立即前往。`, en: `${label} has fallen and is asking for help${where.en}. Please come now.` };
    case 'during_safety_stop':
      return { zh: `${who.zh}摔倒了，机器人正处于安全停止${where.zh}。请立即前往。`, en: `${label} has fallen while the robot is in a safety stop${where.en}. Please come now.` };
    case 'fell_again':
      return { zh: `${who.zh}又摔倒了${where.zh}。请立即前往。`, en: `${label} has fallen again${where.en}. Please come now.` };
    case 'help_request':
      return { zh: `${who.zh}请求帮助${where.zh}。请立即前往。`, en: `${label} is asking for help${where.en}. Please come now.` };
  }
}

/** The caregiver's warning when the companion cannot watch over the person any more. */
export const UNAVAILABLE_ALERT: BilingualText = {
  zh: '陪伴机器人无法继续工作（跌倒检测、语音或时钟不可用），已停止陪伴。请检查机器人。',
  en: 'The companion robot cannot go on (fall detection, speech or its clock is unavailable) and has stopped. Please check the robot.',
};
