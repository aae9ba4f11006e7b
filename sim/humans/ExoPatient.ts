import type { MjData, MjModel } from 'mujoco-js';
import { KindredError } from '../../runtime/errors/index.js';
import type { RobotModel } from '../../urdf/index.js';
import type { MujocoModule } from '../mujoco/types.js';
import { PATIENT_JOINT_TYPES, type ExoPatientProfile, type PatientJointType } from '../profiles/index.js';
import { bodyPoseAtQpos0 } from './bodyPose.js';
import { exoPatientMjcf, exoPatientNames, type PelvisMount } from './exoPatientMjcf.js';
import type { HumanModel, HumanSignal, MjcfFragment } from './HumanModel.js';
import { anthropometricLegChain, robotJointName, robotLegChain, SIDES, type LegChain, type Side } from './legGeometry.js';
import { MjViews } from './MjViews.js';
import { requireId } from './mjNames.js';
import { IDENTITY_Q, type Q4, type V3 } from './spatial.js';
import { StretchReflex } from './StretchReflex.js';
import { effortCursorAt, effortLevelAt } from './voluntaryEffort.js';

/** Velocity scale of the voluntary-effort response (rad/s): effort saturates above a few tenths of rad/s. */
export const EFFORT_VELOCITY_SCALE_RAD_PER_S = 0.3;
/**
 * Time constant of the voluntary torque's first-order rise and fall (s): muscle activation dynamics
 * plus the time to feel which way the exoskeleton moves. Keeps a helping patient from reversing
 * instantly when the exoskeleton stops.
 */
export const EFFORT_ACTIVATION_TIME_S = 0.1;
/** How often the effort's random variation is redrawn (s). */
export const EFFORT_VARIATION_PERIOD_S = 0.2;

/** Options of `createExoPatient`. */
export interface ExoPatientOptions {
  /** The robot body the harness welds the patient's pelvis to (default `pelvis`, the exo's root link). */
  readonly robotPelvisBody?: string;
  /** Initial pelvis pose; bind() moves it onto the robot pelvis' reference pose anyway. */
  readonly pelvisPos?: V3;
  readonly pelvisQuat?: Q4;
}

/** Options of `createPatientLegs` (no robot: the pelvis is fixed in the world). */
export interface PatientLegsOptions {
  /** World position of the pelvis centre (default 0, 0, 1). */
  readonly pelvisPos?: V3;
  readonly pelvisQuat?: Q4;
  /** Which legs to build (default both). */
  readonly sides?: readonly Side[];
  /** Joints made rigid at the given angle (rad), e.g. `{ hip_flexion: π/2 }` for a seated pendulum test. */
  readonly lockedJoints?: Partial<Record<PatientJointType, number>>;
}

/** Indices of the exo patient's scalar state. */
const E = {
  effortLevel: 0,
  variation: 1,
  nextVariationS: 2,
  lastTimeS: 3,
  spasmTorqueNm: 4,
  spasmDurationS: 5,
  spasmUntilS: 6,
  burstTorqueNm: 7,
  burstDurationS: 8,
  burstUntilS: 9,
} as const;

/** Default duration of a `voluntary` burst (s). */
export const VOLUNTARY_BURST_DEFAULT_S = 0.5;

const CUFF_SEGMENTS = ['thigh', 'shank'] as const;
type CuffSegment = (typeof CUFF_SEGMENTS)[number];

interface ActiveJoint {
  readonly type: PatientJointType;
  readonly side: Side;
  readonly name: string;
  readonly maxTorqueNm: number;
  readonly reflexSpec: { readonly thresholdRadPerS: number; readonly gainNmsPerRad: number; readonly delayMs: number; readonly maxTorqueNm: number } | undefined;
}

/**
 * The patient in the exoskeleton (or, standalone, a patient's legs hanging from a fixed pelvis).
 *
 * Signals, per free joint `<j>` = `<type>_<side>` (types hip_abduction, hip_flexion, knee, ankle):
 * `patient_<j>/position` (rad), `patient_<j>/velocity` (rad/s), `patient_<j>/reflex_torque` and
 * `patient_<j>/voluntary_torque` (N·m, positive in the joint's positive direction); with a robot, per
 * cuff `patient_cuff_<thigh|shank>_<side>/force.x|y|z` (N, the force the cuff exerts ON THE PATIENT,
 * in the exoskeleton cuff site's frame: x anterior, z along the segment) and `/magnitude`; and
 * `patient/effort_level` (the voluntary effort level now, 0..1).
 */
