import type { CdrField, CdrStruct, CdrStructLookup } from './CdrSpec.js';
import { specOfKindredType } from './specFromDefinitions.js';
import { parseSchema } from './specFromSchema.js';

function arraySuffix(f: CdrField): string {
  if (f.arrayKind === 'fixed') return `[${f.arrayLength ?? 0}]`;
  if (f.arrayKind === 'sequence') return f.arrayUpperBound !== undefined ? `[<=${f.arrayUpperBound}]` : '[]';
  return '';
}

/** One line per leaf field: `header.stamp.sec int32`, `name string[]`; nested arrays as `points[].x`. */
function flatten(struct: CdrStruct, lookup: CdrStructLookup, prefix: string, out: string[], depth: number): void {
  if (depth > 32) return;
  for (const f of struct.fields) {
    const path = `${prefix}${f.name}${f.arrayKind === 'none' ? '' : '[]'}`;
    const nested = f.isComplex ? lookup(f.type) : undefined;
    if (nested !== undefined) {
      out.push(`${path} ${arraySuffix(f) || 'message'}`);
      flatten(nested, lookup, `${path}.`, out, depth + 1);
    } else {
      const type = f.type === 'byte' || f.type === 'char' ? 'uint8' : f.type;
      const bound = f.stringUpperBound !== undefined ? `<=${f.stringUpperBound}` : '';
      out.push(`${path} ${type}${bound}${arraySuffix(f)}`);
    }
  }
}

/**
 * Whether a recorded definition of one of Kindred's types has the same wire layout and field names
 * as Kindred's own (comments, constants and defaults aside). Returns undefined when they match, or a
 * sentence naming the first field that differs — replaying such a recording onto Kindred's bus would
 * hand subscribers messages of the wrong shape. Returns undefined for types Kindred does not know.
 */
export function layoutDifference(typeName: string, ros2msgText: string): string | undefined {
  const ours = specOfKindredType(typeName);
  if (ours === undefined) return undefined;
  let recorded: ReturnType<typeof parseSchema>;
  try {
    recorded = parseSchema(typeName, ros2msgText);
  } catch (e) {
    return `the recorded definition does not parse (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`;
  }
  const a: string[] = [];
  const b: string[] = [];
  const root = recorded.structs.get(recorded.root);
  if (root === undefined) return 'the recorded definition is empty';
  flatten(ours, specOfKindredType, '', a, 0);
  flatten(root, (n) => recorded.structs.get(n), '', b, 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const k = a[i];
    const r = b[i];
    if (k === r) continue;
    if (r === undefined) return `Kindred's ${typeName} has field ${k ?? ''} after the recorded definition ends`;
    if (k === undefined) return `the recorded ${typeName} has field ${r} that Kindred's does not`;
    return `field ${i + 1} is ${r} in the recording but ${k} in Kindred's ${typeName}`;
  }
  return undefined;
}
