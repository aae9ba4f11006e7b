/**
 * The simulator as a hardware plugin (runtime/control/HardwarePlugin.ts): the real-time worker does
 * `(await import(spec.module)).createHardware(spec.name, spec.config)` and gets a SimSystem running
 * the configured scene with its people. Also run on the main thread for the loop's dry run.
 */
import { isMainThread } from 'node:worker_threads';
import { z } from 'zod';
import type { HardwareComponent } from '../runtime/control/index.js';
import { isKindredError, KindredError } from '../runtime/errors/index.js';
import { validateConfig } from '../runtime/params/index.js';
import type { RobotModel } from '../urdf/index.js';
import { createBedPatient, createExoPatient, createHomePerson } from './humans/index.js';
import type { HumanModel } from './humans/HumanModel.js';
import { compileMjcf, loadMujoco } from './mujoco/loadMujoco.js';
import type { MujocoModule } from './mujoco/types.js';
import { loadDefaultProfile, parseHumanProfile, type HumanProfile } from './profiles/index.js';
import { BED_TOP, composeScene, sceneRobot, type ComposedScene, type SceneId } from './scenes/index.js';
import { SimSystem } from './SimSystem.js';
import { compileKinematics } from '../motion/index.js';

/** Every scene Kindred ships (the same list as sim/scenes' `sceneIds`, as a tuple for the schema). */
export const SIM_SCENES = ['exo_standing', 'exo_treadmill', 'transfer_bed', 'companion_home'] as const satisfies readonly SceneId[];

const nonNegative = z.number().min(0);
const sensorRule = z.strictObject({
  match: z.string().min(1),
  noiseStd: nonNegative.optional(),
  bias: z.number().optional(),
  biasDriftStd: nonNegative.optional(),
  quantum: nonNegative.optional(),
  delaySteps: z.number().int().min(0).optional(),
  rateHz: nonNegative.optional(),
});

/** The plugin's configuration, validated once in `createHardware` (unknown keys rejected). */
export const simHardwareConfigSchema = z.strictObject({
  scene: z.enum(SIM_SCENES),
  /** Seeds every random draw: same seed → same run, bit for bit. */
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** The control loop's rate (must equal the loop's `rateHz`). */
  rateHz: z.number().min(10).max(2000),
  /** If given, must equal the scene's physics rate (a guard against a stale launch file). */
  physicsHz: z.number().positive().optional(),
  sensors: z.strictObject({ ideal: z.boolean().optional(), rules: z.array(sensorRule).optional() }).optional(),
  /** Drive watchdog: commands older than this (simulation time) → safe torque off and brake. */
  watchdogTimeoutMs: z.number().gt(0).max(10_000).default(50),
  drive: z
    .strictObject({
      positionBandwidthHz: z.number().gt(0).max(200).optional(),
      velocityBandwidthHz: z.number().gt(0).max(400).optional(),
      brakeTorqueFactor: z.number().min(0).max(10).optional(),
    })
    .optional(),
  /** Per joint, the command interface its drive follows at start (default: the first listed). */
  commandModes: z.record(z.string(), z.enum(['position', 'velocity', 'effort'])).optional(),
  /** Put the scene's person in (default) or leave the scene empty of people. */
  withPeople: z.boolean().default(true),
  /** Human profiles as plain data (the YAML's content); default: the shipped default profile for the scene. */
  profiles: z.array(z.unknown()).max(1).optional(),
  frameBuffer: z.instanceof(SharedArrayBuffer).optional(),
  frameRateHz: z.number().gt(0).max(1000).optional(),
  /**
   * Tier MuJoCo's WebAssembly up before the first cycle (default), so a real-time loop does not start
   * with overruns. A lock-step run (the scenario runner) has no deadlines and skips it.
   */
  warmUp: z.boolean().default(true),
});

/** What `createHardware` accepts (input side: defaults may be left out). Structured-cloneable. */
export type SimHardwareConfig = z.input<typeof simHardwareConfigSchema>;
type ValidConfig = z.output<typeof simHardwareConfigSchema>;

/** Which profile kind and shipped default each scene's person uses. */
const PEOPLE: Record<SceneId, { kind: HumanProfile['kind']; fallback: 'exo_patient_default' | 'bed_patient_default' | 'person_default' }> = {
  exo_standing: { kind: 'patient_profile', fallback: 'exo_patient_default' },
  exo_treadmill: { kind: 'patient_profile', fallback: 'exo_patient_default' },
  transfer_bed: { kind: 'bed_patient_profile', fallback: 'bed_patient_default' },
  companion_home: { kind: 'person_profile', fallback: 'person_default' },
};

/** Check a plugin configuration; throws SIM_CONFIG_INVALID naming the field, value and what was expected. */
export function validateSimHardwareConfig(config: unknown): ValidConfig {
  let valid: ValidConfig;
  try {
    valid = validateConfig(simHardwareConfigSchema, config) as ValidConfig;
  } catch (e) {
    if (!isKindredError(e)) throw e;
    throw new KindredError('SIM_CONFIG_INVALID', `simulator hardware config: ${e.message}`, e.context, { cause: e });
  }
  const minTimeoutMs = 2000 / valid.rateHz;
  if (valid.watchdogTimeoutMs < minTimeoutMs) {
    throw new KindredError(
      'SIM_CONFIG_INVALID',
      `simulator hardware config: watchdogTimeoutMs is ${valid.watchdogTimeoutMs}; at ${valid.rateHz} Hz the drives would trip between two writes; expected at least two loop periods (${minTimeoutMs} ms)`,
      { field: 'watchdogTimeoutMs', value: valid.watchdogTimeoutMs, expected: `≥ ${minTimeoutMs}` },
    );
  }
  return valid;
}

