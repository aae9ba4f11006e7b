import { HUMAN_TOUCHING_ROBOT } from '../mjcf/collision.js';
import type { BedPatientProfile } from '../profiles/index.js';
import { BED_TOP } from '../scenes/environment/hospitalRoom.js';
import { bodyAnthropometry, type BodyAnthropometry } from './anthropometrics.js';
import type { MjcfFragment } from './HumanModel.js';
import { num, vec } from './mjcfFormat.js';
import { quatAxisAngle, quatMul, rotate, type Q4, type V3 } from './spatial.js';

/**
 * The top of the bed the patient lies on (the shape of sim/scenes' BED_TOP): centre of the mattress
 * surface (x, y, m) and its height z (m), and `yaw`, the direction of the bed's long axis towards the
 * head end (rad about world z).
 */
export interface BedTop {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly yaw: number;
}

/** Where the patient lies by default: the mattress of the transfer_bed scene. */
export const DEFAULT_BED_TOP: BedTop = BED_TOP;

/**
 * The body regions whose contact forces are reported, each with the ISO/TS 15066:2016 Annex A body
 * region it is judged against and that region's quasi-static maximum force (Table A.2, as in
 * /work/shared/reference/body-region-limits.md). The limits are the standard's healthy-adult values;
 * the safety supervisor applies its own, stricter eldercare profile.
 */
export const BED_PATIENT_REGIONS = [
  { region: 'head', iso: 'skull and forehead', quasiStaticLimitN: 130 },
  { region: 'back', iso: 'back and shoulders', quasiStaticLimitN: 210 },
  { region: 'chest', iso: 'chest', quasiStaticLimitN: 140 },
  { region: 'abdomen', iso: 'abdomen', quasiStaticLimitN: 110 },
  { region: 'pelvis', iso: 'pelvis', quasiStaticLimitN: 180 },
  { region: 'upper_arm_left', iso: 'upper arm and elbow', quasiStaticLimitN: 150 },
  { region: 'upper_arm_right', iso: 'upper arm and elbow', quasiStaticLimitN: 150 },
  { region: 'forearm_left', iso: 'lower arm and wrist', quasiStaticLimitN: 160 },
  { region: 'forearm_right', iso: 'lower arm and wrist', quasiStaticLimitN: 160 },
  { region: 'hand_left', iso: 'hand and fingers', quasiStaticLimitN: 140 },
  { region: 'hand_right', iso: 'hand and fingers', quasiStaticLimitN: 140 },
  { region: 'thigh_left', iso: 'thigh and knee', quasiStaticLimitN: 220 },
  { region: 'thigh_right', iso: 'thigh and knee', quasiStaticLimitN: 220 },
  { region: 'shank_left', iso: 'lower leg', quasiStaticLimitN: 130 },
  { region: 'shank_right', iso: 'lower leg', quasiStaticLimitN: 130 },
] as const;

export type BedPatientRegion = (typeof BED_PATIENT_REGIONS)[number]['region'];

/**
 * One geom of the lying patient and how its contacts are attributed: to a fixed region, or — for
 * the thorax and abdomen — to the back when the contact's normal points out of the patient's back
 * (within 45° of the segment's posterior axis), otherwise to the front region (chest / abdomen).
 * Contacts on the flanks thus count against the stricter front limits.
 */
export interface BedPatientGeom {
  readonly name: string;
  readonly body: string;
  readonly region: BedPatientRegion;
  /** For trunk geoms: the region of contacts on the back. */
  readonly backRegion?: BedPatientRegion;
}

/** A joint of the lying patient with its stiffness and damping at normal tone. */
interface BedJoint {
  readonly name: string;
  readonly axis: V3;
  readonly rangeRad: readonly [number, number];
  readonly stiffnessNmPerRad: number;
  readonly dampingNmsPerRad: number;
}

/** Limp tone keeps this fraction of the normal stiffness, and half the damping. */
export const LIMP_STIFFNESS_FRACTION = 0.15;

const SKIN = '0.87 0.72 0.6 1';
const GOWN = '0.55 0.7 0.85 1';

/** Names of the joints a slump moves (about the body's long axis). */
export const bedPatientNames = {
  root: 'patient_pelvis',
  free: 'patient_root',
  trunkRoll: 'patient_trunk_rotation',
  headTurn: 'patient_neck_rotation',
} as const;

