export { validateConfig } from './validateConfig.js';
export type { SourcePosition, ValidateConfigOptions } from './validateConfig.js';
export { deepFreeze } from './deepFreeze.js';
export { showValue } from './showValue.js';
export type { DeepReadonly } from './deepFreeze.js';
export { deepEqual } from './deepEqual.js';
export { formatPath } from './formatPath.js';
export { describeExpected, describeJsonSchema, jsonSchemaOf } from './describeExpected.js';
export { explainIssue, valueAt } from './explainIssue.js';
export type { IssueExplanation } from './explainIssue.js';
export { schemaAt, keysAt, unwrapSchema } from './schemaAt.js';
export { ParameterStore } from './ParameterStore.js';
export type {
  CrossCheck,
  ParameterDescription,
  ParameterHandle,
  ParameterListener,
  ParameterSpec,
  ParameterStoreOptions,
} from './ParameterStore.js';
