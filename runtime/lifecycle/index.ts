export { LifecycleState, primaryStates, transitionStates } from './lifecycleStates.js';
export type { LifecycleStateInfo, LifecycleStateId, LifecycleStateKey, LifecycleStateLabel } from './lifecycleStates.js';
export {
  LifecycleTransitionId,
  lifecycleTransitions,
  transitionRules,
  errorProcessingOutcomeIds,
  allowedTransitions,
  transitionIdFrom,
} from './lifecycleTransitions.js';
export type { CallbackResult, LifecycleTransition, LifecycleTransitionIdValue } from './lifecycleTransitions.js';
export { LifecycleComponent } from './LifecycleComponent.js';
export type {
  LifecycleCallbacks,
  LifecycleComponentOptions,
  LifecycleListener,
  LifecycleTransitionEvent,
  TransitionCallback,
} from './LifecycleComponent.js';
export { LifecycleManager } from './LifecycleManager.js';
export type { BringUpResult, ComponentStateSnapshot, LifecycleStepFailure, ShutDownOptions, ShutDownResult } from './LifecycleManager.js';
