/**
 * Body-segment parameters of an adult from stature and body mass, from published anthropometric tables:
 *
 * - Segment lengths as fractions of stature H (Drillis and Contini 1966, as reproduced in D. A. Winter,
 *   Biomechanics and Motor Control of Human Movement, 4th ed., Wiley 2009, Fig. 4.1): thigh 0.245 H,
 *   leg (shank) 0.246 H, foot length 0.152 H, ankle height 0.039 H, hip width 0.191 H, shoulder width
 *   0.259 H, upper arm 0.186 H, forearm 0.146 H, hand 0.108 H, hip joint height 0.530 H, shoulder
 *   height 0.818 H, chin height 0.870 H.
 * - Segment masses as fractions of body mass, centre of mass as a fraction of segment length from the
 *   proximal end, and radius of gyration about the centre of mass (transverse axes) as a fraction of
 *   segment length: Winter 2009, Table 4.1 (after Dempster 1955).
 * - Longitudinal radii of gyration, which Winter does not give: P. de Leva, "Adjustments to
 *   Zatsiorsky-Seluyanov's segment inertia parameters", J. Biomechanics 29(9):1223-1230, 1996, Table 4.
 *
 * These are the same sources the shipped exoskeleton description (urdf/robots/kindred_exo.urdf.xacro)
 * uses for its wearer, so a patient of the xacro's default stature and mass matches it exactly.
 * Capsule radii (for geometry and contact only, never for inertia of the exo patient's legs) are
 * representative girths scaled with stature and with the square root of the body-mass index relative
 * to 22.5 kg/m².
 */

/** Winter 2009, Table 4.1 (plus de Leva 1996 longitudinal radii): fractions per segment. */
export const SEGMENT_TABLE = {
  thigh: { massFraction: 0.1, comFraction: 0.433, gyrationTransverse: 0.323, gyrationLongitudinal: 0.149, lengthFraction: 0.245 },
  shank: { massFraction: 0.0465, comFraction: 0.433, gyrationTransverse: 0.302, gyrationLongitudinal: 0.103, lengthFraction: 0.246 },
  foot: { massFraction: 0.0145, comFraction: 0.5, gyrationTransverse: 0.475, gyrationLongitudinal: 0.124, lengthFraction: 0.152 },
  upperArm: { massFraction: 0.028, comFraction: 0.436, gyrationTransverse: 0.322, gyrationLongitudinal: 0.153, lengthFraction: 0.186 },
  forearm: { massFraction: 0.016, comFraction: 0.43, gyrationTransverse: 0.303, gyrationLongitudinal: 0.121, lengthFraction: 0.146 },
  hand: { massFraction: 0.006, comFraction: 0.506, gyrationTransverse: 0.297, gyrationLongitudinal: 0.184, lengthFraction: 0.108 },
  headNeck: { massFraction: 0.081, comFraction: 1.0, gyrationTransverse: 0.495, gyrationLongitudinal: 0.4, lengthFraction: 0.182 },
  thorax: { massFraction: 0.216, comFraction: 0.82, gyrationTransverse: 0.3, gyrationLongitudinal: 0.3, lengthFraction: 0.13 },
  abdomen: { massFraction: 0.139, comFraction: 0.44, gyrationTransverse: 0.3, gyrationLongitudinal: 0.3, lengthFraction: 0.08 },
  pelvis: { massFraction: 0.142, comFraction: 0.105, gyrationTransverse: 0.3, gyrationLongitudinal: 0.3, lengthFraction: 0.078 },
} as const;

/** Stature fractions (Drillis and Contini, Winter 2009 Fig. 4.1) used for widths and heights. */
export const STATURE_FRACTIONS = {
  hipWidth: 0.191,
  shoulderWidth: 0.259,
  ankleHeight: 0.039,
  hipJointHeight: 0.53,
  shoulderHeight: 0.818,
  chinHeight: 0.87,
  footWidth: 0.055,
} as const;

