import type { MjData, MjModel } from 'mujoco-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { loadUrdfFile, shippedRobots, type RobotModel } from '../../urdf/index.js';
import { compileMjcf, loadMujoco } from '../mujoco/loadMujoco.js';
import type { MujocoModule } from '../mujoco/types.js';
import { parseHumanProfile, type ExoPatientProfile } from '../profiles/index.js';
import { RNG_STREAM, SeededRng } from '../rng.js';
import { createExoPatient, createPatientLegs, EFFORT_ACTIVATION_TIME_S } from './ExoPatient.js';
import { JOINT_ARMATURE_KGM2 } from './exoPatientMjcf.js';
import type { HumanModel } from './HumanModel.js';
import { patientAnthropometry } from './exoPatientMjcf.js';
import { anthropometricLegChain } from './legGeometry.js';
import { composeTestScene } from './testing/composeTestScene.js';
import { miniRobotMjcf } from './testing/miniExo.js';

let mujoco: MujocoModule;
let exo: RobotModel;

beforeAll(async () => {
  mujoco = await loadMujoco();
  exo = loadUrdfFile(shippedRobots.kindred_exo);
});

function patient(overrides: Record<string, unknown> = {}): ExoPatientProfile {
  return parseHumanProfile({ kind: 'patient_profile', ageYears: 70, sex: 'male', heightM: 1.75, massKg: 75, ...overrides }) as ExoPatientProfile;
}

/** Compile, bind, and return a stepper that runs the person around mj_step and records its signals. */
function sim(human: HumanModel, parts: { worldbody?: string; actuator?: string } = {}, seed = 1) {
  const xml = composeTestScene({ ...parts, fragments: [human.mjcf()] });
  const model: MjModel = compileMjcf(mujoco, xml, 'humans test scene');
  const rng = new SeededRng(seed, RNG_STREAM.humans);
  human.bind(mujoco, model, () => rng.uniform());
  const data: MjData = new mujoco.MjData(model);
  const names = human.signals().map((s) => s.name);
  const values = new Float64Array(names.length);
  const id = (kind: 'actuator' | 'joint' | 'site', name: string): number => {
    const t = kind === 'actuator' ? mujoco.mjtObj.mjOBJ_ACTUATOR : kind === 'joint' ? mujoco.mjtObj.mjOBJ_JOINT : mujoco.mjtObj.mjOBJ_SITE;
    const i = mujoco.mj_name2id(model, t.value, name);
    if (i < 0) throw new Error(`no ${kind} ${name}`);
    return i;
  };
  return {
    model,
    data,
    id,
    signal: (name: string): number => {
      const i = names.indexOf(name);
      if (i < 0) throw new Error(`no signal ${name}; have ${names.join(', ')}`);
      return values[i]!;
    },
    values,
    step(control?: (t: number) => void): void {
      control?.(data.time);
      human.beforeStep(data, data.time);
      mujoco.mj_step(model, data);
      human.afterStep(data, data.time);
      human.readSignals(values, 0);
    },
    dispose(): void {
      data.delete();
      model.delete();
    },
  };
}

