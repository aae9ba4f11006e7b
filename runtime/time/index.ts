export type { Clock, Timer, TimerCallback, TimerOptions } from './Clock.js';
export { WallClock } from './WallClock.js';
export { SimClock } from './SimClock.js';
export { nsFromS, sFromNs, nsFromMs, msFromNs } from './timeUnits.js';
