export { prepareRosHardware, rosHardwarePluginUrl, RosHardwareLink } from './RosHardwareLink.js';
export type {
  JointStateFeedResult,
  JointStateLike,
  PreparedRosHardware,
  RosHardwareCommands,
  RosHardwareLinkStatus,
  RosJointFeedStatus,
} from './RosHardwareLink.js';
export { forwardCommandMessage, forwardCommandTopic, jointTrajectoryMessage, jointTrajectoryTopic } from './commandMessages.js';
export { connectRosHardwareBus } from './connectRosHardwareBus.js';
export type { RosHardwareBusConnection, RosHardwareBusOptions } from './connectRosHardwareBus.js';
export { JOINT_INTERFACES, rosHardwareOptionsSchema, validateRosHardwareOptions } from './rosHardwareConfig.js';
export type { JointInterface, RosHardwareOptions, RosHardwareSettings, RosJoint } from './rosHardwareConfig.js';
export type { RosHardwarePluginConfig } from './plugin.js';
export type { RosHardwareSystemStatus } from './RosHardwareSystem.js';
