export { robotToMjcf } from './robotToMjcf.js';
export type { RobotMjcf, RobotMjcfOptions, RobotMount, BaseDriveSpec } from './RobotMjcf.js';
export { validateRobot } from './validateRobot.js';
export { assembleMjcf } from './assembleMjcf.js';
export type { MjcfDocument } from './assembleMjcf.js';
export { PlanarBaseDrive } from './PlanarBaseDrive.js';
export { mjcfNames, MJCF_NAME_PATTERN } from './names.js';
export { COLLISION_BITS, ENVIRONMENT_COLLISION, ROBOT_COLLISION, HUMAN_TOUCHING_ROBOT, HUMAN_APART_FROM_ROBOT } from './collision.js';
export { linkFrames, lowestPointZ } from './linkFrames.js';
