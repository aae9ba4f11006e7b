import type { z } from 'zod';
import { KindredError, type ErrorContext } from '../errors/index.js';
import { showValue } from './showValue.js';
import { deepFreeze, type DeepReadonly } from './deepFreeze.js';
import { explainIssue } from './explainIssue.js';

/** A 1-based position in the source text. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

export interface ValidateConfigOptions {
  /** The file the data came from, for the error's `file:line:column`. */
  readonly file?: string;
  /** Where a path lies in the source (e.g. from the YAML parser's node ranges); undefined if unknown. */
  readonly locate?: (path: (string | number)[]) => SourcePosition | undefined;
}

/** Try `path`, then its ancestors: a missing key is reported where its mapping starts. */
function locateNearest(locate: ValidateConfigOptions['locate'], path: readonly (string | number)[]): SourcePosition | undefined {
  if (locate === undefined) return undefined;
  for (let n = path.length; n >= 0; n--) {
    const pos = locate(path.slice(0, n));
    if (pos !== undefined) return pos;
  }
  return undefined;
}

function more(count: number): string {
  return count === 0 ? '' : ` (and ${count} more issue${count === 1 ? '' : 's'})`;
}

/**
 * Check `data` against `schema` once, at start-up: unknown keys are rejected (write schemas with
 * `z.strictObject`), defaults are applied, and the result is deep-frozen so it can be injected
 * without being changed behind anyone's back.
 *
 * Throws KindredError for the first problem zod finds (unknown keys first), naming how many more there are:
 * CONFIG_UNKNOWN_KEY (the key, its path and the keys allowed there), CONFIG_MISSING_KEY (the path
 * and what belongs there) or CONFIG_INVALID (the path, the bad value and what was expected).
 * `context` carries file, line, column, field (e.g. `controllers[1].rateHz`), value and expected.
 */
export function validateConfig<S extends z.ZodType>(schema: S, data: unknown, options: ValidateConfigOptions = {}): DeepReadonly<z.output<S>> {
  const result = schema.safeParse(data);
  if (result.success) return deepFreeze(result.data);

  // A misspelt key shows up twice: as an unknown key and as the key it should have been, missing.
  // The unknown key is the cause, so unknown-key issues go first; otherwise zod's order stands.
  const issues = [...result.error.issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
  const [first, ...rest] = issues;
  if (first === undefined) throw new KindredError('INTERNAL', 'zod reported a failure without issues');
  const why = explainIssue(schema, data, first);
  const pos = locateNearest(options.locate, why.path);
  const where: ErrorContext = {
    ...(options.file === undefined ? {} : { file: options.file }),
    ...(pos === undefined ? {} : { line: pos.line, column: pos.column }),
    field: why.field,
    ...(rest.length === 0 ? {} : { moreIssues: rest.length }),
  };
  const field = why.field === '' ? 'the document' : why.field;

  switch (why.kind) {
    case 'unknown_key': {
      const allowed = why.allowed === undefined ? undefined : why.allowed.join(' | ');
      const others = why.otherKeys.length === 0 ? '' : ` (also unknown here: ${why.otherKeys.join(', ')})`;
      const hint = allowed === undefined ? '' : allowed === '' ? '; no keys are allowed here' : `; allowed keys here: ${allowed}`;
      throw new KindredError('CONFIG_UNKNOWN_KEY', `unknown key "${why.key}" at ${field}${others}${hint}${more(rest.length)}`, {
        ...where,
        key: why.key,
        value: why.value,
        ...(allowed === undefined ? {} : { expected: allowed === '' ? 'no keys' : `one of ${allowed}`, allowed: why.allowed }),
      });
    }
    case 'missing':
      throw new KindredError('CONFIG_MISSING_KEY', `missing required key ${field}; expected ${why.expected}${more(rest.length)}`, {
        ...where,
        expected: why.expected,
      });
    case 'invalid':
      throw new KindredError('CONFIG_INVALID', `${field} is ${showValue(why.value)}; expected ${why.expected}${more(rest.length)}`, {
        ...where,
        value: why.value,
        expected: why.expected,
      });
  }
}
