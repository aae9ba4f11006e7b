export { buildModelGraph, drivable, drivableValues, isDetour, planPath, planPathFromState, type ModelEdge, type ModelGraph, type ModelNode, type ModelState } from './modelGraph.js';
export { DEFAULT_PROBE_LIMITS, ModelTester, type CaseResult, type ModelCase, type ModelSession, type ObservedStep, type Probe, type ProbeLimits } from './ModelTester.js';
export { classifyEvent, type EventClass, type EventClassifier, type Stimulus } from './stimuli.js';
export { generatePlan, PROBES, type ModelTestPlan, type NotGenerated } from './testPlan.js';
export { formatModelTestReport, type ModelTestReport } from './report.js';
