import type { ExoPatientProfile, PatientJointType } from '../profiles/index.js';
import { PATIENT_JOINT_TYPES } from '../profiles/index.js';
import { legAnthropometry, type LegAnthropometry } from './anthropometrics.js';
import type { MjcfFragment } from './HumanModel.js';
import { lockedQuat, type LegChain, type Side } from './legGeometry.js';
import { num, vec } from './mjcfFormat.js';
import type { Q4, V3 } from './spatial.js';

/**
 * Reflected inertia added to every patient joint (MJCF `armature`, kg·m²): a token amount that keeps
 * the light hip connector well conditioned; it is 0.25 % of the shank's inertia about the knee.
 */
export const JOINT_ARMATURE_KGM2 = 0.001;

/** Skin colour of the patient's geoms in the viewer. */
const SKIN_RGBA = '0.87 0.72 0.6 0.9';

/** The MJCF names the exo patient creates, all prefixed by `patient_`. */
export const exoPatientNames = {
  pelvis: 'patient_pelvis',
  freeJoint: 'patient_pelvis_free',
  harness: 'patient_harness',
  body: (segment: 'hip' | 'thigh' | 'shank' | 'foot', side: Side): string => `patient_${segment}_${side}`,
  joint: (type: PatientJointType, side: Side): string => `patient_${type}_${side}`,
  muscle: (type: PatientJointType, side: Side): string => `patient_${type}_${side}_muscle`,
  cuffSite: (segment: 'thigh' | 'shank', side: Side): string => `patient_${segment}_cuff_${side}`,
  cuffActuator: (segment: 'thigh' | 'shank', side: Side, axis: 'x' | 'y' | 'z'): string => `patient_cuff_${segment}_${side}_${axis}`,
  footStrap: (side: Side): string => `patient_foot_strap_${side}`,
} as const;

/** Where the patient's pelvis hangs and what holds it. */
export interface PelvisMount {
  readonly pos: V3;
  readonly quat: Q4;
  /** `fixed`: welded to the world (standalone legs); `harness`: a free body welded to the robot body `robotPelvis`. */
  readonly mode: 'fixed' | 'harness';
  readonly robotPelvis?: string;
}

/** Everything the fragment builder needs; `lockedJoints` become rigid at the given angle (no joint). */
export interface ExoPatientMjcfInput {
  readonly profile: ExoPatientProfile;
  readonly legs: readonly LegChain[];
  readonly mount: PelvisMount;
  readonly lockedJoints: Partial<Record<PatientJointType, number>>;
  /** Exoskeleton cuff sites to couple to (robot mode); absent for standalone legs. */
  readonly robotCuffSite?: (segment: 'thigh' | 'shank', side: Side) => string;
  /** Exoskeleton foot bodies the feet are strapped to (robot mode). */
  readonly robotFoot?: (side: Side) => string;
}

/** The anthropometry the MJCF uses: the profile's mass and stature, with the chain's segment lengths. */
export function patientAnthropometry(profile: ExoPatientProfile, leg: LegChain): LegAnthropometry {
  return legAnthropometry(profile.heightM, profile.massKg, { thighM: leg.thighLengthM, shankM: leg.shankLengthM });
}

function jointXml(input: ExoPatientMjcfInput, type: PatientJointType, side: Side, leg: LegChain): string {
  if (input.lockedJoints[type] !== undefined) return '';
  const j = leg.joints[type];
  const p = input.profile.joints[type];
  return `<joint name="${exoPatientNames.joint(type, side)}" type="hinge" pos="0 0 0" axis="${vec(...j.axis)}" limited="true" range="${vec(j.lowerRad, j.upperRad)}" stiffness="${num(p.stiffnessNmPerRad)}" springref="${num(p.neutralRad)}" damping="${num(p.dampingNmsPerRad)}" armature="${num(JOINT_ARMATURE_KGM2)}"/>`;
}