/** A rotation matrix given by the images of the body's x, y and z axes, as a quaternion. */
function quatFromAxes(ix: V3, iy: V3, iz: V3): Q4 {
  const [m00, m10, m20] = ix;
  const [m01, m11, m21] = iy;
  const [m02, m12, m22] = iz;
  const tr = m00 + m11 + m22;
  if (tr > 0) {
    const s = Math.sqrt(tr + 1) * 2;
    return [0.25 * s, (m21 - m12) / s, (m02 - m20) / s, (m10 - m01) / s];
  }
  if (m00 > m11 && m00 > m22) {
    const s = Math.sqrt(1 + m00 - m11 - m22) * 2;
    return [(m21 - m12) / s, 0.25 * s, (m01 + m10) / s, (m02 + m20) / s];
  }
  if (m11 > m22) {
    const s = Math.sqrt(1 + m11 - m00 - m22) * 2;
    return [(m02 - m20) / s, (m01 + m10) / s, 0.25 * s, (m12 + m21) / s];
  }
  const s = Math.sqrt(1 + m22 - m00 - m11) * 2;
  return [(m10 - m01) / s, (m02 + m20) / s, (m12 + m21) / s, 0.25 * s];
}

/** Orientation of the body (x anterior, y left, z towards the head) lying on a bed whose long axis is world x. */
function lyingQuat(posture: BedPatientProfile['posture']): Q4 {
  switch (posture) {
    case 'supine':
      return quatFromAxes([0, 0, 1], [0, -1, 0], [1, 0, 0]);
    case 'lateral_left':
      return quatFromAxes([0, -1, 0], [0, 0, -1], [1, 0, 0]);
    case 'lateral_right':
      return quatFromAxes([0, 1, 0], [0, 0, 1], [1, 0, 0]);
  }
}

/** The rest posture's joint angles baked into the bodies (zero joint angle = rest), per posture. */
interface RestPose {
  readonly hipFlexion: number;
  readonly knee: number;
  readonly shoulderFlexion: number;
  readonly shoulderAbduction: number;
  readonly elbow: number;
}

function restPose(posture: BedPatientProfile['posture']): RestPose {
  return posture === 'supine'
    ? { hipFlexion: 0.05, knee: 0.1, shoulderFlexion: 0, shoulderAbduction: 0.12, elbow: 0.3 }
    : { hipFlexion: 0.7, knee: 1.0, shoulderFlexion: 1.2, shoulderAbduction: 0.1, elbow: 0.8 };
}

/** Everything the bed patient's MJCF is made of, with the tables BedPatient.bind needs. */
export interface BedPatientMjcf {
  readonly fragment: MjcfFragment;
  readonly geoms: readonly BedPatientGeom[];
  readonly joints: readonly string[];
  readonly normalStiffness: ReadonlyMap<string, number>;
  readonly normalDamping: ReadonlyMap<string, number>;
  readonly anthropometry: BodyAnthropometry;
}

/**
 * The lying patient: pelvis (free) → abdomen (lumbar flexion, lateral bend) → thorax (axial rotation)
 * → head (neck flexion, rotation); shoulders (flexion, abduction) → elbows, with the hand a geom of the
 * forearm; hips (flexion, abduction) → knees, with the foot a geom of the shank. Masses are Winter's
 * (Table 4.1) on each segment's geoms, so MuJoCo derives inertias from the shapes. Joint stiffness and
 * damping hold the rest posture at normal tone; limp tone keeps 15 % of the stiffness.
 */
