import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLaunchFile, parseYaml, readText, SIM_SCENES, type ValidatedLaunch, type YamlSource } from '../../launch/index.js';
import { KindredError } from '../../runtime/errors/index.js';
import { validateConfig } from '../../runtime/params/index.js';
import type { SceneId } from '../../sim/scenes/index.js';
import { FAULT_TYPES, type FaultTypeName } from './faultTypes.js';
import { scenarioSchema, type Scenario } from './scenarioSchema.js';

/** The shipped launch file each scene's scenarios run against unless they name their own. */
export const SCENE_LAUNCH_FILES: Readonly<Record<SceneId, string>> = {
  exo_standing: fileURLToPath(new URL('../../launch/exo_default.launch.yaml', import.meta.url)),
  exo_treadmill: fileURLToPath(new URL('../../launch/exo_default.launch.yaml', import.meta.url)),
  transfer_bed: fileURLToPath(new URL('../../launch/transfer_bed.launch.yaml', import.meta.url)),
  companion_home: fileURLToPath(new URL('../../launch/companion_home.launch.yaml', import.meta.url)),
};

/** A validated scenario with its file, its launch file loaded and its paths made absolute. */
export interface LoadedScenario {
  readonly file: string;
  readonly scenario: Scenario;
  readonly launch: ValidatedLaunch;
  readonly launchFile: string;
  /** Absolute profile path, when the scenario names one. */
  readonly profile?: string;
}

function invalid(source: YamlSource, path: (string | number)[], message: string, value: unknown, expected: string): KindredError {
  return new KindredError('SCENARIO_FILE_INVALID', `${source.file}: ${path.join('.')}: ${message}`, {
    file: source.file,
    ...source.locate(path),
    field: path.join('.'),
    value,
    expected,
  });
}

/**
 * Validate a parsed scenario: the schema (CONFIG_* codes with file:line:column), then what the schema
 * cannot see — fault ids unique, every expectation naming a fault that exists, magnitudes where a
 * fault type needs one and none where it takes none, the launch and profile files readable, the
 * activity's joints commanded by the launch file's controllers (SCENARIO_FILE_INVALID).
 */
export function validateScenario(source: YamlSource): LoadedScenario {
  const scenario = validateConfig(scenarioSchema, source.data, { file: source.file, locate: (p) => source.locate(p) }) as Scenario;
  const dir = dirname(source.file);
  const ids = new Set<string>();
  scenario.faults.forEach((f, i) => {
    if (ids.has(f.id)) throw invalid(source, ['faults', i, 'id'], `fault id ${f.id} is used twice`, f.id, 'a fault id unique in the scenario');
    ids.add(f.id);
    const type = FAULT_TYPES[f.type as FaultTypeName];
    if (type.magnitude === 'required' && f.magnitude === undefined) {
      throw invalid(source, ['faults', i], `a ${f.type} fault needs a magnitude (${type.unit})`, undefined, `magnitude in ${type.unit}`);
    }
    if (type.magnitude === 'none' && f.magnitude !== undefined) {
      throw invalid(source, ['faults', i, 'magnitude'], `a ${f.type} fault takes no magnitude`, f.magnitude, 'no magnitude');
    }
    if (type.inject.hook === 'timing' && f.target !== 'loop') throw invalid(source, ['faults', i, 'target'], `a ${f.type} fault targets the loop`, f.target, 'loop');
  });
  if (scenario.faults.some((f) => f.type === 'compute.crash') && scenario.faults.length > 1) {
    throw invalid(source, ['faults'], 'a compute.crash scenario kills a real Kindred process; it takes that one fault only', scenario.faults.length, 'one fault of type compute.crash');
  }
  if (scenario.faults.some((f) => f.type === 'compute.crash')) {
    // The crash run judges the log, the restart and the orderly stop itself; of the file's own
    // expectations only those judged on the safety log can apply (there are no traces of a killed process).
    const k = scenario.expect.findIndex((e) => e.type !== 'no_faults');
    if (k >= 0) throw invalid(source, ['expect', k, 'type'], `a compute.crash scenario is judged on its safety log; ${scenario.expect[k]!.type} needs traces`, scenario.expect[k]!.type, 'no_faults');
  }
  scenario.operator.forEach((o, i) => {
    if (o.id === undefined) return;
    if (ids.has(o.id)) throw invalid(source, ['operator', i, 'id'], `id ${o.id} is already used by a fault or another action`, o.id, 'an id unique in the scenario');
    ids.add(o.id);
  });
  scenario.expect.forEach((e, i) => {
    const ref = 'after' in e ? e.after : 'fault' in e ? e.fault : undefined;
    if (ref !== undefined && !ids.has(ref)) {
      throw invalid(source, ['expect', i, 'after' in e ? 'after' : 'fault'], `names ${ref}, which is neither a fault nor an operator action of the scenario`, ref, [...ids].join(' | ') || 'a fault id (the scenario has none)');
    }
  });
  const launchFile = scenario.launch === undefined ? SCENE_LAUNCH_FILES[scenario.scene] : resolve(dir, scenario.launch);
  const launch = loadLaunchFile(launchFile);
  if (launch.hardware.type !== 'sim' || SIM_SCENES[launch.hardware.scene] !== SIM_SCENES[scenario.scene]) {
    throw invalid(source, ['launch'], `launch file ${launchFile} does not simulate the robot of scene ${scenario.scene} (${SIM_SCENES[scenario.scene]})`, scenario.launch, `a launch file with hardware.type sim and robot ${SIM_SCENES[scenario.scene]}`);
  }
  const commanded = new Map<string, string>();
  for (const c of launch.controllers) for (const j of c.joints) commanded.set(j, c.interface ?? 'position');
  scenario.activity.forEach((a, i) => {
    if (a.type === 'hold') return;
    a.joints.forEach((j, k) => {
      const iface = commanded.get(j);
      const wanted = a.type === 'velocity' ? 'velocity' : 'position';
      if (iface !== wanted) {
        throw invalid(source, ['activity', i, 'joints', k], `joint ${j} is not commanded in ${wanted} by the launch file's controllers`, j, `a joint with a ${wanted} controller: ${[...commanded].filter(([, v]) => v === wanted).map(([k2]) => k2).join(', ')}`);
      }
    });
    if (a.type === 'trajectory') {
      a.waypoints.forEach((w, k) => {
        if (w.positions.length !== a.joints.length) {
          throw invalid(source, ['activity', i, 'waypoints', k, 'positions'], `has ${w.positions.length} positions for ${a.joints.length} joints`, w.positions, `${a.joints.length} positions`);
        }
        if (k > 0 && !(w.timeS > a.waypoints[k - 1]!.timeS)) throw invalid(source, ['activity', i, 'waypoints', k, 'timeS'], 'waypoint times must increase', w.timeS, `> ${a.waypoints[k - 1]!.timeS}`);
      });
    }
  });
  let profile: string | undefined;
  if (scenario.profile !== undefined) {
    profile = resolve(dir, scenario.profile);
    if (!existsSync(profile)) throw invalid(source, ['profile'], `profile ${profile} does not exist`, scenario.profile, 'a profile file relative to the scenario');
  }
  return { file: source.file, scenario, launch, launchFile, ...(profile === undefined ? {} : { profile }) };
}

/** Read and validate a scenario file. */
export function loadScenario(file: string): LoadedScenario {
  return validateScenario(parseYaml(readText(file), resolve(file)));
}
