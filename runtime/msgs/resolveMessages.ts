import { parse } from '@foxglove/rosmsg';
import { KindredError, show } from '../errors/index.js';
import { composeDefinitionText, composeDefinitionTextInOrder, DEFINITION_SEPARATOR } from './composeDefinitionText.js';
import type { MessageConstant, MessageField, MessageScalar } from './MessageDefinition.js';
import type { MessageSource } from './MessageSource.js';
import { isPrimitiveTypeName } from './primitiveTypes.js';

/** A parsed message with every field type resolved to a full ROS 2 name. */
export interface ResolvedMessage {
  readonly pkg: string;
  readonly name: string;
  /** `pkg/msg/Name`. */
  readonly typeName: string;
  readonly fields: readonly MessageField[];
  readonly constants: readonly MessageConstant[];
  /** The message's own .msg text, ending in one blank line, as rosbag2 lays out each block. */
  readonly ownText: string;
  /** Set only for an upstream file that lists its `MSG:` blocks in another order (or repeats some). */
  readonly blockOrder?: readonly string[];
  /** Set only for an upstream file whose text cannot be composed from its dependencies' own texts. */
  readonly fullText?: string;
  readonly file: string;
}

/** A field as `@foxglove/rosmsg` parses it. */
type MessageDefinitionField = ReturnType<typeof parse>[number]['definitions'][number];

/** `MSG: pkg/Name` after a separator line, capturing package and name. */
const BLOCK_HEADER = /^={80}\nMSG: ([A-Za-z][A-Za-z0-9_]*)\/([A-Za-z][A-Za-z0-9_]*)\n/gm;

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Types the ROS 2 parser reports as built-in primitives. */
const BUILT_IN_MESSAGES: Readonly<Record<string, string>> = {
  time: 'builtin_interfaces/msg/Time',
  duration: 'builtin_interfaces/msg/Duration',
};

/** The part of a rosbag2-style file before its first `=====` line. */
function ownPart(text: string): string {
  const at = text.startsWith(DEFINITION_SEPARATOR) ? 0 : text.indexOf(`\n${DEFINITION_SEPARATOR}`);
  return at < 0 ? text : text.slice(0, at + 1);
}

/** `Header` in std_msgs, `std_msgs/Header`, `std_msgs/msg/Header` → `std_msgs/msg/Header`. */
function resolveTypeName(type: string, pkg: string, file: string, field: string): string {
  const parts = type.split('/');
  const [a, b, c] = parts;
  if (parts.length === 1 && a !== undefined && NAME.test(a)) return `${pkg}/msg/${a}`;
  if (parts.length === 2 && a !== undefined && b !== undefined && NAME.test(a) && NAME.test(b)) return `${a}/msg/${b}`;
  if (parts.length === 3 && a !== undefined && b === 'msg' && c !== undefined && NAME.test(a) && NAME.test(c)) return type;
  throw new KindredError('MSG_UNKNOWN_TYPE', `${file}: field ${field} has type ${show(type)}, which is not a ROS 2 type name`, {
    file,
    field,
    value: type,
    expected: 'a primitive type or pkg/Name',
  });
}

function isScalar(v: unknown): v is MessageScalar {
  return typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string';
}

function toField(f: MessageDefinitionField, pkg: string, file: string): MessageField {
  const builtIn = BUILT_IN_MESSAGES[f.type];
  const primitive = builtIn === undefined && f.isComplex !== true && isPrimitiveTypeName(f.type);
  const type = builtIn ?? (primitive ? f.type : resolveTypeName(f.type, pkg, file, f.name));
  const field: { -readonly [K in keyof MessageField]: MessageField[K] } = {
    name: f.name,
    type,
    isComplex: !primitive,
    isArray: f.isArray === true,
  };
  if (f.arrayLength !== undefined) field.arrayLength = f.arrayLength;
  if (f.arrayUpperBound !== undefined) field.arrayUpperBound = f.arrayUpperBound;
  if (f.upperBound !== undefined) field.stringUpperBound = f.upperBound;
  const d = f.defaultValue;
  if (d !== undefined) {
    if (Array.isArray(d)) field.defaultValue = (d as readonly unknown[]).filter(isScalar);
    else if (isScalar(d)) field.defaultValue = d;
  }
  return field;
}