export class ExoPatientModel implements HumanModel {
  readonly kind = 'exo_patient' as const;
  readonly prefix = 'patient';
  private readonly fragment: MjcfFragment;
  private readonly signalList: readonly HumanSignal[];
  private readonly joints: readonly ActiveJoint[];
  private readonly cuffs: readonly { readonly segment: CuffSegment; readonly side: Side }[];
  private readonly values: Float64Array;
  private readonly views = new MjViews();

  // Resolved in bind().
  private bound = false;
  private qposAdr = new Int32Array(0);
  private dofAdr = new Int32Array(0);
  private actuatorId = new Int32Array(0);
  /** The exoskeleton joint's dof each patient joint follows for voluntary effort; -1: the patient's own. */
  private referenceDof = new Int32Array(0);
  private cuffActuator = new Int32Array(0);
  private reflexes: (StretchReflex | null)[] = [];
  /** Voluntary torque now, per joint (filtered by EFFORT_ACTIVATION_TIME_S). */
  private voluntaryTorque = new Float64Array(0);
  private activationAlpha = 0;
  private rng: () => number = () => 0.5;

  // Per-run state (no allocation once bound); numbers live in a Float64Array, since a double stored in
  // an object field may be boxed on every write.
  private readonly st = new Float64Array(10);
  private effortSign: number;
  private effortPoints: Float64Array;
  private effortCursor = 0;
  private spasmJoint = -1;
  /** Joint of the pending or running `voluntary` burst (-1: none). */
  private burstJoint = -1;

  constructor(
    private readonly profile: ExoPatientProfile,
    private readonly legs: readonly LegChain[],
    private readonly mount: PelvisMount,
    private readonly locked: Partial<Record<PatientJointType, number>>,
    private readonly robot: RobotModel | undefined,
  ) {
    this.fragment = exoPatientMjcf({
      profile,
      legs,
      mount,
      lockedJoints: locked,
      ...(robot === undefined ? {} : { robotCuffSite: (segment: CuffSegment, side: Side) => `${segment}_cuff_${side}`, robotFoot: (side: Side) => `foot_${side}` }),
    });
    const spastic = profile.spasticity;
    const joints: ActiveJoint[] = [];
    for (const leg of legs) {
      for (const type of PATIENT_JOINT_TYPES) {
        if (locked[type] !== undefined) continue;
        const r = spastic.enabled ? spastic.joints[type] : undefined;
        joints.push({
          type,
          side: leg.side,
          name: `${type}_${leg.side}`,
          maxTorqueNm: profile.joints[type].maxVoluntaryTorqueNm,
          reflexSpec:
            r === undefined ? undefined : { thresholdRadPerS: r.velocityThresholdRadPerS, gainNmsPerRad: r.reflexGainNmsPerRad, delayMs: r.onsetDelayMs, maxTorqueNm: r.maxTorqueNm },
        });
      }
    }
    this.joints = joints;
    this.cuffs = robot === undefined ? [] : legs.flatMap((leg) => CUFF_SEGMENTS.map((segment) => ({ segment, side: leg.side })));
    const signals: HumanSignal[] = [];
    for (const j of joints) {
      signals.push(
        { name: `patient_${j.name}/position`, unit: 'rad', description: `patient's ${j.name.replace('_', ' ')} angle (exoskeleton sign convention)` },
        { name: `patient_${j.name}/velocity`, unit: 'rad/s', description: `patient's ${j.name} angular velocity` },
        { name: `patient_${j.name}/reflex_torque`, unit: 'N·m', description: `stretch-reflex (and spasm) torque at the patient's ${j.name}` },
        { name: `patient_${j.name}/voluntary_torque`, unit: 'N·m', description: `voluntary torque at the patient's ${j.name}` },
      );
    }
    for (const c of this.cuffs) {
      for (const axis of ['x', 'y', 'z'] as const) {
        signals.push({ name: `patient_cuff_${c.segment}_${c.side}/force.${axis}`, unit: 'N', description: `force of the ${c.side} ${c.segment} cuff on the patient, cuff-frame ${axis}` });
      }
      signals.push({ name: `patient_cuff_${c.segment}_${c.side}/magnitude`, unit: 'N', description: `magnitude of the ${c.side} ${c.segment} cuff force` });
    }
    signals.push({ name: 'patient/effort_level', unit: '1', description: 'voluntary effort level now (0..1)' });
    this.signalList = Object.freeze(signals);
    this.values = new Float64Array(signals.length);
    const effort = profile.voluntaryEffort;
    this.effortSign = effort.mode === 'helps' ? 1 : effort.mode === 'resists' ? -1 : 0;
    this.st[E.lastTimeS] = -1;
    this.st[E.spasmUntilS] = -1;
    this.st[E.burstUntilS] = -1;
    this.st[E.effortLevel] = effort.level;
    this.effortPoints = Float64Array.from((effort.timeProfile ?? []).flatMap((p) => [p.tS, p.level]));
  }

