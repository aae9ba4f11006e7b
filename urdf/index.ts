export type {
  Vec3,
  Quat,
  Pose,
  Geometry,
  Material,
  Visual,
  Collision,
  Inertial,
  Link,
  JointType,
  JointLimit,
  JointDynamics,
  JointCalibration,
  JointMimic,
  SafetyController,
  Joint,
  TransmissionJoint,
  TransmissionActuator,
  Transmission,
  Ros2ControlInterface,
  Ros2ControlComponent,
  Ros2Control,
  RobotModel,
} from './RobotModel.js';
export { movableJoints } from './RobotModel.js';
export { parseUrdf, expandXacroText } from './parseUrdf.js';
export type { ParseUrdfOptions } from './parseUrdf.js';
export { loadUrdfFile, expandUrdfFile } from './loadUrdfFile.js';
export type { LoadUrdfOptions } from './loadUrdfFile.js';
export { formatUrdfTree, formatJointLimits } from './formatUrdfTree.js';
export { robotModelToJson } from './robotModelToJson.js';
export type { RobotModelJson } from './robotModelToJson.js';
export { readRobotModel } from './readRobotModel.js';
export { JOINT_TYPES } from './readJoint.js';
export { principalMoments, inertiaProblem } from './principalMoments.js';
export { expandXacro, XACRO_NAMESPACE } from './xacro/expandXacro.js';
export type { XacroOptions } from './xacro/expandXacro.js';
export { evaluateExpression, formatValue, literalValue } from './xacro/evaluateExpression.js';
export type { XacroValue, NameLookup } from './xacro/evaluateExpression.js';
export { parseXml } from './xml/parseXml.js';
export type { XmlElement, XmlNode, XmlText, XmlComment, SourceLocation } from './xml/XmlElement.js';
export { serializeXml } from './xml/XmlElement.js';
export { shippedRobots } from './robots/shippedRobots.js';
export type { ShippedRobotName } from './robots/shippedRobots.js';
