import { KindredError } from '../../runtime/errors/index.js';
import type { CampaignResult } from '../runner/result.js';

/**
 * How non-finite numbers are written: JSON has no NaN or ±Infinity, and `JSON.stringify` would turn
 * them into `null`, losing which one it was — yet a NaN in a trace is often the very fault under test.
 * They are written as these strings and read back by `parseJsonReport`.
 */
export const NON_FINITE_AS_STRING = { NaN: 'NaN', Infinity: 'Infinity', '-Infinity': '-Infinity' } as const;

function writeNumber(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value); // "NaN", "Infinity", "-Infinity"
  return value;
}

/**
 * The campaign result as pretty-printed JSON (two-space indent, same shape as `CampaignResult`), for
 * archiving and for other tools. NaN, Infinity and -Infinity are written as the strings `"NaN"`,
 * `"Infinity"` and `"-Infinity"` (never `null`); `parseJsonReport` turns them back into numbers.
 */
export function jsonReport(result: CampaignResult): string {
  return `${JSON.stringify(result, writeNumber, 2)}\n`;
}

/** Fields of `CampaignResult` (at any depth) that hold a number. */
const NUMBER_FIELDS: ReadonlySet<string> = new Set([
  'wallMs', 'cpus', 'seed', 'simS', 'durationS', 'rateHz', 'magnitude', 'startS', 'endS', 'appliedCycles', 'timeS',
  'latencyMs', 'atS', 'index', 'lower', 'upper', 'transientLimitN', 'quasiStaticLimitN', 'records', 'runs', 'passed',
  'failed', 'errored', 'scenariosPerMinute', 'realTimeFactor',
]);
/** Fields that hold an array of numbers. */
const NUMBER_ARRAY_FIELDS: ReadonlySet<string> = new Set(['seeds', 'timeS', 'position', 'command', 'forceN', 'maxSpeed']);

function readNumber(value: unknown): unknown {
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return value;
}

function revive(value: unknown, key: string | undefined): unknown {
  if (Array.isArray(value)) {
    return key !== undefined && NUMBER_ARRAY_FIELDS.has(key) ? value.map(readNumber) : value.map((v) => revive(v, undefined));
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // `sampled` maps paths to numbers; any other string field (a name, a message) stays a string.
      out[k] = key === 'sampled' || (typeof v === 'string' && NUMBER_FIELDS.has(k)) ? readNumber(v) : revive(v, k);
    }
    return out;
  }
  return value;
}

function invalid(field: string, value: unknown, expected: string, source: string): KindredError {
  return new KindredError('SCENARIO_REPORT_INVALID', `${source}: ${field} is ${JSON.stringify(value) ?? String(value)}; expected ${expected}`, {
    file: source,
    field,
    expected,
  });
}

/**
 * Reads a `results.json` written by `jsonReport` back into a `CampaignResult`, restoring NaN and
 * ±Infinity, so reports can be re-rendered from an archived run. Checks the outline only (kind, runs,
 * stats, verdict); throws SCENARIO_REPORT_INVALID naming `source` and the field otherwise.
 */
export function parseJsonReport(text: string, source = 'results.json'): CampaignResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new KindredError('SCENARIO_REPORT_INVALID', `${source}: not JSON (${(e as Error).message}); expected a results.json written by Kindred`, {
      file: source,
      expected: 'JSON',
    });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid('(root)', raw, 'an object', source);
  const o = raw as Record<string, unknown>;
  if (o['kind'] !== 'run' && o['kind'] !== 'campaign') throw invalid('kind', o['kind'], '"run" or "campaign"', source);
  if (o['verdict'] !== 'pass' && o['verdict'] !== 'fail') throw invalid('verdict', o['verdict'], '"pass" or "fail"', source);
  if (!Array.isArray(o['runs'])) throw invalid('runs', o['runs'], 'an array of runs', source);
  if (typeof o['stats'] !== 'object' || o['stats'] === null) throw invalid('stats', o['stats'], 'an object', source);
  return revive(raw, undefined) as CampaignResult;
}
