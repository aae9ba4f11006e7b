import { KindredError, show } from '../errors/index.js';

const NS_PER_S = 1_000_000_000n;
const NS_PER_MS = 1_000_000n;

/** Seconds (may be fractional or negative) to whole nanoseconds, rounded to nearest. Throws TIME_BAD_VALUE. */
export function nsFromS(s: number): bigint {
  return scaled(s, NS_PER_S, 1e9, 's');
}

/** Milliseconds to whole nanoseconds, rounded to nearest. Throws TIME_BAD_VALUE. */
export function nsFromMs(ms: number): bigint {
  return scaled(ms, NS_PER_MS, 1e6, 'ms');
}

/** Nanoseconds to seconds; about 1 ns precise for spans up to ~100 days, ~0.2 µs for Unix-epoch times. */
export function sFromNs(ns: bigint): number {
  return Number(ns / NS_PER_S) + Number(ns % NS_PER_S) / 1e9;
}

/** Nanoseconds to milliseconds. */
export function msFromNs(ns: bigint): number {
  return Number(ns / NS_PER_MS) + Number(ns % NS_PER_MS) / 1e6;
}

/** Whole part and fraction are converted apart, so large values (epoch seconds) keep their precision. */
function scaled(value: number, factor: bigint, factorNumber: number, unit: string): bigint {
  if (!Number.isFinite(value)) {
    throw new KindredError('TIME_BAD_VALUE', `time ${show(value)} ${unit} is not a finite number`, {
      value,
      expected: 'a finite number',
    });
  }
  const whole = Math.trunc(value);
  return BigInt(whole) * factor + BigInt(Math.round((value - whole) * factorNumber));
}
