import { readFileSync } from 'node:fs';
import type { MjModel } from 'mujoco-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadUrdfFile, shippedRobots, type RobotModel } from '../../urdf/index.js';
import { robotLegChain, SIDES } from '../humans/index.js';
import { compileMjcf, loadMujoco } from '../mujoco/loadMujoco.js';
import type { MujocoModule } from '../mujoco/types.js';
import { RNG_STREAM, SeededRng } from '../rng.js';
import { composeScene } from './composeScene.js';
import { sceneRobot, sceneRobotArgs } from './sceneRobot.js';
import type { ComposedScene, SceneId } from './types.js';

let mujoco: MujocoModule;
beforeAll(async () => {
  mujoco = await loadMujoco();
});

const EXO_SCENES: readonly SceneId[] = ['exo_standing', 'exo_treadmill'];
const massKg = (m: RobotModel): number => m.links.reduce((s, l) => s + (l.inertial?.massKg ?? 0), 0);
/** The device set's total, as kindred_exo.urdf.xacro's header documents it. */
const DOCUMENTED_DEVICE_KG = Number(/([\d.]+) kg in all \(device\)/.exec(readFileSync(shippedRobots.kindred_exo, 'utf8'))?.[1]);

/** Composes the scene with its default patient through the plugin's own path (as the worker does). */
async function withPatient(id: SceneId): Promise<ComposedScene> {
  const { composeSimScene } = await import('../plugin.js');
  return composeSimScene({ scene: id, withPeople: true });
}

/** Total mass of the compiled model's bodies named in `names`. */
function massOf(model: MjModel, names: readonly string[]): number {
  const mass = model.body_mass as Float64Array;
  return names.reduce((s, n) => {
    const b = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_BODY.value, n);
    expect(b, n).toBeGreaterThan(0);
    return s + (mass[b] ?? NaN);
  }, 0);
}

describe('which inertia set the exoskeleton scenes use', () => {
  it.each(EXO_SCENES)('%s: the device set with a patient, the wearer set without', (id) => {
    expect(sceneRobotArgs(id, { withPeople: true })).toEqual({ inertia: 'device' });
    expect(sceneRobotArgs(id, { withPeople: false })).toEqual({ inertia: 'wearer' });
    expect(massKg(sceneRobot(id, { withPeople: true }))).toBeCloseTo(DOCUMENTED_DEVICE_KG, 9);
    expect(massKg(sceneRobot(id, { withPeople: false }))).toBeCloseTo(massKg(loadUrdfFile(shippedRobots.kindred_exo)), 9);
  });

  it('gives the other robots no args', () => {
    expect(sceneRobotArgs('transfer_bed', { withPeople: true })).toEqual({});
    expect(sceneRobotArgs('companion_home', { withPeople: false })).toEqual({});
  });
});

