import type { MjData, MjModel } from 'mujoco-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileMjcf, loadMujoco } from '../mujoco/loadMujoco.js';
import type { MujocoModule } from '../mujoco/types.js';
import { loadDefaultProfile, type BedPatientProfile } from '../profiles/index.js';
import { createBedPatient, type BedPatientModel } from './BedPatient.js';
import { BED_PATIENT_REGIONS, type BedTop } from './bedPatientMjcf.js';
import { CONTACT_LAYOUT, verifyContactLayout } from './contactLayout.js';
import { composeTestScene } from './testing/composeTestScene.js';

let mujoco: MujocoModule;
let base: BedPatientProfile;
const BED: BedTop = { x: 0.2, y: -0.1, z: 0.55, yaw: 0.4 };
// A static bed: a mattress box whose top is at 0.55 m, along the bed's yaw.
const BED_MJCF = `<geom name="floor" type="plane" size="5 5 0.1"/>
<body name="bed" pos="${BED.x} ${BED.y} 0.3" euler="0 0 ${BED.yaw}"><geom name="mattress" type="box" size="1.05 0.45 0.25" friction="0.8 0.005 0.0001"/></body>`;

beforeAll(async () => {
  mujoco = await loadMujoco();
  base = loadDefaultProfile('bed_patient_default') as BedPatientProfile;
});

function scene(patient: BedPatientModel, extra = '') {
  const xml = composeTestScene({ worldbody: BED_MJCF + extra, fragments: [patient.mjcf()] });
  const model: MjModel = compileMjcf(mujoco, xml, 'bed test');
  patient.bind(mujoco, model, () => 0.5);
  const data: MjData = new mujoco.MjData(model);
  const names = patient.signals().map((s) => s.name);
  const values = new Float64Array(names.length);
  const signal = (name: string): number => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`no signal ${name}`);
    return values[i]!;
  };
  const run = (seconds: number): void => {
    const n = Math.round(seconds / model.opt.timestep);
    for (let i = 0; i < n; i++) {
      patient.beforeStep(data, data.time);
      mujoco.mj_step(model, data);
      patient.afterStep(data, data.time);
    }
    patient.readSignals(values, 0);
  };
  return { model, data, signal, run, dispose: () => (data.delete(), model.delete()) };
}