  mjcf(): MjcfFragment {
    return this.fragment;
  }

  signals(): readonly HumanSignal[] {
    return this.signalList;
  }

  bind(mujoco: MujocoModule, model: MjModel, rng: () => number): void {
    const n = this.joints.length;
    this.qposAdr = new Int32Array(n);
    this.dofAdr = new Int32Array(n);
    this.actuatorId = new Int32Array(n);
    this.referenceDof = new Int32Array(n).fill(-1);
    // Views are re-read after every name lookup: a lookup may grow WebAssembly memory and detach them.
    const jntQpos = (jid: number): number => (model.jnt_qposadr as Int32Array)[jid] ?? 0;
    const jntDof = (jid: number): number => (model.jnt_dofadr as Int32Array)[jid] ?? -1;
    const timestepS = model.opt.timestep;
    this.voluntaryTorque = new Float64Array(n);
    this.activationAlpha = Math.min(1, timestepS / EFFORT_ACTIVATION_TIME_S);
    this.joints.forEach((j, i) => {
      const jid = requireId(mujoco, model, 'joint', exoPatientNames.joint(j.type, j.side), "the patient's joint");
      this.qposAdr[i] = jntQpos(jid);
      this.dofAdr[i] = jntDof(jid);
      this.actuatorId[i] = requireId(mujoco, model, 'actuator', exoPatientNames.muscle(j.type, j.side), "the patient's muscle");
      if (this.robot !== undefined) {
        const rid = requireId(mujoco, model, 'joint', robotJointName(j.type, j.side), 'the exoskeleton joint the patient follows');
        this.referenceDof[i] = jntDof(rid);
      }
    });
    this.reflexes = this.joints.map((j) =>
      j.reflexSpec === undefined
        ? null
        : new StretchReflex(j.reflexSpec.thresholdRadPerS, j.reflexSpec.gainNmsPerRad, Math.round(j.reflexSpec.delayMs / 1000 / timestepS), j.reflexSpec.maxTorqueNm),
    );
    this.cuffActuator = new Int32Array(this.cuffs.length * 3);
    this.cuffs.forEach((c, i) => {
      (['x', 'y', 'z'] as const).forEach((axis, k) => {
        this.cuffActuator[3 * i + k] = requireId(mujoco, model, 'actuator', exoPatientNames.cuffActuator(c.segment, c.side, axis), 'a cuff spring');
      });
    });
    if (this.mount.mode === 'harness' && this.mount.robotPelvis !== undefined) {
      // Start the harnessed pelvis exactly on the robot's, wherever the scene put the robot.
      const robotPelvis = requireId(mujoco, model, 'body', this.mount.robotPelvis, "the exoskeleton body the patient's harness holds");
      requireId(mujoco, model, 'equality', exoPatientNames.harness, 'the harness weld');
      const pose = bodyPoseAtQpos0(model, robotPelvis);
      const free = requireId(mujoco, model, 'joint', exoPatientNames.freeJoint, "the patient's pelvis joint");
      const adr = jntQpos(free);
      const qpos0 = model.qpos0 as Float64Array;
      qpos0.set(pose.pos, adr);
      qpos0.set(pose.quat, adr + 3);
      const body = requireId(mujoco, model, 'body', exoPatientNames.pelvis, "the patient's pelvis");
      (model.body_pos as Float64Array).set(pose.pos, 3 * body);
      (model.body_quat as Float64Array).set(pose.quat, 4 * body);
      // The compiler placed each foot strap's anchor on the robot foot from where the MJCF put the
      // patient; at the neutral pose the patient's and the robot's foot frames coincide, so the anchor
      // has the same coordinates in both.
      for (const leg of this.legs) {
        requireId(mujoco, model, 'body', `foot_${leg.side}`, 'the exoskeleton footplate the foot is strapped to');
        const eq = requireId(mujoco, model, 'equality', exoPatientNames.footStrap(leg.side), 'a foot strap');
        const eqData = model.eq_data as Float64Array;
        const stride = eqData.length / model.neq;
        eqData.copyWithin(eq * stride + 3, eq * stride, eq * stride + 3);
      }
    }
    this.rng = rng;
    this.bound = true;
    this.resetRunState();
  }

