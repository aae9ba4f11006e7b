/**
 * The states of a managed component, with the ids and labels of ROS 2 `lifecycle_msgs/msg/State`
 * (design.ros2.org "Managed nodes"). Primary states are where a component rests; transition states
 * last only while a callback runs.
 */
export const LifecycleState = {
  UNKNOWN: { id: 0, label: 'unknown' },
  UNCONFIGURED: { id: 1, label: 'unconfigured' },
  INACTIVE: { id: 2, label: 'inactive' },
  ACTIVE: { id: 3, label: 'active' },
  FINALIZED: { id: 4, label: 'finalized' },
  CONFIGURING: { id: 10, label: 'configuring' },
  CLEANINGUP: { id: 11, label: 'cleaningup' },
  SHUTTINGDOWN: { id: 12, label: 'shuttingdown' },
  ACTIVATING: { id: 13, label: 'activating' },
  DEACTIVATING: { id: 14, label: 'deactivating' },
  ERRORPROCESSING: { id: 15, label: 'errorprocessing' },
} as const;

export type LifecycleStateKey = keyof typeof LifecycleState;
/** One state: its ROS 2 id and label, e.g. `{ id: 3, label: 'active' }`. */
export type LifecycleStateInfo = (typeof LifecycleState)[LifecycleStateKey];
export type LifecycleStateId = LifecycleStateInfo['id'];
export type LifecycleStateLabel = LifecycleStateInfo['label'];

/** The four states a component rests in between transitions. */
export const primaryStates = [
  LifecycleState.UNCONFIGURED,
  LifecycleState.INACTIVE,
  LifecycleState.ACTIVE,
  LifecycleState.FINALIZED,
] as const;

/** The six states a component is in while one of its callbacks runs. */
export const transitionStates = [
  LifecycleState.CONFIGURING,
  LifecycleState.CLEANINGUP,
  LifecycleState.SHUTTINGDOWN,
  LifecycleState.ACTIVATING,
  LifecycleState.DEACTIVATING,
  LifecycleState.ERRORPROCESSING,
] as const;
