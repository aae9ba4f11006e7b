import type { DoubleBuffer, MjData, MjModel } from 'mujoco-js';
import { KindredError } from '../../runtime/errors/index.js';
import type { MujocoModule } from '../mujoco/types.js';
import type { BedPatientProfile } from '../profiles/index.js';
import { bedPatientMjcf, bedPatientNames, BED_PATIENT_REGIONS, DEFAULT_BED_TOP, LIMP_STIFFNESS_FRACTION, type BedPatientMjcf, type BedTop } from './bedPatientMjcf.js';
import { contactAddress, CONTACT_LAYOUT, verifyContactLayout } from './contactLayout.js';
import type { HumanModel, HumanSignal, MjcfFragment } from './HumanModel.js';
import { MjModelViews, MjViews } from './MjViews.js';
import { requireId } from './mjNames.js';

/** Options of `createBedPatient`. */
export interface BedPatientOptions {
  /**
   * Bodies whose contacts count as support besides every static body (the world, a static bed, the
   * floor): e.g. an articulated bed's backrest. Everything else that moves (the robot's arms) is "contact".
   */
  readonly supportBodies?: readonly string[];
  /** Which way the upper body rolls in a slump: towards the patient's left or right (default right). */
  readonly slumpSide?: 'left' | 'right';
}

/** Codes of `patient/posture`. */
export const BED_POSTURE_CODES = { supine: 0, lateral_left: 1, lateral_right: 2 } as const;

const NOT_PATIENT = -1;
const B = { slumpStartS: 0, slumpProgress: 1 } as const;

/**
 * The patient lying on the bed (transfer scene). Each step sums the normal contact forces on the
 * patient per body region, separately for contacts with support (anything static — bed, floor — or a
 * listed support body) and with anything else that moves (the robot's arms). Contacts between the
 * patient's own segments are internal and not counted.
 *
 * Signals: per region (BED_PATIENT_REGIONS: head, back, chest, abdomen, pelvis, upper_arm_<side>,
 * forearm_<side>, hand_<side>, thigh_<side>, shank_<side>) `patient_<region>/contact_force` (N, robot
 * and other moving bodies) and `patient_<region>/support_force` (N, bed); then `patient/posture`
 * (BED_POSTURE_CODES), `patient/slumped` (0..1, progress of a slump), `patient/pelvis_height` (m),
 * `patient/trunk_roll` and `patient/head_turn` (rad, relative to the rest posture), `patient/head_height` (m),
 * `patient/support_total` and `patient/contact_total` (N).
 */
export class BedPatientModel implements HumanModel {
  readonly kind = 'bed_patient' as const;
  readonly prefix = 'patient';
  private readonly built: BedPatientMjcf;
  private readonly signalList: readonly HumanSignal[];
  private readonly values: Float64Array;
  private readonly views = new MjViews();
  private readonly regionCount = BED_PATIENT_REGIONS.length;

  private bound = false;
  private mujoco: MujocoModule | undefined;
  private model: MjModel | undefined;
  private modelViews: MjModelViews | undefined;
  /** Per geom: the patient region index, or NOT_PATIENT. */
  private geomRegion = new Int16Array(0);
  /** Per geom: the region for contacts on the back of a trunk segment (or -1), and the geom's body. */
  private geomBackRegion = new Int16Array(0);
  private geomBody = new Int32Array(0);
  /** Per geom: 1 when contact with it counts as support. */
  private geomSupport = new Uint8Array(0);
  private forceBuffer: DoubleBuffer | undefined;
  private forceView: Float64Array = new Float64Array(0);
  private pelvisBody = 0;
  private headGeom = 0;
  private trunkRollQpos = 0;
  private headTurnQpos = 0;
  private slumpJoints = new Int32Array(0);
  /** Joint stiffness at the profile's tone (start of a slump) and when limp (end of a slump). */
  private stiffnessStart = new Float64Array(0);
  private stiffnessEnd = new Float64Array(0);
  private trunkRollJoint = 0;
  private headTurnJoint = 0;
  private trunkRollQposSpring = 0;
  private headTurnQposSpring = 0;

