export { AssistAsNeededLaw } from './AssistAsNeededLaw.js';
export type { AssistAsNeededOptions } from './AssistAsNeededLaw.js';
export { checkScalarParam, perJointParam } from './checkParams.js';
export { GravityCompensator, GRAVITY_DOWN_Z } from './GravityCompensator.js';
export { JointImpedanceLaw } from './JointImpedanceLaw.js';
export type { JointImpedanceOptions } from './JointImpedanceLaw.js';
export { JointTrajectoryLaw } from './JointTrajectoryLaw.js';
export type { JointTrajectoryLawOptions, JointTrajectoryStatus } from './JointTrajectoryLaw.js';
export type { JointTorqueLaw } from './JointTorqueLaw.js';
