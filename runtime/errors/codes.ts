import type { CatalogueEntry } from './CatalogueEntry.js';
import { launchErrors } from './catalogue/launch.js';
import { motionErrors } from './catalogue/motion.js';
import { rosErrors } from './catalogue/ros.js';
import { runtimeErrors } from './catalogue/runtime.js';
import { safetyLimitsErrors } from './catalogue/safetyLimits.js';
import { safetyLogErrors } from './catalogue/safetyLog.js';
import { rosbridgeErrors } from './catalogue/rosbridge.js';
import { scenariosErrors } from './catalogue/scenarios.js';
import { simErrors } from './catalogue/sim.js';
import { simScenesErrors } from './catalogue/simScenes.js';
import { simHumansErrors } from './catalogue/simHumans.js';
import { simViewerErrors } from './catalogue/simViewer.js';
import { urdfErrors } from './catalogue/urdf.js';
import { behaviorsErrors } from './catalogue/behaviors.js';
import { rclnodejsErrors } from './catalogue/rclnodejs.js';
import { rosHardwareErrors } from './catalogue/rosHardware.js';
import { rosClientErrors } from './catalogue/rosClient.js';
import { foxgloveErrors } from './catalogue/foxglove.js';

/**
 * The catalogue of every coded error Kindred raises, one file per module under `catalogue/`,
 * each documented in `docs/errors/<module>.md` (a test keeps the two in step).
 */
export const errorCatalogue = {
  runtime: runtimeErrors,
  launch: launchErrors,
  urdf: urdfErrors,
  motion: motionErrors,
  safety_limits: safetyLimitsErrors,
  safety_log: safetyLogErrors,
  sim: simErrors,
  sim_scenes: simScenesErrors,
  sim_humans: simHumansErrors,
  sim_viewer: simViewerErrors,
  scenarios: scenariosErrors,
  rosbridge: rosbridgeErrors,
  ros: rosErrors,
  behaviors: behaviorsErrors,
  rclnodejs: rclnodejsErrors,
  ros_hardware: rosHardwareErrors,
  ros_client: rosClientErrors,
  foxglove: foxgloveErrors,
} as const satisfies Record<string, Record<string, CatalogueEntry>>;

type Catalogue = typeof errorCatalogue;
export type ErrorModule = keyof Catalogue;
export type ErrorCode = { [M in ErrorModule]: keyof Catalogue[M] }[ErrorModule] & string;

const flat = new Map<string, CatalogueEntry>();
for (const section of Object.values(errorCatalogue)) {
  for (const [code, entry] of Object.entries(section)) flat.set(code, entry);
}

export function describeCode(code: ErrorCode): CatalogueEntry {
  const entry = flat.get(code);
  if (entry === undefined) throw new Error(`uncatalogued error code ${code}`);
  return entry;
}

export function allCodes(): ReadonlyMap<string, CatalogueEntry> {
  return flat;
}
