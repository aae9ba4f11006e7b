export type { BehaviorHost } from './BehaviorHost.js';
export { hostFromKindredParts } from './hostFromKindredParts.js';
export type { DisposableBehaviorHost, HostController, KindredParts } from './hostFromKindredParts.js';
export { BehaviorRunner, BEHAVIOR_COMMAND_TOPIC, BEHAVIOR_STATUS_TOPIC } from './BehaviorRunner.js';
export type { BehaviorHistoryEntry, BehaviorResult, BehaviorRunOptions, OperatorCommand, RunStatus } from './BehaviorRunner.js';
export { contextJson, statePath, CONTEXT_JSON_MAX_CHARS } from './behaviorStatus.js';
export { SimSpeech } from './simSpeech.js';
export type { SimSpeechOptions } from './simSpeech.js';
