import type { foxgloveErrors } from '../../errors/catalogue/foxglove.js';
import { describeCode, KindredError, type ErrorCode, type ErrorContext } from '../../errors/index.js';

/** The codes the Foxglove server raises or puts into status messages (catalogue: `foxglove`, docs/errors/foxglove.md). */
export type FoxgloveErrorCode = keyof typeof foxgloveErrors;

/** A `KindredError` with a Foxglove code. */
export function foxgloveError(code: FoxgloveErrorCode, message: string, context: ErrorContext = {}, cause?: unknown): KindredError {
  return new KindredError(code, message, context, cause === undefined ? undefined : { cause });
}

/**
 * The text of a status message a client sees (Foxglove shows it in its problems list): the code,
 * the English detail naming what was refused, then the code's Mandarin meaning with the same subject,
 * e.g. `FOXGLOVE_PUBLISH_NOT_ALLOWED: advertise /x refused: … / 客户端广播的话题不在…（/x）`.
 */
export function statusText(code: ErrorCode, english: string, subject?: string): string {
  const zh = describeCode(code).zh;
  return `${code}: ${english} / ${zh}${subject === undefined ? '' : `（${subject}）`}`;
}
