import type { safetyLimitsErrors } from '../../runtime/errors/catalogue/safetyLimits.js';
import { KindredError, type ErrorContext } from '../../runtime/errors/index.js';

/** A code from the limits catalogue (runtime/errors/catalogue/safetyLimits.ts). */
export type SafetyLimitsCode = keyof typeof safetyLimitsErrors;

/** Build a coded error from the limits catalogue (the limits, stop and reduced-speed codes). */
export function limitsError(code: SafetyLimitsCode, message: string, context: ErrorContext = {}): KindredError {
  return new KindredError(code, message, context);
}
