import type { z } from 'zod';
import { describeExpected } from './describeExpected.js';
import { formatPath } from './formatPath.js';
import { keysAt, schemaAt } from './schemaAt.js';

/** One zod issue restated in the terms of the document that was checked. */
export type IssueExplanation =
  | {
      readonly kind: 'unknown_key';
      /** Path of the unknown key itself. */
      readonly path: readonly (string | number)[];
      readonly field: string;
      readonly key: string;
      /** Further unknown keys in the same mapping. */
      readonly otherKeys: readonly string[];
      /** Keys the schema accepts in that mapping (undefined when it cannot be told). */
      readonly allowed: readonly string[] | undefined;
      readonly value: unknown;
    }
  | {
      readonly kind: 'missing';
      readonly path: readonly (string | number)[];
      readonly field: string;
      readonly expected: string;
    }
  | {
      readonly kind: 'invalid';
      readonly path: readonly (string | number)[];
      readonly field: string;
      readonly value: unknown;
      readonly expected: string;
    };

function toPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((k) => (typeof k === 'symbol' ? String(k) : k));
}

/** The value at `path` in `data`, and whether every step along it exists. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let v: unknown = data;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return { found: false, value: undefined };
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: v };
}

/** Restate `issue`, raised by `schema` on `data`, as an unknown key, a missing key or an invalid value. */
export function explainIssue(schema: z.ZodType, data: unknown, issue: z.core.$ZodIssue): IssueExplanation {
  if (issue.code === 'unrecognized_keys') {
    const [key = '', ...otherKeys] = issue.keys;
    const path = [...toPath(issue.path), key];
    return {
      kind: 'unknown_key',
      path,
      field: formatPath(path),
      key,
      otherKeys,
      allowed: keysAt(schema, issue.path),
      value: valueAt(data, path).value,
    };
  }
  const path = toPath(issue.path);
  const at = valueAt(data, issue.path);
  const expected = describeExpected(schemaAt(schema, issue.path), issue);
  if (!at.found && path.length > 0) return { kind: 'missing', path, field: formatPath(path), expected };
  return { kind: 'invalid', path, field: formatPath(path), value: at.value, expected };
}
