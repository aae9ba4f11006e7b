import { KindredError } from '../errors/index.js';
import type { MessageField } from './MessageDefinition.js';

/** The line rosbag2 writes between the definitions of a `ros2msg` schema. */
export const DEFINITION_SEPARATOR = `${'='.repeat(80)}\n`;

/** What composing needs to know of each message: its fields and its own .msg text. */
export interface ComposableDefinition {
  readonly fields: readonly MessageField[];
  readonly ownText: string;
}

/** `sensor_msgs/msg/JointState` → `sensor_msgs/JointState`, the form rosbag2 writes after `MSG:`. */
export function shortTypeName(typeName: string): string {
  return typeName.replace('/msg/', '/');
}

/** Message types whose definitions ROS 2 parsers treat as built in, so no `MSG:` block is written. */
function isBuiltIn(typeName: string): boolean {
  return typeName.startsWith('builtin_interfaces/');
}

/**
 * The full `ros2msg` text of `typeName`: its own text, then each message it depends on, breadth
 * first in field order and once each, as `=====...`, `MSG: pkg/Name` and that message's own text.
 * This is the layout of the upstream rosbag2-style definition files.
 */
export function composeDefinitionText(typeName: string, lookup: (typeName: string) => ComposableDefinition | undefined): string {
  return composeInOrder(typeName, lookup, undefined);
}

/**
 * Like `composeDefinitionText`, but with the `MSG:` blocks in the order given (full type names;
 * repeats allowed), to reproduce upstream files that list some dependencies twice.
 */
export function composeDefinitionTextInOrder(
  typeName: string,
  lookup: (typeName: string) => ComposableDefinition | undefined,
  blockOrder: readonly string[],
): string {
  return composeInOrder(typeName, lookup, blockOrder);
}

function composeInOrder(typeName: string, lookup: (typeName: string) => ComposableDefinition | undefined, blockOrder: readonly string[] | undefined): string {
  const find = (name: string, from: string, field: string): ComposableDefinition => {
    const found = lookup(name);
    if (found === undefined) {
      throw new KindredError('MSG_UNKNOWN_TYPE', `${from} field ${field} has type ${name}, which has no definition`, {
        field: `${from}.${field}`,
        value: name,
        expected: 'a known ROS 2 message type',
      });
    }
    return found;
  };
  const root = lookup(typeName);
  if (root === undefined) {
    throw new KindredError('MSG_UNKNOWN_TYPE', `no message definition named ${typeName}`, { value: typeName, expected: 'a known ROS 2 message type' });
  }
  if (blockOrder !== undefined) {
    const blocks = blockOrder.map((name) => `${DEFINITION_SEPARATOR}MSG: ${shortTypeName(name)}\n${find(name, typeName, '(dependency)').ownText}`);
    return [root.ownText, ...blocks].join('');
  }
  const seen = new Set<string>([typeName]);
  const queue: { name: string; def: ComposableDefinition }[] = [{ name: typeName, def: root }];
  const parts: string[] = [root.ownText];
  for (let i = 0; i < queue.length; i += 1) {
    const current = queue[i];
    if (current === undefined) break;
    for (const field of current.def.fields) {
      if (!field.isComplex || seen.has(field.type) || isBuiltIn(field.type)) continue;
      seen.add(field.type);
      const def = find(field.type, current.name, field.name);
      queue.push({ name: field.type, def });
      parts.push(`${DEFINITION_SEPARATOR}MSG: ${shortTypeName(field.type)}\n${def.ownText}`);
    }
  }
  return parts.join('');
}
