import { KindredError, type ErrorContext } from '../../errors/index.js';
import type { rosClientErrors } from '../../errors/catalogue/rosClient.js';

/** The codes the rosbridge client and its mapping raise (catalogue: `ros_client`, docs/errors/ros_client.md). */
export type RosClientErrorCode = keyof typeof rosClientErrors;

/** A `KindredError` with a rosbridge-client code, so callers can tell a dropped link from a failed service. */
export function rosClientError(code: RosClientErrorCode, message: string, context: ErrorContext = {}, cause?: unknown): KindredError {
  return new KindredError(code, message, context, cause === undefined ? undefined : { cause });
}
