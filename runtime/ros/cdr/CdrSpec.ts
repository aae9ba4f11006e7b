/**
 * The layout of a ROS 2 message as the CDR codec needs it, independent of where the definition came
 * from: Kindred's generated `messageDefinitions` (`specFromDefinitions.ts`) or a `ros2msg` schema
 * text such as a recording's own (`specFromSchema.ts`).
 */

/**
 * Primitive field types the codec knows. `byte` and `char` are 8-bit unsigned, as in ROS 2's IDL
 * mapping; `wstring` is known so that it can be refused with a clear error.
 */
export type CdrPrimitive =
  | 'bool'
  | 'byte'
  | 'char'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'float32'
  | 'float64'
  | 'string'
  | 'wstring';

/** How a field repeats: once, a fixed-size array (`float64[9]`), or a sequence (`float64[]`, `int32[<=5]`). */
export type CdrArrayKind = 'none' | 'fixed' | 'sequence';

export interface CdrField {
  /** Field name exactly as in the .msg file. */
  readonly name: string;
  /** A `CdrPrimitive`, or the name of another struct in the same lookup. */
  readonly type: string;
  readonly isComplex: boolean;
  readonly arrayKind: CdrArrayKind;
  /** Element count of a fixed-size array. */
  readonly arrayLength?: number;
  /** Maximum element count of a bounded sequence. */
  readonly arrayUpperBound?: number;
  /** Maximum length in bytes of a bounded string (`string<=10`). */
  readonly stringUpperBound?: number;
}

export interface CdrStruct {
  /** Type name as the source spells it (`sensor_msgs/msg/JointState`, or `std_msgs/Header` in a schema). */
  readonly name: string;
  readonly fields: readonly CdrField[];
}

/** Finds a struct by the name a field's `type` uses; undefined when there is none. */
export type CdrStructLookup = (name: string) => CdrStruct | undefined;

const PRIMITIVES: ReadonlySet<string> = new Set<CdrPrimitive>([
  'bool',
  'byte',
  'char',
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'float32',
  'float64',
  'string',
  'wstring',
]);

/** True for the primitive type names the codec knows. */
export function isCdrPrimitive(type: string): type is CdrPrimitive {
  return PRIMITIVES.has(type);
}
