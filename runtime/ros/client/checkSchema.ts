import type { z } from 'zod';
import { deepFreeze, explainIssue, showValue, type DeepReadonly } from '../../params/index.js';
import { rosClientError, type RosClientErrorCode } from './rosClientErrors.js';

/**
 * Check `data` against a strict zod schema once, at configuration time, and return it with defaults
 * filled in and frozen; or throw `code` naming the first bad field (`topicsIn[0].type`), its value and
 * what was expected (unknown keys first, as `validateConfig` reports them). `what` starts the message.
 */
export function checkSchema<S extends z.ZodType>(schema: S, data: unknown, code: RosClientErrorCode, what: string): DeepReadonly<z.output<S>> {
  const result = schema.safeParse(data);
  if (result.success) return deepFreeze(result.data);
  const issues = [...result.error.issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length === 2 ? '' : 's'})` : '';
  if (first === undefined) throw rosClientError(code, `${what} is not valid`);
  const why = explainIssue(schema, data, first);
  const field = why.field === '' ? '(top level)' : why.field;
  switch (why.kind) {
    case 'unknown_key': {
      const allowed = why.allowed === undefined ? '' : `; allowed keys here: ${why.allowed.join(', ')}`;
      throw rosClientError(code, `${what}: unknown key "${why.key}" at ${field}${allowed}${more}`, {
        field: why.field,
        value: why.value,
        expected: why.allowed === undefined ? 'a known key' : `one of ${why.allowed.join(', ')}`,
      });
    }
    case 'missing':
      throw rosClientError(code, `${what}: ${field} is missing; expected ${why.expected}${more}`, { field: why.field, expected: why.expected });
    case 'invalid':
      throw rosClientError(code, `${what}: ${field} is ${showValue(why.value)}; expected ${why.expected}${more}`, {
        field: why.field,
        value: why.value,
        expected: why.expected,
      });
  }
}