  private slumpRequested = 0;
  /** Slump start time and progress (a Float64Array: doubles in object fields may be boxed on every write). */
  private readonly st = Float64Array.of(-1, 0);

  constructor(
    private readonly profile: BedPatientProfile,
    private readonly bed: BedTop,
    private readonly options: BedPatientOptions,
  ) {
    this.built = bedPatientMjcf(profile, bed);
    const signals: HumanSignal[] = [];
    for (const r of BED_PATIENT_REGIONS) {
      signals.push(
        { name: `patient_${r.region}/contact_force`, unit: 'N', description: `normal force of robot (moving-body) contacts on the patient's ${r.region.replace('_', ' ')} (ISO/TS 15066: ${r.iso})` },
        { name: `patient_${r.region}/support_force`, unit: 'N', description: `normal force of the bed (static) on the patient's ${r.region.replace('_', ' ')}` },
      );
    }
    signals.push(
      { name: 'patient/posture', unit: 'code', description: 'lying posture: 0 supine, 1 on the left side, 2 on the right side' },
      { name: 'patient/slumped', unit: '1', description: 'progress of an injected slump, 0 (none) to 1 (complete)' },
      { name: 'patient/pelvis_height', unit: 'm', description: 'height of the pelvis centre above the floor' },
      { name: 'patient/trunk_roll', unit: 'rad', description: 'axial rotation of the upper body relative to the rest posture' },
      { name: 'patient/head_turn', unit: 'rad', description: 'rotation of the head relative to the rest posture' },
      { name: 'patient/head_height', unit: 'm', description: 'height of the centre of the head above the floor' },
      { name: 'patient/support_total', unit: 'N', description: 'sum of the bed’s normal forces on the patient' },
      { name: 'patient/contact_total', unit: 'N', description: 'sum of the robot’s (moving bodies’) normal forces on the patient' },
    );
    this.signalList = Object.freeze(signals);
    this.values = new Float64Array(signals.length);
    this.values[2 * this.regionCount] = BED_POSTURE_CODES[profile.posture];
  }

  mjcf(): MjcfFragment {
    return this.built.fragment;
  }

  signals(): readonly HumanSignal[] {
    return this.signalList;
  }

  /** The patient's total mass (kg) as modelled. */
  get massKg(): number {
    return this.profile.massKg;
  }

  /** The bed top the patient was placed on. */
  get bedTop(): BedTop {
    return this.bed;
  }

  bind(mujoco: MujocoModule, model: MjModel, _rng?: () => number): void {
    verifyContactLayout(mujoco);
    this.mujoco = mujoco;
    this.model = model;
    this.modelViews = new MjModelViews(model);
    const ngeom = model.ngeom;
    this.geomRegion = new Int16Array(ngeom).fill(NOT_PATIENT);
    this.geomBackRegion = new Int16Array(ngeom).fill(NOT_PATIENT);
    const regionIndex = new Map<string, number>(BED_PATIENT_REGIONS.map((r, i) => [r.region, i]));
    for (const g of this.built.geoms) {
      const id = requireId(mujoco, model, 'geom', g.name, "one of the lying patient's segments");
      this.geomRegion[id] = regionIndex.get(g.region) ?? NOT_PATIENT;
      if (g.backRegion !== undefined) this.geomBackRegion[id] = regionIndex.get(g.backRegion) ?? NOT_PATIENT;
    }
    const supportBodies = new Set((this.options.supportBodies ?? []).map((b) => requireId(mujoco, model, 'body', b, 'a support body of the bed')));
    // Views read after the name lookups (a lookup may grow WebAssembly memory and detach them).
    const geomBodyId = model.geom_bodyid as Int32Array;
    const weld = model.body_weldid as Int32Array;
    this.geomBody = Int32Array.from(geomBodyId);
    this.geomSupport = new Uint8Array(ngeom);
    for (let g = 0; g < ngeom; g++) {
      const b = geomBodyId[g] ?? 0;
      this.geomSupport[g] = (weld[b] ?? 0) === 0 || supportBodies.has(b) ? 1 : 0;
    }
    this.pelvisBody = requireId(mujoco, model, 'body', bedPatientNames.root, "the lying patient's pelvis");
    this.headGeom = requireId(mujoco, model, 'geom', 'patient_head_geom', "the lying patient's head");
    this.trunkRollJoint = requireId(mujoco, model, 'joint', bedPatientNames.trunkRoll, "the patient's trunk rotation");
    this.headTurnJoint = requireId(mujoco, model, 'joint', bedPatientNames.headTurn, "the patient's neck rotation");
    const qposAdr = model.jnt_qposadr as Int32Array;
    this.trunkRollQpos = qposAdr[this.trunkRollJoint] ?? 0;
    this.headTurnQpos = qposAdr[this.headTurnJoint] ?? 0;
    this.trunkRollQposSpring = this.trunkRollQpos;
    this.headTurnQposSpring = this.headTurnQpos;
    this.slumpJoints = Int32Array.from(this.built.joints.map((j) => requireId(mujoco, model, 'joint', j, "one of the lying patient's joints")));
    const tone = this.profile.muscleTone === 'limp' ? LIMP_STIFFNESS_FRACTION : 1;
    const normal = this.built.joints.map((j) => this.built.normalStiffness.get(j) ?? 0);
    this.stiffnessStart = Float64Array.from(normal, (k) => k * tone);
    this.stiffnessEnd = Float64Array.from(normal, (k) => k * LIMP_STIFFNESS_FRACTION);
    this.forceBuffer?.delete();
    this.forceBuffer = new mujoco.DoubleBuffer(6);
    this.forceView = this.forceBuffer.GetView() as Float64Array;
    this.bound = true;
  }

