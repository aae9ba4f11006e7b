import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compare a client's token with the configured one in constant time (both are hashed first, so
 * neither the length nor a common prefix shows in the timing).
 */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** True when `host` can only be reached from this machine (no token needed by default). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
