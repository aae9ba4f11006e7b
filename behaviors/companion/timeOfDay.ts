import type { BilingualText } from '../core/index.js';
import type { QuietWindow } from './companionInput.js';

const DAY_S = 86_400;

/** Local time of day, whole hours and minutes, from bus-clock seconds and the input's `clockOffsetS`. */
export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
}

/** The local time of day `nowS` (bus clock) stands for: `(nowS + offsetS)` modulo a day, rounded down to the minute. */
export function timeOfDay(nowS: number, offsetS: number): TimeOfDay {
  const s = (((nowS + offsetS) % DAY_S) + DAY_S) % DAY_S;
  const minutes = Math.floor(s / 60);
  return { hour: Math.floor(minutes / 60), minute: minutes % 60 };
}

function zhPeriod(hour: number): string {
  if (hour < 6) return '凌晨';
  if (hour < 12) return '上午';
  if (hour < 13) return '中午';
  if (hour < 18) return '下午';
  return '晚上';
}

function enPeriod(hour: number): string {
  if (hour < 5) return 'at night';
  if (hour < 12) return 'in the morning';
  if (hour < 18) return 'in the afternoon';
  if (hour < 22) return 'in the evening';
  return 'at night';
}

/**
 * The spoken answer to "what time is it?": "现在是上午9点05分。" / "It is 9:05 in the morning." —
 * a 12-hour clock with the part of the day, as people say it at home.
 */
export function sayTime(t: TimeOfDay): BilingualText {
  const h12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  const mm = String(t.minute).padStart(2, '0');
  return { zh: `现在是${zhPeriod(t.hour)}${h12}点${mm}分。`, en: `It is ${h12}:${mm} ${enPeriod(t.hour)}.` };
}

/** True when `nowS` (bus clock) lies in one of the quiet windows, each [fromS, toS). */
export function inQuietHours(windows: readonly QuietWindow[], nowS: number): boolean {
  for (const w of windows) if (nowS >= w.fromS && nowS < w.toS) return true;
  return false;
}
