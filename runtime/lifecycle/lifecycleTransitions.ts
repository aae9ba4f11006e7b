import { LifecycleState, type LifecycleStateInfo } from './lifecycleStates.js';

/**
 * Ids of ROS 2 `lifecycle_msgs/msg/Transition`, used as `transitionId` in transition events so a
 * bridge can publish `lifecycle_msgs/msg/TransitionEvent` unchanged.
 */
export const LifecycleTransitionId = {
  CREATE: 0,
  CONFIGURE: 1,
  CLEANUP: 2,
  ACTIVATE: 3,
  DEACTIVATE: 4,
  UNCONFIGURED_SHUTDOWN: 5,
  INACTIVE_SHUTDOWN: 6,
  ACTIVE_SHUTDOWN: 7,
  DESTROY: 8,
  ON_CONFIGURE_SUCCESS: 10,
  ON_CONFIGURE_FAILURE: 11,
  ON_CONFIGURE_ERROR: 12,
  ON_CLEANUP_SUCCESS: 20,
  ON_CLEANUP_FAILURE: 21,
  ON_CLEANUP_ERROR: 22,
  ON_ACTIVATE_SUCCESS: 30,
  ON_ACTIVATE_FAILURE: 31,
  ON_ACTIVATE_ERROR: 32,
  ON_DEACTIVATE_SUCCESS: 40,
  ON_DEACTIVATE_FAILURE: 41,
  ON_DEACTIVATE_ERROR: 42,
  ON_SHUTDOWN_SUCCESS: 50,
  ON_SHUTDOWN_FAILURE: 51,
  ON_SHUTDOWN_ERROR: 52,
  ON_ERROR_SUCCESS: 60,
  ON_ERROR_FAILURE: 61,
  ON_ERROR_ERROR: 62,
} as const;

export type LifecycleTransitionIdValue = (typeof LifecycleTransitionId)[keyof typeof LifecycleTransitionId];

/** The transitions a caller may request. */
export const lifecycleTransitions = ['configure', 'cleanup', 'activate', 'deactivate', 'shutdown'] as const;
export type LifecycleTransition = (typeof lifecycleTransitions)[number];

/** What a transition callback reports. A thrown exception counts as `'error'`. */
export type CallbackResult = 'success' | 'failure' | 'error';

interface TransitionRule {
  /** Primary states the transition may start from, with the ROS id of the transition from each. */
  readonly from: ReadonlyArray<readonly [LifecycleStateInfo, LifecycleTransitionIdValue]>;
  /** The transition state the component is in while the callback runs. */
  readonly via: LifecycleStateInfo;
  readonly onSuccess: LifecycleStateInfo;
  /** `'start'`: back to the state the transition started from. */
  readonly onFailure: LifecycleStateInfo | 'start';
  /** ROS ids of the callback outcomes (success, failure, error). */
  readonly outcomeIds: Readonly<Record<CallbackResult, LifecycleTransitionIdValue>>;
}

const S = LifecycleState;
const T = LifecycleTransitionId;

/**
 * The ROS 2 default state machine (rcl_lifecycle), as data. A `Record` over the transition names,
 * so the compiler demands a rule for each. Note ROS's one asymmetry: a failed shutdown still ends
 * in `finalized` (there is no going back from a shutdown); every other failure returns to the
 * start state. Every error goes to `errorprocessing`.
 */
export const transitionRules: Readonly<Record<LifecycleTransition, TransitionRule>> = {
  configure: {
    from: [[S.UNCONFIGURED, T.CONFIGURE]],
    via: S.CONFIGURING,
    onSuccess: S.INACTIVE,
    onFailure: 'start',
    outcomeIds: { success: T.ON_CONFIGURE_SUCCESS, failure: T.ON_CONFIGURE_FAILURE, error: T.ON_CONFIGURE_ERROR },
  },
  cleanup: {
    from: [[S.INACTIVE, T.CLEANUP]],
    via: S.CLEANINGUP,
    onSuccess: S.UNCONFIGURED,
    onFailure: 'start',
    outcomeIds: { success: T.ON_CLEANUP_SUCCESS, failure: T.ON_CLEANUP_FAILURE, error: T.ON_CLEANUP_ERROR },
  },
  activate: {
    from: [[S.INACTIVE, T.ACTIVATE]],
    via: S.ACTIVATING,
    onSuccess: S.ACTIVE,
    onFailure: 'start',
    outcomeIds: { success: T.ON_ACTIVATE_SUCCESS, failure: T.ON_ACTIVATE_FAILURE, error: T.ON_ACTIVATE_ERROR },
  },
  deactivate: {
    from: [[S.ACTIVE, T.DEACTIVATE]],
    via: S.DEACTIVATING,
    onSuccess: S.INACTIVE,
    onFailure: 'start',
    outcomeIds: { success: T.ON_DEACTIVATE_SUCCESS, failure: T.ON_DEACTIVATE_FAILURE, error: T.ON_DEACTIVATE_ERROR },
  },
  shutdown: {
    from: [
      [S.UNCONFIGURED, T.UNCONFIGURED_SHUTDOWN],
      [S.INACTIVE, T.INACTIVE_SHUTDOWN],
      [S.ACTIVE, T.ACTIVE_SHUTDOWN],
    ],
    via: S.SHUTTINGDOWN,
    onSuccess: S.FINALIZED,
    onFailure: S.FINALIZED,
    outcomeIds: { success: T.ON_SHUTDOWN_SUCCESS, failure: T.ON_SHUTDOWN_FAILURE, error: T.ON_SHUTDOWN_ERROR },
  },
};

/** Outcome ids of error processing (`onError`). */
export const errorProcessingOutcomeIds: Readonly<Record<CallbackResult, LifecycleTransitionIdValue>> = {
  success: T.ON_ERROR_SUCCESS,
  failure: T.ON_ERROR_FAILURE,
  error: T.ON_ERROR_ERROR,
};

/** The transitions allowed from a state, in the order of `lifecycleTransitions`. */
export function allowedTransitions(state: LifecycleStateInfo): LifecycleTransition[] {
  return lifecycleTransitions.filter((t) => transitionRules[t].from.some(([s]) => s.id === state.id));
}

/** The ROS id of `transition` started from `state`, or undefined when it is not allowed there. */
export function transitionIdFrom(transition: LifecycleTransition, state: LifecycleStateInfo): LifecycleTransitionIdValue | undefined {
  return transitionRules[transition].from.find(([s]) => s.id === state.id)?.[1];
}
