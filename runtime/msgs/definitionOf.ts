import { KindredError, show } from '../errors/index.js';
import { messageDefinitions, type MessageTypeName } from './generated/index.js';
import type { MessageDefinition } from './MessageDefinition.js';

/** True when `s` is a known ROS 2 message type name such as `sensor_msgs/msg/JointState`. */
export function isMessageTypeName(s: unknown): s is MessageTypeName {
  return typeof s === 'string' && Object.hasOwn(messageDefinitions, s);
}

/** The definition of a message type; throws MSG_UNKNOWN_TYPE for a name that is not known. */
export function definitionOf(typeName: string): MessageDefinition {
  if (isMessageTypeName(typeName)) return messageDefinitions[typeName];
  const parts = typeName.split('/');
  const withMsg = parts.length === 2 ? `${parts[0] ?? ''}/msg/${parts[1] ?? ''}` : undefined;
  const hint = withMsg !== undefined && isMessageTypeName(withMsg) ? `; did you mean ${withMsg}?` : '';
  throw new KindredError('MSG_UNKNOWN_TYPE', `no message type named ${show(typeName)}; expected a ROS 2 type name such as sensor_msgs/msg/JointState${hint}`, {
    value: typeName,
    expected: withMsg !== undefined && hint !== '' ? withMsg : 'pkg/msg/Name of a generated message type',
  });
}
