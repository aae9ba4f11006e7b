import type { Joint, RobotModel } from '../../urdf/index.js';
import { mjcfError } from './mjcfError.js';
import { mjcfNames } from './names.js';

type CommandInterface = 'position' | 'velocity' | 'effort';

/** A ros2_control joint as the simulator drives it. */
export interface ControlledJoint {
  readonly joint: Joint;
  readonly actuator: string;
  readonly gear: number;
  /** N·m or N at the joint; Infinity when the description gives none. */
  readonly effortLimit: number;
  readonly velocityLimit: number;
  readonly lower: number;
  readonly upper: number;
  readonly commandInterfaces: readonly CommandInterface[];
}

/** A ros2_control sensor the simulator produces, at the link `frame`. */
export interface ControlledSensor {
  readonly name: string;
  readonly kind: 'force_torque' | 'imu';
  readonly frame: string;
}

/** What the simulator builds from a description's ros2_control blocks. */
export interface RobotControl {
  readonly joints: readonly ControlledJoint[];
  readonly sensors: readonly ControlledSensor[];
}

const COMMAND_INTERFACES: ReadonlySet<string> = new Set(['position', 'velocity', 'effort']);
const FT_INTERFACE = /^(force|torque)\.[xyz]$/;
const IMU_INTERFACE = /^(orientation\.[xyzw]|angular_velocity\.[xyz]|linear_acceleration\.[xyz])$/;

/**
 * Read the `<ros2_control>` blocks: which joints get a motor (with the transmission's reduction as
 * gear), and which sensors to build. Throws a coded error for anything the simulator cannot honour.
 */
export function readControl(model: RobotModel): RobotControl {
  const jointByName = new Map(model.joints.map((j) => [j.name, j] as const));
  const linkNames = new Set(model.links.map((l) => l.name));
  const joints: ControlledJoint[] = [];
  const sensors: ControlledSensor[] = [];
  const seen = new Set<string>();
  for (const block of model.ros2Control) {
    for (const c of block.joints) {
      const field = `ros2_control[name=${block.name}].joint[name=${c.name}]`;
      const joint = jointByName.get(c.name);
      if (joint === undefined || !(joint.type === 'revolute' || joint.type === 'continuous' || joint.type === 'prismatic')) {
        throw mjcfError(
          'MJCF_ROS2_CONTROL_INVALID',
          model,
          joint === undefined ? `ros2_control joint ${c.name} is not a joint of the description` : `ros2_control joint ${c.name} is ${joint.type}`,
          field,
          c.name,
          'a revolute, continuous or prismatic joint of the description',
        );
      }
      if (seen.has(c.name)) throw mjcfError('MJCF_ROS2_CONTROL_INVALID', model, `joint ${c.name} appears twice in ros2_control`, field, c.name, 'each joint once');
      seen.add(c.name);
      const commandInterfaces = c.commandInterfaces.map((i) => i.name).filter((n): n is CommandInterface => COMMAND_INTERFACES.has(n));
      const { gear, actuator } = transmissionOf(model, joint.name);
      const effortMax = c.commandInterfaces.find((i) => i.name === 'effort')?.max;
      const effortLimit = joint.limit?.effort ?? effortMax ?? Infinity;
      if (!(effortLimit > 0)) {
        throw mjcfError('MJCF_ROS2_CONTROL_INVALID', model, `actuated joint ${joint.name} has effort limit ${effortLimit}`, `joint[name=${joint.name}].limit.effort`, effortLimit, 'a positive effort limit (N·m or N)');
      }
      const bounded = joint.type !== 'continuous';
      joints.push({
        joint,
        actuator,
        gear,
        effortLimit,
        velocityLimit: joint.limit?.velocity ?? Infinity,
        lower: bounded ? (joint.limit?.lower ?? -Infinity) : -Infinity,
        upper: bounded ? (joint.limit?.upper ?? Infinity) : Infinity,
        commandInterfaces,
      });
    }
    for (const s of block.sensors) {
      const field = `ros2_control[name=${block.name}].sensor[name=${s.name}]`;
      const names = s.stateInterfaces.map((i) => i.name);
      const kind = names.length > 0 && names.every((n) => FT_INTERFACE.test(n)) ? 'force_torque' : names.length > 0 && names.every((n) => IMU_INTERFACE.test(n)) ? 'imu' : undefined;
      if (kind === undefined) {
        throw mjcfError('MJCF_SENSOR_UNSUPPORTED', model, `ros2_control sensor ${s.name} has state interfaces ${names.join(', ') || '(none)'}`, `${field}.state_interface`, names, 'force.x…torque.z (force/torque) or orientation/angular_velocity/linear_acceleration (IMU)');
      }
      const frame = s.parameters['frame_id'];
      if (frame === undefined || !linkNames.has(frame)) {
        throw mjcfError('MJCF_ROS2_CONTROL_INVALID', model, `sensor ${s.name} has frame_id ${frame ?? '(missing)'}, which is not a link`, `${field}.param[name=frame_id]`, frame, 'the name of a link');
      }
      sensors.push({ name: s.name, kind, frame });
    }
  }
  return { joints, sensors };
}

function transmissionOf(model: RobotModel, joint: string): { gear: number; actuator: string } {
  for (const t of model.transmissions) {
    if (!t.joints.some((j) => j.name === joint)) continue;
    const act = t.actuators[0];
    const gear = act?.mechanicalReduction ?? 1;
    if (!Number.isFinite(gear) || gear === 0) {
      throw mjcfError('MJCF_ROS2_CONTROL_INVALID', model, `transmission ${t.name} has mechanical reduction ${gear}`, `transmission[name=${t.name}].actuator.mechanicalReduction`, gear, 'a finite, non-zero reduction');
    }
    return { gear, actuator: act?.name ?? mjcfNames.motor(joint) };
  }
  return { gear: 1, actuator: mjcfNames.motor(joint) };
}
