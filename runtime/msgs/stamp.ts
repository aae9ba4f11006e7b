import { KindredError, show } from '../errors/index.js';
import type { Time } from './generated/builtin_interfaces.js';

const NS_PER_S = 1_000_000_000n;
const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

/** Smallest and largest nanosecond counts a builtin_interfaces/Time can hold. */
export const STAMP_MIN_NS = INT32_MIN * NS_PER_S;
export const STAMP_MAX_NS = INT32_MAX * NS_PER_S + NS_PER_S - 1n;

/**
 * Nanoseconds since the epoch (of whichever clock) as a builtin_interfaces/Time: whole seconds
 * rounded towards minus infinity, and 0 ≤ nanosec < 1e9, as ROS 2 requires.
 */
export function stampFromNs(ns: bigint): Time {
  if (ns < STAMP_MIN_NS || ns > STAMP_MAX_NS) {
    throw new KindredError('MSG_STAMP_OUT_OF_RANGE', `time ${show(ns)} ns does not fit builtin_interfaces/Time (int32 seconds)`, {
      value: ns,
      expected: `${STAMP_MIN_NS} to ${STAMP_MAX_NS} ns`,
    });
  }
  let sec = ns / NS_PER_S;
  let nanosec = ns % NS_PER_S;
  if (nanosec < 0n) {
    nanosec += NS_PER_S;
    sec -= 1n;
  }
  return { sec: Number(sec), nanosec: Number(nanosec) };
}

/** A builtin_interfaces/Time (or Duration) as nanoseconds. */
export function nsFromStamp(t: Time): bigint {
  if (!Number.isInteger(t.sec) || t.sec < Number(INT32_MIN) || t.sec > Number(INT32_MAX)) {
    throw new KindredError('MSG_STAMP_OUT_OF_RANGE', `stamp sec is ${show(t.sec)}; expected an int32`, { field: 'sec', value: t.sec, expected: 'an integer from -2147483648 to 2147483647' });
  }
  if (!Number.isInteger(t.nanosec) || t.nanosec < 0 || t.nanosec >= 1e9) {
    throw new KindredError('MSG_STAMP_OUT_OF_RANGE', `stamp nanosec is ${show(t.nanosec)}; expected an integer from 0 to 999999999`, {
      field: 'nanosec',
      value: t.nanosec,
      expected: 'an integer from 0 to 999999999',
    });
  }
  return BigInt(t.sec) * NS_PER_S + BigInt(t.nanosec);
}