function toConstant(f: MessageDefinitionField, file: string): MessageConstant {
  if (!isPrimitiveTypeName(f.type) || !isScalar(f.value)) {
    throw new KindredError('MSG_DEFINITION_INVALID', `${file}: constant ${f.name} has type ${show(f.type)} and value ${show(f.value)}`, {
      file,
      field: f.name,
      value: f.type,
      expected: 'a constant of a primitive type',
    });
  }
  return { name: f.name, type: f.type, value: f.value, valueText: f.valueText ?? String(f.value) };
}

function parseSource(source: MessageSource): ResolvedMessage {
  const { pkg, name, file } = source;
  if (!NAME.test(pkg) || !NAME.test(name)) {
    throw new KindredError('MSG_DEFINITION_INVALID', `${file}: ${show(`${pkg}/${name}`)} is not a valid ROS 2 message name`, {
      file,
      value: `${pkg}/${name}`,
      expected: 'pkg/Name of letters, digits and underscores',
    });
  }
  const ownText = source.bundled ? ownPart(source.text) : `${source.text.trimEnd()}\n\n`;
  let parsed;
  try {
    parsed = parse(ownText, { ros2: true, skipTypeFixup: true });
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new KindredError('MSG_DEFINITION_INVALID', `${file}: ${why}`, { file, expected: 'ROS 2 .msg syntax' }, { cause });
  }
  const top = parsed[0];
  if (parsed.length !== 1 || top === undefined) {
    throw new KindredError('MSG_DEFINITION_INVALID', `${file}: expected one message definition, found ${parsed.length}`, {
      file,
      value: parsed.length,
      expected: 'one definition before any ===== separator',
    });
  }
  const fields: MessageField[] = [];
  const constants: MessageConstant[] = [];
  for (const f of top.definitions) {
    if (f.isConstant === true) constants.push(toConstant(f, file));
    else fields.push(toField(f, pkg, file));
  }
  return { pkg, name, typeName: `${pkg}/msg/${name}`, fields, constants, ownText, file };
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Parse every source, resolve each field's type to a full ROS 2 name, check every referenced
 * message is among the sources, and return the messages sorted by type name. Pure: no I/O.
 */
export function resolveMessages(sources: readonly MessageSource[]): ResolvedMessage[] {
  const byName = new Map<string, ResolvedMessage>();
  const bundledText = new Map<string, string>();
  for (const source of sources) {
    const message = parseSource(source);
    const other = byName.get(message.typeName);
    if (other !== undefined) {
      throw new KindredError('MSG_DEFINITION_INVALID', `${source.file}: ${message.typeName} is already defined by ${other.file}`, {
        file: source.file,
        value: message.typeName,
        expected: 'each message type defined once',
      });
    }
    byName.set(message.typeName, message);
    if (source.bundled) bundledText.set(message.typeName, source.text);
  }
  for (const message of byName.values()) {
    for (const field of message.fields) {
      if (field.isComplex && !byName.has(field.type)) {
        throw new KindredError('MSG_UNKNOWN_TYPE', `${message.file}: field ${field.name} has type ${field.type}, which has no definition`, {
          file: message.file,
          field: `${message.typeName}.${field.name}`,
          value: field.type,
          expected: 'a message type among the generated packages',
        });
      }
    }
  }
  const lookup = (typeName: string): ResolvedMessage | undefined => byName.get(typeName);
  return [...byName.values()]
    .sort((a, b) => byCodePoint(a.typeName, b.typeName))
    .map((message) => {
      const upstream = bundledText.get(message.typeName);
      if (upstream === undefined || composeDefinitionText(message.typeName, lookup) === upstream) return message;
      const blockOrder = [...upstream.matchAll(BLOCK_HEADER)].map((m) => `${m[1] ?? ''}/msg/${m[2] ?? ''}`);
      if (blockOrder.every((name) => byName.has(name)) && composeDefinitionTextInOrder(message.typeName, lookup, blockOrder) === upstream) {
        return { ...message, blockOrder };
      }
      return { ...message, fullText: upstream };
    });
}