export function bedPatientMjcf(profile: BedPatientProfile, bed: BedTop): BedPatientMjcf {
  const a = bodyAnthropometry(profile.heightM, profile.massKg);
  const rest = restPose(profile.posture);
  const limp = profile.muscleTone === 'limp';
  const geoms: BedPatientGeom[] = [];
  const joints: BedJoint[] = [];
  const joint = (name: string, axis: V3, rangeRad: readonly [number, number], stiffness: number, damping: number): string => {
    joints.push({ name, axis, rangeRad, stiffnessNmPerRad: stiffness, dampingNmsPerRad: damping });
    const k = limp ? stiffness * LIMP_STIFFNESS_FRACTION : stiffness;
    const c = limp ? damping * 0.5 : damping;
    return `<joint name="${name}" type="hinge" axis="${vec(...axis)}" range="${vec(...rangeRad)}" stiffness="${num(k)}" damping="${num(c)}" armature="0.005"/>`;
  };
  const geom = (g: BedPatientGeom, attrs: string, rgba = SKIN): string => {
    geoms.push(g);
    return `<geom name="${g.name}" ${attrs} rgba="${rgba}" contype="${HUMAN_TOUCHING_ROBOT.contype}" conaffinity="${HUMAN_TOUCHING_ROBOT.conaffinity}" friction="0.8 0.005 0.0001" solref="0.01 1"/>`;
  };
  const box = (m: number, hx: number, hy: number, hz: number, pos: V3): string => `type="box" size="${vec(hx, hy, hz)}" pos="${vec(...pos)}" mass="${num(m)}"`;
  const axisQuat = (axis: V3, angle: number): string => vec(...quatAxisAngle(axis, angle));

  const p = a.pelvis;
  const ab = a.abdomen;
  const th = a.thorax;
  const headR = a.head.radiusM;
  const out: string[] = [];
  // Trunk and head.
  out.push(
    geom({ name: 'patient_pelvis_geom', body: 'patient_pelvis', region: 'pelvis' }, box(p.massKg, p.depthM / 2, p.widthM / 2, p.lengthM / 2, [0, 0, 0]), GOWN),
    `<body name="patient_abdomen" pos="0 0 ${num(p.lengthM / 2)}">`,
    joint('patient_lumbar_flexion', [0, 1, 0], [-0.5, 0.8], 60, 4),
    joint('patient_lumbar_bend', [1, 0, 0], [-0.4, 0.4], 60, 4),
    geom(
      { name: 'patient_abdomen_geom', body: 'patient_abdomen', region: 'abdomen', backRegion: 'back' },
      box(ab.massKg, ab.depthM / 2, ab.widthM / 2, ab.lengthM / 2, [0, 0, ab.lengthM / 2]),
      GOWN,
    ),
    `<body name="patient_thorax" pos="0 0 ${num(ab.lengthM)}">`,
    joint(bedPatientNames.trunkRoll, [0, 0, 1], [-0.8, 0.8], 50, 4),
    geom(
      { name: 'patient_thorax_geom', body: 'patient_thorax', region: 'chest', backRegion: 'back' },
      box(th.massKg, th.depthM / 2, th.widthM / 2, th.lengthM / 2, [0, 0, th.lengthM / 2]),
      GOWN,
    ),
    `<body name="patient_head" pos="0 0 ${num(th.lengthM)}">`,
    joint('patient_neck_flexion', [0, 1, 0], [-0.6, 0.9], 12, 1),
    joint(bedPatientNames.headTurn, [0, 0, 1], [-1.3, 1.3], 8, 0.8),
    geom({ name: 'patient_neck_geom', body: 'patient_head', region: 'head' }, `type="capsule" fromto="0 0 0 0 0 ${num(a.head.neckM)}" size="${num(0.45 * headR)}" mass="${num(0.1 * a.head.massKg)}"`),
    geom({ name: 'patient_head_geom', body: 'patient_head', region: 'head' }, `type="sphere" size="${num(headR)}" pos="0 0 ${num(a.head.neckM + headR * 0.8)}" mass="${num(0.9 * a.head.massKg)}"`),
    '</body>',
  );
  // Arms, hanging from the shoulders along the thorax's sides.
  for (const side of ['left', 'right'] as const) {
    const r = side === 'left' ? 1 : -1;
    const ua = a.upperArm;
    const fa = a.forearm;
    // Supine: arms along the sides of the thorax. Side-lying: shoulders within the thorax's width and the
    // arms forward, so neither arm starts under the body.
    const shoulderY = profile.posture === 'supine' ? r * (th.widthM / 2 + ua.radiusM + 0.012) : r * (th.widthM / 2 - ua.radiusM);
    const shoulderZ = th.lengthM - ua.radiusM;
    const q = quatMul(quatAxisAngle([0, -1, 0], rest.shoulderFlexion), quatAxisAngle([r, 0, 0], rest.shoulderAbduction));
    const handLength = 0.108 * profile.heightM;
    out.push(
      `<body name="patient_upper_arm_${side}" pos="0 ${num(shoulderY)} ${num(shoulderZ)}" quat="${vec(...q)}">`,
      joint(`patient_shoulder_flexion_${side}`, [0, -1, 0], [-1, 2.5], 6, 0.6),
      joint(`patient_shoulder_abduction_${side}`, [r, 0, 0], [-0.3, 1.6], 6, 0.6),
      geom({ name: `patient_upper_arm_${side}_geom`, body: `patient_upper_arm_${side}`, region: `upper_arm_${side}` }, `type="capsule" fromto="0 0 0 0 0 ${num(-ua.lengthM)}" size="${num(ua.radiusM)}" mass="${num(ua.massKg)}"`),
      `<body name="patient_forearm_${side}" pos="0 0 ${num(-ua.lengthM)}" quat="${axisQuat([0, -1, 0], rest.elbow)}">`,
      joint(`patient_elbow_${side}`, [0, -1, 0], [-0.2, 2.3], 3, 0.3),
      geom(
        { name: `patient_forearm_${side}_geom`, body: `patient_forearm_${side}`, region: `forearm_${side}` },
        `type="capsule" fromto="0 0 0 0 0 ${num(-(fa.lengthM - handLength / 2))}" size="${num(fa.radiusM)}" mass="${num((fa.massKg * 0.016) / 0.022)}"`,
      ),
      geom(
        { name: `patient_hand_${side}_geom`, body: `patient_forearm_${side}`, region: `hand_${side}` },
        box((fa.massKg * 0.006) / 0.022, fa.radiusM * 0.7, fa.radiusM * 1.2, handLength / 2, [0, 0, -(fa.lengthM - handLength / 2) - handLength / 2]),
      ),
      '</body></body>',
    );
  }
  out.push('</body></body>');
  // Legs.
  for (const side of ['left', 'right'] as const) {
    const r = side === 'left' ? 1 : -1;
    const t = a.thigh;
    const s = a.shank;
    const hipY = r * a.hipWidthM * 0.28;
    const footMass = 0.0145 * profile.massKg;
    out.push(
      `<body name="patient_thigh_${side}" pos="0 ${num(hipY)} ${num(-p.lengthM / 2)}" quat="${axisQuat([0, -1, 0], rest.hipFlexion)}">`,
      joint(`patient_hip_flexion_${side}`, [0, -1, 0], [-0.4, 2.0], 25, 2),
      joint(`patient_hip_abduction_${side}`, [r, 0, 0], [-0.4, 0.7], 25, 2),
      geom({ name: `patient_thigh_${side}_geom`, body: `patient_thigh_${side}`, region: `thigh_${side}` }, `type="capsule" fromto="0 0 0 0 0 ${num(-t.lengthM)}" size="${num(t.radiusM)}" mass="${num(t.massKg)}"`),
      `<body name="patient_shank_${side}" pos="0 0 ${num(-t.lengthM)}" quat="${axisQuat([0, 1, 0], rest.knee)}">`,
      joint(`patient_knee_${side}`, [0, 1, 0], [-0.2, 2.3], 12, 1),
      geom(
        { name: `patient_shank_${side}_geom`, body: `patient_shank_${side}`, region: `shank_${side}` },
        `type="capsule" fromto="0 0 0 0 0 ${num(-s.lengthM)}" size="${num(s.radiusM)}" mass="${num(s.massKg - footMass)}"`,
      ),
      geom(
        { name: `patient_foot_${side}_geom`, body: `patient_shank_${side}`, region: `shank_${side}` },
        box(footMass, a.footLengthM / 2, s.radiusM, a.ankleHeightM / 2, [a.footLengthM * 0.25, 0, -s.lengthM - a.ankleHeightM / 2]),
      ),
      '</body></body>',
    );
  }

  // Place the body on the bed: centred along the bed, lowest trunk surface just above the mattress.
  const headTop = p.lengthM / 2 + ab.lengthM + th.lengthM + a.head.neckM + 1.8 * headR;
  const feet = p.lengthM / 2 + a.thigh.lengthM + a.shank.lengthM + a.ankleHeightM;
  const alongBed = -(headTop - feet) / 2;
  const halfThickness = profile.posture === 'supine' ? Math.max(p.depthM, ab.depthM, th.depthM) / 2 : Math.max(p.widthM, ab.widthM, th.widthM) / 2;
  const bedQuat = quatAxisAngle([0, 0, 1], bed.yaw);
  const offset = rotate(bedQuat, [alongBed, 0, 0]);
  const pos: V3 = [bed.x + offset[0], bed.y + offset[1], bed.z + halfThickness + 0.01];
  const quat = quatMul(bedQuat, lyingQuat(profile.posture));
  const worldbody = [
    `<body name="${bedPatientNames.root}" pos="${vec(...pos)}" quat="${vec(...quat)}">`,
    `<freejoint name="${bedPatientNames.free}"/>`,
    ...out,
    '</body>',
  ].join('\n');

  return {
    fragment: { worldbody },
    geoms,
    joints: joints.map((j) => j.name),
    normalStiffness: new Map(joints.map((j) => [j.name, j.stiffnessNmPerRad])),
    normalDamping: new Map(joints.map((j) => [j.name, j.dampingNmsPerRad])),
    anthropometry: a,
  };
}
