export {
  action_msgs,
  builtin_interfaces,
  diagnostic_msgs,
  geometry_msgs,
  hri_msgs,
  kindred_msgs,
  lifecycle_msgs,
  messageDefinitions,
  rcl_interfaces,
  rosgraph_msgs,
  sensor_msgs,
  statistics_msgs,
  std_msgs,
  tf2_msgs,
  trajectory_msgs,
  unique_identifier_msgs,
  visualization_msgs,
} from './generated/index.js';
export type { MessageTypeMap, MessageTypeName } from './generated/index.js';
export type { MessageConstant, MessageDefinition, MessageField, MessageScalar, PrimitiveTypeName } from './MessageDefinition.js';
export { definitionOf, isMessageTypeName } from './definitionOf.js';
export { zeroMessage } from './zeroMessage.js';
export { nsFromStamp, stampFromNs, STAMP_MAX_NS, STAMP_MIN_NS } from './stamp.js';
export { DEFINITION_SEPARATOR, shortTypeName } from './composeDefinitionText.js';
