export { createMotionSample } from './Profile.js';
export type { MotionSample, Profile } from './Profile.js';
export { createMultiMotionSample } from './MultiProfile.js';
export type { JointVector, MultiMotionSample, MultiProfile } from './MultiProfile.js';
export { minimumJerk, minimumJerkMulti, minimumJerkPeakAcceleration, minimumJerkPeakVelocity } from './minimumJerk.js';
export { minimumJerkViaPoints } from './minimumJerkViaPoints.js';
export type { ViaPointMotion, ViaPointProfile } from './minimumJerkViaPoints.js';
export { PiecewiseJerkProfile } from './PiecewiseJerkProfile.js';
export type { JerkPhase } from './PiecewiseJerkProfile.js';
export { trapezoidal } from './trapezoidal.js';
export type { TrapezoidalMove } from './trapezoidal.js';
export { sCurve } from './sCurve.js';
export type { SCurveMove } from './sCurve.js';
export { synchronise, timeScale } from './synchronise.js';
export type { SynchronisedMotion } from './synchronise.js';
export { cubicSplineVelocities, minimumJerkKnotDerivatives } from './knotDerivatives.js';
export { PiecewisePolynomial } from './PiecewisePolynomial.js';
export { createJointTrajectorySample, durationToSeconds } from './JointTrajectory.js';
export type {
  JointTrajectoryLike,
  JointTrajectoryPointLike,
  JointTrajectorySample,
  TrajectoryDuration,
  TrajectoryInterpolation,
  TrajectoryStartState,
} from './JointTrajectory.js';
export { validateJointTrajectory } from './validateJointTrajectory.js';
export { JointTrajectorySampler } from './JointTrajectorySampler.js';
export type { JointTrajectorySamplerOptions } from './JointTrajectorySampler.js';
export { sampleTrajectory } from './sampleTrajectory.js';
