import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { z } from 'zod';
import { KindredError } from '../../runtime/errors/index.js';
import type { JointLimitValues, LimitLayer } from './JointLimits.js';
import { limitsError } from './limitsError.js';

const position = z.number();
const positive = z.number().positive();

/**
 * A limits file: the robot's safety configuration, a deployment site's limits, or a patient's
 * prescription. Keys are the fields of `JointLimitValues` (SI joint units); unknown keys are rejected.
 *
 * ```yaml
 * joints:
 *   knee_left:
 *     position: { lower: 0.1, upper: 1.4 }   # rad
 *     velocity: 1.0                          # rad/s
 *     effort: 40                             # N·m (maximum assistance torque)
 * ```
 */
export const limitLayerFileSchema = z.strictObject({
  description: z.string().optional(),
  joints: z.record(
    z.string().min(1),
    z.strictObject({
      position: z.strictObject({ lower: position.optional(), upper: position.optional() }).optional(),
      soft: z
        .strictObject({ lower: position.optional(), upper: position.optional(), kPosition: positive.optional(), kVelocity: positive.optional() })
        .optional(),
      velocity: positive.optional(),
      acceleration: positive.optional(),
      jerk: positive.optional(),
      effort: positive.optional(),
    }),
  ),
});

type FileJoint = z.output<typeof limitLayerFileSchema>['joints'][string];

/** Drop the keys zod leaves as `undefined`, so the values satisfy exact optional properties. */
function defined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

function toValues(j: FileJoint): JointLimitValues {
  const { position: p, soft: s, ...rates } = j;
  return { ...(p === undefined ? {} : { position: defined(p) }), ...(s === undefined ? {} : { soft: defined(s) }), ...defined(rates) };
}

/** Where `path` (or its nearest ancestor) lies in the text; at the key itself when `atKey` (an unknown key). */
function locate(doc: ReturnType<typeof parseDocument>, lines: LineCounter, path: readonly PropertyKey[], atKey: boolean): { line: number; column: number } | undefined {
  for (let n = path.length; n >= 0; n--) {
    let node: unknown = doc.contents;
    let keyNode: Node | undefined;
    let found = true;
    for (const segment of path.slice(0, n)) {
      keyNode = undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
        if (pair === undefined) {
          found = false;
          break;
        }
        keyNode = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
      } else {
        found = false;
        break;
      }
    }
    if (!found) continue;
    const range = atKey && n === path.length ? keyNode?.range : ((node as Node | null | undefined)?.range ?? keyNode?.range);
    if (range !== undefined && range !== null) {
      const p = lines.linePos(range[0]);
      return { line: p.line, column: p.col };
    }
  }
  return undefined;
}

/**
 * Parse a limits file's text into a layer named `name` (`robot`, `site`, `prescription`). Syntax errors
 * are YAML_SYNTAX, schema errors LIMITS_CONFIG_INVALID, both with file, line and column. Whether the
 * layer only tightens is checked by `composeLimits`.
 */
export function parseLimitLayer(text: string, name: string, source?: string): LimitLayer {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const file = source === undefined ? {} : { file: source };
  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    const p = lines.linePos(syntax.pos[0]);
    throw new KindredError('YAML_SYNTAX', `${syntax.message.split('\n')[0] ?? syntax.message} (${syntax.code})`, { ...file, line: p.line, column: p.col, expected: 'well-formed YAML' });
  }
  const data = doc.toJS() as unknown;
  const result = limitLayerFileSchema.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues;
    const first = issues[0]!;
    const path = first.code === 'unrecognized_keys' ? [...first.path, first.keys[0] ?? ''] : first.path;
    const field = path.map(String).join('.') || 'the document';
    const pos = locate(doc, lines, path, first.code === 'unrecognized_keys');
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length === 2 ? '' : 's'})` : '';
    throw limitsError('LIMITS_CONFIG_INVALID', `${name} limits: ${field}: ${first.message}${more}`, {
      ...file,
      ...(pos === undefined ? {} : { line: pos.line, column: pos.column }),
      field,
      expected: first.message,
    });
  }
  return toLayer(result.data, name, source);
}

function toLayer(data: z.output<typeof limitLayerFileSchema>, name: string, source: string | undefined): LimitLayer {
  const joints = Object.fromEntries(Object.entries(data.joints).map(([joint, j]) => [joint, toValues(j)]));
  return { name, ...(source === undefined ? {} : { source }), joints };
}

/**
 * A layer given as data rather than text (inline in a launch file or a loop configuration): the same
 * schema as a limits file, so a misspelt key is LIMITS_CONFIG_INVALID here too rather than silently
 * ignored. `source` names where the data came from, for errors.
 */
export function limitLayerFromData(data: unknown, name: string, source?: string): LimitLayer {
  const result = limitLayerFileSchema.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues;
    const first = issues[0]!;
    const path = first.code === 'unrecognized_keys' ? [...first.path, first.keys[0] ?? ''] : first.path;
    const field = path.map(String).join('.') || 'the layer';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length === 2 ? '' : 's'})` : '';
    throw limitsError('LIMITS_CONFIG_INVALID', `${name} limits${source === undefined ? '' : ` (${source})`}: ${field}: ${first.message}${more}`, {
      ...(source === undefined ? {} : { file: source }),
      field,
      expected: first.message,
    });
  }
  return toLayer(result.data, name, source);
}

/** Read and parse a limits file (the I/O edge of `parseLimitLayer`); a missing file is FILE_NOT_FOUND. */
export function loadLimitLayer(file: string, name: string): LimitLayer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new KindredError('FILE_NOT_FOUND', `cannot read ${name} limits ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file, expected: 'a readable YAML file' });
  }
  return parseLimitLayer(text, name, file);
}
