import type { MjcfFragment } from '../../humans/HumanModel.js';
import { vec } from '../../mjcf/xml.js';
import { ENVIRONMENT_CLASS } from './common.js';
import { box, COLORS, post, yawQuat } from './shapes.js';

/** A seat's cushion top centre (x, y, z, m), size, and `yaw`: the direction a seated person faces. */
export interface Seat {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly width: number;
  readonly depth: number;
  readonly yaw: number;
}

/**
 * The living room of `companion_home` (6 × 5 m, walls 2.5 m high; the floor spans x ∈ [−3, 3],
 * y ∈ [−2.5, 2.5]) and the places a person uses: a three-seat sofa against the +y wall facing the
 * room, an armchair by the −x wall, a dining table with a chair, a coffee table in front of the sofa.
 * Seat heights are those of ordinary furniture (0.42–0.46 m); the armchair has arms to push up from.
 */
export const LIVING_ROOM = {
  halfX: 3,
  halfY: 2.5,
  wallHeightM: 2.5,
  wallThicknessM: 0.1,
  sofa: { x: 0.4, y: 1.75, z: 0.44, width: 2.0, depth: 0.6, yaw: -Math.PI / 2 },
  armchair: { x: -2.2, y: 0.9, z: 0.45, width: 0.55, depth: 0.55, yaw: 0 },
  diningChair: { x: 1.9, y: -1.0, z: 0.46, width: 0.45, depth: 0.45, yaw: -Math.PI / 2 },
  /** Table tops: centre (x, y), top height z, length along x, width along y. */
  diningTable: { x: 1.9, y: -1.75, z: 0.75, length: 1.2, width: 0.8 },
  coffeeTable: { x: 0.4, y: 0.75, z: 0.42, length: 1.1, width: 0.55 },
} as const satisfies Record<string, unknown> & { sofa: Seat; armchair: Seat; diningChair: Seat };

/** Where the companion robot starts: in the open middle of the room, facing the sofa (+y). */
export const COMPANION_ROBOT_START = { x: -0.6, y: -0.9, yaw: Math.PI / 2 } as const;

/** A seat with a back (and arms when `arms`), in the seat's own frame (x = the way a seated person faces). */
function seat(name: string, s: Seat, backHeightM: number, arms: boolean, color: readonly [number, number, number, number]): string[] {
  const base = 0.08;
  const out = [
    `<body name="${name}" pos="${vec([s.x, s.y, 0])}" quat="${yawQuat(s.yaw)}" childclass="${ENVIRONMENT_CLASS}">`,
    `  ${box(`${name}_seat`, [s.depth, s.width, s.z - base], [0, 0, base + (s.z - base) / 2], color)}`,
    `  ${box(`${name}_plinth`, [s.depth - 0.05, s.width - 0.05, base], [0, 0, base / 2], COLORS.darkMetal)}`,
    `  ${box(`${name}_back`, [0.15, s.width, backHeightM], [-s.depth / 2 - 0.075, 0, backHeightM / 2], color)}`,
  ];
  if (arms) {
    const armH = s.z + 0.2;
    out.push(
      `  ${box(`${name}_arm_left`, [s.depth + 0.15, 0.12, armH], [-0.075, s.width / 2 + 0.06, armH / 2], color)}`,
      `  ${box(`${name}_arm_right`, [s.depth + 0.15, 0.12, armH], [-0.075, -(s.width / 2 + 0.06), armH / 2], color)}`,
    );
  }
  out.push('</body>');
  return out;
}

function table(name: string, t: { x: number; y: number; z: number; length: number; width: number }, color: readonly [number, number, number, number]): string[] {
  const top = 0.04;
  const lx = t.length / 2 - 0.06;
  const ly = t.width / 2 - 0.06;
  return [
    `<body name="${name}" pos="${vec([t.x, t.y, 0])}" childclass="${ENVIRONMENT_CLASS}">`,
    `  ${box(`${name}_top`, [t.length, t.width, top], [0, 0, t.z - top / 2], color)}`,
    ...([
      [1, 1],
      [1, -1],
      [-1, 1],
      [-1, -1],
    ] as const).map(([sx, sy], i) => `  ${post(`${name}_leg${i}`, 0.025, sx * lx, sy * ly, 0, t.z - top, color)}`),
    '</body>',
  ];
}

/** Walls, sofa, armchair, dining table and chair, coffee table. */
export function livingRoom(): MjcfFragment {
  const r = LIVING_ROOM;
  const t = r.wallThicknessM;
  const h = r.wallHeightM;
  const walls = [
    `<body name="room_walls" childclass="${ENVIRONMENT_CLASS}">`,
    `  ${box('wall_north', [2 * r.halfX + 2 * t, t, h], [0, r.halfY + t / 2, h / 2], COLORS.wall)}`,
    `  ${box('wall_south', [2 * r.halfX + 2 * t, t, h], [0, -r.halfY - t / 2, h / 2], COLORS.wall)}`,
    `  ${box('wall_east', [t, 2 * r.halfY, h], [r.halfX + t / 2, 0, h / 2], COLORS.wall)}`,
    `  ${box('wall_west', [t, 2 * r.halfY, h], [-r.halfX - t / 2, 0, h / 2], COLORS.wall)}`,
    '</body>',
  ];
  return {
    worldbody: [
      ...walls,
      ...seat('sofa', r.sofa, 0.85, true, COLORS.fabric),
      ...seat('armchair', r.armchair, 0.95, true, COLORS.cushion),
      ...seat('dining_chair', r.diningChair, 0.9, false, COLORS.lightWood),
      ...table('dining_table', r.diningTable, COLORS.wood),
      ...table('coffee_table', r.coffeeTable, COLORS.lightWood),
    ].join('\n'),
  };
}
