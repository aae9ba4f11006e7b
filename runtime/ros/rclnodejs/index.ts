export { loadRclnodejs, requireRclnodejs, reasonText, ROS_ENV_VARIABLES } from './loadRclnodejs.js';
export type {
  LoadRclnodejsOptions,
  ModuleImporter,
  RclnodejsAvailable,
  RclnodejsLoad,
  RclnodejsUnavailable,
  UnavailableCause,
  UnavailableReason,
} from './loadRclnodejs.js';
export { RclnodejsAdapter } from './RclnodejsAdapter.js';
export type { NativeCallOptions, NativeGoalOptions, NativeTopicStats, RclnodejsAdapterStats } from './RclnodejsAdapter.js';
export { checkTopicsIn, outgoingTopicFilter, rclnodejsConfigSchema, resolveRclnodejsConfig } from './rclnodejsOptions.js';
export type { RclnodejsAdapterOptions, RclnodejsConfig, ResolvedRclnodejsConfig, TopicIn, TopicInConfig } from './rclnodejsOptions.js';
export { kindredToRcl, plainFromRcl, rclToKindred } from './rclMessages.js';
export type { MessageConverter } from './rclMessages.js';
export { rclQosProfile, toRclQos, RMW_QOS } from './rclQos.js';
export type { NativeQos, RclQosProfile, Reliability } from './rclQos.js';
export {
  applyRosParameters,
  fromRosParameterValue,
  ROS_PARAMETER_TYPE,
  rosParameterKind,
  rosParameterType,
  rosParameterTypeName,
  toRosParameterValue,
} from './rclParameters.js';
export type { FromRosResult, RosParameterInput, RosParameterKind } from './rclParameters.js';
export type { RclApi } from './RclApi.js';
export { NATIVE_CLIENT_ID } from './nativeServices.js';
