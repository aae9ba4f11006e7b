import { z } from 'zod';
import { showValue as show } from './showValue.js';

type JsonSchema = Record<string, unknown>;

const SAFE = Number.MAX_SAFE_INTEGER;

/** The JSON-schema view of a zod schema (input side), or undefined where zod cannot express it. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema | undefined {
  try {
    const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
    return rest;
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Math.abs(v) < SAFE ? v : undefined;
}

function listValue(v: unknown): string {
  return typeof v === 'string' ? v : show(v);
}

function describeNumber(js: JsonSchema, integer: boolean): string {
  const noun = integer ? 'a whole number' : 'a number';
  const min = num(js['minimum']);
  const xmin = num(js['exclusiveMinimum']);
  const max = num(js['maximum']);
  const xmax = num(js['exclusiveMaximum']);
  let text: string;
  if (min !== undefined && max !== undefined) text = `${noun} between ${min} and ${max}`;
  else {
    const parts: string[] = [];
    if (min !== undefined) parts.push(`≥ ${min}`);
    if (xmin !== undefined) parts.push(xmin === 0 ? '> 0' : `> ${xmin}`);
    if (max !== undefined) parts.push(`≤ ${max}`);
    if (xmax !== undefined) parts.push(`< ${xmax}`);
    text = parts.length === 0 ? noun : `${noun} ${parts.join(' and ')}`;
  }
  const step = num(js['multipleOf']);
  return step === undefined ? text : `${text}, a multiple of ${step}`;
}

function describeCount(min: number | undefined, max: number | undefined, unit: string): string {
  const plural = (n: number): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (min !== undefined && max !== undefined) return min === max ? `exactly ${plural(min)}` : `${min} to ${plural(max)}`;
  if (min !== undefined) return `at least ${plural(min)}`;
  if (max !== undefined) return `at most ${plural(max)}`;
  return '';
}

function describeType(type: string, js: JsonSchema): string {
  switch (type) {
    case 'number':
      return describeNumber(js, false);
    case 'integer':
      return describeNumber(js, true);
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    case 'string': {
      const format = js['format'];
      if (typeof format === 'string') return `a string in ${format} format`;
      const count = describeCount(num(js['minLength']), num(js['maxLength']), 'character');
      const pattern = js['pattern'];
      let text = count === 'at least 1 character' ? 'a non-empty string' : count === '' ? 'a string' : `a string of ${count}`;
      if (typeof pattern === 'string') text += ` matching /${pattern}/`;
      return text;
    }
    case 'array': {
      const count = describeCount(num(js['minItems']), num(js['maxItems']), 'item');
      return count === '' ? 'a list' : `a list of ${count}`;
    }
    case 'object': {
      const props = isRecord(js['properties']) ? Object.keys(js['properties']) : [];
      if (props.length > 0 && props.length <= 8) return `a mapping with keys ${props.join(', ')}`;
      return 'a mapping';
    }
    default:
      return `a ${type}`;
  }
}

/** Words for what a JSON schema accepts, e.g. "a number between 10 and 2000", "one of mock | sim | ros2". */
export function describeJsonSchema(js: JsonSchema): string | undefined {
  if ('const' in js) return `exactly ${show(js['const'])}`;
  const en = js['enum'];
  if (Array.isArray(en)) return en.length === 1 ? `exactly ${show(en[0])}` : `one of ${en.map(listValue).join(' | ')}`;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = js[key];
    if (Array.isArray(options)) {
      const words = options.map((o) => (isRecord(o) ? describeJsonSchema(o) : undefined));
      if (words.some((w) => w === undefined)) return undefined;
      return [...new Set(words)].join(' or ');
    }
  }
  const type = js['type'];
  if (typeof type === 'string') return describeType(type, js);
  if (Array.isArray(type)) return type.map((t) => describeType(String(t), js)).join(' or ');
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'a whole number' : `a value of type ${issue.expected}`;
    case 'too_small':
      return `${issue.origin} ${issue.inclusive === false ? '>' : '≥'} ${String(issue.minimum)}`;
    case 'too_big':
      return `${issue.origin} ${issue.inclusive === false ? '<' : '≤'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `exactly ${show(issue.values[0])}` : `one of ${issue.values.map(listValue).join(' | ')}`;
    case 'not_multiple_of':
      return `a multiple of ${issue.divisor}`;
    default:
      return issue.message;
  }
}

/**
 * What was expected where `issue` was raised, in words. The schema at that location is described
 * when zod can express it as JSON schema (so a `too_small` still reads "a number between 10 and
 * 2000"); a refinement's own message wins, and the issue itself is the fallback.
 */
export function describeExpected(schema: z.ZodType | undefined, issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom') return issue.message;
  if (schema !== undefined) {
    const js = jsonSchemaOf(schema);
    const words = js === undefined ? undefined : describeJsonSchema(js);
    if (words !== undefined) return words;
  }
  return describeIssue(issue);
}
