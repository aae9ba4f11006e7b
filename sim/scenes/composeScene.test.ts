import type { MjModel } from 'mujoco-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadUrdfFile, shippedRobots } from '../../urdf/index.js';
import type { HumanModel } from '../humans/HumanModel.js';
import { compileMjcf, loadMujoco } from '../mujoco/loadMujoco.js';
import type { MujocoModule } from '../mujoco/types.js';
import { composeScene, exoPelvisHeight } from './composeScene.js';
import { BED_TOP } from './environment/hospitalRoom.js';
import { LIVING_ROOM } from './environment/livingRoom.js';
import { TREADMILL } from './environment/exoGym.js';
import { describeScene, sceneIds } from './sceneCatalog.js';
import { blockPerson } from './testing/blockPerson.js';
import type { ComposedScene, SceneId } from './types.js';

let mujoco: MujocoModule;
const composed = new Map<SceneId, ComposedScene>();
beforeAll(async () => {
  mujoco = await loadMujoco();
});

type Kind = 'body' | 'joint' | 'actuator' | 'sensor' | 'site' | 'geom';
function id(model: MjModel, kind: Kind, name: string): number {
  const t = mujoco.mjtObj;
  const obj = { body: t.mjOBJ_BODY, joint: t.mjOBJ_JOINT, actuator: t.mjOBJ_ACTUATOR, sensor: t.mjOBJ_SENSOR, site: t.mjOBJ_SITE, geom: t.mjOBJ_GEOM }[kind];
  return mujoco.mj_name2id(model, obj.value, name);
}

/** Top of a box geom (world z) after mj_forward, for an axis-aligned box. */
function boxTop(model: MjModel, xpos: Float64Array, geom: number): number {
  return (xpos[3 * geom + 2] ?? NaN) + ((model.geom_size as Float64Array)[3 * geom + 2] ?? NaN);
}