  private resetRunState(): void {
    for (const r of this.reflexes) r?.reset();
    this.voluntaryTorque.fill(0);
    this.effortCursor = 0;
    this.st[E.nextVariationS] = 0;
    this.st[E.variation] = 0;
    this.st[E.spasmUntilS] = -1;
    this.st[E.burstUntilS] = -1;
  }

  beforeStep(data: MjData, timeS: number): void {
    if (!this.bound) return;
    const v = this.views;
    v.sync(data);
    if (timeS < this.st[E.lastTimeS]!) this.resetRunState();
    this.st[E.lastTimeS] = timeS;
    let profileLevel = this.st[E.effortLevel]!;
    if (this.effortPoints.length !== 0) {
      this.effortCursor = effortCursorAt(this.effortPoints, timeS, this.effortCursor);
      profileLevel = effortLevelAt(this.effortPoints, timeS, this.effortCursor);
    }
    if (timeS >= this.st[E.nextVariationS]!) {
      this.st[E.variation] = 2 * this.rng() - 1;
      this.st[E.nextVariationS] = timeS + EFFORT_VARIATION_PERIOD_S;
    }
    const level = Math.min(1, Math.max(0, profileLevel * (1 + this.profile.voluntaryEffort.variability * this.st[E.variation]!)));
    if (this.st[E.spasmDurationS]! > 0) {
      this.st[E.spasmUntilS] = timeS + this.st[E.spasmDurationS]!;
      this.st[E.spasmDurationS] = 0;
    }
    if (this.st[E.burstDurationS]! > 0) {
      this.st[E.burstUntilS] = timeS + this.st[E.burstDurationS]!;
      this.st[E.burstDurationS] = 0;
    }
    const burstOn = timeS < this.st[E.burstUntilS]!;    const qvel = v.qvel;
    const ctrl = v.ctrl;
    const values = this.values;
    for (let i = 0; i < this.joints.length; i++) {
      const j = this.joints[i]!;
      const omega = qvel[this.dofAdr[i]!] ?? 0;
      const reflex = this.reflexes[i];
      let involuntary = reflex === null || reflex === undefined ? 0 : reflex.update(omega);
      if (i === this.spasmJoint && timeS < this.st[E.spasmUntilS]!) involuntary += this.st[E.spasmTorqueNm]!;
      const refDof = this.referenceDof[i]!;
      const reference = refDof >= 0 ? (qvel[refDof] ?? 0) : omega;
      let wanted = this.effortSign * level * j.maxTorqueNm * Math.tanh(reference / EFFORT_VELOCITY_SCALE_RAD_PER_S);
      if (burstOn && i === this.burstJoint) {
        // A voluntary burst adds to the effort the patient already makes, within what the muscles can give.
        wanted += this.st[E.burstTorqueNm]!;
        if (wanted > j.maxTorqueNm) wanted = j.maxTorqueNm;
        else if (wanted < -j.maxTorqueNm) wanted = -j.maxTorqueNm;
      }
      const voluntary = (this.voluntaryTorque[i] ?? 0) + (wanted - (this.voluntaryTorque[i] ?? 0)) * this.activationAlpha;
      this.voluntaryTorque[i] = voluntary;
      ctrl[this.actuatorId[i]!] = involuntary + voluntary;
      values[4 * i + 2] = involuntary;
      values[4 * i + 3] = voluntary;
    }
    values[values.length - 1] = this.effortSign === 0 ? 0 : level;
  }

