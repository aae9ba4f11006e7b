import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KindredError } from '../runtime/errors/index.js';
import type { HardwareSpec, LoopConfig } from '../runtime/loop/index.js';
import { validateConfig } from '../runtime/params/index.js';
import { loadUrdfFile, shippedRobots } from '../urdf/index.js';
import { loadHumanProfile } from '../sim/profiles/index.js';
import { launchSchema, SIM_SCENE_PROFILE_KIND, SIM_SCENES, type LaunchFile } from './launchSchema.js';
import { parseYaml, readText, type YamlSource } from './readYaml.js';

/** The launch file `kindred start` uses: the embedded default. */
export const DEFAULT_LAUNCH_FILE = fileURLToPath(new URL('./exo_default.launch.yaml', import.meta.url));

export type ValidatedLaunch = LaunchFile;

/** Validate launch data already parsed from `source`. */
export function validateLaunch(source: YamlSource): ValidatedLaunch {
  const launch = validateConfig(launchSchema, source.data, { file: source.file, locate: (p) => source.locate(p) }) as ValidatedLaunch;
  const joints = launch.hardware.type === 'mock' ? mockJointNames(launch.hardware.joints, source) : simJointNames(launch, source);
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
  if (launch.hardware.type === 'sim' && launch.hardware.profile !== undefined) {
    // Profiles are named relative to the launch file; keep the absolute path. The profile is checked
    // now (its own file:line:column errors), and must be the kind of person the scene holds.
    const profile = resolve(dirname(source.file), launch.hardware.profile);
    const kind = loadHumanProfile(profile).kind;
    const wanted = SIM_SCENE_PROFILE_KIND[launch.hardware.scene];
    if (kind !== wanted) {
      throw new KindredError('CONFIG_INVALID', `hardware.profile ${launch.hardware.profile} is a ${kind}; scene ${launch.hardware.scene} takes a ${wanted}`, {
        file: source.file,
        ...source.locate(['hardware', 'profile']),
        field: 'hardware.profile',
        value: launch.hardware.profile,
        expected: `a ${wanted} file`,
      });
    }
    return { ...launch, hardware: { ...launch.hardware, profile } };
  }
  return launch;
}

type MockJoints = Extract<LaunchFile['hardware'], { type: 'mock' }>['joints'];

function mockJointNames(list: MockJoints, source: YamlSource): Set<string> {
  const dup = list.find((j, i) => list.findIndex((k) => k.name === j.name) !== i);
  if (dup !== undefined) {
    const i = list.lastIndexOf(dup);
    throw new KindredError('CONFIG_INVALID', `hardware.joints[${i}].name ${JSON.stringify(dup.name)} is listed twice; expected unique joint names`, {
      file: source.file,
      ...source.locate(['hardware', 'joints', i, 'name']),
      field: `hardware.joints[${i}].name`,
      value: dup.name,
      expected: 'unique joint names',
    });
  }
  return new Set(list.map((j) => j.name));
}

/** A simulated robot's joints are its description's ros2_control joints; the scene fixes the robot. */
function simJointNames(launch: ValidatedLaunch, source: YamlSource): Set<string> {
  const hw = launch.hardware as Extract<LaunchFile['hardware'], { type: 'sim' }>;
  const robot = SIM_SCENES[hw.scene];
  if (launch.robot.name !== robot) {
    throw new KindredError('CONFIG_INVALID', `robot.name is ${JSON.stringify(launch.robot.name)} but scene ${hw.scene} holds ${robot}; expected ${robot}`, {
      file: source.file,
      ...source.locate(['robot', 'name']),
      field: 'robot.name',
      value: launch.robot.name,
      expected: robot,
    });
  }
  const model = loadUrdfFile(shippedRobots[robot]);
  return new Set(model.ros2Control.flatMap((rc) => rc.joints.map((j) => j.name)));
}

/** Read, parse and validate a launch file; any problem is a KindredError with file:line:column. */
export function loadLaunchFile(file: string): ValidatedLaunch {
  return validateLaunch(parseYaml(readText(file), file));
}

/**
 * The plain data the real-time worker needs. Mock hardware is described here; simulated hardware
 * is a plugin spec that the caller prepares (sim/SimHost) and passes in.
 */
export function toLoopConfig(launch: ValidatedLaunch, plugin?: HardwareSpec): LoopConfig {
  const hw = launch.hardware;
  if (hw.type === 'sim' && plugin === undefined) throw new KindredError('INTERNAL', 'a simulated launch needs the simulator’s hardware spec');
  return {
    rateHz: launch.loop.rateHz,
    mode: launch.loop.mode,
    stallTimeoutMs: launch.loop.stallTimeoutMs,
    spinUs: launch.loop.spinUs,
    hardware: [
      plugin ?? {
        type: 'mock',
        name: launch.robot.name,
        joints: (hw as Extract<typeof hw, { type: 'mock' }>).joints.map((j) => ({
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
