import { KindredError, type ErrorCode } from '../../runtime/errors/index.js';
import { describeElement, describeLocation, type XmlElement } from './XmlElement.js';

/**
 * A coded error about one element: `file:line: <joint name="knee_left"> <problem>`, with the file,
 * line, column and element in the error's context.
 */
export function elementError(
  code: ErrorCode,
  el: XmlElement,
  problem: string,
  details: { readonly value?: unknown; readonly expected?: string; readonly field?: string } = {},
): KindredError {
  return new KindredError(code, `${describeLocation(el)}: ${describeElement(el)} ${problem}`, {
    file: el.location.source,
    line: el.location.line,
    column: el.location.column,
    field: details.field ?? describeElement(el),
    ...(details.value === undefined ? {} : { value: details.value }),
    ...(details.expected === undefined ? {} : { expected: details.expected }),
    ...(el.expandedFrom === undefined ? {} : { macroCall: `${el.expandedFrom.location.source}:${el.expandedFrom.location.line}` }),
  });
}