  afterStep(data: MjData, _timeS?: number): void {
    if (!this.bound) return;
    const v = this.views;
    v.sync(data);
    const values = this.values;
    for (let i = 0; i < this.joints.length; i++) {
      values[4 * i] = v.qpos[this.qposAdr[i]!] ?? 0;
      values[4 * i + 1] = v.qvel[this.dofAdr[i]!] ?? 0;
    }
    const base = 4 * this.joints.length;
    const force = v.actuatorForce;
    for (let c = 0; c < this.cuffs.length; c++) {
      const fx = force[this.cuffActuator[3 * c]!] ?? 0;
      const fy = force[this.cuffActuator[3 * c + 1]!] ?? 0;
      const fz = force[this.cuffActuator[3 * c + 2]!] ?? 0;
      values[base + 4 * c] = fx;
      values[base + 4 * c + 1] = fy;
      values[base + 4 * c + 2] = fz;
      values[base + 4 * c + 3] = Math.sqrt(fx * fx + fy * fy + fz * fz);
    }
  }

  readSignals(out: Float64Array, offset: number): void {
    out.set(this.values, offset);
  }

  /** Each cuff spring loads the exoskeleton's cuff force/torque sensor at `<segment>_cuff_<side>`. */
  interactionForces(): readonly { readonly site: string; readonly signal: string }[] {
    return this.cuffs.map((c) => ({ site: `${c.segment}_cuff_${c.side}`, signal: `patient_cuff_${c.segment}_${c.side}` }));
  }

  /**
   * Out-of-cycle commands:
   * - `{ op: 'spasm', joint: 'knee_left', durationS?: 0.5, torqueNm?: ±N·m }` — an involuntary burst
   *   (default: 80 % of the joint's maximum voluntary torque, in flexion) for fault injection: a step
   *   of torque at once, reported as reflex torque;
   * - `{ op: 'voluntary', joint: 'knee_left', torqueNm: ±N·m, durationS?: 0.5 }` — a sudden voluntary
   *   movement for fault injection: `torqueNm` (positive in the joint's positive direction) is added to
   *   the torque the patient wants from the next physics step for `durationS` seconds, within ±the
   *   joint's maximum voluntary torque (the request is clamped to it). Unlike a spasm it goes through
   *   the muscles' activation dynamics, so it rises (and, after `durationS`, falls) with the time
   *   constant EFFORT_ACTIVATION_TIME_S (63 % after 0.1 s), and it is reported as voluntary torque.
   *   One burst at a time: a new one replaces the running one. Replies `{joint, torqueNm (applied),
   *   requestedTorqueNm, limited, durationS, riseTimeConstantS}`;
   * - `{ op: 'setEffort', mode?: 'helps'|'passive'|'resists', level?: 0..1 }` — change the voluntary
   *   effort (the time profile, if any, is dropped);
   * - `{ op: 'status' }` — the current effort mode and level.
   */
  command(payload: { readonly op: string } & Record<string, unknown>): unknown {
    if (!this.bound) throw new KindredError('HUMAN_NOT_BOUND', `exo patient: command ${payload.op} before bind()`, { value: payload.op });
    switch (payload.op) {
      case 'spasm': {
        const name = payload['joint'];
        const i = this.joints.findIndex((j) => j.name === name);
        if (i < 0) throw invalid(payload.op, 'joint', name, this.joints.map((j) => j.name).join(' | '));
        const duration = optionalNumber(payload, 'durationS', 0.5, 0.001, 60);
        const j = this.joints[i]!;
        this.st[E.spasmTorqueNm] = optionalNumber(payload, 'torqueNm', 0.8 * j.maxTorqueNm, -500, 500);
        this.spasmJoint = i;
        this.st[E.spasmDurationS] = duration;
        return { joint: j.name, durationS: duration, torqueNm: this.st[E.spasmTorqueNm]! };
      }
      case 'voluntary': {
        const name = payload['joint'];
        const i = this.joints.findIndex((j) => j.name === name);
        if (i < 0) throw invalid(payload.op, 'joint', name, this.joints.map((j) => j.name).join(' | '));
        const j = this.joints[i]!;
        if (payload['torqueNm'] === undefined) throw invalid(payload.op, 'torqueNm', undefined, 'a torque in N·m (positive in the joint’s positive direction)');
        const requested = optionalNumber(payload, 'torqueNm', 0, -500, 500);
        const duration = optionalNumber(payload, 'durationS', VOLUNTARY_BURST_DEFAULT_S, 0.001, 60);
        const torque = Math.min(j.maxTorqueNm, Math.max(-j.maxTorqueNm, requested));
        this.burstJoint = i;
        this.st[E.burstTorqueNm] = torque;
        this.st[E.burstDurationS] = duration;
        return { joint: j.name, torqueNm: torque, requestedTorqueNm: requested, limited: torque !== requested, durationS: duration, riseTimeConstantS: EFFORT_ACTIVATION_TIME_S };
      }
      case 'setEffort': {
        const mode = payload['mode'];
        if (mode !== undefined) {
          if (mode !== 'helps' && mode !== 'passive' && mode !== 'resists') throw invalid(payload.op, 'mode', mode, 'helps | passive | resists');
          this.effortSign = mode === 'helps' ? 1 : mode === 'resists' ? -1 : 0;
        }
        if (payload['level'] !== undefined) this.st[E.effortLevel] = optionalNumber(payload, 'level', 0, 0, 1);
        this.effortPoints = new Float64Array(0);
        return this.command({ op: 'status' });
      }
      case 'status':
        return { mode: this.effortSign > 0 ? 'helps' : this.effortSign < 0 ? 'resists' : 'passive', level: this.st[E.effortLevel]!, joints: this.joints.map((j) => j.name) };
      default:
        throw new KindredError('HUMAN_COMMAND_INVALID', `exo patient: unknown op ${JSON.stringify(payload.op)}; expected one of spasm | voluntary | setEffort | status`, {
          field: 'op',
          value: payload.op,
          expected: 'spasm | voluntary | setEffort | status',
        });
    }
  }
}

