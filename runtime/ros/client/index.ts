export { RosbridgeClient } from './RosbridgeClient.js';
export type {
  ActionGoalOptions,
  AdvertiseOptions,
  AdvertisedService,
  MessageCallback,
  RosActionGoal,
  RosbridgeClientStats,
  RosbridgeStatus,
  RosPublisher,
  RosServiceHandler,
  RosSubscription,
  ServiceCallOptions,
  SubscribeOptions,
} from './RosbridgeClient.js';
export type { ClientState, ClientStateChange } from './ReconnectingSocket.js';
export { backoffSchema, resolveClientConfig, rosbridgeClientConfigSchema, wsUrlSchema } from './clientConfig.js';
export type { RosbridgeClientConfig, RosbridgeClientOptions } from './clientConfig.js';
export { backoffDelayMs, DEFAULT_BACKOFF } from './backoff.js';
export type { BackoffSettings } from './backoff.js';
export { RosBridgeMapping } from './RosBridgeMapping.js';
export type { MappingStats, RosBridgeMappingOptions } from './RosBridgeMapping.js';
export { validateRosBridgeMapping } from './validateMapping.js';
export type { MappingRules } from './validateMapping.js';
export { actionSchema, rosbridgeClientSectionSchema, rosBridgeMappingSchema, serviceInSchema, serviceOutSchema, topicInSchema, topicOutSchema } from './mappingSchema.js';
export type { RosbridgeClientSection, RosBridgeMappingConfig, RosBridgeMappingInput } from './mappingSchema.js';
export { commandActionReason, commandTopicReason } from './commandGuard.js';
export { parseRosbridgeJson } from './tolerantJson.js';
export type { RosClientErrorCode } from './rosClientErrors.js';
export type { ActionOutcome, ActionStatusName } from '../rosbridge/ActionRegistry.js';
