import { KindredError, show } from '../../errors/index.js';
import { isMessageTypeName, type MessageTypeMap, type MessageTypeName } from '../../msgs/index.js';
import { CdrFault } from './CdrFault.js';
import { CdrReader } from './CdrReader.js';
import { CdrWriter } from './CdrWriter.js';
import { StructCompiler, type CompiledStruct } from './compileStruct.js';
import { specOfKindredType } from './specFromDefinitions.js';
import { parseSchema } from './specFromSchema.js';

/**
 * Encodes and decodes one ROS 2 message type as CDR, byte for byte as ROS 2 does (XCDR1 with the
 * 4-byte encapsulation header, little-endian; rosbag2 stores the same bytes). Made once per type and
 * cached, so holding on to a codec is cheap and calling `cdrCodec` again is cheap too.
 */
export interface CdrCodec<T> {
  /** The ROS 2 type name it was made for. */
  readonly typeName: string;
  /**
   * The message as CDR bytes (a fresh `Uint8Array`). Throws ROS_CDR_ENCODE_FAILED naming the field,
   * the value and what was expected, for a missing field, a wrong type, an integer out of range, a
   * fixed-size array of the wrong length or a bound exceeded.
   */
  encode(msg: T): Uint8Array;
  /**
   * The message the bytes hold. Accepts CDR_LE and CDR_BE; trailing bytes (ROS 2 middlewares may pad
   * to 4) are ignored. Throws ROS_CDR_DECODE_FAILED naming the type, the field, the byte offset and
   * the length when the bytes are too short, a length is impossible or the encapsulation is not plain CDR.
   */
  decode(bytes: Uint8Array): T;
}

/** One writer for every codec: encoding is synchronous, so it is never shared by two messages at once. */
const writer = new CdrWriter(64 * 1024);

/** `field name[2] is "x"; expected …` or `the message is …`. */
function faultText(e: CdrFault): string {
  const path = e.pathText();
  return path === '' ? `the message ${e.message}` : `field ${path} ${e.message}`;
}

function makeCodec<T>(typeName: string, struct: CompiledStruct): CdrCodec<T> {
  return {
    typeName,
    encode(msg: T): Uint8Array {
      writer.reset();
      try {
        struct.write(writer, msg);
      } catch (e) {
        if (!(e instanceof CdrFault)) throw e;
        const field = e.pathText();
        throw new KindredError('ROS_CDR_ENCODE_FAILED', `cannot encode ${typeName}: ${faultText(e)}`, {
          type: typeName,
          ...(field !== '' ? { field } : {}),
        });
      }
      const bytes = writer.toBytes();
      writer.shrink();
      return bytes;
    },
    decode(bytes: Uint8Array): T {
      try {
        return struct.read(new CdrReader(bytes)) as T;
      } catch (e) {
        if (!(e instanceof CdrFault)) throw e;
        const field = e.pathText();
        throw new KindredError('ROS_CDR_DECODE_FAILED', `cannot decode ${bytes.length} bytes as ${typeName}: ${faultText(e)}`, {
          type: typeName,
          ...(field !== '' ? { field } : {}),
          ...(e.offset !== undefined ? { offset: e.offset } : {}),
          length: bytes.length,
        });
      }
    },
  };
}

const kindredCompiler = new StructCompiler(specOfKindredType);
const kindredCodecs = new Map<string, CdrCodec<unknown>>();

function unknownType(typeName: string): KindredError {
  const parts = typeName.split('/');
  const withMsg = parts.length === 2 ? `${parts[0] ?? ''}/msg/${parts[1] ?? ''}` : undefined;
  const hint = withMsg !== undefined && isMessageTypeName(withMsg) ? `; did you mean ${withMsg}?` : '';
  return new KindredError(
    'ROS_CDR_UNKNOWN_TYPE',
    `no CDR codec for ${show(typeName)}: Kindred has no such message type; expected a ROS 2 type name such as sensor_msgs/msg/JointState${hint} (for other types use cdrCodecFromSchema with the type's ros2msg text)`,
    { value: typeName, expected: hint !== '' && withMsg !== undefined ? withMsg : 'pkg/msg/Name of a Kindred message type' },
  );
}