/**
 * The scene a configuration describes, with its person built from the given or default profile.
 * Shared by the plugin (worker), `prepareSim` (main thread) and the benchmark. The robot is the
 * scene's shipped robot as `sceneRobot` expands it: an exoskeleton worn by the patient carries only
 * its own masses, one without a patient the wearer's. The person is built on the same model, so the
 * patient's joints sit on the exoskeleton's.
 */
export function composeSimScene(config: {
  readonly scene: SceneId;
  readonly withPeople?: boolean | undefined;
  readonly profiles?: readonly unknown[] | undefined;
}): ComposedScene {
  const humans: HumanModel[] = [];
  const withPeople = config.withPeople !== false;
  const robot = sceneRobot(config.scene, { withPeople });
  if (withPeople) {
    const want = PEOPLE[config.scene];
    const given = config.profiles?.[0];
    const profile = given === undefined ? loadDefaultProfile(want.fallback) : parseHumanProfile(given, 'profiles[0]');
    if (profile.kind !== want.kind) {
      throw new KindredError('SIM_CONFIG_INVALID', `simulator hardware config: profiles[0] is a ${profile.kind}; scene ${config.scene} takes a ${want.kind}`, {
        field: 'profiles[0].kind',
        value: profile.kind,
        expected: want.kind,
      });
    }
    humans.push(createPerson(profile, robot));
  }
  return composeScene(config.scene, humans, { robot });
}

function createPerson(profile: HumanProfile, robot: RobotModel): HumanModel {
  switch (profile.kind) {
    case 'patient_profile':
      return createExoPatient(profile, robot);
    case 'bed_patient_profile':
      return createBedPatient(profile, BED_TOP);
    case 'person_profile':
      // "Face visible" is judged from the companion robot's camera.
      return createHomePerson(profile, { observer: { site: 'camera_link' } });
  }
}

/** The plugin entry point: validate, compose the scene, load MuJoCo, build the SimSystem. */
export async function createHardware(name: string, config: unknown): Promise<HardwareComponent> {
  const c = validateSimHardwareConfig(config);
  const scene = composeSimScene(c);
  if (c.physicsHz !== undefined && c.physicsHz !== scene.physicsHz) {
    throw new KindredError('SIM_CONFIG_INVALID', `simulator hardware config: physicsHz is ${c.physicsHz}; scene ${c.scene} runs physics at ${scene.physicsHz} Hz`, {
      field: 'physicsHz',
      value: c.physicsHz,
      expected: String(scene.physicsHz),
    });
  }
  const mujoco = await loadMujoco();
  // In the real-time worker, let V8 tier MuJoCo's WebAssembly up from its baseline compiler before
  // the first cycle, so the loop does not start with a second of overruns (not for the dry run).
  if (!isMainThread && c.warmUp) warmUpPhysics(mujoco, scene.xml, WARM_UP_STEPS);
  const driveInertia = c.withPeople && scene.humans.some((h) => h.kind === 'exo_patient') ? wornExoDriveInertia(c.scene) : undefined;
  return new SimSystem(name, mujoco, scene, {
    ...(driveInertia === undefined ? {} : { driveInertia }),
    seed: c.seed,
    rateHz: c.rateHz,
    drive: { ...c.drive, watchdogTimeoutS: c.watchdogTimeoutMs / 1000 },
    ...(c.sensors !== undefined ? { sensors: c.sensors } : {}),
    ...(c.commandModes !== undefined ? { commandModes: c.commandModes } : {}),
    ...(c.frameBuffer !== undefined ? { frameBuffer: c.frameBuffer } : {}),
    ...(c.frameRateHz !== undefined ? { frameRateHz: c.frameRateHz } : {}),
  });
}

/** Steps of a scratch copy of the scene run before the loop starts (about 0.1–0.5 s of wall time). */
const WARM_UP_STEPS = 3000;

function warmUpPhysics(mujoco: MujocoModule, xml: string, steps: number): void {
  const model = compileMjcf(mujoco, xml, 'warm-up');
  const data = new mujoco.MjData(model);
  try {
    for (let k = 0; k < steps; k++) mujoco.mj_step(model, data);
  } finally {
    data.delete();
    model.delete();
  }
}

/**
 * What a worn exoskeleton's drives move: the device plus the wearer's limb (the description's wearer
 * variant, whose links carry the leg segments), as the joint-space inertia at the zero pose.
 */
function wornExoDriveInertia(scene: SceneId): Record<string, number> {
  const wearer = sceneRobot(scene, { withPeople: false });
  const tree = compileKinematics(wearer);
  const m = tree.massMatrix(new Float64Array(tree.dofCount), new Float64Array(tree.dofCount * tree.dofCount));
  return Object.fromEntries(tree.jointNames.map((n, k) => [n, m[k * tree.dofCount + k]!]));
}