describe('passive leg swings as its pendulum parameters say', () => {
  /**
   * Seated pendulum test (as Wartenberg's): pelvis fixed, thigh horizontal (hip locked at 90°), ankle
   * locked, knee released from 60° flexion. Expected motion from the shank and foot's mass, centre of
   * mass and inertia (anthropometric tables), the knee's passive stiffness and damping, and gravity.
   */
  function expected(profile: ExoPatientProfile) {
    const chain = anthropometricLegChain(profile.heightM, 'left');
    const a = patientAnthropometry(profile, chain);
    const ls = chain.shankLengthM;
    const bodies = [
      { m: a.shank.massKg, x: 0, z: -a.shank.comFromProximalM, iyy: a.shank.transverseKgM2 },
      { m: a.foot.massKg, x: a.foot.comXM, z: -ls + a.foot.comZM, iyy: a.foot.iyyKgM2 },
    ];
    const g = 9.81;
    const k = profile.joints.knee.stiffnessNmPerRad;
    const c = profile.joints.knee.dampingNmsPerRad;
    const ref = profile.joints.knee.neutralRad;
    // Shank frame in the world: rotation about y by φ = θ − π/2; a point's height is −sin φ·x + cos φ·z.
    const potential = (theta: number): number => bodies.reduce((v, b) => v + b.m * g * (-Math.sin(theta - Math.PI / 2) * b.x + Math.cos(theta - Math.PI / 2) * b.z), 0);
    const h = 1e-4;
    const torque = (theta: number): number => -(potential(theta + h) - potential(theta - h)) / (2 * h) - k * (theta - ref);
    let lo = 0.3;
    let hi = 2.3;
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2;
      if (torque(lo) * torque(mid) <= 0) hi = mid;
      else lo = mid;
    }
    const eq = (lo + hi) / 2;
    const stiffness = k + (potential(eq + h) - 2 * potential(eq) + potential(eq - h)) / (h * h);
    const inertia = bodies.reduce((s, b) => s + b.iyy + b.m * (b.x * b.x + b.z * b.z), 0) + JOINT_ARMATURE_KGM2;
    const wn = Math.sqrt(stiffness / inertia);
    const zeta = c / (2 * Math.sqrt(stiffness * inertia));
    return { eq, periodS: (2 * Math.PI) / (wn * Math.sqrt(1 - zeta * zeta)), zeta };
  }

  it.each([
    { stiffnessNmPerRad: 2, dampingNmsPerRad: 0.2 },
    { stiffnessNmPerRad: 8, dampingNmsPerRad: 0.8 },
  ])('knee k=$stiffnessNmPerRad N·m/rad, c=$dampingNmsPerRad N·m·s/rad', (knee) => {
    const profile = patient({ joints: { knee: { ...knee, neutralRad: 0 } } });
    const legs = createPatientLegs(profile, { sides: ['left'], lockedJoints: { hip_abduction: 0, hip_flexion: Math.PI / 2, ankle: 0 } });
    const s = sim(legs);
    const kneeQ = s.model.jnt_qposadr[s.id('joint', 'patient_knee_left')]!;
    s.data.qpos[kneeQ] = Math.PI / 3;
    const dt = s.model.opt.timestep;
    const theta: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      s.step();
      theta.push(s.signal('patient_knee_left/position'));
    }
    s.dispose();
    const want = expected(profile);
    // Peaks (maxima) of the swing: period between them, logarithmic decrement of the amplitude.
    const peaks: { t: number; a: number }[] = [];
    for (let i = 1; i < theta.length - 1; i++) {
      if (theta[i]! > theta[i - 1]! && theta[i]! >= theta[i + 1]! && theta[i]! - want.eq > 0.002) peaks.push({ t: (i + 1) * dt, a: theta[i]! - want.eq });
    }
    expect(peaks.length).toBeGreaterThanOrEqual(3);
    const used = peaks.slice(0, 6);
    const periods = used.slice(1).map((p, i) => p.t - used[i]!.t);
    const period = periods.reduce((x, y) => x + y, 0) / periods.length;
    const decrements = used.slice(1).map((p, i) => Math.log(used[i]!.a / p.a));
    const delta = decrements.reduce((x, y) => x + y, 0) / decrements.length;
    const zeta = delta / Math.sqrt(4 * Math.PI * Math.PI + delta * delta);
    console.log(
      `knee pendulum k=${knee.stiffnessNmPerRad} c=${knee.dampingNmsPerRad}: period ${period.toFixed(4)} s (expected ${want.periodS.toFixed(4)}), ` +
        `damping ratio ${zeta.toFixed(4)} (expected ${want.zeta.toFixed(4)}), rest ${theta.at(-1)!.toFixed(4)} rad (expected ${want.eq.toFixed(4)})`,
    );
    expect(Math.abs(period - want.periodS) / want.periodS).toBeLessThan(0.05);
    expect(Math.abs(zeta - want.zeta) / want.zeta).toBeLessThan(0.1);
    expect(theta.at(-1)!).toBeCloseTo(want.eq, 1);
  });
});

