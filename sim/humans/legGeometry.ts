import { KindredError } from '../../runtime/errors/index.js';
import type { Joint, RobotModel } from '../../urdf/index.js';
import { STATURE_FRACTIONS, SEGMENT_TABLE } from './anthropometrics.js';
import { add, IDENTITY_Q, quatFromRpy, quatMul, rotate, type Q4, type V3 } from './spatial.js';
import type { PatientJointType } from '../profiles/index.js';

export type Side = 'left' | 'right';
export const SIDES: readonly Side[] = ['left', 'right'];

/** One joint of the patient's leg chain: the child body's pose in its parent at zero angle, the axis, the range. */
export interface ChainJoint {
  readonly type: PatientJointType;
  /** Child body position and orientation in the parent body's frame at zero joint angle. */
  readonly pos: V3;
  readonly quat: Q4;
  /** Unit axis in the child body's frame; positive = flexion, abduction, knee flexion, dorsiflexion. */
  readonly axis: V3;
  readonly lowerRad: number;
  readonly upperRad: number;
}

/**
 * The geometry of one leg of the patient, as a chain pelvis → hip (ab/adduction) → thigh (flexion) →
 * shank (knee) → foot (ankle), mirroring the exoskeleton's links so that, at the neutral pose, every
 * patient joint coincides with the exoskeleton joint of the same name.
 */
export interface LegChain {
  readonly side: Side;
  readonly joints: Readonly<Record<PatientJointType, ChainJoint>>;
  readonly thighLengthM: number;
  readonly shankLengthM: number;
  /** Cuff attachment points on the patient's thigh and shank (body frames); absent without a robot. */
  readonly thighCuff?: V3;
  readonly shankCuff?: V3;
}

const DEG = Math.PI / 180;

/**
 * Normal adult active range of motion (AAOS 1965 as tabulated by Soucie et al. 2011), the same
 * figures the exoskeleton's hard limits use; a patient's joint stops at its anatomical range.
 */
export const ANATOMICAL_RANGE_RAD: Readonly<Record<PatientJointType, readonly [number, number]>> = {
  hip_abduction: [-30 * DEG, 45 * DEG],
  hip_flexion: [-30 * DEG, 120 * DEG],
  knee: [0, 135 * DEG],
  ankle: [-50 * DEG, 20 * DEG],
};

/** The exoskeleton's joint of each type on a side (URDF names of kindred_exo). */
export function robotJointName(type: PatientJointType, side: Side): string {
  return `${type}_${side}`;
}

/** Leg geometry from anthropometrics alone (no exoskeleton): the exo's conventions at the patient's size. */
export function anthropometricLegChain(heightM: number, side: Side): LegChain {
  const reflect = side === 'left' ? 1 : -1;
  const thigh = SEGMENT_TABLE.thigh.lengthFraction * heightM;
  const shank = SEGMENT_TABLE.shank.lengthFraction * heightM;
  const hipWidth = STATURE_FRACTIONS.hipWidth * heightM;
  const joint = (type: PatientJointType, pos: V3, axis: V3): ChainJoint => ({
    type,
    pos,
    quat: IDENTITY_Q,
    axis,
    lowerRad: ANATOMICAL_RANGE_RAD[type][0],
    upperRad: ANATOMICAL_RANGE_RAD[type][1],
  });
  return {
    side,
    thighLengthM: thigh,
    shankLengthM: shank,
    joints: {
      hip_abduction: joint('hip_abduction', [0, (reflect * hipWidth) / 2, -0.09], [reflect, 0, 0]),
      hip_flexion: joint('hip_flexion', [0, 0, 0], [0, -1, 0]),
      knee: joint('knee', [0, 0, -thigh], [0, 1, 0]),
      ankle: joint('ankle', [0, 0, -shank], [0, -1, 0]),
    },
  };
}

function mismatch(robot: RobotModel, message: string, value: string, expected: string): KindredError {
  return new KindredError('HUMAN_ROBOT_MISMATCH', `robot ${robot.name}: ${message}`, {
    ...(robot.source === undefined ? {} : { file: robot.source }),
    value,
    expected,
  });
}

