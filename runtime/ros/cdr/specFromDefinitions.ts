import { messageDefinitions, isMessageTypeName, type MessageField } from '../../msgs/index.js';
import type { CdrField, CdrStruct } from './CdrSpec.js';

function fieldSpec(f: MessageField): CdrField {
  const base = { name: f.name, type: f.type, isComplex: f.isComplex };
  const bounds = {
    ...(f.arrayUpperBound !== undefined ? { arrayUpperBound: f.arrayUpperBound } : {}),
    ...(f.stringUpperBound !== undefined ? { stringUpperBound: f.stringUpperBound } : {}),
  };
  if (!f.isArray) return { ...base, arrayKind: 'none', ...bounds };
  if (f.arrayLength !== undefined) return { ...base, arrayKind: 'fixed', arrayLength: f.arrayLength, ...bounds };
  return { ...base, arrayKind: 'sequence', ...bounds };
}

const specs = new Map<string, CdrStruct>();

/**
 * The CDR layout of one of Kindred's generated message types (`sensor_msgs/msg/JointState`), or
 * undefined for a name Kindred does not know. Field types use the same full names, so this is also
 * the lookup for nested types.
 */
export function specOfKindredType(typeName: string): CdrStruct | undefined {
  const known = specs.get(typeName);
  if (known !== undefined) return known;
  if (!isMessageTypeName(typeName)) return undefined;
  const def = messageDefinitions[typeName];
  const spec: CdrStruct = { name: def.name, fields: def.fields.map(fieldSpec) };
  specs.set(typeName, spec);
  return spec;
}
