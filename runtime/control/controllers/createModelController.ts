import { compileKinematics } from '../../../motion/index.js';
import type { KinematicTree } from '../../../motion/index.js';
import type { RobotModel } from '../../../urdf/index.js';
import type { Controller } from '../Controller.js';
import { createController } from '../controllerRegistry.js';
import type { ControllerSpec } from '../controllerRegistry.js';
import {
  assistAsNeededFromSpec,
  gravityCompensationFromSpec,
  jointImpedanceFromSpec,
  pdGravityFromSpec,
} from './lawControllersFromSpec.js';

type ModelFactory = (spec: ControllerSpec, tree: KinematicTree) => Controller;

/** Controller types whose law needs the robot's dynamics (gravity compensation). */
const modelFactories: Record<string, ModelFactory> = {
  pd_gravity: pdGravityFromSpec,
  gravity_compensation: gravityCompensationFromSpec,
  joint_impedance: jointImpedanceFromSpec,
  assist_as_needed: assistAsNeededFromSpec,
};

export const modelControllerTypes: readonly string[] = Object.keys(modelFactories);

/**
 * Builds a controller that may use the robot's dynamics: `pd_gravity` and `gravity_compensation`
 * need them; `joint_impedance` and `assist_as_needed` get gravity compensation from them; other types
 * are built by `createController` as without a model. `model` may be a `RobotModel` (compiled here)
 * or an already compiled `KinematicTree` (share one between controllers; each controller's gravity
 * compensator keeps its own buffers, but the tree's scratch is shared, so use them on one thread).
 * Throws MOTION_JOINT_UNKNOWN for a joint the model lacks and MOTION_CONTROLLER_PARAM_INVALID for
 * bad parameters.
 */
export function createModelController(spec: ControllerSpec, model: RobotModel | KinematicTree): Controller {
  const factory = modelFactories[spec.type];
  if (factory === undefined) return createController(spec);
  const tree = 'dofCount' in model ? model : compileKinematics(model);
  return factory(spec, tree);
}
