/**
 * The main thread's side of the simulator: prepares the hardware plugin spec the loop worker loads
 * (with the viewer's shared frame buffer in its config) and turns that frame buffer into the
 * viewer's `SimViewSource`.
 */
import type { PluginHardwareSpec } from '../runtime/control/index.js';
import { resolveForceAnchor } from './frame/forceAnchor.js';
import { createSimFrameBuffer, SimFrameReader, type SimFrameSnapshot } from './frame/SimFrameBuffer.js';
import { compileMjcf, loadMujoco } from './mujoco/loadMujoco.js';
import { composeSimScene, validateSimHardwareConfig, type SimHardwareConfig } from './plugin.js';
import type { SceneId } from './scenes/types.js';
import { describeScene } from './viewer/describeScene.js';
import type { SimViewSource, ViewControl, ViewFrame, ViewJoint, ViewScene } from './viewer/SimViewSource.js';

/** What to simulate; everything but the frame buffer, which `prepareSim` allocates. */
export interface PrepareSimOptions {
  readonly scene: SceneId;
  readonly seed: number;
  /** The control loop's rate. */
  readonly rateHz: number;
  /** Human profile as plain data (the YAML's content); default: the scene's shipped default person. */
  readonly profiles?: readonly unknown[];
  readonly withPeople?: boolean;
  readonly sensors?: SimHardwareConfig['sensors'];
  readonly watchdogTimeoutMs?: number;
  readonly drive?: SimHardwareConfig['drive'];
  readonly commandModes?: SimHardwareConfig['commandModes'];
  /** Hardware component name (default `sim`). */
  readonly name?: string;
  /** Viewer frames per second of simulation time (default 60). */
  readonly frameRateHz?: number;
}

/** What the main thread knows about the scene without running it. */
export interface SimSceneSummary {
  readonly id: SceneId;
  readonly title: { readonly en: string; readonly zh: string };
  readonly physicsHz: number;
  /** For the viewer: bodies, geoms, joints (with sliders where the joint takes position commands), force channels. */
  readonly view: ViewScene;
  /** The people's prefixes (`patient`, `person`). */
  readonly people: readonly string[];
}

export interface PreparedSim {
  /** Give to the loop's hardware list: the worker imports `spec.module` and calls `createHardware`. */
  readonly spec: PluginHardwareSpec;
  readonly frameBuffer: SharedArrayBuffer;
  readonly summary: SimSceneSummary;
}

/** `sim/plugin` as a URL the worker can import: the .ts source under tsx in development, the .js in dist. */
export function simPluginModuleUrl(): string {
  const self = new URL(import.meta.url);
  return new URL(self.pathname.endsWith('.ts') ? './plugin.ts' : './plugin.js', self).href;
}

/** Shown for a joint without limits, so the slider has a range (and the scene stays JSON). */
const OPEN_HINGE_RAD = Math.PI;

/**
 * Validate the options (throws SIM_CONFIG_INVALID and the people's and scenes' own codes, with
 * nothing started), compose and compile the scene once on this thread to describe it for the viewer,
 * and allocate the frame buffer the worker's SimSystem will fill.
 */
export async function prepareSim(options: PrepareSimOptions): Promise<PreparedSim> {
  const base: SimHardwareConfig = {
    scene: options.scene,
    seed: options.seed,
    rateHz: options.rateHz,
    ...(options.profiles !== undefined ? { profiles: [...options.profiles] } : {}),
    ...(options.withPeople !== undefined ? { withPeople: options.withPeople } : {}),
    ...(options.sensors !== undefined ? { sensors: options.sensors } : {}),
    ...(options.watchdogTimeoutMs !== undefined ? { watchdogTimeoutMs: options.watchdogTimeoutMs } : {}),
    ...(options.drive !== undefined ? { drive: options.drive } : {}),
    ...(options.commandModes !== undefined ? { commandModes: options.commandModes } : {}),
    ...(options.frameRateHz !== undefined ? { frameRateHz: options.frameRateHz } : {}),
  };
  const valid = validateSimHardwareConfig(base);
  const scene = composeSimScene(valid);
  const mujoco = await loadMujoco();
  const model = compileMjcf(mujoco, scene.xml, `scene ${scene.id}`);
  let view: ViewScene;
  try {
    const joints: ViewJoint[] = scene.joints.map((j) => {
      const limited = Number.isFinite(j.lower) && Number.isFinite(j.upper) && j.lower < j.upper;
      return {
        name: j.name,
        lower: limited ? j.lower : -OPEN_HINGE_RAD,
        upper: limited ? j.upper : OPEN_HINGE_RAD,
        ...(j.commandInterfaces.includes('position') ? { command: `${j.name}/position` } : {}),
      };
    });
    const forces = scene.forceArrows.map((a) => ({ name: a.name, body: resolveForceAnchor(mujoco, model, a, scene.id).body, limitN: a.limitN }));
    view = describeScene(mujoco, model, { name: `${scene.title.zh} / ${scene.title.en}`, joints, forces });
  } finally {
    model.delete();
  }
  const frameBuffer = createSimFrameBuffer({ nbody: view.bodies.length, njoint: scene.joints.length, nforce: scene.forceArrows.length });
  return {
    spec: { type: 'plugin', name: options.name ?? 'sim', module: simPluginModuleUrl(), config: { ...base, frameBuffer } },
    frameBuffer,
    summary: { id: scene.id, title: scene.title, physicsHz: scene.physicsHz, view, people: scene.humans.map((h) => h.prefix) },
  };
}

export interface ViewSourceOptions {
  /** The safety supervisor's state for the overlay (issue #5); default `normal`. */
  readonly safety?: () => string;
}

/**
 * The viewer's source for a simulation running in the real-time worker: frames are copied out of
 * the shared frame buffer; controls become SimSystem commands sent through `control` (the lead wires
 * it to `loopHost.hardwareCommand(name, payload)`), whose KindredErrors reject the returned promise.
 */
export function createViewSource(
  frameBuffer: SharedArrayBuffer,
  summary: SimSceneSummary,
  control: (payload: { readonly op: string } & Readonly<Record<string, unknown>>) => Promise<unknown>,
  options: ViewSourceOptions = {},
): SimViewSource {
  const reader = new SimFrameReader(frameBuffer);
  const snapshot: SimFrameSnapshot = reader.createSnapshot();
  let last: ViewFrame | undefined;
  return {
    scene: () => summary.view,
    frame: () => {
      if (!reader.read(snapshot) && last !== undefined) return last;
      last = {
        timeS: snapshot.timeS,
        xpos: Array.from(snapshot.xpos),
        xquat: Array.from(snapshot.xquat),
        joints: Array.from(snapshot.joints),
        forces: Array.from(snapshot.forces),
        safety: options.safety?.() ?? 'normal',
        running: snapshot.running,
        timeScale: snapshot.timeScale,
      };
      return last;
    },
    control: async (c: ViewControl) => {
      await control(c);
    },
  };
}