describe.each(EXO_SCENES)('%s with its patient', (id) => {
  it('counts the legs once: MuJoCo total = the same scene without people + the patient model’s masses, and the exoskeleton weighs the documented device mass', async () => {
    expect(DOCUMENTED_DEVICE_KG).toBeGreaterThan(0);
    const scene = await withPatient(id);
    const empty = composeScene(id, [], { robot: scene.robot });
    const declared = scene.humans
      .flatMap((h) => Object.values(h.mjcf()))
      .flatMap((section) => [...section.matchAll(/<inertial\b[^>]*\bmass="([^"]+)"/g)].map((m) => Number(m[1])));
    expect(declared.length).toBeGreaterThanOrEqual(7); // pelvis, and thigh, shank and foot per side
    const patientKg = declared.reduce((s, m) => s + m, 0);

    const model = compileMjcf(mujoco, scene.xml, id);
    const emptyModel = compileMjcf(mujoco, empty.xml, `${id} without people`);
    try {
      const robotLinks = scene.robot.links.map((l) => l.name);
      // The exoskeleton in MuJoCo is the device alone ...
      expect(massOf(model, robotLinks)).toBeCloseTo(DOCUMENTED_DEVICE_KG, 9);
      // ... and the scene holds exactly environment + device + patient: nothing counted twice.
      expect(mujoco.mj_getTotalmass(model)).toBeCloseTo(mujoco.mj_getTotalmass(emptyModel) + patientKg, 9);
      const environmentKg = mujoco.mj_getTotalmass(emptyModel) - massOf(emptyModel, robotLinks);
      expect(mujoco.mj_getTotalmass(model)).toBeCloseTo(environmentKg + DOCUMENTED_DEVICE_KG + patientKg, 9);
      // The patient's legs weigh what the wearer set would have added again: their masses are the wearer set's.
      const wearer = loadUrdfFile(shippedRobots.kindred_exo);
      for (const side of SIDES) {
        for (const seg of ['thigh', 'shank', 'foot']) {
          const wearerKg = wearer.links.find((l) => l.name === `${seg}_${side}`)?.inertial?.massKg ?? NaN;
          expect(massOf(model, [`patient_${seg}_${side}`]), `${seg}_${side}`).toBeCloseTo(wearerKg, 9);
        }
      }
    } finally {
      model.delete();
      emptyModel.delete();
    }
  });

  it('puts the patient’s joints on the exoskeleton’s (same leg geometry from the device set) and stays there under gravity', async () => {
    const scene = await withPatient(id);
    for (const side of SIDES) expect(robotLegChain(scene.robot, side)).toEqual(robotLegChain(loadUrdfFile(shippedRobots.kindred_exo), side));
    const model = compileMjcf(mujoco, scene.xml, id);
    const rng = new SeededRng(3, RNG_STREAM.humans);
    for (const h of scene.humans) h.bind(mujoco, model, () => rng.uniform());
    const data = new mujoco.MjData(model);
    const body = (n: string): number => mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_BODY.value, n);
    const gap = (a: string, b: string): number => {
      const x = data.xpos as Float64Array;
      const [i, j] = [body(a), body(b)];
      return Math.hypot(x[3 * i]! - x[3 * j]!, x[3 * i + 1]! - x[3 * j + 1]!, x[3 * i + 2]! - x[3 * j + 2]!);
    };
    try {
      mujoco.mj_forward(model, data);
      for (const side of SIDES) for (const seg of ['thigh', 'shank', 'foot']) expect(gap(`patient_${seg}_${side}`, `${seg}_${side}`), `${seg}_${side}`).toBeLessThan(1e-6);
      // Half a second, motors off: both legs hang, the cuffs keep patient and exoskeleton together.
      for (let k = 0; k < 500; k++) {
        for (const h of scene.humans) h.beforeStep(data, data.time);
        mujoco.mj_step(model, data);
        for (const h of scene.humans) h.afterStep(data, data.time);
      }
      expect((data.qpos as Float64Array).every(Number.isFinite)).toBe(true);
      for (const side of SIDES) for (const seg of ['thigh', 'shank', 'foot']) expect(gap(`patient_${seg}_${side}`, `${seg}_${side}`), `${seg}_${side}`).toBeLessThan(0.01);
    } finally {
      data.delete();
      model.delete();
    }
  });
});

describe('the exoskeleton scenes without people', () => {
  it.each(EXO_SCENES)('%s: the exoskeleton carries the wearer’s segment masses, so alone it still swings like a leg', (id) => {
    const scene = composeScene(id, []);
    const wearer = loadUrdfFile(shippedRobots.kindred_exo);
    expect(scene.robot.links.map((l) => l.inertial)).toEqual(wearer.links.map((l) => l.inertial));
    const model = compileMjcf(mujoco, scene.xml, id);
    try {
      expect(massOf(model, scene.robot.links.map((l) => l.name))).toBeCloseTo(massKg(wearer), 9);
    } finally {
      model.delete();
    }
  });
});