function jointOf(robot: RobotModel, name: string, parent: string, child: string): Joint {
  const j = robot.joints.find((k) => k.name === name);
  if (j === undefined) throw mismatch(robot, `has no joint ${name}, which the patient's leg pairs with`, name, `a revolute joint ${name} from ${parent} to ${child}`);
  if (j.type !== 'revolute' && j.type !== 'continuous') throw mismatch(robot, `joint ${name} is ${j.type}`, j.type, 'revolute');
  if (j.parent !== parent || j.child !== child) {
    throw mismatch(robot, `joint ${name} connects ${j.parent} → ${j.child}`, `${j.parent} → ${j.child}`, `${parent} → ${child}`);
  }
  return j;
}

/** Pose of a fixed frame (e.g. a cuff) in the frame of `link`, following fixed joints up from the frame. */
function framePointIn(robot: RobotModel, frame: string, link: string): V3 {
  let p: V3 = [0, 0, 0];
  let current = frame;
  for (let guard = 0; guard < 64 && current !== link; guard++) {
    const j = robot.joints.find((k) => k.child === current);
    if (j === undefined || j.type !== 'fixed') {
      throw mismatch(robot, `frame ${frame} is not rigidly attached to ${link}`, frame, `a fixed frame under ${link}`);
    }
    const q = quatFromRpy(j.origin.rpy[0], j.origin.rpy[1], j.origin.rpy[2]);
    p = add(j.origin.xyz, rotate(q, p));
    current = j.parent;
  }
  if (current !== link) throw mismatch(robot, `frame ${frame} is not under ${link}`, frame, `a fixed frame under ${link}`);
  return p;
}

/**
 * Leg geometry that mirrors the exoskeleton (kindred_exo's link and joint names): joint positions,
 * orientations, axes and limits are the robot's, so the patient's joints sit on the exoskeleton's at
 * the neutral pose (the exoskeleton is adjusted to its wearer). The cuff points are the robot's cuff
 * frames expressed in the patient's matching segments, so the cuffs carry no force when aligned.
 */
export function robotLegChain(robot: RobotModel, side: Side): LegChain {
  const chain: readonly [PatientJointType, string, string][] = [
    ['hip_abduction', 'pelvis', `hip_${side}`],
    ['hip_flexion', `hip_${side}`, `thigh_${side}`],
    ['knee', `thigh_${side}`, `shank_${side}`],
    ['ankle', `shank_${side}`, `foot_${side}`],
  ];
  const joints = {} as Record<PatientJointType, ChainJoint>;
  for (const [type, parent, child] of chain) {
    const j = jointOf(robot, robotJointName(type, side), parent, child);
    const [lo, hi] = ANATOMICAL_RANGE_RAD[type];
    joints[type] = {
      type,
      pos: j.origin.xyz,
      quat: quatFromRpy(j.origin.rpy[0], j.origin.rpy[1], j.origin.rpy[2]),
      axis: j.axis,
      lowerRad: j.limit?.lower ?? lo,
      upperRad: j.limit?.upper ?? hi,
    };
  }
  const len = (v: V3): number => Math.hypot(v[0], v[1], v[2]);
  return {
    side,
    joints,
    thighLengthM: len(joints.knee.pos),
    shankLengthM: len(joints.ankle.pos),
    thighCuff: framePointIn(robot, `thigh_cuff_${side}`, `thigh_${side}`),
    shankCuff: framePointIn(robot, `shank_cuff_${side}`, `shank_${side}`),
  };
}

/** The orientation of a chain body relative to its parent when some joints are locked at fixed angles. */
export function lockedQuat(joint: ChainJoint, lockedRad: number | undefined): Q4 {
  if (lockedRad === undefined) return joint.quat;
  const a = joint.axis;
  const n = Math.hypot(a[0], a[1], a[2]);
  const s = Math.sin(lockedRad / 2) / n;
  return quatMul(joint.quat, [Math.cos(lockedRad / 2), a[0] * s, a[1] * s, a[2] * s]);
}
