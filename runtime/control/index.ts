export { ControllerManager } from './ControllerManager.js';
export type { ControllerManagerOptions, ControllerStatus, ManagerEvent, SafetyStopCategory, SafetyStopState } from './ControllerManager.js';
export type { Controller, LoanedInterfaces } from './Controller.js';
export type { HardwareComponent } from './HardwareComponent.js';
export type { HardwarePluginModule, PluginHardwareSpec } from './HardwarePlugin.js';
export type { InterfaceDescription } from './InterfaceDescription.js';
export { fullName } from './InterfaceDescription.js';
export { MockSystem } from './MockSystem.js';
export type { MockJoint } from './MockSystem.js';
export { ForwardCommandController } from './controllers/ForwardCommandController.js';
export { JointHoldController } from './controllers/JointHoldController.js';
export type { JointHoldGains } from './controllers/JointHoldController.js';
export { createController, controllerTypes } from './controllerRegistry.js';
export type { ControllerSpec } from './controllerRegistry.js';
export { JointEffortLawController } from './controllers/JointEffortLawController.js';
export { JointTrajectoryController } from './controllers/JointTrajectoryController.js';
export { createModelController, modelControllerTypes } from './controllers/createModelController.js';
export {
  assistAsNeededFromSpec,
  gravityCompensationFromSpec,
  gravityFromSpec,
  jointImpedanceFromSpec,
  jointTrajectoryFromSpec,
  pdGravityFromSpec,
} from './controllers/lawControllersFromSpec.js';
export type { LawControllerSpec } from './controllers/lawControllersFromSpec.js';
export { CartesianAdmittanceController } from './controllers/CartesianAdmittanceController.js';
export type { CartesianAdmittanceControllerOptions } from './controllers/CartesianAdmittanceController.js';