describe.each(sceneIds)('scene %s', (sceneId: SceneId) => {
  it('composes with no people, compiles with real MuJoCo and runs 1000 steps with finite state', () => {
    const scene = composeScene(sceneId, []);
    composed.set(sceneId, scene);
    const model = compileMjcf(mujoco, scene.xml, sceneId);
    const data = new mujoco.MjData(model);
    expect(model.opt.timestep).toBe(1 / scene.physicsHz);
    expect(model.opt.integrator).toBe(mujoco.mjtIntegrator.mjINT_IMPLICITFAST.value);
    expect(Number(model.narena)).toBeLessThanOrEqual(4 * 1024 * 1024); // not mujoco-js's 13.6 MB default
    for (let k = 0; k < 1000; k++) mujoco.mj_step(model, data);
    expect((data.qpos as Float64Array).every(Number.isFinite)).toBe(true);
    expect((data.qvel as Float64Array).every(Number.isFinite)).toBe(true);
    expect((data.sensordata as Float64Array).every(Number.isFinite)).toBe(true);
    expect(data.time).toBeCloseTo(1, 9);
    data.delete();
    model.delete();
  });

  it('names, in its tables, only joints, actuators, sites, sensors and bodies the model has', () => {
    const scene = composed.get(sceneId) ?? composeScene(sceneId, []);
    const model = compileMjcf(mujoco, scene.xml, sceneId);
    const trn = model.actuator_trnid as Int32Array;
    for (const j of scene.joints) {
      expect(id(model, 'joint', j.name), j.name).toBeGreaterThanOrEqual(0);
      const a = id(model, 'actuator', j.actuator);
      expect(a, j.actuator).toBeGreaterThanOrEqual(0);
      expect(trn[2 * a]).toBe(id(model, 'joint', j.name));
    }
    for (const s of scene.sensors) {
      expect(id(model, 'site', s.site), s.site).toBeGreaterThanOrEqual(0);
      for (const m of s.mjSensors) expect(id(model, 'sensor', m), m).toBeGreaterThanOrEqual(0);
    }
    for (const a of scene.forceArrows) expect(id(model, 'body', a.body), a.body).toBeGreaterThanOrEqual(0);
    expect(scene.title.en.length).toBeGreaterThan(5);
    expect(scene.title.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(scene.title).toEqual(describeScene(sceneId).title);
    model.delete();
  });
});

describe('exoskeleton scenes', () => {
  it.each<[SceneId, number]>([
    ['exo_standing', 0],
    ['exo_treadmill', TREADMILL.beltTopZ],
  ])('%s: the pelvis is fixed and the soles hang 5 mm above the ground (z = %s)', (sceneId, groundZ) => {
    const scene = composeScene(sceneId, []);
    const model = compileMjcf(mujoco, scene.xml, sceneId);
    const data = new mujoco.MjData(model);
    mujoco.mj_forward(model, data);
    const pelvis = id(model, 'body', 'pelvis');
    expect((model.body_weldid as Int32Array)[pelvis]).toBe(0); // welded to the world
    const xpos = data.geom_xpos as Float64Array;
    const size = model.geom_size as Float64Array;
    for (const foot of ['foot_left_geom0', 'foot_right_geom0']) {
      const g = id(model, 'geom', foot);
      expect((xpos[3 * g + 2] ?? NaN) - (size[3 * g + 2] ?? NaN)).toBeCloseTo(groundZ + 0.005, 9);
    }
    data.delete();
    model.delete();
  });

  it('arrows for the cuffs carry the ISO/TS 15066 quasi-static limits (thigh 220 N, lower leg 130 N)', () => {
    const arrows = composeScene('exo_standing', []).forceArrows;
    expect(arrows).toEqual([
      { name: 'thigh_cuff_left_ft', body: 'thigh_cuff_left', limitN: 220 },
      { name: 'shank_cuff_left_ft', body: 'shank_cuff_left', limitN: 130 },
      { name: 'thigh_cuff_right_ft', body: 'thigh_cuff_right', limitN: 220 },
      { name: 'shank_cuff_right_ft', body: 'shank_cuff_right', limitN: 130 },
    ]);
  });

  it('a shorter patient’s exoskeleton is mounted lower, soles still just above the floor', () => {
    const short = loadUrdfFile(shippedRobots.kindred_exo, { args: { stature_m: '1.55' } });
    const tall = loadUrdfFile(shippedRobots.kindred_exo);
    // Leg length scales with stature: (0.245 + 0.246 + 0.039) × 0.20 m = 0.106 m shorter.
    expect(exoPelvisHeight(tall, 0) - exoPelvisHeight(short, 0)).toBeCloseTo(0.53 * 0.2, 9);
    const scene = composeScene('exo_standing', [], { robot: short });
    const model = compileMjcf(mujoco, scene.xml, 'exo_standing short');
    const data = new mujoco.MjData(model);
    mujoco.mj_forward(model, data);
    const g = id(model, 'geom', 'foot_left_geom0');
    expect(((data.geom_xpos as Float64Array)[3 * g + 2] ?? NaN) - ((model.geom_size as Float64Array)[3 * g + 2] ?? NaN)).toBeCloseTo(0.005, 9);
    data.delete();
    model.delete();
  });

  it('the treadmill belt runs at the speed its servo is set to', () => {
    const scene = composeScene('exo_treadmill', []);
    const model = compileMjcf(mujoco, scene.xml, 'exo_treadmill');
    const data = new mujoco.MjData(model);
    const belt = id(model, 'joint', TREADMILL.beltJoint);
    const dof = (model.jnt_dofadr as Int32Array)[belt] ?? -1;
    (data.ctrl as Float64Array)[id(model, 'actuator', TREADMILL.beltActuator)] = -1.2;
    for (let k = 0; k < 500; k++) mujoco.mj_step(model, data);
    // The passive feet droop onto the belt (toes down) and drag it slightly.
    expect((data.qvel as Float64Array)[dof]).toBeCloseTo(-1.2, 1);
    expect(Math.abs(((data.qvel as Float64Array)[dof] ?? NaN) + 1.2)).toBeLessThan(0.012);
    data.delete();
    model.delete();
  });
});

describe('transfer_bed', () => {
  it('exports BED_TOP where the mattress really is, and a body placed there comes to rest on it', () => {
    const patient = blockPerson('bed_patient', 'tester', [BED_TOP.x, BED_TOP.y, BED_TOP.z + 0.15], [0.5, 0.2, 0.1]);
    const scene = composeScene('transfer_bed', [patient]);
    const model = compileMjcf(mujoco, scene.xml, 'transfer_bed');
    const data = new mujoco.MjData(model);
    mujoco.mj_forward(model, data);
    const mattress = id(model, 'geom', 'bed_mattress');
    const size = model.geom_size as Float64Array;
    expect(boxTop(model, data.geom_xpos as Float64Array, mattress)).toBeCloseTo(BED_TOP.z, 9);
    expect([2 * (size[3 * mattress] ?? 0), 2 * (size[3 * mattress + 1] ?? 0)]).toEqual([BED_TOP.length, BED_TOP.width].map((v) => expect.closeTo(v, 9)));
    patient.bind(mujoco, model, () => 0.5);
    for (let k = 0; k < 1500; k++) mujoco.mj_step(model, data);
    patient.afterStep(data, data.time);
    const out = new Float64Array(4);
    patient.readSignals(out, 0);
    expect(out[3]).toBeGreaterThan(BED_TOP.z + 0.1 - 0.01); // resting on the mattress (soft: sinks < 1 cm)
    expect(out[3]).toBeLessThan(BED_TOP.z + 0.1 + 0.002);
    data.delete();
    model.delete();
  });

  it('starts collision-free: at the zero pose the robot touches neither itself nor the bed, with no contact exclusions beyond near neighbours', () => {
    const scene = composeScene('transfer_bed', []);
    // Regression: the arms used to hang inside the base, and the scene excluded base ↔ forearm/hand contacts.
    expect(scene.xml).not.toMatch(/<exclude body1="base_link" body2="(forearm|wrist|hand)/);
    const model = compileMjcf(mujoco, scene.xml, 'transfer_bed');
    const data = new mujoco.MjData(model);
    mujoco.mj_forward(model, data);
    expect(data.ncon).toBe(0);
    // Parked: torso fully raised, arms hanging beside the base, hands clear of the floor.
    const hand = id(model, 'geom', 'hand_left_geom0');
    const xpos = data.geom_xpos as Float64Array;
    expect((xpos[3 * hand + 2] ?? NaN) - ((model.geom_size as Float64Array)[3 * hand + 2] ?? NaN)).toBeGreaterThan(0.05);
    data.delete();
    model.delete();
  });

  it('at the lowest lift both forearm pads lie level at mattress height, reach 0.6 m past the base’s front and hold 60 % of an 80 kg patient each within the shoulder and elbow ratings', () => {
    const scene = composeScene('transfer_bed', []);
    const model = compileMjcf(mujoco, scene.xml, 'transfer_bed');
    const data = new mujoco.MjData(model);
    const qpos = data.qpos as Float64Array;
    const xpos = data.xpos as Float64Array;
    const at = (body: string): number[] => Array.from(xpos.subarray(3 * id(model, 'body', body), 3 * id(model, 'body', body) + 3));
    const qposOf = (joint: string): number => (model.jnt_qposadr as Int32Array)[id(model, 'joint', joint)] ?? -1;
    const dofOf = (joint: string): number => (model.jnt_dofadr as Int32Array)[id(model, 'joint', joint)] ?? -1;
    const lift = scene.joints.find((j) => j.name === 'torso_lift');
    qpos[qposOf('torso_lift')] = lift?.lower ?? NaN;
    mujoco.mj_forward(model, data);
    const shoulderZ = at('shoulder_left')[2] ?? NaN;
    expect(shoulderZ).toBeGreaterThan(0.7);
    expect(shoulderZ).toBeLessThan(0.8);
    const upperArmM = Math.hypot(...at('shoulder_left').map((v, k) => v - (at('forearm_left')[k] ?? NaN)));
    // Upper arm reaching down and forward to the mattress, forearm horizontal.
    const pitch = Math.acos((shoulderZ - BED_TOP.z) / upperArmM);
    for (const side of ['left', 'right']) {
      qpos[qposOf(`shoulder_pitch_${side}`)] = pitch;
      qpos[qposOf(`elbow_${side}`)] = Math.PI / 2 - pitch;
    }
    mujoco.mj_forward(model, data);
    const base = id(model, 'body', 'base_link');
    const forward = [0, 3, 6].map((k) => (data.xmat as Float64Array)[9 * base + k] ?? NaN); // base x axis in the world
    const halfLength = (model.geom_size as Float64Array)[3 * id(model, 'geom', 'base_link_geom0')] ?? NaN;
    const ahead = (body: string): number => at(body).reduce((s, v, k) => s + (v - (at('base_link')[k] ?? NaN)) * (forward[k] ?? NaN), 0) - halfLength;
    const robotBodies = new Set(scene.robot.links.map((l) => id(model, 'body', l.name)));
    const geomBody = model.geom_bodyid as Int32Array;
    const contacts = data.contact;
    for (let i = 0; i < data.ncon; i++) {
      const c = contacts.get(i);
      const pair = [geomBody[c?.geom1 ?? -1] ?? -1, geomBody[c?.geom2 ?? -1] ?? -1];
      c?.delete();
      expect(pair.every((b) => robotBodies.has(b)), 'robot touches itself').toBe(false);
    }
    contacts.delete();
    for (const side of ['left', 'right']) {
      for (const b of [`forearm_${side}_ft`, `wrist_${side}`]) expect(at(b)[2]).toBeCloseTo(BED_TOP.z, 9);
      expect(ahead(`wrist_${side}`)).toBeGreaterThanOrEqual(0.6); // the pad's far end
    }
    console.log(`transfer robot scoop: shoulders ${shoulderZ.toFixed(3)} m, pad end ${ahead('wrist_left').toFixed(3)} m past the base's front face at ${BED_TOP.z} m`);

    // Static torques: gravity, plus 60 % of an 80 kg patient on each pad at the patient's centre line.
    const bias = Array.from(data.qfrc_bias as Float64Array);
    for (const centreAheadM of [0.4, 0.5]) {
      const applied = data.qfrc_applied as Float64Array;
      applied.fill(0);
      for (const side of ['left', 'right']) {
        const pad = id(model, 'body', `forearm_pad_${side}`);
        const point = at(`forearm_${side}_ft`).map((v, k) => v + (centreAheadM - ahead(`forearm_${side}_ft`)) * (forward[k] ?? NaN));
        mujoco.mj_applyFT(model, data, [0, 0, -0.6 * 80 * 9.81], [0, 0, 0], point, pad, data.qfrc_applied);
      }
      const load = Array.from(data.qfrc_applied as Float64Array);
      applied.fill(0);
      const needed = (joint: string): number => Math.abs((bias[dofOf(joint)] ?? NaN) - (load[dofOf(joint)] ?? NaN));
      for (const joint of ['shoulder_pitch_left', 'elbow_left', 'shoulder_pitch_right', 'elbow_right']) {
        expect(needed(joint), joint).toBeLessThan(scene.joints.find((j) => j.name === joint)?.effortLimit ?? NaN);
      }
      console.log(`patient ${centreAheadM} m in front: shoulder pitch ${needed('shoulder_pitch_left').toFixed(0)} N·m, elbow ${needed('elbow_left').toFixed(0)} N·m`);
    }
    data.delete();
    model.delete();
  });

  it('draws the forearm sensors against the lower-arm limit (160 N) and the person’s force triples by region', () => {
    const patient = blockPerson('bed_patient', 'tester', [0, 0, 0.8], [0.1, 0.1, 0.1]);
    const arrows = composeScene('transfer_bed', [patient]).forceArrows;
    expect(arrows).toContainEqual({ name: 'forearm_left_ft_sensor', body: 'forearm_left_ft', limitN: 160 });
    expect(arrows).toContainEqual({ name: 'forearm_right_ft_sensor', body: 'forearm_right_ft', limitN: 160 });
    expect(arrows).toContainEqual({ name: 'tester_thigh/force', body: 'tester_thigh', limitN: 220 });
    expect(arrows).toContainEqual({ name: 'tester_cuff_thigh/force', body: 'tester_thigh_cuff', limitN: 220 }); // same words, other order
    expect(arrows.map((a) => a.name)).not.toContain('tester_unanchored_thigh/force');
  });
});

describe('companion_home', () => {
  it('a body set on the sofa rests at the exported seat height', () => {
    const s = LIVING_ROOM.sofa;
    const person = blockPerson('home_person', 'tester', [s.x, s.y, s.z + 0.2], [0.2, 0.2, 0.1]);
    const scene = composeScene('companion_home', [person]);
    const model = compileMjcf(mujoco, scene.xml, 'companion_home');
    const data = new mujoco.MjData(model);
    person.bind(mujoco, model, () => 0.5);
    for (let k = 0; k < 1000; k++) mujoco.mj_step(model, data);
    person.afterStep(data, data.time);
    const out = new Float64Array(4);
    person.readSignals(out, 0);
    expect(out[3]).toBeCloseTo(s.z + 0.1, 2);
    data.delete();
    model.delete();
  });
});

describe('composeScene rejects', () => {
  it.each<[string, () => ComposedScene, string, string]>([
    ['an unknown scene', () => composeScene('moon_base' as SceneId, []), 'SCENE_UNKNOWN', 'scene'],
    ['a person of the wrong kind', () => composeScene('exo_standing', [blockPerson('home_person', 'p', [0, 0, 1], [0.1, 0.1, 0.1])]), 'SCENE_HUMAN_INVALID', 'humans[0].kind'],
    [
      'two people with one prefix',
      () => composeScene('companion_home', [blockPerson('home_person', 'p', [0, 0, 1], [0.1, 0.1, 0.1]), blockPerson('home_person', 'p', [1, 0, 1], [0.1, 0.1, 0.1])]),
      'SCENE_HUMAN_INVALID',
      'humans[1].prefix',
    ],
    [
      'a person without bodies',
      () => composeScene('companion_home', [{ ...blockPerson('home_person', 'p', [0, 0, 1], [0.1, 0.1, 0.1]), mjcf: () => ({ worldbody: '' }) } satisfies HumanModel]),
      'SCENE_HUMAN_INVALID',
      'humans[0].mjcf().worldbody',
    ],
    ['another robot', () => composeScene('exo_standing', [], { robot: loadUrdfFile(shippedRobots.kindred_companion) }), 'SCENE_ROBOT_MISMATCH', 'robot.name'],
  ])('%s', (_what, compose, code, field) => {
    expect(compose).toThrow(expect.objectContaining({ code, context: expect.objectContaining({ field }) }));
  });
});
