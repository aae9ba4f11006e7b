import type { MjcfFragment } from '../../humans/HumanModel.js';
import { num, vec } from '../../mjcf/xml.js';
import { ENVIRONMENT_CLASS } from './common.js';
import { box, COLORS, post, VISUAL_ONLY } from './shapes.js';

/**
 * The body-weight-support frame the exoskeleton's pelvis is fixed to: where the pelvis sits in x/y
 * (its height follows from the robot, so the soles clear the floor or belt by `soleClearanceM`).
 * Posts stand wide of the legs (|y| = `postHalfSpanM`) and behind the wearer (`postX`), so the legs
 * swing freely through their whole range.
 */
export const EXO_FRAME = {
  pelvisX: 0,
  pelvisY: 0,
  soleClearanceM: 0.005,
  postHalfSpanM: 0.6,
  postX: -0.35,
  heightM: 2.0,
} as const;

/**
 * The treadmill of `exo_treadmill`: a static deck and a belt body that slides along x (joint
 * `treadmill_belt`) driven by the velocity servo `treadmill_belt_drive` (ctrl = belt surface speed,
 * m/s; NEGATIVE for a wearer walking forward, i.e. facing +x). Its contact surface is a long thin
 * box (4 km, hidden in geom group 3) so the belt can run for over an hour at walking speed; what the
 * viewer shows is the static deck. With ctrl = 0 (the default) the belt holds still.
 */
export const TREADMILL = {
  beltTopZ: 0.12,
  beltWidthM: 0.6,
  deckLengthM: 1.8,
  /** Deck centre in x (the wearer stands over its front third). */
  deckX: 0.15,
  beltJoint: 'treadmill_belt',
  beltActuator: 'treadmill_belt_drive',
  beltBody: 'treadmill_belt',
  /** Belt contact-box half length, m. */
  beltHalfLengthM: 2000,
  beltMassKg: 80,
  /** Most force the belt motor holds against the feet, N. */
  beltForceLimitN: 3000,
} as const;

/** The support frame: two posts, a top beam and a harness strut to the pelvis (seen, not touched). */
export function supportFrame(pelvisZ: number): MjcfFragment {
  const f = EXO_FRAME;
  const m = COLORS.metal;
  const beamZ = f.heightM;
  return {
    worldbody: [
      `<body name="bws_frame" childclass="${ENVIRONMENT_CLASS}">`,
      `  ${post('bws_post_left', 0.035, f.postX, f.postHalfSpanM, 0, beamZ, m)}`,
      `  ${post('bws_post_right', 0.035, f.postX, -f.postHalfSpanM, 0, beamZ, m)}`,
      `  ${box('bws_foot_left', [0.9, 0.08, 0.05], [f.postX + 0.25, f.postHalfSpanM, 0.025], COLORS.darkMetal)}`,
      `  ${box('bws_foot_right', [0.9, 0.08, 0.05], [f.postX + 0.25, -f.postHalfSpanM, 0.025], COLORS.darkMetal)}`,
      `  ${box('bws_beam', [0.07, 2 * f.postHalfSpanM + 0.07, 0.07], [f.postX, 0, beamZ], m)}`,
      `  ${box('bws_arm', [Math.abs(f.postX) - 0.1, 0.05, 0.05], [(f.postX - 0.1) / 2, f.pelvisY, pelvisZ + 0.2], m, VISUAL_ONLY)}`,
      `  ${post('bws_strut', 0.02, f.postX, f.pelvisY, pelvisZ + 0.2, beamZ, m, VISUAL_ONLY)}`,
      `  ${box('bws_harness', [0.04, 0.3, 0.2], [-0.12, f.pelvisY, pelvisZ + 0.1], COLORS.darkMetal, VISUAL_ONLY)}`,
      `</body>`,
    ].join('\n'),
  };
}

/** The treadmill deck (static) and belt (sliding, servo-driven). */
export function treadmill(): MjcfFragment {
  const t = TREADMILL;
  const deckTop = t.beltTopZ - 0.01;
  const h = t.beltHalfLengthM;
  return {
    worldbody: [
      `<body name="treadmill_deck" childclass="${ENVIRONMENT_CLASS}">`,
      `  ${box('treadmill_deck', [t.deckLengthM, t.beltWidthM + 0.2, deckTop], [t.deckX, 0, deckTop / 2], COLORS.darkMetal)}`,
      `  ${box('treadmill_belt_visual', [t.deckLengthM - 0.1, t.beltWidthM, 0.01], [t.deckX, 0, deckTop + 0.005], COLORS.belt, VISUAL_ONLY)}`,
      `  ${box('treadmill_rail_left', [t.deckLengthM, 0.04, 0.9], [t.deckX, t.beltWidthM / 2 + 0.35, 0.45], COLORS.metal, VISUAL_ONLY)}`,
      `  ${box('treadmill_rail_right', [t.deckLengthM, 0.04, 0.9], [t.deckX, -(t.beltWidthM / 2 + 0.35), 0.45], COLORS.metal, VISUAL_ONLY)}`,
      `</body>`,
      `<body name="${t.beltBody}" pos="${vec([t.deckX - t.deckLengthM / 2 + 0.05, 0, 0])}" childclass="${ENVIRONMENT_CLASS}">`,
      `  <joint name="${t.beltJoint}" type="slide" axis="1 0 0" range="${num(-(2 * h - t.deckLengthM))} 0.5" limited="true"/>`,
      `  <inertial pos="0 0 0" mass="${num(t.beltMassKg)}" diaginertia="1 1 1"/>`,
      `  <geom name="treadmill_belt" type="box" size="${vec([h, t.beltWidthM / 2, 0.005])}" pos="${vec([h, 0, deckTop + 0.005])}" rgba="0.12 0.12 0.13 0" group="3"/>`,
      `</body>`,
    ].join('\n'),
    actuator: `<velocity name="${t.beltActuator}" joint="${t.beltJoint}" kv="${num(t.beltMassKg / 0.02)}" forcelimited="true" forcerange="${num(-t.beltForceLimitN)} ${num(t.beltForceLimitN)}"/>`,
  };
}
