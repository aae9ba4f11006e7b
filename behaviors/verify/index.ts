export { verifyBehavior } from './verifyBehavior.js';
export { formatReport, PROBLEM_LABELS } from './formatReport.js';
export { PROBLEM_KINDS } from './VerifyReport.js';
export type { ProblemKind, VerifyOptions, VerifyProblem, VerifyReport } from './VerifyReport.js';
export { STANDARD_STOP_EVENTS, VERIFY_STOP_CODE } from './explorationEvents.js';
export { StandInActors, classifyActorLogic } from './standInActors.js';
export type { ActorKind, CleanupEvidence, StandInStart } from './standInActors.js';
export { formatStateValue, stableStringify } from './stateKey.js';
