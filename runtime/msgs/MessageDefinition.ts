/**
 * The shape of one ROS 2 message definition as Kindred keeps it at run time (`messageDefinitions`),
 * for codecs (CDR), recorders (MCAP `ros2msg` schemas) and bridges (rosbridge, Foxglove).
 */

/** ROS 2 primitive field types (builtin_interfaces/Time and Duration are messages, not primitives). */
export type PrimitiveTypeName =
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

/** A value a constant or a field default may hold (64-bit integers are bigint). */
export type MessageScalar = boolean | number | bigint | string;

export interface MessageField {
  /** Field name exactly as in the .msg file (snake_case). */
  readonly name: string;
  /** A primitive type name, or the full ROS 2 name of a message type, e.g. `std_msgs/msg/Header`. */
  readonly type: string;
  /** True when `type` names a message type rather than a primitive. */
  readonly isComplex: boolean;
  readonly isArray: boolean;
  /** Element count of a fixed-size array (`float64[9] k`). */
  readonly arrayLength?: number;
  /** Maximum element count of a bounded sequence (`int32[<=5] v`). */
  readonly arrayUpperBound?: number;
  /** Maximum length of a bounded string (`string<=10 s`). */
  readonly stringUpperBound?: number;
  /** Default value given in the .msg file (`float64 w 1`); arrays of scalars for array fields. */
  readonly defaultValue?: MessageScalar | readonly MessageScalar[];
}

export interface MessageConstant {
  readonly name: string;
  readonly type: PrimitiveTypeName;
  readonly value: MessageScalar;
  /** The value as written in the .msg file. */
  readonly valueText: string;
}

export interface MessageDefinition {
  /** Full ROS 2 type name, e.g. `sensor_msgs/msg/JointState`. */
  readonly name: string;
  readonly fields: readonly MessageField[];
  readonly constants: readonly MessageConstant[];
  /**
   * The full definition in rosbag2's `ros2msg` layout: the message's own text, then for every
   * message it depends on (breadth first) a line of 80 `=`, `MSG: pkg/Name` and that text.
   * builtin_interfaces types are not expanded (ROS 2 parsers treat them as built in).
   */
  readonly text: string;
}

/**
 * One definition as the generator writes it: its own .msg text only. `buildMessageDefinitions`
 * composes the full `text` from the dependencies' own texts, in `blockOrder` when given; `fullText`
 * is set only where an upstream file cannot be composed so (it is kept verbatim).
 */
export interface RawMessageDefinition {
  readonly fields: readonly MessageField[];
  readonly constants: readonly MessageConstant[];
  readonly ownText: string;
  /** Upstream order of the `MSG:` blocks, where it differs from the breadth-first one. */
  readonly blockOrder?: readonly string[];
  readonly fullText?: string;
}