/** One rigid segment: mass, length, centre of mass along the segment, principal moments about the CoM. */
export interface SegmentInertia {
  readonly massKg: number;
  readonly lengthM: number;
  /** Distance of the centre of mass from the proximal joint, along the segment. */
  readonly comFromProximalM: number;
  /** Moment of inertia about a transverse axis through the centre of mass. */
  readonly transverseKgM2: number;
  /** Moment of inertia about the segment's long axis. */
  readonly longitudinalKgM2: number;
  /** Capsule radius for geometry and contacts. */
  readonly radiusM: number;
}

/** The foot: its centre of mass lies forward of the ankle and below it, so it gets its own shape. */
export interface FootInertia {
  readonly massKg: number;
  readonly lengthM: number;
  readonly ankleHeightM: number;
  readonly widthM: number;
  /** Centre of mass in the foot frame (x forward, z up, origin at the ankle joint). */
  readonly comXM: number;
  readonly comZM: number;
  /** Principal moments (x: long axis of the foot, y: transverse, z: vertical). */
  readonly ixxKgM2: number;
  readonly iyyKgM2: number;
  readonly izzKgM2: number;
}

/** Pelvis and legs, the part of the body an exoskeleton patient contributes. */
export interface LegAnthropometry {
  readonly pelvis: { readonly massKg: number; readonly widthM: number; readonly depthM: number; readonly heightM: number };
  readonly thigh: SegmentInertia;
  readonly shank: SegmentInertia;
  readonly foot: FootInertia;
}

function girthScale(heightM: number, massKg: number): number {
  return Math.sqrt(massKg / (heightM * heightM) / 22.5);
}

/** A segment of `lengthM` (defaults to the table's stature fraction) with the table's mass and inertia. */
export function segmentInertia(
  name: keyof typeof SEGMENT_TABLE,
  heightM: number,
  massKg: number,
  radiusFractionOfHeight: number,
  lengthM: number = SEGMENT_TABLE[name].lengthFraction * heightM,
): SegmentInertia {
  const row = SEGMENT_TABLE[name];
  const m = row.massFraction * massKg;
  return {
    massKg: m,
    lengthM,
    comFromProximalM: row.comFraction * lengthM,
    transverseKgM2: m * (row.gyrationTransverse * lengthM) ** 2,
    longitudinalKgM2: m * (row.gyrationLongitudinal * lengthM) ** 2,
    radiusM: radiusFractionOfHeight * heightM * girthScale(heightM, massKg),
  };
}

/** Overrides for segment lengths when the joints are placed by something else (the exoskeleton). */
export interface LegLengthOverrides {
  readonly thighM?: number;
  readonly shankM?: number;
}

/**
 * Pelvis and leg segments for a person of `heightM` and `massKg`. Lengths follow stature unless the
 * exoskeleton fixes them (its joints are adjusted to the wearer, so the joint spacing wins).
 */
export function legAnthropometry(heightM: number, massKg: number, lengths: LegLengthOverrides = {}): LegAnthropometry {
  const footRow = SEGMENT_TABLE.foot;
  const footLength = footRow.lengthFraction * heightM;
  const footMass = footRow.massFraction * massKg;
  return {
    pelvis: { massKg: SEGMENT_TABLE.pelvis.massFraction * massKg, widthM: STATURE_FRACTIONS.hipWidth * heightM, depthM: 0.2, heightM: 0.18 },
    thigh: segmentInertia('thigh', heightM, massKg, 0.034, lengths.thighM),
    shank: segmentInertia('shank', heightM, massKg, 0.024, lengths.shankM),
    foot: {
      massKg: footMass,
      lengthM: footLength,
      ankleHeightM: STATURE_FRACTIONS.ankleHeight * heightM,
      widthM: STATURE_FRACTIONS.footWidth * heightM * 1.6,
      // As in the exo description: the ankle sits a quarter of the foot length in front of the heel,
      // the centre of mass half way from the ankle to the toes, half the ankle height below the joint.
      comXM: 0.375 * footLength,
      comZM: -0.5 * STATURE_FRACTIONS.ankleHeight * heightM,
      ixxKgM2: footMass * (footRow.gyrationLongitudinal * footLength) ** 2,
      iyyKgM2: footMass * (footRow.gyrationTransverse * footLength) ** 2,
      izzKgM2: footMass * (footRow.gyrationTransverse * footLength) ** 2,
    },
  };
}

