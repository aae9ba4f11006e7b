import { KindredError } from '../errors/index.js';
import type { Controller } from './Controller.js';
import { ForwardCommandController } from './controllers/ForwardCommandController.js';
import { JointHoldController } from './controllers/JointHoldController.js';
import { assistAsNeededFromSpec, jointImpedanceFromSpec, jointTrajectoryFromSpec } from './controllers/lawControllersFromSpec.js';

/** A controller as a launch file declares it (plain data; validated by the launch schema). */
export interface ControllerSpec {
  readonly name: string;
  readonly type: string;
  readonly joints: readonly string[];
  /** Command interface kind for single-interface controllers. */
  readonly interface: 'position' | 'velocity' | 'effort';
  readonly params: Readonly<Record<string, number>>;
  /** Activate at start-up. */
  readonly autostart: boolean;
}

type Factory = (spec: ControllerSpec) => Controller;

const factories: Record<string, Factory> = {
  forward_command: (s) => new ForwardCommandController(s.name, s.joints, s.interface),
  joint_hold: (s) =>
    new JointHoldController(
      s.name,
      s.joints.map((j) => `${j}/${s.interface}`),
      { kp: s.params['kp'] ?? 50, kd: s.params['kd'] ?? 5 },
    ),
  // Without a model these have no gravity compensation; createModelController adds it.
  joint_impedance: (s) => jointImpedanceFromSpec(s),
  assist_as_needed: (s) => assistAsNeededFromSpec(s),
  joint_trajectory: jointTrajectoryFromSpec,
};

export const controllerTypes: readonly string[] = Object.keys(factories);

export function createController(spec: ControllerSpec): Controller {
  const factory = factories[spec.type];
  if (factory === undefined) {
    throw new KindredError('CONTROLLER_UNKNOWN_TYPE', `controller ${spec.name} has type ${JSON.stringify(spec.type)}; expected one of ${controllerTypes.join(', ')}`, {
      field: `controllers.${spec.name}.type`,
      value: spec.type,
      expected: controllerTypes.join(' | '),
    });
  }
  return factory(spec);
}
