/**
 * REP-2011 type hashes (`RIHS01_<sha256>`), as rosidl computes them and rosbag2 stores them in
 * `topic_type_hash`: SHA-256 of the JSON form of the type's TypeDescription (its fields with their
 * type ids and capacities, then every type it references, sorted by name), default values left out.
 *
 * The hash depends on the .msg text as written (`byte` is not `uint8`, `char` is `uint8`), so it is
 * computed from the `ros2msg` definition text rather than from parsed definitions, which merge those.
 */
import { createHash } from 'node:crypto';
import { definitionOf } from '../../msgs/index.js';

/** type_description_interfaces/msg/FieldType ids. */
const TYPE_IDS: Readonly<Record<string, number>> = {
  int8: 2,
  uint8: 3,
  int16: 4,
  uint16: 5,
  int32: 6,
  uint32: 7,
  int64: 8,
  uint64: 9,
  float32: 10,
  float64: 11,
  char: 3, // .msg char is IDL uint8
  bool: 15,
  byte: 16, // .msg byte is IDL octet
  string: 17,
  wstring: 18,
};
const NESTED = 1;
const BOUNDED_STRING = 21;
const BOUNDED_WSTRING = 22;
const ARRAY_OFFSET = 48;
const BOUNDED_SEQUENCE_OFFSET = 96;
const SEQUENCE_OFFSET = 144;

interface HashField {
  readonly name: string;
  readonly type: { type_id: number; capacity: number; string_capacity: number; nested_type_name: string };
}

interface HashType {
  readonly type_name: string;
  readonly fields: HashField[];
}

const STAMP_FIELDS = (): HashField[] => [
  { name: 'sec', type: { type_id: 6, capacity: 0, string_capacity: 0, nested_type_name: '' } },
  { name: 'nanosec', type: { type_id: 7, capacity: 0, string_capacity: 0, nested_type_name: '' } },
];

/** `pkg/Name` or `pkg/msg/Name` → `pkg/msg/Name`; an unqualified name takes the enclosing package. */
function fullName(name: string, pkg: string): string {
  const parts = name.split('/');
  if (parts.length === 1) return `${pkg}/msg/${name}`;
  if (parts.length === 2) return `${parts[0] ?? ''}/msg/${parts[1] ?? ''}`;
  return name;
}

const FIELD_LINE = /^\s*([A-Za-z][\w/]*)(<=(\d+))?(\[(<=)?(\d*)\])?\s+([A-Za-z]\w*)\s*(=)?/;

/** The fields of one .msg block; undefined when a line cannot be read as a field or constant. */
function parseBlock(text: string, pkg: string): HashField[] | undefined {
  const fields: HashField[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = FIELD_LINE.exec(line);
    if (m === null) return undefined;
    const [, base = '', , stringBound, array, bounded, size, name = '', constant] = m;
    if (constant !== undefined) continue;
    let typeId: number;
    let nested = '';
    const primitive = TYPE_IDS[base];
    if (primitive !== undefined) {
      typeId = primitive;
      if (stringBound !== undefined) {
        if (base === 'string') typeId = BOUNDED_STRING;
        else if (base === 'wstring') typeId = BOUNDED_WSTRING;
        else return undefined;
      }
    } else {
      typeId = NESTED;
      nested = fullName(base, pkg);
    }
    let capacity = 0;
    if (array !== undefined) {
      if (bounded !== undefined) typeId += BOUNDED_SEQUENCE_OFFSET;
      else if (size !== undefined && size !== '') typeId += ARRAY_OFFSET;
      else typeId += SEQUENCE_OFFSET;
      capacity = size !== undefined && size !== '' ? Number(size) : 0;
    }
    fields.push({ name, type: { type_id: typeId, capacity, string_capacity: stringBound !== undefined ? Number(stringBound) : 0, nested_type_name: nested } });
  }
  if (fields.length === 0) {
    fields.push({ name: 'structure_needs_at_least_one_member', type: { type_id: TYPE_IDS.uint8 ?? 3, capacity: 0, string_capacity: 0, nested_type_name: '' } });
  }
  return fields;
}

/**
 * The RIHS01 hash of `typeName` (`pkg/msg/Name`) from its rosbag2 `ros2msg` text, or undefined when
 * the text does not describe every type the message uses (builtin_interfaces Time and Duration are
 * known without a block, as rosbag2 leaves them out).
 */
export function typeHashFromSchema(typeName: string, ros2msgText: string): string | undefined {
  const blocks = ros2msgText.split(/^=+\s*$/m);
  const types = new Map<string, HashField[]>();
  const rootPkg = typeName.split('/')[0] ?? '';
  const rootFields = parseBlock(blocks[0] ?? '', rootPkg);
  if (rootFields === undefined) return undefined;
  const root = fullName(typeName, rootPkg);
  types.set(root, rootFields);
  for (const block of blocks.slice(1)) {
    const m = /^\s*MSG:\s*(\S+)\s*\n/.exec(block);
    if (m === null) return undefined;
    const name = fullName(m[1] ?? '', '');
    const fields = parseBlock(block.slice(m[0].length), name.split('/')[0] ?? '');
    if (fields === undefined) return undefined;
    if (!types.has(name)) types.set(name, fields);
  }
  types.set('builtin_interfaces/msg/Time', types.get('builtin_interfaces/msg/Time') ?? STAMP_FIELDS());
  types.set('builtin_interfaces/msg/Duration', types.get('builtin_interfaces/msg/Duration') ?? STAMP_FIELDS());

  const referenced = new Map<string, HashType>();
  const visit = (fields: readonly HashField[]): boolean => {
    for (const f of fields) {
      const nested = f.type.nested_type_name;
      if (nested === '' || referenced.has(nested)) continue;
      const own = types.get(nested);
      if (own === undefined) return false;
      referenced.set(nested, { type_name: nested, fields: own });
      if (!visit(own)) return false;
    }
    return true;
  };
  if (!visit(rootFields)) return undefined;
  const description = {
    type_description: { type_name: root, fields: rootFields },
    referenced_type_descriptions: [...referenced.values()].sort((a, b) => (a.type_name < b.type_name ? -1 : a.type_name > b.type_name ? 1 : 0)),
  };
  return `RIHS01_${createHash('sha256').update(pythonJson(description)).digest('hex')}`;
}

/** JSON as Python's `json.dumps(..., separators=(', ', ': '), ensure_ascii=True)` writes it. */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${asciiJson(k)}: ${pythonJson(v)}`)
      .join(', ')}}`;
  }
  if (typeof value === 'string') return asciiJson(value);
  return JSON.stringify(value);
}

function asciiJson(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const kindredHashes = new Map<string, string | undefined>();

/** The RIHS01 hash of one of Kindred's message types (from its generated `ros2msg` text), cached. */
export function kindredTypeHash(typeName: string): string | undefined {
  if (kindredHashes.has(typeName)) return kindredHashes.get(typeName);
  const hash = typeHashFromSchema(typeName, definitionOf(typeName).text);
  kindredHashes.set(typeName, hash);
  return hash;
}