function compileOrThrow(compiler: StructCompiler, typeName: string, code: 'ROS_CDR_UNKNOWN_TYPE' | 'ROS_CDR_SCHEMA_INVALID'): CompiledStruct {
  try {
    return compiler.compile(typeName);
  } catch (e) {
    if (!(e instanceof CdrFault)) throw e;
    const field = e.pathText();
    throw new KindredError(e.unsupported ? 'ROS_CDR_UNSUPPORTED' : code, `no CDR codec for ${typeName}: ${faultText(e)}`, {
      type: typeName,
      ...(field !== '' ? { field } : {}),
    });
  }
}

/**
 * The CDR codec of one of Kindred's message types, typed by `MessageTypeMap`
 * (`cdrCodec('sensor_msgs/msg/JointState').encode(js)`). A name known only at run time gives an
 * `unknown`-typed codec. Throws ROS_CDR_UNKNOWN_TYPE for a name Kindred does not know (with a hint
 * for `pkg/Name` written without `/msg/`).
 */
export function cdrCodec<K extends MessageTypeName>(typeName: K): CdrCodec<MessageTypeMap[K]>;
export function cdrCodec(typeName: string): CdrCodec<unknown>;
export function cdrCodec(typeName: string): CdrCodec<unknown> {
  const cached = kindredCodecs.get(typeName);
  if (cached !== undefined) return cached;
  if (!isMessageTypeName(typeName)) throw unknownType(typeName);
  const codec = makeCodec<unknown>(typeName, compileOrThrow(kindredCompiler, typeName, 'ROS_CDR_UNKNOWN_TYPE'));
  kindredCodecs.set(typeName, codec);
  return codec;
}

/** Schema codecs kept, newest last; the oldest is dropped past this many (a bridge may see many schemas). */
const SCHEMA_CACHE_SIZE = 512;
const schemaCodecs = new Map<string, CdrCodec<unknown>>();

/**
 * A CDR codec for a type described by its rosbag2 `ros2msg` text (the type's own definition, then a
 * `MSG: pkg/Name` block per dependency), e.g. a recording's own schema or a type Kindred does not
 * ship. Values use the same representation as `cdrCodec`. Cached by name and text.
 * Throws ROS_CDR_SCHEMA_INVALID when the text does not parse or names a type it does not define,
 * ROS_CDR_UNSUPPORTED for wstring fields.
 */
export function cdrCodecFromSchema(typeName: string, ros2msgText: string): CdrCodec<unknown> {
  const key = `${typeName}\u0000${ros2msgText}`;
  const cached = schemaCodecs.get(key);
  if (cached !== undefined) {
    schemaCodecs.delete(key);
    schemaCodecs.set(key, cached);
    return cached;
  }
  let parsed: ReturnType<typeof parseSchema>;
  try {
    parsed = parseSchema(typeName, ros2msgText);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new KindredError('ROS_CDR_SCHEMA_INVALID', `the ros2msg definition of ${typeName} does not parse: ${reason.split('\n')[0] ?? reason}`, {
      type: typeName,
      expected: 'ROS 2 .msg text, with a "MSG: pkg/Name" block for each type it uses',
    }, { cause: e });
  }
  const compiler = new StructCompiler((name) => parsed.structs.get(name));
  const codec = makeCodec<unknown>(typeName, compileOrThrow(compiler, parsed.root, 'ROS_CDR_SCHEMA_INVALID'));
  schemaCodecs.set(key, codec);
  if (schemaCodecs.size > SCHEMA_CACHE_SIZE) {
    const oldest = schemaCodecs.keys().next();
    if (oldest.done !== true) schemaCodecs.delete(oldest.value);
  }
  return codec;
}
