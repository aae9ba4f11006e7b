/**
 * The gated command vector as the messages a robot's ros2_control controllers take. Pure functions:
 * the transport publishes what they return.
 */
import { KindredError, show } from '../../errors/index.js';
import type { std_msgs, trajectory_msgs } from '../../msgs/index.js';
import type { RosHardwareCommands } from './RosHardwareLink.js';

/** A ROS 2 controller name, optionally namespaced (`arm/forward_position_controller`). */
const CONTROLLER_NAME = /^\/?[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;

function controllerPath(controller: string): string {
  if (!CONTROLLER_NAME.test(controller)) {
    throw new KindredError('ROS_HW_CONFIG_INVALID', `controller name ${show(controller)} is not a ROS 2 name; expected e.g. forward_position_controller`, {
      field: 'controller',
      value: controller,
      expected: 'letters, digits and _, optionally namespaced with /',
    });
  }
  return controller.startsWith('/') ? controller : `/${controller}`;
}

/** The topic a forward_command_controller (or forward_position/velocity/effort controller) listens on: `/<controller>/commands`. */
export function forwardCommandTopic(controller: string): string {
  return `${controllerPath(controller)}/commands`;
}

/** The topic a joint_trajectory_controller listens on: `/<controller>/joint_trajectory`. */
export function jointTrajectoryTopic(controller: string): string {
  return `${controllerPath(controller)}/joint_trajectory`;
}

/**
 * `std_msgs/msg/Float64MultiArray` for a forward_command_controller: `data` holds the
 * `commandInterface` value of each joint in the link's joint order — the controller's `joints`
 * parameter must list them in that order (the layout names the dimension `joints`, with its size).
 */
export function forwardCommandMessage(commands: RosHardwareCommands): std_msgs.Float64MultiArray {
  const n = commands.joints.length;
  return { layout: { dim: [{ label: 'joints', size: n, stride: n }], data_offset: 0 }, data: Array.from(commands.values) };
}

/** A duration of `s` seconds as builtin_interfaces/Duration (0 ≤ nanosec < 1e9). */
function durationOf(s: number): { sec: number; nanosec: number } {
  const totalNs = Math.round(s * 1e9);
  const sec = Math.floor(totalNs / 1e9);
  return { sec, nanosec: totalNs - sec * 1e9 };
}

/**
 * `trajectory_msgs/msg/JointTrajectory` for a joint_trajectory_controller: one point reached
 * `periodS` after the message arrives (header stamp zero: "start now"), with every command
 * interface the link exports (positions, velocities, effort; the others empty). Streaming one such
 * point per loop period makes the controller interpolate between consecutive gated commands, and
 * if the stream stops, the last point is reached and held — the controller's own safeguard. A stop
 * command (torqueEnabled false) becomes a point at the held position with zero velocity and effort.
 */
export function jointTrajectoryMessage(commands: RosHardwareCommands, periodS: number): trajectory_msgs.JointTrajectory {
  if (!(periodS > 0 && periodS <= 10)) {
    throw new KindredError('ROS_HW_CONFIG_INVALID', `trajectory point period ${show(periodS)} s; expected a number in (0, 10]`, {
      field: 'periodS',
      value: periodS,
      expected: '0 < periodS ≤ 10',
    });
  }
  const of = (k: 'position' | 'velocity' | 'effort'): number[] => {
    const v = commands.byInterface[k];
    return v === undefined ? [] : Array.from(v);
  };
  return {
    header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' },
    joint_names: [...commands.joints],
    points: [{ positions: of('position'), velocities: of('velocity'), accelerations: [], effort: of('effort'), time_from_start: durationOf(periodS) }],
  };
}
