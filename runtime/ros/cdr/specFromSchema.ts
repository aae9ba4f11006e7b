import { parse } from '@foxglove/rosmsg';
import type { CdrField, CdrStruct } from './CdrSpec.js';

/** The builtin types foxglove's parser turns into the primitives `time`/`duration`; they become these structs again. */
const TIME = 'builtin_interfaces/msg/Time';
const DURATION = 'builtin_interfaces/msg/Duration';

const stamp = (name: string): CdrStruct => ({
  name,
  fields: [
    { name: 'sec', type: 'int32', isComplex: false, arrayKind: 'none' },
    { name: 'nanosec', type: 'uint32', isComplex: false, arrayKind: 'none' },
  ],
});

/** What a schema parses to: the structs by name and the root's name. */
export interface ParsedSchema {
  readonly root: string;
  readonly structs: ReadonlyMap<string, CdrStruct>;
}

/**
 * Parses a rosbag2 `ros2msg` schema text (the message's own definition followed by `MSG:` blocks for
 * its dependencies) into CDR structs, using `@foxglove/rosmsg` for the grammar. `byte` and `char`
 * come back as `uint8` (ROS 2's IDL mapping); `builtin_interfaces/Time` and `Duration`, which the
 * parser turns into the primitives `time`/`duration`, become the two-field structs they are on the
 * wire. The root is filed under `typeName`. Throws whatever the parser throws for bad text.
 */
export function parseSchema(typeName: string, text: string): ParsedSchema {
  const parsed = parse(text, { ros2: true });
  const structs = new Map<string, CdrStruct>();
  let root: string | undefined;
  for (const [i, def] of parsed.entries()) {
    const name = i === 0 ? typeName : (def.name ?? '');
    if (i === 0) root = name;
    const fields: CdrField[] = [];
    for (const f of def.definitions) {
      if (f.isConstant === true) continue;
      let type = f.type;
      let isComplex = f.isComplex === true;
      if (type === 'time' || type === 'duration') {
        type = type === 'time' ? TIME : DURATION;
        isComplex = true;
      }
      const extra = {
        ...(f.arrayUpperBound !== undefined ? { arrayUpperBound: f.arrayUpperBound } : {}),
        ...(f.upperBound !== undefined ? { stringUpperBound: f.upperBound } : {}),
      };
      const arrayKind = f.isArray !== true ? 'none' : f.arrayLength !== undefined ? 'fixed' : 'sequence';
      fields.push({
        name: f.name,
        type,
        isComplex,
        arrayKind,
        ...(arrayKind === 'fixed' && f.arrayLength !== undefined ? { arrayLength: f.arrayLength } : {}),
        ...extra,
      });
    }
    structs.set(name, { name, fields });
  }
  if (!structs.has(TIME)) structs.set(TIME, stamp(TIME));
  if (!structs.has(DURATION)) structs.set(DURATION, stamp(DURATION));
  return { root: root ?? typeName, structs };
}
