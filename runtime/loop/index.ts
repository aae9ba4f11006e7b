export { LoopHost } from './LoopHost.js';
export type { LatestState, LoopStats, SafetyRequest, SafetyResetResult, SafetyStatus } from './LoopHost.js';
export type { HardwareSpec, LoopConfig } from './LoopConfig.js';
export { LOOP_RATE_MAX_HZ, LOOP_RATE_MIN_HZ } from './LoopConfig.js';
export { buildLoop, buildManager, resolveLoopLimits } from './buildManager.js';
export type { BuildManagerOptions, BuiltLoop } from './buildManager.js';
export { HISTOGRAM_BUCKETS, percentiles } from './LoopHistogram.js';
export type { LoopStatusName, SafetyStateName } from './sharedLayout.js';
export { jointStateMessage, loopDiagnostics, loopStatisticsMessage } from './loopMessages.js';