/** Whole-body segment sizes and masses for the lying patient and the person at home. */
export interface BodyAnthropometry {
  readonly heightM: number;
  readonly massKg: number;
  readonly head: { readonly massKg: number; readonly radiusM: number; readonly neckM: number };
  readonly thorax: { readonly massKg: number; readonly lengthM: number; readonly widthM: number; readonly depthM: number };
  readonly abdomen: { readonly massKg: number; readonly lengthM: number; readonly widthM: number; readonly depthM: number };
  readonly pelvis: { readonly massKg: number; readonly lengthM: number; readonly widthM: number; readonly depthM: number };
  readonly hipWidthM: number;
  readonly shoulderWidthM: number;
  readonly hipJointHeightM: number;
  readonly upperArm: SegmentInertia;
  /** Forearm with the hand (mass of both, length to the fingertips' centre of the hand). */
  readonly forearm: SegmentInertia;
  readonly thigh: SegmentInertia;
  /** Shank with the foot (mass of both). */
  readonly shank: SegmentInertia;
  readonly ankleHeightM: number;
  readonly footLengthM: number;
}

/** Whole-body anthropometry (Winter 2009 Table 4.1 masses; Drillis and Contini lengths). */
export function bodyAnthropometry(heightM: number, massKg: number): BodyAnthropometry {
  const g = girthScale(heightM, massKg);
  const trunkLength = (STATURE_FRACTIONS.shoulderHeight - STATURE_FRACTIONS.hipJointHeight) * heightM;
  const widthAt = (f: number): number => f * heightM * (0.75 + 0.25 * g);
  const forearm = segmentInertia('forearm', heightM, massKg, 0.019);
  const hand = segmentInertia('hand', heightM, massKg, 0.019);
  const shank = segmentInertia('shank', heightM, massKg, 0.024);
  const foot = segmentInertia('foot', heightM, massKg, 0.024);
  return {
    heightM,
    massKg,
    head: {
      massKg: SEGMENT_TABLE.headNeck.massFraction * massKg,
      radiusM: 0.055 * heightM,
      neckM: (STATURE_FRACTIONS.chinHeight - STATURE_FRACTIONS.shoulderHeight) * heightM,
    },
    thorax: { massKg: SEGMENT_TABLE.thorax.massFraction * massKg, lengthM: 0.45 * trunkLength, widthM: widthAt(0.2), depthM: 0.115 * heightM * g },
    abdomen: { massKg: SEGMENT_TABLE.abdomen.massFraction * massKg, lengthM: 0.28 * trunkLength, widthM: widthAt(0.175), depthM: 0.105 * heightM * g },
    pelvis: { massKg: SEGMENT_TABLE.pelvis.massFraction * massKg, lengthM: 0.27 * trunkLength, widthM: widthAt(STATURE_FRACTIONS.hipWidth), depthM: 0.11 * heightM * g },
    hipWidthM: STATURE_FRACTIONS.hipWidth * heightM,
    shoulderWidthM: STATURE_FRACTIONS.shoulderWidth * heightM,
    hipJointHeightM: STATURE_FRACTIONS.hipJointHeight * heightM,
    upperArm: segmentInertia('upperArm', heightM, massKg, 0.024),
    forearm: { ...forearm, massKg: forearm.massKg + hand.massKg, lengthM: forearm.lengthM + 0.5 * hand.lengthM },
    thigh: segmentInertia('thigh', heightM, massKg, 0.034),
    shank: { ...shank, massKg: shank.massKg + foot.massKg },
    ankleHeightM: STATURE_FRACTIONS.ankleHeight * heightM,
    footLengthM: SEGMENT_TABLE.foot.lengthFraction * heightM,
  };
}
