// Kinematics and dynamics (motion/kinematics/)
export { compileKinematics, compileStructure } from './kinematics/compileKinematics.js';
export { KinematicTree } from './kinematics/KinematicTree.js';
export type { CoupledJoint } from './kinematics/KinematicTree.js';
export type { KinematicStructure } from './kinematics/KinematicStructure.js';
export { JOINT_FIXED, JOINT_REVOLUTE, JOINT_PRISMATIC } from './kinematics/KinematicStructure.js';
export type { LinkPoses } from './kinematics/LinkPoses.js';
export { DlsIkSolver } from './kinematics/DlsIkSolver.js';
export type { IkTarget, IkOptions, IkResult } from './kinematics/DlsIkSolver.js';
export { rpyToMatrix } from './kinematics/rpyToMatrix.js';

// Trajectories (motion/trajectory/)
export {
  createMotionSample,
  createMultiMotionSample,
  minimumJerk,
  minimumJerkMulti,
  minimumJerkPeakAcceleration,
  minimumJerkPeakVelocity,
  minimumJerkViaPoints,
  PiecewiseJerkProfile,
  trapezoidal,
  sCurve,
  synchronise,
  timeScale,
  cubicSplineVelocities,
  minimumJerkKnotDerivatives,
  PiecewisePolynomial,
  createJointTrajectorySample,
  durationToSeconds,
  validateJointTrajectory,
  JointTrajectorySampler,
  sampleTrajectory,
} from './trajectory/index.js';
export type {
  MotionSample,
  Profile,
  JointVector,
  MultiMotionSample,
  MultiProfile,
  ViaPointMotion,
  ViaPointProfile,
  JerkPhase,
  TrapezoidalMove,
  SCurveMove,
  SynchronisedMotion,
  JointTrajectoryLike,
  JointTrajectoryPointLike,
  JointTrajectorySample,
  TrajectoryDuration,
  TrajectoryInterpolation,
  TrajectoryStartState,
  JointTrajectorySamplerOptions,
} from './trajectory/index.js';
