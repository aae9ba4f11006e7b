/**
 * Collision bits (MuJoCo contype/conaffinity) shared by every scene. Two geoms touch when
 * `(contype1 & conaffinity2) || (contype2 & conaffinity1)`; with these bits:
 * - environment (floor, furniture, frames): touches robots and people, never itself;
 * - robot: touches the environment and itself (near neighbours excluded), and people only when the
 *   person's conaffinity includes `robot`;
 * - human: the person's own choice — `HUMAN_TOUCHING_ROBOT` (the bed patient, the person at home)
 *   or `HUMAN_APART_FROM_ROBOT` (the exoskeleton patient, whose legs sit inside the exoskeleton's and
 *   are coupled through the cuffs instead).
 */
export const COLLISION_BITS = { environment: 1, robot: 2, human: 4 } as const;

/** Static and moving environment geoms (furniture, floor, treadmill belt). */
export const ENVIRONMENT_COLLISION = { contype: COLLISION_BITS.environment, conaffinity: 0 } as const;
/** Robot geoms (robotToMjcf's default). */
export const ROBOT_COLLISION = { contype: COLLISION_BITS.robot, conaffinity: COLLISION_BITS.environment | COLLISION_BITS.robot } as const;
/** A person who touches the robot (bed patient, person at home). */
export const HUMAN_TOUCHING_ROBOT = {
  contype: COLLISION_BITS.human,
  conaffinity: COLLISION_BITS.environment | COLLISION_BITS.robot | COLLISION_BITS.human,
} as const;
/** A person who passes through the robot (the exoskeleton patient, coupled through the cuffs). */
export const HUMAN_APART_FROM_ROBOT = { contype: COLLISION_BITS.human, conaffinity: COLLISION_BITS.environment | COLLISION_BITS.human } as const;
