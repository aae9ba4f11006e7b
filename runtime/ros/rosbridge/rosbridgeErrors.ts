import { KindredError, type ErrorContext } from '../../errors/index.js';
import type { rosbridgeErrors } from '../../errors/catalogue/rosbridge.js';

/** The codes the rosbridge server raises or puts into status messages (catalogue: `rosbridge`, docs/errors/rosbridge.md). */
export type RosbridgeErrorCode = keyof typeof rosbridgeErrors;

/** A `KindredError` with a rosbridge code. */
export function rosbridgeError(code: RosbridgeErrorCode, message: string, context: ErrorContext = {}, cause?: unknown): KindredError {
  return new KindredError(code, message, context, cause === undefined ? undefined : { cause });
}