function bodyOpen(name: string, pos: V3, quat: Q4): string {
  return `<body name="${name}" pos="${vec(...pos)}" quat="${vec(...quat)}">`;
}

function legXml(input: ExoPatientMjcfInput, leg: LegChain): string {
  const a = patientAnthropometry(input.profile, leg);
  const s = leg.side;
  const n = exoPatientNames;
  const locked = input.lockedJoints;
  const geom = (name: string, rest: string): string => `<geom name="${name}" ${rest} contype="0" conaffinity="0" group="1" rgba="${SKIN_RGBA}"/>`;
  const j = leg.joints;
  const foot = a.foot;
  return [
    bodyOpen(n.body('hip', s), j.hip_abduction.pos, lockedQuat(j.hip_abduction, locked.hip_abduction)),
    // A light connector between the two hip axes, as in the exoskeleton's hip link.
    `<inertial pos="0 0 0" mass="0.05" diaginertia="2e-5 2e-5 2e-5"/>`,
    jointXml(input, 'hip_abduction', s, leg),
    bodyOpen(n.body('thigh', s), j.hip_flexion.pos, lockedQuat(j.hip_flexion, locked.hip_flexion)),
    `<inertial pos="0 0 ${num(-a.thigh.comFromProximalM)}" mass="${num(a.thigh.massKg)}" diaginertia="${vec(a.thigh.transverseKgM2, a.thigh.transverseKgM2, a.thigh.longitudinalKgM2)}"/>`,
    jointXml(input, 'hip_flexion', s, leg),
    geom(`${n.body('thigh', s)}_geom`, `type="capsule" fromto="0 0 0 ${vec(...j.knee.pos)}" size="${num(a.thigh.radiusM)}" mass="0"`),
    leg.thighCuff === undefined ? '' : `<site name="${n.cuffSite('thigh', s)}" pos="${vec(...leg.thighCuff)}" size="0.012" group="1"/>`,
    bodyOpen(n.body('shank', s), j.knee.pos, lockedQuat(j.knee, locked.knee)),
    `<inertial pos="0 0 ${num(-a.shank.comFromProximalM)}" mass="${num(a.shank.massKg)}" diaginertia="${vec(a.shank.transverseKgM2, a.shank.transverseKgM2, a.shank.longitudinalKgM2)}"/>`,
    jointXml(input, 'knee', s, leg),
    geom(`${n.body('shank', s)}_geom`, `type="capsule" fromto="0 0 0 ${vec(...j.ankle.pos)}" size="${num(a.shank.radiusM)}" mass="0"`),
    leg.shankCuff === undefined ? '' : `<site name="${n.cuffSite('shank', s)}" pos="${vec(...leg.shankCuff)}" size="0.012" group="1"/>`,
    bodyOpen(n.body('foot', s), j.ankle.pos, lockedQuat(j.ankle, locked.ankle)),
    `<inertial pos="${vec(foot.comXM, 0, foot.comZM)}" mass="${num(foot.massKg)}" diaginertia="${vec(foot.ixxKgM2, foot.iyyKgM2, foot.izzKgM2)}"/>`,
    jointXml(input, 'ankle', s, leg),
    geom(`${n.body('foot', s)}_geom`, `type="box" pos="${vec(foot.lengthM * 0.25, 0, -foot.ankleHeightM / 2)}" size="${vec(foot.lengthM / 2, foot.widthM / 2, foot.ankleHeightM / 2)}" mass="0"`),
    '</body></body></body></body>',
  ].join('');
}

/**
 * The exo patient's MJCF: a pelvis (fixed, or free and harnessed to the robot's pelvis by a weld),
 * two legs whose joints carry the profile's passive stiffness (about `neutralRad`) and damping, a
 * motor per free joint for the stretch reflex and voluntary effort, and per cuff three affine
 * actuators between the patient's cuff point and the exoskeleton's cuff site that realise a linear
 * spring-damper along the cuff site's axes — MuJoCo applies each as equal and opposite forces on the
 * two bodies, inside the step, so the coupling is exact and costs the control loop nothing.
 *
 * The feet are strapped to the exoskeleton's footplates (a soft `connect` equality at the foot's centre
 * of mass). The patient's geoms do not collide (contype/conaffinity 0): they lie inside the
 * exoskeleton's, and the exoskeleton's feet carry the ground contact.
 */
