/**
 * Body-region force limits for power and force limiting (ISO/TS 15066:2016, Annex A, Table A.2), as
 * reproduced in `../shared/reference/body-region-limits.md`, and the stricter profile Kindred uses for
 * frail elderly people.
 *
 * - `iso_ts_15066`: the table's maximum quasi-static force per body region. Transient contact (a short
 *   peak, < 0.5 s) may reach 2 × that value, except on the skull/forehead and the face, where transient
 *   contact is not permissible (the transient limit is the quasi-static one, so any peak above it trips).
 * - `frail_elderly`: every value of `iso_ts_15066` × 0.5, transient ratio and the skull/face rule kept.
 *   This is Kindred's engineering choice, not a standard's value. Why a factor of two: the table comes
 *   from one pain-onset study of 100 healthy adults at the 75th percentile (a quarter of healthy adults
 *   already felt pain below it) and is not validated for frail elderly people (reference file); older
 *   people's skin tears under less shear and their bones break under less load (osteoporosis), and bruising
 *   appears at lower pressure under anticoagulants. Halving keeps the table's proportions between regions
 *   and leaves the transient limit at the healthy adult's quasi-static value. A deployment may tighten it
 *   further (`force.scale`, per-region overrides) on a clinician's advice.
 *
 * Verify against the purchased standard before calling anything compliant.
 */

/** The body regions of ISO/TS 15066 Table A.2 (Kindred's names). */
export const BODY_REGIONS = [
  'skull_forehead',
  'face',
  'neck',
  'back_shoulders',
  'chest',
  'abdomen',
  'pelvis',
  'upper_arm_elbow',
  'lower_arm_wrist',
  'hand_fingers',
  'thigh_knee',
  'lower_leg',
] as const;
/** One of BODY_REGIONS. */
export type BodyRegion = (typeof BODY_REGIONS)[number];

/** Maximum quasi-static contact force per region, N (ISO/TS 15066 Table A.2). */
export const ISO_TS_15066_QUASI_STATIC_N: Readonly<Record<BodyRegion, number>> = Object.freeze({
  skull_forehead: 130,
  face: 65,
  neck: 150,
  back_shoulders: 210,
  chest: 140,
  abdomen: 110,
  pelvis: 180,
  upper_arm_elbow: 150,
  lower_arm_wrist: 160,
  hand_fingers: 140,
  thigh_knee: 220,
  lower_leg: 130,
});

/** Regions where ISO/TS 15066 does not permit transient contact. */
const NO_TRANSIENT: ReadonlySet<BodyRegion> = new Set<BodyRegion>(['skull_forehead', 'face']);

/** Transient limit / quasi-static limit where transient contact is permitted (ISO/TS 15066). */
export const TRANSIENT_FACTOR = 2;

/** The force profiles a supervisor can use. */
export const FORCE_PROFILES = ['iso_ts_15066', 'frail_elderly'] as const;
/** One of FORCE_PROFILES. */
export type ForceProfile = (typeof FORCE_PROFILES)[number];

/** How each profile scales the ISO table (see the module comment for the frail elderly factor). */
export const FORCE_PROFILE_SCALE: Readonly<Record<ForceProfile, number>> = Object.freeze({ iso_ts_15066: 1, frail_elderly: 0.5 });

/** A region's limits under a profile, N. */
export interface RegionForceLimits {
  readonly quasiStaticN: number;
  readonly transientN: number;
}

/**
 * The quasi-static and transient limits of `region` under `profile`, times an extra `scale` ∈ (0, 1]
 * (a deployment's own tightening; 1 by default).
 */
export function regionForceLimits(region: BodyRegion, profile: ForceProfile, scale = 1): RegionForceLimits {
  const quasiStaticN = ISO_TS_15066_QUASI_STATIC_N[region] * FORCE_PROFILE_SCALE[profile] * scale;
  return { quasiStaticN, transientN: NO_TRANSIENT.has(region) ? quasiStaticN : TRANSIENT_FACTOR * quasiStaticN };
}
