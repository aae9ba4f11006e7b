import type { MjcfFragment } from '../../humans/HumanModel.js';
import { vec } from '../../mjcf/xml.js';
import { ENVIRONMENT_CLASS } from './common.js';
import { box, COLORS, post, VISUAL_ONLY, wheel, yawQuat } from './shapes.js';

/**
 * The top surface of the mattress in `transfer_bed`, where the bed patient lies: centre (x, y), height
 * z (m, world), length along the bed's axis and width. The bed's long axis is world x (yaw 0) and the
 * HEAD END is at +x (x + length/2). A standard hospital bed: mattress 2.0 × 0.90 m, 0.15 m thick, top
 * at 0.55 m (beds adjust from about 0.40 to 0.80 m; 0.55 m is a common working height for transfers).
 * The robot works from the −y side, where the side rail is down; the +y rail is up.
 */
export const BED_TOP = { x: 0, y: 0, z: 0.55, length: 2.0, width: 0.9, yaw: 0 } as const;

const MATTRESS_THICKNESS_M = 0.15;
const DECK_THICKNESS_M = 0.1;

/**
 * The wheelchair of `transfer_bed`: the seat cushion's top centre (x, y, z), its width and depth, and
 * `yaw`, the direction a seated person faces (here +y, towards the bed's side of the room, so the
 * robot can set the patient down from the front). A standard adult wheelchair: seat 0.45 m wide,
 * 0.42 m deep, 0.48 m high; 0.6 m rear wheels.
 */
export const WHEELCHAIR_SEAT = { x: -1.6, y: -1.7, z: 0.48, width: 0.45, depth: 0.42, yaw: Math.PI / 2 } as const;

/**
 * Where the transfer robot starts: beside the bed on the −y side, facing the bed (+y), its base's
 * front edge 5 cm from the mattress edge, 2 cm from the bed frame (base 0.9 m long: centre 0.5 m from the edge).
 */
export const TRANSFER_ROBOT_START = { x: 0, y: -(BED_TOP.width / 2 + 0.05 + 0.45), yaw: Math.PI / 2 } as const;

/** The hospital bed (deck, mattress, head- and footboard, one raised rail) and the wheelchair. */
export function hospitalRoom(): MjcfFragment {
  const b = BED_TOP;
  const deckTop = b.z - MATTRESS_THICKNESS_M;
  const endX = b.length / 2 + 0.03;
  const halfW = b.width / 2 + 0.03;
  const legs = [
    [1, 1],
    [1, -1],
    [-1, 1],
    [-1, -1],
  ] as const;
  const bed = [
    `<body name="bed" pos="${vec([b.x, b.y, 0])}" quat="${yawQuat(b.yaw)}" childclass="${ENVIRONMENT_CLASS}">`,
    // A mattress gives: softer contact than the default (more penetration, a slower rebound).
    `  ${box('bed_mattress', [b.length, b.width, MATTRESS_THICKNESS_M], [0, 0, b.z - MATTRESS_THICKNESS_M / 2], COLORS.mattress, 'solref="0.03 1" solimp="0.9 0.95 0.01"')}`,
    `  ${box('bed_deck', [b.length + 0.06, b.width + 0.06, DECK_THICKNESS_M], [0, 0, deckTop - DECK_THICKNESS_M / 2], COLORS.bedFrame)}`,
    ...legs.map(([sx, sy], i) => `  ${post(`bed_leg${i}`, 0.03, sx * (b.length / 2 - 0.05), sy * (b.width / 2 - 0.05), 0.08, deckTop - DECK_THICKNESS_M, COLORS.metal)}`),
    ...legs.map(([sx, sy], i) => `  <geom name="bed_caster${i}" type="sphere" size="0.04" pos="${vec([sx * (b.length / 2 - 0.05), sy * (b.width / 2 - 0.05), 0.04])}" rgba="${vec(COLORS.rubber)}"/>`),
    `  ${box('bed_headboard', [0.04, b.width + 0.06, 0.6], [endX, 0, deckTop - DECK_THICKNESS_M + 0.3 + 0.1], COLORS.bedFrame)}`,
    `  ${box('bed_footboard', [0.04, b.width + 0.06, 0.45], [-endX, 0, deckTop - DECK_THICKNESS_M + 0.225 + 0.05], COLORS.bedFrame)}`,
    `  ${box('bed_rail_far', [1.0, 0.03, 0.3], [0.35, halfW, b.z + 0.15], COLORS.metal)}`,
    `  ${box('bed_rail_near_lowered', [1.0, 0.03, 0.3], [0.35, -halfW, deckTop - DECK_THICKNESS_M - 0.17], COLORS.metal, VISUAL_ONLY)}`,
    `</body>`,
  ];
  const w = WHEELCHAIR_SEAT;
  const seatHalfW = w.width / 2;
  const seatThick = 0.06;
  const chair = [
    // Chair frame: x forward (the way a seated person faces), y to their left.
    `<body name="wheelchair" pos="${vec([w.x, w.y, 0])}" quat="${yawQuat(w.yaw)}" childclass="${ENVIRONMENT_CLASS}">`,
    `  ${box('wheelchair_seat', [w.depth, w.width, seatThick], [0, 0, w.z - seatThick / 2], COLORS.fabric)}`,
    `  ${box('wheelchair_back', [0.05, w.width, 0.45], [-w.depth / 2 - 0.025, 0, w.z + 0.225 + 0.02], COLORS.fabric)}`,
    `  ${box('wheelchair_arm_left', [0.4, 0.04, 0.04], [-0.02, seatHalfW + 0.04, w.z + 0.22], COLORS.darkMetal)}`,
    `  ${box('wheelchair_arm_right', [0.4, 0.04, 0.04], [-0.02, -(seatHalfW + 0.04), w.z + 0.22], COLORS.darkMetal)}`,
    `  ${wheel('wheelchair_wheel_left', 0.3, 0.04, [-0.08, seatHalfW + 0.07, 0.3], COLORS.rubber)}`,
    `  ${wheel('wheelchair_wheel_right', 0.3, 0.04, [-0.08, -(seatHalfW + 0.07), 0.3], COLORS.rubber)}`,
    `  ${wheel('wheelchair_caster_left', 0.08, 0.03, [w.depth / 2 + 0.05, seatHalfW, 0.08], COLORS.rubber)}`,
    `  ${wheel('wheelchair_caster_right', 0.08, 0.03, [w.depth / 2 + 0.05, -seatHalfW, 0.08], COLORS.rubber)}`,
    `  ${box('wheelchair_footrest', [0.16, w.width, 0.02], [w.depth / 2 + 0.14, 0, 0.12], COLORS.darkMetal)}`,
    `  ${box('wheelchair_frame_left', [w.depth + 0.1, 0.03, 0.03], [0.02, seatHalfW + 0.02, w.z - 0.12], COLORS.darkMetal, VISUAL_ONLY)}`,
    `  ${box('wheelchair_frame_right', [w.depth + 0.1, 0.03, 0.03], [0.02, -(seatHalfW + 0.02), w.z - 0.12], COLORS.darkMetal, VISUAL_ONLY)}`,
    `</body>`,
  ];
  return { worldbody: [...bed, ...chair].join('\n') };
}
