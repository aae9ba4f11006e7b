import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isKindredError, KindredError } from '../runtime/errors/index.js';
import type { HardwareSpec, LoopConfig } from '../runtime/loop/index.js';
import { validateConfig, type SourcePosition } from '../runtime/params/index.js';
import { resolveLimits, type JointLimitValues, type LimitsSpec } from '../safety/index.js';
import { loadUrdfFile, shippedRobots, type ShippedRobotName } from '../urdf/index.js';
import { loadHumanProfile } from '../sim/profiles/index.js';
import { launchSchema, SIM_SCENE_PROFILE_KIND, SIM_SCENES, type LaunchFile } from './launchSchema.js';
import { parseYaml, readText, type YamlSource } from './readYaml.js';

/** The launch file `kindred start` uses: the embedded default. */
export const DEFAULT_LAUNCH_FILE = fileURLToPath(new URL('./exo_default.launch.yaml', import.meta.url));

export type ValidatedLaunch = LaunchFile;

/** Validate launch data already parsed from `source`. */
export function validateLaunch(source: YamlSource): ValidatedLaunch {
  const parsed = validateConfig(launchSchema, source.data, { file: source.file, locate: (p) => source.locate(p) }) as ValidatedLaunch;
  const launch = withResolvedSafetyFiles(parsed, dirname(source.file), source);
  const joints = launch.hardware.type === 'sim' ? simJointNames(launch, source) : listedJointNames(launch.hardware.joints, source);
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

/** Mock hardware and a ROS 2 robot list their joints in the launch file; names must be unique. */
function listedJointNames(list: readonly { readonly name: string }[], source: YamlSource): Set<string> {
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

/**
 * Safety files are named relative to the launch file; keep absolute paths, and compose the layers now
 * so a loosening (LIMITS_LOOSENED, naming the layer, joint, field and both values) fails `kindred check`.
 */
function withResolvedSafetyFiles(launch: ValidatedLaunch, dir: string, source: YamlSource): ValidatedLaunch {
  const s = launch.safety;
  if (s === undefined) return launch;
  const resolved: ValidatedLaunch = {
    ...launch,
    safety: {
      description: { ...s.description, ...(s.description.file === undefined ? {} : { file: resolve(dir, s.description.file) }) },
      layers: s.layers.map((l) => ('file' in l ? { ...l, file: resolve(dir, l.file) } : l)),
    },
  };
  try {
    resolveLimits(safetySpec(resolved));
  } catch (e) {
    // An inline layer's error names `safety.layers[i]`: point at the launch file's line instead.
    const m = isKindredError(e) ? /^safety\.layers\[(\d+)\]$/.exec(e.context.file ?? '') : null;
    if (m === null || !isKindredError(e)) throw e;
    const path = ['safety', 'layers', Number(m[1]), 'joints', String(e.context['joint'] ?? ''), ...String(e.context.field ?? '').split('.').slice(2)];
    throw new KindredError(e.code, e.message, { ...e.context, file: source.file, ...locateDeepest(source, path) }, { cause: e });
  }
  return resolved;
}

/** The position of the deepest node along `path` that exists in the YAML. */
function locateDeepest(source: YamlSource, path: readonly (string | number)[]): SourcePosition | Record<string, never> {
  for (let n = path.length; n > 0; n--) {
    const at = source.locate(path.slice(0, n));
    if (at !== undefined) return at;
  }
  return {};
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
  const safety = launch.safety;
  if (hw.type !== 'mock' && plugin === undefined) throw new KindredError('INTERNAL', `a ${hw.type} launch needs its hardware plugin's spec`);
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
    ...(safety === undefined ? {} : { safety: safetySpec(launch) }),
  };
}

/** The SafetyGate's limit layers as the worker takes them; file names resolved at validation. */
function safetySpec(launch: ValidatedLaunch): LimitsSpec {
  const s = launch.safety!;
  const file = s.description.file ?? (launch.robot.name in shippedRobots ? shippedRobots[launch.robot.name as ShippedRobotName] : undefined);
  if (file === undefined) {
    throw new KindredError('CONFIG_INVALID', `safety.description.file is not given and ${launch.robot.name} is not a shipped robot; expected the robot description's path`, {
      field: 'safety.description.file',
      value: launch.robot.name,
      expected: `a URDF/xacro file, or robot.name one of ${Object.keys(shippedRobots).join(', ')}`,
    });
  }
  const args = s.description.args;
  return {
    base: { type: 'description', file, ...(Object.keys(args).length > 0 ? { args } : {}) },
    layers: s.layers.map((l, i) =>
      'file' in l ? { type: 'file' as const, name: l.name, file: l.file } : // zod's optional keys read `?: T | undefined`; the worker re-validates the layer with the same schema.
      { type: 'inline' as const, name: l.name, joints: l.joints as Readonly<Record<string, JointLimitValues>>, source: `safety.layers[${i}]` },
    ),
  };
}