describe('spasticity', () => {
  const spastic = { enabled: true, joints: { knee: { velocityThresholdRadPerS: 0.8, reflexGainNmsPerRad: 8, onsetDelayMs: 40 } } };

  /** Extend the seated knee from 1.6 to 0.5 rad at `speed` with a stiff test servo; record reflex torque and servo effort. */
  function stretch(speedRadPerS: number, spasticity: unknown) {
    const profile = patient({ spasticity });
    const legs = createPatientLegs(profile, { sides: ['left'], lockedJoints: { hip_abduction: 0, hip_flexion: Math.PI / 2, ankle: 0 } });
    const s = sim(legs, { actuator: '<position name="test_servo" joint="patient_knee_left" kp="2000" kv="40"/>' });
    const servo = s.id('actuator', 'test_servo');
    s.data.qpos[s.model.jnt_qposadr[s.id('joint', 'patient_knee_left')]!] = 1.6;
    const start = 0.2;
    const durationS = 1.1 / speedRadPerS;
    const rows: { t: number; velocity: number; reflex: number; servo: number }[] = [];
    for (let i = 0; i < Math.round((start + durationS + 0.3) / 0.001); i++) {
      s.step((t) => {
        s.data.ctrl[servo] = 1.6 - 1.1 * Math.min(1, Math.max(0, (t - start) / durationS));
      });
      rows.push({ t: s.data.time, velocity: s.signal('patient_knee_left/velocity'), reflex: s.signal('patient_knee_left/reflex_torque'), servo: s.data.actuator_force[servo]! });
    }
    s.dispose();
    return rows;
  }

  it('gives no reflex torque for a slow stretch (0.3 rad/s, below the 0.8 rad/s threshold)', () => {
    const rows = stretch(0.3, spastic);
    expect(Math.max(...rows.map((r) => Math.abs(r.velocity)))).toBeLessThan(0.8);
    expect(Math.max(...rows.map((r) => Math.abs(r.reflex)))).toBe(0);
  });

  it('resists a fast stretch (3 rad/s) after the 40 ms onset delay, against the motion', () => {
    const rows = stretch(3, spastic);
    const crossing = rows.find((r) => Math.abs(r.velocity) > 0.8)!;
    const onset = rows.find((r) => r.reflex !== 0)!;
    const peak = rows.reduce((m, r) => (r.reflex > m.reflex ? r : m));
    console.log(`stretch reflex: threshold crossed at ${crossing.t.toFixed(3)} s, torque from ${onset.t.toFixed(3)} s, peak ${peak.reflex.toFixed(2)} N·m`);
    // 40 ms, plus the one step between the velocity the reflex sees (before the step) and the one recorded (after it).
    expect(onset.t - crossing.t).toBeGreaterThan(0.0385);
    expect(onset.t - crossing.t).toBeLessThan(0.0425);
    // Extension (negative velocity) is resisted by a flexion (positive) torque of gain × excess speed.
    expect(peak.reflex).toBeGreaterThan(8 * (3 - 0.8) * 0.8);
    expect(rows.every((r) => r.reflex >= 0)).toBe(true);
    // The servo has to push harder than for the same motion without spasticity.
    const plain = stretch(3, { enabled: false });
    const window = (rs: typeof rows) => rs.filter((r) => r.t > onset.t + 0.02 && r.t < 0.2 + 1.1 / 3);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const extra = mean(window(rows).map((r) => r.servo)) - mean(window(plain).map((r) => r.servo));
    expect(extra).toBeLessThan(-5);
  });

  it('does nothing when disabled, even for a fast stretch', () => {
    const rows = stretch(3, { enabled: false, joints: spastic.joints });
    expect(Math.max(...rows.map((r) => Math.abs(r.reflex)))).toBe(0);
  });
});

