import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeExpected } from './describeExpected.js';

function firstIssue(schema: z.ZodType, value: unknown): z.core.$ZodIssue {
  const r = schema.safeParse(value);
  if (r.success || r.error.issues[0] === undefined) throw new Error('expected a failure');
  return r.error.issues[0];
}

describe('describeExpected', () => {
  it.each<[string, z.ZodType, unknown, string]>([
    ['range', z.number().min(10).max(2000), 5, 'a number between 10 and 2000'],
    ['lower bound only', z.number().min(0), -1, 'a number ≥ 0'],
    ['positive int', z.int().positive(), 1.5, 'a whole number > 0'],
    ['exclusive bounds', z.number().gt(0).lt(1), 2, 'a number > 0 and < 1'],
    ['step', z.number().multipleOf(0.5), 0.3, 'a number, a multiple of 0.5'],
    ['enum', z.enum(['mock', 'sim', 'ros2']), 'real', 'one of mock | sim | ros2'],
    ['literal', z.literal('launch'), 'x', 'exactly "launch"'],
    ['non-empty string', z.string().min(1), '', 'a non-empty string'],
    ['pattern', z.string().regex(/^[a-z_]+$/), 'Knee', 'a string matching /^[a-z_]+$/'],
    ['format', z.email(), 'x', 'a string in email format'],
    ['fixed-length list', z.array(z.number()).length(3), [1], 'a list of exactly 3 items'],
    ['nullable', z.number().nullable(), 'x', 'a number or null'],
    ['union', z.union([z.string(), z.boolean()]), 3, 'a string or true or false'],
    ['mapping', z.strictObject({ a: z.number() }), 3, 'a mapping with keys a'],
    ['refinement keeps its own message', z.number().refine((x) => x !== 0, 'a non-zero number'), 0, 'a non-zero number'],
    ['unrepresentable falls back to the issue', z.bigint().min(5n), 1n, 'bigint ≥ 5'],
  ])('%s', (_, schema, value, words) => {
    expect(describeExpected(schema, firstIssue(schema, value))).toBe(words);
  });
});
