import { fileURLToPath } from 'node:url';
import { KindredError } from '../runtime/errors/index.js';
import type { LoopConfig } from '../runtime/loop/index.js';
import { validateConfig } from '../runtime/params/index.js';
import { launchSchema, type LaunchFile } from './launchSchema.js';
import { parseYaml, readText, type YamlSource } from './readYaml.js';

/** The launch file `kindred start` uses: the embedded default (a mock exoskeleton until the simulator lands). */
export const DEFAULT_LAUNCH_FILE = fileURLToPath(new URL('./exo_default.launch.yaml', import.meta.url));

export type ValidatedLaunch = LaunchFile;

/** Validate launch data already parsed from `source`. */
export function validateLaunch(source: YamlSource): ValidatedLaunch {
  const launch = validateConfig(launchSchema, source.data, { file: source.file, locate: (p) => source.locate(p) }) as ValidatedLaunch;
  const joints = new Set(launch.hardware.joints.map((j) => j.name));
  const dup = launch.hardware.joints.find((j, i) => launch.hardware.joints.findIndex((k) => k.name === j.name) !== i);
  if (dup !== undefined) {
    const i = launch.hardware.joints.lastIndexOf(dup);
    throw new KindredError('CONFIG_INVALID', `hardware.joints[${i}].name ${JSON.stringify(dup.name)} is listed twice; expected unique joint names`, {
      file: source.file,
      ...source.locate(['hardware', 'joints', i, 'name']),
      field: `hardware.joints[${i}].name`,
      value: dup.name,
      expected: 'unique joint names',
    });
  }
  launch.controllers.forEach((c, ci) => {
    c.joints.forEach((j, ji) => {
      if (!joints.has(j)) {
        throw new KindredError('CONFIG_INVALID', `controllers[${ci}].joints[${ji}] is ${JSON.stringify(j)}; expected one of the hardware joints: ${[...joints].join(', ')}`, {
          file: source.file,
          ...source.locate(['controllers', ci, 'joints', ji]),
          field: `controllers[${ci}].joints[${ji}]`,
          value: j,
          expected: [...joints].join(' | '),
        });
      }
    });
  });
  return launch;
}

/** Read, parse and validate a launch file; any problem is a KindredError with file:line:column. */
export function loadLaunchFile(file: string): ValidatedLaunch {
  return validateLaunch(parseYaml(readText(file), file));
}

/** The plain data the real-time worker needs. */
export function toLoopConfig(launch: ValidatedLaunch): LoopConfig {
  return {
    rateHz: launch.loop.rateHz,
    mode: launch.loop.mode,
    stallTimeoutMs: launch.loop.stallTimeoutMs,
    spinUs: launch.loop.spinUs,
    hardware: [
      {
        type: launch.hardware.type,
        name: launch.robot.name,
        joints: launch.hardware.joints.map((j) => ({
          name: j.name,
          command: j.command,
          ...(j.initialPositionRad === undefined ? {} : { initialPositionRad: j.initialPositionRad }),
          ...(j.min === undefined ? {} : { min: j.min }),
          ...(j.max === undefined ? {} : { max: j.max }),
        })),
      },
    ],
    controllers: launch.controllers.map((c) => ({ ...c, joints: [...c.joints], params: { ...c.params } })),
  };
}