function invalid(op: string, field: string, value: unknown, expected: string): KindredError {
  return new KindredError('HUMAN_COMMAND_INVALID', `${op}: ${field} is ${JSON.stringify(value) ?? String(value)}; expected ${expected}`, { field, value, expected });
}

function optionalNumber(payload: Record<string, unknown>, field: string, fallback: number, min: number, max: number): number {
  const v = payload[field];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw invalid(String(payload['op']), field, v, `a number between ${min} and ${max}`);
  return v;
}

/**
 * The patient in the exoskeleton: legs whose joints sit on the exoskeleton's (names, axes and limits
 * from `robot`, which must be kindred_exo or share its link, joint and cuff-frame names), a pelvis
 * harnessed to the robot's pelvis by a weld equality, and cuffs as spring-dampers between each
 * exoskeleton cuff site and the matching point of the patient's thigh and shank.
 *
 * The harness is a weld (not a spring): a harness and pelvic belt hold the pelvis firmly, and a weld
 * adds no stiff dynamics for the integrator to resolve.
 */
export function createExoPatient(profile: ExoPatientProfile, robot: RobotModel, options: ExoPatientOptions = {}): HumanModel {
  const legs = SIDES.map((side) => robotLegChain(robot, side));
  const robotPelvis = options.robotPelvisBody ?? 'pelvis';
  if (!robot.links.some((l) => l.name === robotPelvis)) {
    throw new KindredError('HUMAN_ROBOT_MISMATCH', `robot ${robot.name} has no link ${robotPelvis} for the patient's harness`, {
      ...(robot.source === undefined ? {} : { file: robot.source }),
      value: robotPelvis,
      expected: 'the exoskeleton pelvis link',
    });
  }
  const mount: PelvisMount = { pos: options.pelvisPos ?? [0, 0, 1], quat: options.pelvisQuat ?? IDENTITY_Q, mode: 'harness', robotPelvis };
  return new ExoPatientModel(profile, legs, mount, {}, robot);
}

/**
 * A patient's legs with no exoskeleton: the pelvis is fixed in the world and the legs hang (or sit,
 * with locked hips) under passive stiffness, damping, spasticity and voluntary effort. Used to test the
 * patient model on its own (pendulum and stretch-reflex tests) and for developing controllers' models.
 */
export function createPatientLegs(profile: ExoPatientProfile, options: PatientLegsOptions = {}): ExoPatientModel {
  const legs = (options.sides ?? SIDES).map((side) => anthropometricLegChain(profile.heightM, side));
  const mount: PelvisMount = { pos: options.pelvisPos ?? [0, 0, 1], quat: options.pelvisQuat ?? IDENTITY_Q, mode: 'fixed' };
  return new ExoPatientModel(profile, legs, mount, options.lockedJoints ?? {}, undefined);
}
