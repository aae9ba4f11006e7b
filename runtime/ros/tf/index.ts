export { RobotTransforms, jointTransform, quatFromRpy } from './robotTransforms.js';
