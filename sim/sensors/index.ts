export { SensorBank, MAX_SENSOR_DELAY_STEPS } from './SensorBank.js';
export { DEFAULT_SENSOR_MODELS, IDEAL_SENSOR } from './SensorModel.js';
export type { SensorKind, SensorModelParams } from './SensorModel.js';
export { globToRegExp, resolveSensorModels } from './resolveSensorModels.js';
export type { SensorChannel, SensorOptions, SensorRule } from './resolveSensorModels.js';