  beforeStep(_data: MjData, timeS: number): void {
    if (!this.bound || this.modelViews === undefined) return;
    if (this.slumpRequested !== 0) {
      this.st[B.slumpStartS] = this.slumpRequested > 0 ? timeS : -1;
      if (this.slumpRequested < 0) this.st[B.slumpProgress] = 0;
      this.slumpRequested = 0;
      this.applySlump(this.st[B.slumpProgress]!);
    }
    if (this.st[B.slumpStartS]! < 0) return;
    const progress = Math.min(1, (timeS - this.st[B.slumpStartS]!) / this.profile.slump.durationS);
    if (progress !== this.st[B.slumpProgress]!) {
      this.st[B.slumpProgress] = progress;
      this.applySlump(progress);
    }
  }

  /** Move the joint springs' rest angles and stiffness towards the slumped state (model arrays, no allocation). */
  private applySlump(progress: number): void {
    const mv = this.modelViews;
    if (mv === undefined) return;
    mv.sync();
    const side = this.options.slumpSide === 'left' ? 1 : -1;
    mv.qposSpring[this.trunkRollQposSpring] = side * progress * this.profile.slump.trunkRollRad;
    mv.qposSpring[this.headTurnQposSpring] = side * progress * this.profile.slump.headDropRad;
    for (let i = 0; i < this.slumpJoints.length; i++) {
      const start = this.stiffnessStart[i] ?? 0;
      mv.jntStiffness[this.slumpJoints[i]!] = start + ((this.stiffnessEnd[i] ?? 0) - start) * progress;
    }
  }

