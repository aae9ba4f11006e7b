import { composeDefinitionText, composeDefinitionTextInOrder } from './composeDefinitionText.js';
import type { MessageDefinition, MessageField, RawMessageDefinition } from './MessageDefinition.js';

function freezeField(field: MessageField): MessageField {
  if (Array.isArray(field.defaultValue)) Object.freeze(field.defaultValue);
  return Object.freeze(field);
}

/**
 * Turn the generator's compact data (each message's own text) into frozen `MessageDefinition`s
 * whose `text` is the full rosbag2 `ros2msg` definition, composed from the dependencies' texts.
 */
export function buildMessageDefinitions<K extends string>(raw: Readonly<Record<K, RawMessageDefinition>>): Readonly<Record<K, MessageDefinition>> {
  const lookup = (typeName: string): RawMessageDefinition | undefined => (Object.hasOwn(raw, typeName) ? raw[typeName as K] : undefined);
  const out = {} as Record<K, MessageDefinition>;
  for (const name of Object.keys(raw) as K[]) {
    const r = raw[name];
    out[name] = Object.freeze({
      name,
      fields: Object.freeze(r.fields.map(freezeField)),
      constants: Object.freeze(r.constants.map((c) => Object.freeze(c))),
      text: r.fullText ?? (r.blockOrder === undefined ? composeDefinitionText(name, lookup) : composeDefinitionTextInOrder(name, lookup, r.blockOrder)),
    });
  }
  return Object.freeze(out);
}
