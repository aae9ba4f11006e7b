export { DEFAULT_LAUNCH_FILE, loadLaunchFile, toLoopConfig, validateLaunch } from './loadLaunchFile.js';
export type { ValidatedLaunch } from './loadLaunchFile.js';
export { launchSchema, SIM_SCENES } from './launchSchema.js';
export type { LaunchFile } from './launchSchema.js';
export { parseYaml, readText, readYamlFile } from './readYaml.js';
export type { YamlSource } from './readYaml.js';