export function exoPatientMjcf(input: ExoPatientMjcfInput): MjcfFragment {
  const { profile, mount } = input;
  const n = exoPatientNames;
  const pelvis = legAnthropometry(profile.heightM, profile.massKg).pelvis;
  const box = (m: number, x: number, y: number, z: number): string => vec((m * (y * y + z * z)) / 12, (m * (x * x + z * z)) / 12, (m * (x * x + y * y)) / 12);
  const worldbody = [
    `<body name="${n.pelvis}" pos="${vec(...mount.pos)}" quat="${vec(...mount.quat)}">`,
    mount.mode === 'harness' ? `<freejoint name="${n.freeJoint}"/>` : '',
    `<inertial pos="0 0 0" mass="${num(pelvis.massKg)}" diaginertia="${box(pelvis.massKg, pelvis.depthM, pelvis.widthM, pelvis.heightM)}"/>`,
    `<geom name="${n.pelvis}_geom" type="box" size="${vec(pelvis.depthM / 2, pelvis.widthM / 2, pelvis.heightM / 2)}" mass="0" contype="0" conaffinity="0" group="1" rgba="${SKIN_RGBA}"/>`,
    ...input.legs.map((leg) => legXml(input, leg)),
    '</body>',
  ].join('\n');

  const actuators: string[] = [];
  for (const leg of input.legs) {
    for (const type of PATIENT_JOINT_TYPES) {
      if (input.lockedJoints[type] !== undefined) continue;
      actuators.push(`<motor name="${n.muscle(type, leg.side)}" joint="${n.joint(type, leg.side)}" gear="1" ctrllimited="false"/>`);
    }
  }
  const cuffSite = input.robotCuffSite;
  if (cuffSite !== undefined) {
    const k = profile.cuffs.stiffnessNPerM;
    const c = profile.cuffs.dampingNsPerM;
    for (const leg of input.legs) {
      for (const segment of ['thigh', 'shank'] as const) {
        (['x', 'y', 'z'] as const).forEach((axis, i) => {
          const gear = [0, 0, 0, 0, 0, 0];
          gear[i] = 1;
          actuators.push(
            `<general name="${n.cuffActuator(segment, leg.side, axis)}" site="${n.cuffSite(segment, leg.side)}" refsite="${cuffSite(segment, leg.side)}" gear="${gear.join(' ')}" gaintype="fixed" gainprm="0" biastype="affine" biasprm="0 ${num(-k)} ${num(-c)}" ctrllimited="false"/>`,
          );
        });
      }
    }
  }
  const equalities: string[] = [];
  if (mount.mode === 'harness' && mount.robotPelvis !== undefined) {
    equalities.push(`<weld name="${n.harness}" body1="${n.pelvis}" body2="${mount.robotPelvis}" relpose="0 0 0 1 0 0 0" solref="0.004 1"/>`);
  }
  const robotFoot = input.robotFoot;
  if (robotFoot !== undefined) {
    // The foot strapped to the footplate at the foot's centre of mass: a soft ball-joint constraint.
    for (const leg of input.legs) {
      const foot = patientAnthropometry(profile, leg).foot;
      equalities.push(`<connect name="${n.footStrap(leg.side)}" body1="${n.body('foot', leg.side)}" body2="${robotFoot(leg.side)}" anchor="${vec(foot.comXM, 0, foot.comZM)}" solref="0.02 1"/>`);
    }
  }
  const equality = equalities.length === 0 ? undefined : equalities.join('\n');
  return {
    worldbody,
    actuator: actuators.join('\n'),
    ...(equality === undefined ? {} : { equality }),
  };
}
