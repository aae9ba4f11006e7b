import { KindredError } from '../errors/index.js';

/** Validate a timer period or sleep duration for `what`; throws TIME_BAD_VALUE. */
export function checkPeriod(what: 'timer period' | 'one-shot delay' | 'sleep duration', ns: bigint): void {
  const ok = what === 'timer period' ? ns > 0n : ns >= 0n;
  if (ok && typeof ns === 'bigint') return;
  const expected = what === 'timer period' ? 'at least 1 ns' : 'at least 0 ns';
  throw new KindredError('TIME_BAD_VALUE', `${what} is ${String(ns)} ns; expected ${expected}`, {
    field: what,
    value: ns,
    expected,
  });
}