describe('cuffs couple the patient to the exoskeleton', () => {
  function exoScene(profile: ExoPatientProfile, seed = 1) {
    const human = createExoPatient(profile, exo);
    const robot = miniRobotMjcf(exo, [0.3, 0.1, 1.05]);
    return { human, ...sim(human, robot, seed) };
  }

  it('carry no force when aligned and equal and opposite forces when not', () => {
    const profile = patient();
    const s = exoScene(profile);
    mujoco.mj_forward(s.model, s.data);
    s.human.afterStep(s.data, 0);
    s.human.readSignals(s.values, 0);
    for (const cuff of ['thigh_left', 'thigh_right', 'shank_left', 'shank_right']) expect(s.signal(`patient_cuff_${cuff}/magnitude`)).toBe(0);

    // Flex the exoskeleton's left knee by 0.3 rad; the patient's stays straight.
    const robotKnee = s.model.jnt_qposadr[s.id('joint', 'knee_left')]!;
    s.data.qpos[robotKnee] = 0.3;
    const servo = s.id('actuator', 'test_servo_knee_left');
    s.data.ctrl[servo] = 0.3; // the servo holds, exerting nothing at rest
    mujoco.mj_forward(s.model, s.data);
    s.human.afterStep(s.data, 0);
    s.human.readSignals(s.values, 0);
    expect(s.signal('patient_cuff_thigh_left/magnitude')).toBe(0);
    const f = [s.signal('patient_cuff_shank_left/force.x'), s.signal('patient_cuff_shank_left/force.y'), s.signal('patient_cuff_shank_left/force.z')];
    expect(s.signal('patient_cuff_shank_left/magnitude')).toBeGreaterThan(100);

    // Spring law: force on the patient = −k (patient point − cuff point), in the cuff site's frame.
    const pat = s.id('site', 'patient_shank_cuff_left');
    const rob = s.id('site', 'shank_cuff_left');
    const sx = s.data.site_xpos;
    const sm = s.data.site_xmat;
    const d = [0, 1, 2].map((k) => sx[3 * pat + k]! - sx[3 * rob + k]!);
    const local = [0, 1, 2].map((col) => d[0]! * sm[9 * rob + col]! + d[1]! * sm[9 * rob + 3 + col]! + d[2]! * sm[9 * rob + 6 + col]!);
    local.forEach((x, k) => expect(f[k]!).toBeCloseTo(-profile.cuffs.stiffnessNPerM * x, 6));

    // Equal and opposite: the generalised forces are Jᵀ_patient F − Jᵀ_robot F.
    const world = [0, 1, 2].map((row) => sm[9 * rob + 3 * row]! * f[0]! + sm[9 * rob + 3 * row + 1]! * f[1]! + sm[9 * rob + 3 * row + 2]! * f[2]!);
    const nv = s.model.nv;
    const jacobian = (site: number): Float64Array => {
      const jp = new mujoco.DoubleBuffer(3 * nv);
      const jr = new mujoco.DoubleBuffer(3 * nv);
      mujoco.mj_jacSite(s.model, s.data, jp, jr, site);
      const copy = Float64Array.from(jp.GetView() as Float64Array);
      jp.delete();
      jr.delete();
      return copy;
    };
    const jPat = jacobian(pat);
    const jRob = jacobian(rob);
    const qfrc = s.data.qfrc_actuator as Float64Array;
    for (let dof = 0; dof < nv; dof++) {
      let want = 0;
      for (let k = 0; k < 3; k++) want += (jPat[k * nv + dof]! - jRob[k * nv + dof]!) * world[k]!;
      expect(qfrc[dof]!).toBeCloseTo(want, 6);
    }
    s.dispose();
  });

  it('voluntary effort: a helping patient lightens the exoskeleton, a resisting one loads it', () => {
    const effort = (mode: string) => {
      const s = exoScene(patient({ voluntaryEffort: { mode, level: 0.4, variability: 0 } }));
      const servo = s.id('actuator', 'test_servo_knee_left');
      let servoSum = 0;
      let lead = 0;
      let n = 0;
      for (let i = 0; i < 1500; i++) {
        s.step((t) => {
          s.data.ctrl[servo] = 0.8 * Math.min(1, t / 1.2);
        });
        if (s.data.time > 0.3 && s.data.time < 1.2) {
          servoSum += s.data.actuator_force[servo]!;
          lead += s.signal('patient_knee_left/position') - s.data.qpos[s.model.jnt_qposadr[s.id('joint', 'knee_left')]!]!;
          n++;
        }
      }
      const voluntary = s.signal('patient_knee_left/voluntary_torque');
      s.dispose();
      return { servo: servoSum / n, lead: lead / n, voluntary };
    };
    const helps = effort('helps');
    const passive = effort('passive');
    const resists = effort('resists');
    console.log(`exo knee effort during flexion: helps ${helps.servo.toFixed(1)} N·m, passive ${passive.servo.toFixed(1)}, resists ${resists.servo.toFixed(1)}`);
    expect(helps.servo).toBeLessThan(passive.servo - 3);
    expect(resists.servo).toBeGreaterThan(passive.servo + 3);
    expect(helps.lead).toBeGreaterThan(passive.lead);
    expect(resists.lead).toBeLessThan(passive.lead);
    expect(passive.voluntary).toBe(0);
  });

  it('starts the harnessed pelvis on the exoskeleton pelvis and keeps it there', () => {
    const s = exoScene(patient());
    for (let i = 0; i < 500; i++) s.step();
    const body = (name: string) => mujoco.mj_name2id(s.model, mujoco.mjtObj.mjOBJ_BODY.value, name);
    const a = body('pelvis');
    const b = body('patient_pelvis');
    const dist = Math.hypot(...[0, 1, 2].map((k) => s.data.xpos[3 * a + k]! - s.data.xpos[3 * b + k]!));
    expect(dist).toBeLessThan(0.005);
    s.dispose();
  });
});

