import type { safetyLogErrors } from '../../runtime/errors/catalogue/safetyLog.js';
import { KindredError, type ErrorContext } from '../../runtime/errors/index.js';

/** A code from the safety log's own catalogue (runtime/errors/catalogue/safetyLog.ts). */
export type SafetyLogCode = keyof typeof safetyLogErrors;

/** Build a coded error from the safety log's catalogue (registered as `safety_log` in runtime/errors/codes.ts). */
export function safetyLogError(code: SafetyLogCode, message: string, context: ErrorContext = {}, cause?: unknown): KindredError {
  return new KindredError(code, message, context, cause === undefined ? undefined : { cause });
}
