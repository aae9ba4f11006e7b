export type {
  JointKind,
  PositionRange,
  SoftLimits,
  JointLimitValues,
  JointLimits,
  LimitLayerName,
  LimitLayer,
  BaseLimits,
  LimitField,
  LimitFieldSpec,
  ComposedLimits,
} from './JointLimits.js';
export { LIMIT_LAYERS, LIMIT_FIELDS, unitOf, getField } from './JointLimits.js';
export { limitsFromUrdf } from './limitsFromUrdf.js';
export { composeLimits } from './composeLimits.js';
export { parseLimitLayer, loadLimitLayer, limitLayerFromData, limitLayerFileSchema } from './limitLayerFile.js';
export { resolveLimits, limitsFromInterfaces } from './resolveLimits.js';
export type { LimitsSpec, LimitBaseSpec, LimitLayerSpec } from './resolveLimits.js';
export { LimitTable, compileLimits } from './LimitTable.js';
export { softVelocityEnvelope, softEffortBounds, SoftIo, SOFT_IO_LENGTH, SOFT_LIMIT_REACH_VELOCITY, POSITION_BOUNDS_TOLERANCE } from './softLimits.js';
export { LimitFlag, LIMIT_FLAG_NAMES, flagNames } from './LimitFlag.js';
export type { LimitFlagName } from './LimitFlag.js';
export { JointLimitEnforcer } from './JointLimitEnforcer.js';
export { brakingVelocity } from './brakingVelocity.js';
export type { EnforcedInterface, CommandMode, JointLimitEnforcerOptions } from './JointLimitEnforcer.js';
export { StopPlan, StopRelaxation, planStop, stopStep } from './stopProfile.js';
export type { StopCategory, MotionState, StopLimits } from './stopProfile.js';
export { limitsError } from './limitsError.js';
export type { SafetyLimitsCode } from './limitsError.js';