describe('determinism and commands', () => {
  function run(seed: number): Float64Array {
    const profile = patient({
      voluntaryEffort: { mode: 'helps', level: 0.3, variability: 0.4 },
      spasticity: { enabled: true, joints: { knee: { velocityThresholdRadPerS: 0.5, reflexGainNmsPerRad: 5, onsetDelayMs: 30 } } },
    });
    const human = createExoPatient(profile, exo);
    const s = sim(human, miniRobotMjcf(exo, [0, 0, 1.05]), seed);
    const servo = s.id('actuator', 'test_servo_knee_left');
    const trace = new Float64Array(1000 * s.values.length);
    for (let i = 0; i < 1000; i++) {
      s.step((t) => {
        s.data.ctrl[servo] = 0.5 + 0.4 * Math.sin(4 * t);
      });
      trace.set(s.values, i * s.values.length);
    }
    s.dispose();
    return trace;
  }

  it('same seed → the same trajectory, bit for bit; another seed → another', () => {
    const a = run(7);
    const b = run(7);
    const c = run(8);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
  });

  it('a spasm command produces a burst of involuntary torque for its duration', () => {
    const legs = createPatientLegs(patient(), { sides: ['left'] });
    expect(() => legs.command({ op: 'spasm', joint: 'knee_left' })).toThrow(/before bind/);
    const s = sim(legs);
    expect(legs.command({ op: 'spasm', joint: 'knee_left', durationS: 0.1, torqueNm: 12 })).toMatchObject({ joint: 'knee_left', torqueNm: 12 });
    s.step();
    expect(s.signal('patient_knee_left/reflex_torque')).toBe(12);
    for (let i = 0; i < 120; i++) s.step();
    expect(s.signal('patient_knee_left/reflex_torque')).toBe(0);
    s.dispose();
  });

  it('a voluntary command is a burst of voluntary torque that rises with the activation time constant, moves the knee and ends', () => {
    // Seated, thigh horizontal, ankle locked; no voluntary effort of its own.
    const profile = patient({ voluntaryEffort: { mode: 'passive', level: 0, variability: 0 } });
    const run = (burst: { op: string } & Record<string, unknown> | undefined) => {
      const legs = createPatientLegs(profile, { sides: ['left'], lockedJoints: { hip_abduction: 0, hip_flexion: Math.PI / 2, ankle: 0 } });
      const s = sim(legs);
      for (let i = 0; i < 3000; i++) s.step(); // settle at the knee's rest angle
      const reply = burst === undefined ? undefined : legs.command(burst);
      const torque: number[] = [];
      const knee: number[] = [];
      for (let i = 0; i < 1500; i++) {
        s.step();
        torque.push(s.signal('patient_knee_left/voluntary_torque'));
        knee.push(s.signal('patient_knee_left/position'));
      }
      s.dispose();
      return { reply, torque, knee };
    };
    const quiet = run(undefined);
    const max = profile.joints.knee.maxVoluntaryTorqueNm;
    const want = Math.min(10, max);
    const b = run({ op: 'voluntary', joint: 'knee_left', torqueNm: 10, durationS: 0.4 });
    expect(b.reply).toEqual({ joint: 'knee_left', torqueNm: want, requestedTorqueNm: 10, limited: want !== 10, durationS: 0.4, riseTimeConstantS: EFFORT_ACTIVATION_TIME_S });
    // First-order rise (1 ms steps, τ = 0.1 s): a small first step, 63 % after τ, almost all by 0.4 s.
    expect(b.torque[0]).toBeCloseTo(want * 0.01, 6);
    expect(b.torque[99]! / want).toBeCloseTo(1 - Math.exp(-1), 2);
    expect(b.torque[399]! / want).toBeGreaterThan(0.97);
    // Ends after durationS: falls with the same time constant, gone within a second.
    expect(b.torque[499]! / want).toBeLessThan(0.4);
    expect(Math.abs(b.torque[1499]!)).toBeLessThan(1e-3 * want);
    // It moves the knee (positive: flexion) compared with the same patient left alone.
    const moved = Math.max(...b.knee.map((q, i) => q - quiet.knee[i]!));
    console.log(`voluntary burst ${want} N·m for 0.4 s: knee moved by up to ${moved.toFixed(3)} rad`);
    expect(moved).toBeGreaterThan(0.1);
    expect(Math.abs(quiet.torque[1499]!)).toBe(0);
  });

  it('a voluntary burst is limited to the joint’s maximum voluntary torque', () => {
    const legs = createPatientLegs(patient(), { sides: ['left'] });
    const s = sim(legs);
    const max = patient().joints.knee.maxVoluntaryTorqueNm;
    expect(legs.command({ op: 'voluntary', joint: 'knee_left', torqueNm: -(max + 50) })).toMatchObject({ torqueNm: -max, requestedTorqueNm: -(max + 50), limited: true, durationS: 0.5 });
    for (let i = 0; i < 450; i++) s.step();
    expect(s.signal('patient_knee_left/voluntary_torque')).toBeGreaterThanOrEqual(-max);
    expect(s.signal('patient_knee_left/voluntary_torque')).toBeLessThan(-0.95 * max);
    s.dispose();
  });

  it.each([
    [{ op: 'voluntary', joint: 'knee_left' }, /torqueNm is undefined; expected a torque in N·m/],
    [{ op: 'voluntary', joint: 'knee_left', torqueNm: 'lots' }, /torqueNm is "lots"; expected a number between -500 and 500/],
    [{ op: 'voluntary', joint: 'knee_left', torqueNm: 5, durationS: 0 }, /durationS is 0; expected a number between 0.001 and 60/],
    [{ op: 'voluntary', joint: 'wrist_left', torqueNm: 5 }, /joint is "wrist_left"; expected hip_abduction_left/],
    [{ op: 'spasm', joint: 'elbow_left' }, /joint is "elbow_left"; expected hip_abduction_left/],
    [{ op: 'spasm', joint: 'knee_left', durationS: -1 }, /durationS is -1; expected a number between/],
    [{ op: 'setEffort', mode: 'angry' }, /mode is "angry"; expected helps \| passive \| resists/],
    [{ op: 'jump' }, /unknown op "jump"/],
  ])('rejects %j with HUMAN_COMMAND_INVALID', (payload, message) => {
    const legs = createPatientLegs(patient(), { sides: ['left'] });
    const s = sim(legs);
    try {
      legs.command(payload);
      expect.unreachable();
    } catch (e) {
      expect(isKindredError(e, 'HUMAN_COMMAND_INVALID')).toBe(true);
      expect((e as Error).message).toMatch(message);
    }
    s.dispose();
  });

  it('refuses a robot without the exoskeleton’s legs and cuffs (HUMAN_ROBOT_MISMATCH)', () => {
    const transfer = loadUrdfFile(shippedRobots.kindred_transfer);
    expect(() => createExoPatient(patient(), transfer)).toThrow(expect.objectContaining({ code: 'HUMAN_ROBOT_MISMATCH' }));
  });

  it('refuses to bind to a scene without the exoskeleton (HUMAN_BIND_NAME_MISSING)', () => {
    const human = createExoPatient(patient(), exo);
    const fragment = human.mjcf();
    // The patient's fragment alone: its harness and cuffs name robot parts that are not there.
    const withoutRobot = composeTestScene({
      fragments: [{ worldbody: fragment.worldbody, actuator: (fragment.actuator ?? '').split('\n').filter((l) => !l.includes('refsite')).join('\n') }],
    });
    const model = compileMjcf(mujoco, withoutRobot, 'no robot');
    expect(() => human.bind(mujoco, model, () => 0.5)).toThrow(expect.objectContaining({ code: 'HUMAN_BIND_NAME_MISSING' }));
    model.delete();
  });
});