  afterStep(data: MjData, _timeS?: number): void {
    const mujoco = this.mujoco;
    const model = this.model;
    if (!this.bound || mujoco === undefined || model === undefined || this.forceBuffer === undefined) return;
    const v = this.views;
    v.sync(data);
    if (this.forceView.byteLength === 0) this.forceView = this.forceBuffer.GetView() as Float64Array;
    const values = this.values;
    const nr = this.regionCount;
    for (let r = 0; r < 2 * nr; r++) values[r] = 0;
    let supportTotal = 0;
    let contactTotal = 0;
    const ncon = data.ncon;
    const i32 = v.heapI32;
    const f64 = v.heapF64;
    for (let c = 0; c < ncon; c++) {
      const at = contactAddress(v.arenaByteOffset, c);
      const g1 = i32[(at + CONTACT_LAYOUT.geom1Bytes) >> 2] ?? -1;
      const g2 = i32[(at + CONTACT_LAYOUT.geom2Bytes) >> 2] ?? -1;
      if (g1 < 0 || g2 < 0) continue;
      const r1 = this.geomRegion[g1] ?? NOT_PATIENT;
      const r2 = this.geomRegion[g2] ?? NOT_PATIENT;
      if ((r1 === NOT_PATIENT) === (r2 === NOT_PATIENT)) continue; // not the patient, or the patient touching itself
      const mine = r1 !== NOT_PATIENT ? g1 : g2;
      const other = r1 !== NOT_PATIENT ? g2 : g1;
      let region = r1 !== NOT_PATIENT ? r1 : r2;
      const back = this.geomBackRegion[mine] ?? NOT_PATIENT;
      if (back !== NOT_PATIENT) {
        // Back or front of the trunk: does the contact normal leave the patient through its back?
        // MuJoCo's normal (first row of the contact frame) points from geom1 to geom2.
        const b = this.geomBody[mine] ?? 0;
        const sign = mine === g1 ? 1 : -1;
        const nx = sign * (f64[(at + CONTACT_LAYOUT.frameBytes) >> 3] ?? 0);
        const ny = sign * (f64[(at + CONTACT_LAYOUT.frameBytes + 8) >> 3] ?? 0);
        const nz = sign * (f64[(at + CONTACT_LAYOUT.frameBytes + 16) >> 3] ?? 0);
        const anterior = nx * (v.xmat[9 * b] ?? 0) + ny * (v.xmat[9 * b + 3] ?? 0) + nz * (v.xmat[9 * b + 6] ?? 0);
        if (anterior < -Math.SQRT1_2) region = back;
      }
      mujoco.mj_contactForce(model, data, c, this.forceBuffer);
      const normal = this.forceView[0] ?? 0;
      if (this.geomSupport[other] === 1) {
        values[2 * region + 1] = (values[2 * region + 1] ?? 0) + normal;
        supportTotal += normal;
      } else {
        values[2 * region] = (values[2 * region] ?? 0) + normal;
        contactTotal += normal;
      }
    }
    const base = 2 * nr;
    values[base + 1] = this.st[B.slumpProgress]!;
    values[base + 2] = v.xpos[3 * this.pelvisBody + 2] ?? 0;
    values[base + 3] = v.qpos[this.trunkRollQpos] ?? 0;
    values[base + 4] = v.qpos[this.headTurnQpos] ?? 0;
    values[base + 5] = v.geomXpos[3 * this.headGeom + 2] ?? 0;
    values[base + 6] = supportTotal;
    values[base + 7] = contactTotal;
  }

  readSignals(out: Float64Array, offset: number): void {
    out.set(this.values, offset);
  }

  /**
   * Out-of-cycle commands: `{ op: 'slump' }` starts the profile's slump (tone drops to limp, the upper
   * body rolls and the head turns to one side over `slump.durationS`); `{ op: 'recover' }` restores the
   * rest posture's springs at once; `{ op: 'status' }` reports posture and slump progress.
   */
  command(payload: { readonly op: string } & Record<string, unknown>): unknown {
    if (!this.bound) throw new KindredError('HUMAN_NOT_BOUND', `bed patient: command ${payload.op} before bind()`, { value: payload.op });
    switch (payload.op) {
      case 'slump':
        this.slumpRequested = 1;
        return { slump: 'started', durationS: this.profile.slump.durationS };
      case 'recover':
        this.slumpRequested = -1;
        return { slump: 'recovered' };
      case 'status':
        return { posture: this.profile.posture, slumped: this.st[B.slumpProgress]! };
      default:
        throw new KindredError('HUMAN_COMMAND_INVALID', `bed patient: unknown op ${JSON.stringify(payload.op)}; expected one of slump | recover | status`, {
          field: 'op',
          value: payload.op,
          expected: 'slump | recover | status',
        });
    }
  }
}

/**
 * The patient lying on the bed of the transfer scene (`bedTop`: the mattress surface, default
 * DEFAULT_BED_TOP). The body settles onto the mattress in the first second of simulation.
 */
export function createBedPatient(profile: BedPatientProfile, bedTop: BedTop = DEFAULT_BED_TOP, options: BedPatientOptions = {}): BedPatientModel {
  return new BedPatientModel(profile, bedTop, options);
}

export type { BedTop };