describe('the patient lying on the bed', () => {
  it.each(['supine', 'lateral_left', 'lateral_right'] as const)('%s: support forces at rest sum to the body weight, per region', (posture) => {
    const profile = { ...base, posture };
    const patient = createBedPatient(profile, BED);
    const s = scene(patient);
    s.run(2);
    const weight = profile.massKg * 9.81;
    const regions = BED_PATIENT_REGIONS.map((r) => s.signal(`patient_${r.region}/support_force`));
    const sum = regions.reduce((a, b) => a + b, 0);
    console.log(`${posture}: support forces sum to ${sum.toFixed(2)} N for a weight of ${weight.toFixed(2)} N; ` + BED_PATIENT_REGIONS.map((r, i) => `${r.region} ${regions[i]!.toFixed(0)}`).filter((t) => !t.endsWith(' 0')).join(', '));
    expect(Math.abs(sum - weight) / weight).toBeLessThan(0.02);
    expect(s.signal('patient/support_total')).toBeCloseTo(sum, 6);
    expect(s.signal('patient/contact_total')).toBe(0);
    // The trunk carries most of the weight, on the back when supine and not on the back when on a side.
    const trunk = s.signal('patient_back/support_force') + s.signal('patient_chest/support_force') + s.signal('patient_abdomen/support_force') + s.signal('patient_pelvis/support_force');
    expect(trunk).toBeGreaterThan(0.5 * weight);
    if (posture === 'supine') expect(s.signal('patient_back/support_force')).toBeGreaterThan(0.25 * weight);
    else expect(s.signal('patient_back/support_force')).toBeLessThan(0.05 * weight);
    expect(s.signal('patient/posture')).toBe({ supine: 0, lateral_left: 1, lateral_right: 2 }[posture]);
    expect(s.signal('patient/pelvis_height')).toBeGreaterThan(BED.z);
    expect(s.signal('patient/pelvis_height')).toBeLessThan(BED.z + 0.25);
    s.dispose();
  });

  it('reports a robot part pressing on the left thigh as contact, not support', () => {
    const patient = createBedPatient(base, BED);
    // A 2 kg "robot arm" pad on a vertical slide above where the left thigh will lie.
    const probe = createBedPatient(base, BED);
    const first = scene(probe);
    first.run(1);
    const thigh = mujoco.mj_name2id(first.model, mujoco.mjtObj.mjOBJ_GEOM.value, 'patient_thigh_left_geom');
    const at = [0, 1, 2].map((k) => first.data.geom_xpos[3 * thigh + k]!);
    first.dispose();
    const pad = `<body name="robot_pad" pos="${at[0]} ${at[1]} ${at[2]! + 0.12}"><joint name="robot_pad_z" type="slide" axis="0 0 1" damping="20"/><geom name="robot_pad_geom" type="box" size="0.05 0.05 0.02" mass="2"/></body>`;
    const s = scene(patient, pad);
    s.run(2.5);
    const padWeight = 2 * 9.81;
    console.log(`robot pad on the thigh: contact ${s.signal('patient_thigh_left/contact_force').toFixed(2)} N (weight ${padWeight.toFixed(2)} N)`);
    expect(Math.abs(s.signal('patient_thigh_left/contact_force') - padWeight) / padWeight).toBeLessThan(0.03);
    for (const r of BED_PATIENT_REGIONS) if (r.region !== 'thigh_left') expect(s.signal(`patient_${r.region}/contact_force`)).toBeLessThan(1e-9);
    // The pad's weight goes through the patient into the bed.
    const total = (base.massKg + 2) * 9.81;
    expect(Math.abs(s.signal('patient/support_total') - total) / total).toBeLessThan(0.02);
    s.dispose();
  });

  it('slumps on command: tone drops, the body sags, the upper body rolls and the head turns', () => {
    // Held up by the pelvis, as in the transfer robot's arms (no bed): how far the body sags shows its tone.
    const patient = createBedPatient(base, { ...BED, z: 1.2 });
    const xml = composeTestScene({ worldbody: '<geom name="floor" type="plane" size="5 5 0.1"/>', equality: '<weld name="test_hold" body1="patient_pelvis"/>', fragments: [patient.mjcf()] });
    const model = compileMjcf(mujoco, xml, 'held patient');
    patient.bind(mujoco, model, () => 0.5);
    const data = new mujoco.MjData(model);
    const names = patient.signals().map((x) => x.name);
    const values = new Float64Array(names.length);
    const signal = (name: string): number => values[names.indexOf(name)]!;
    const run = (seconds: number): void => {
      for (let i = 0; i < Math.round(seconds / model.opt.timestep); i++) {
        patient.beforeStep(data, data.time);
        mujoco.mj_step(model, data);
        patient.afterStep(data, data.time);
      }
      patient.readSignals(values, 0);
    };
    run(1.5);
    const head = signal('patient/head_height');
    expect(signal('patient/slumped')).toBe(0);
    expect(Math.abs(signal('patient/head_turn'))).toBeLessThan(0.02);
    expect(patient.command({ op: 'slump' })).toMatchObject({ slump: 'started' });
    run(base.slump.durationS + 1.5);
    console.log(`slump: head ${head.toFixed(3)} → ${signal('patient/head_height').toFixed(3)} m, trunk roll ${signal('patient/trunk_roll').toFixed(3)} rad, head turn ${signal('patient/head_turn').toFixed(3)} rad`);
    expect(signal('patient/slumped')).toBe(1);
    expect(signal('patient/head_height')).toBeLessThan(head - 0.05);
    expect(Math.abs(signal('patient/trunk_roll'))).toBeGreaterThan(0.5 * base.slump.trunkRollRad);
    expect(Math.abs(signal('patient/head_turn'))).toBeGreaterThan(0.5 * base.slump.headDropRad);
    patient.command({ op: 'recover' });
    run(0.01);
    expect(signal('patient/slumped')).toBe(0);
    expect(() => patient.command({ op: 'dance' })).toThrow(expect.objectContaining({ code: 'HUMAN_COMMAND_INVALID' }));
    data.delete();
    model.delete();
  });
});

describe('reading contacts without allocating', () => {
  it('the mjContact layout Kindred reads matches mujoco-js’s accessors', () => {
    expect(() => verifyContactLayout(mujoco)).not.toThrow();
    // And directly: raw reads at d->arena equal data.contact.get(i) for a scene with many contacts.
    const patient = createBedPatient(base, BED);
    const s = scene(patient);
    s.run(0.5);
    const heap = new Int32Array((s.data.qpos as Float64Array).buffer);
    const arena = (s.data.arena as Uint8Array).byteOffset;
    const contacts = s.data.contact;
    expect(s.data.ncon).toBeGreaterThan(5);
    for (let i = 0; i < s.data.ncon; i++) {
      const c = contacts.get(i)!;
      expect(heap[(arena + i * CONTACT_LAYOUT.strideBytes + CONTACT_LAYOUT.geom1Bytes) >> 2]).toBe(c.geom1);
      expect(heap[(arena + i * CONTACT_LAYOUT.strideBytes + CONTACT_LAYOUT.geom2Bytes) >> 2]).toBe(c.geom2);
      c.delete();
    }
    contacts.delete();
    s.dispose();
  });
});
