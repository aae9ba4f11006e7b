import type { Bus, Subscription } from '../../bus/index.js';
import { KindredError, show } from '../../errors/index.js';
import type { Logger } from '../../logging/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import type { Clock } from '../../time/index.js';
import { forwardCommandMessage, forwardCommandTopic, jointTrajectoryMessage, jointTrajectoryTopic } from './commandMessages.js';
import type { JointStateFeedResult, RosHardwareCommands, RosHardwareLink } from './RosHardwareLink.js';

/** Where the robot's state comes from and where its commands go, on Kindred's bus. */
export interface RosHardwareBusOptions {
  /** sensor_msgs/msg/JointState from the robot (its joint_state_broadcaster, bridged onto the bus). */
  readonly stateTopic: string;
  /** The robot's ros2_control controller that takes the commands. */
  readonly controller: {
    readonly type: 'forward_command' | 'joint_trajectory';
    /** The controller's name (`forward_position_controller`); its topic follows ros2_controllers' naming. */
    readonly name: string;
    /** Override the topic (default `/<name>/commands` or `/<name>/joint_trajectory`). */
    readonly topic?: string;
  };
  /** How often new command vectors are looked for and published, Hz (the loop's rate at most is useful). */
  readonly rateHz: number;
  /** joint_trajectory: the point's time_from_start, s (default one period, 1 / rateHz). */
  readonly pointPeriodS?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** A live connection. */
export interface RosHardwareBusConnection {
  readonly stateTopic: string;
  readonly commandTopic: string;
  /**
   * Publish the latest vector if it has not gone out yet (after `LoopHost.stop`: the hold command),
   * then stop feeding and publishing. Call it after the loop has stopped. Idempotent in effect.
   */
  close(): void;
}

/** The problems of one feed as one string, so a log line is written only when they change. */
function problemKey(r: JointStateFeedResult): string {
  return r.accepted ? `missing:${r.missing.join(',')};incomplete:${r.incomplete.join(',')}` : `rejected:${r.error?.message ?? ''}`;
}

/**
 * Connect a link to topics on Kindred's bus: JointStates on `stateTopic` feed the link; each new gated
 * command vector (and the stop command) is published as the controller's message on its topic. A bridge
 * to ROS 2 (rclnodejs, DDS, rosbridge) carries both topics to the robot. Problems with the feed (missing
 * or incomplete joints, malformed messages) are logged when they change, not per message. Throws
 * ROS_HW_CONFIG_INVALID for a forward_command controller on joints with more than one command
 * interface (only one would reach the robot), a bad controller name or rate; BUS_TYPE_MISMATCH when a
 * topic already carries another type.
 */
export function connectRosHardwareBus(link: RosHardwareLink, bus: Bus<MessageTypeMap>, options: RosHardwareBusOptions): RosHardwareBusConnection {
  const { controller } = options;
  if (controller.type === 'forward_command' && link.commandInterfaces.length !== 1) {
    throw new KindredError(
      'ROS_HW_CONFIG_INVALID',
      `hardware ${link.name}: a forward_command controller takes one interface (${link.commandInterface}) but the joints export ${show(link.commandInterfaces)}; the others would never reach the robot — list only ${link.commandInterface}, or use a joint_trajectory controller`,
      { field: 'controller.type', value: controller.type, expected: 'joint_trajectory, or joints with one command interface' },
    );
  }
  const periodS = options.pointPeriodS ?? 1 / options.rateHz;
  const commandTopic = controller.topic ?? (controller.type === 'forward_command' ? forwardCommandTopic(controller.name) : jointTrajectoryTopic(controller.name));
  const logger = options.logger?.child({ module: 'ros_hardware', hardware: link.name });
  let lastProblem = problemKey({ accepted: true, updated: [], missing: [], incomplete: [], unknown: [] });
  const feed = (msg: MessageTypeMap['sensor_msgs/msg/JointState']): void => {
    const r = link.feedJointState(msg);
    const key = problemKey(r);
    if (key === lastProblem) return;
    lastProblem = key;
    if (!r.accepted) logger?.warn({ code: r.error?.code, topic: options.stateTopic }, `ROS 2 hardware: JointState refused: ${r.error?.message ?? ''}`);
    else if (r.missing.length + r.incomplete.length > 0) logger?.warn({ missing: r.missing, incomplete: r.incomplete, topic: options.stateTopic }, 'ROS 2 hardware: JointState lacks joints');
    else logger?.info({ topic: options.stateTopic }, 'ROS 2 hardware: JointState complete again');
  };
  if (!(options.rateHz > 0 && options.rateHz <= 10_000)) {
    throw new KindredError('ROS_HW_CONFIG_INVALID', `hardware ${link.name}: command rate ${show(options.rateHz)} Hz; expected a number in (0, 10000]`, {
      field: 'rateHz',
      value: options.rateHz,
      expected: '0 < rateHz ≤ 10000',
    });
  }
  // Checks the point period before anything is subscribed or advertised.
  if (controller.type === 'joint_trajectory') jointTrajectoryMessage(link.readCommands(), periodS);
  const timing = options.clock === undefined ? {} : { clock: options.clock };
  let publisher: { close(): void };
  let send: (c: RosHardwareCommands) => void;
  if (controller.type === 'forward_command') {
    const p = bus.advertise(commandTopic, 'std_msgs/msg/Float64MultiArray');
    publisher = p;
    send = (c) => p.publish(forwardCommandMessage(c));
  } else {
    const p = bus.advertise(commandTopic, 'trajectory_msgs/msg/JointTrajectory');
    publisher = p;
    send = (c) => p.publish(jointTrajectoryMessage(c, periodS));
  }
  let subscription: Subscription;
  try {
    subscription = bus.subscribe(options.stateTopic, 'sensor_msgs/msg/JointState', feed);
  } catch (e) {
    publisher.close();
    throw e;
  }
  let published = 0;
  const sendNew = (c: RosHardwareCommands): void => {
    published = c.seq;
    send(c);
  };
  const timer = link.onCommands(sendNew, options.rateHz, timing);
  return {
    stateTopic: options.stateTopic,
    commandTopic,
    close: () => {
      subscription.unsubscribe();
      timer.cancel();
      // The last vector (after LoopHost.stop: the hold) goes out even if no tick came after it.
      const last = link.readCommands();
      if (last.seq > published) sendNew(last);
      publisher.close();
    },
  };
}
