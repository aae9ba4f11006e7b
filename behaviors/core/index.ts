export { BEHAVIOR_TAG, STOP_CATEGORIES, defineBehavior, isSafetyStop } from './conventions.js';
export type {
  AcceptsSafetyEvents,
  BehaviorDefinition,
  BehaviorExploration,
  BehaviorTag,
  BilingualText,
  ExploreEvents,
  KindredBehaviorEvent,
  OperatorEvent,
  OperatorPauseEvent,
  OperatorResumeEvent,
  OperatorStopEvent,
  SafetyClearedEvent,
  SafetyEstopEvent,
  SafetyEvent,
  SafetyStopEvent,
  StopCategory,
} from './conventions.js';
