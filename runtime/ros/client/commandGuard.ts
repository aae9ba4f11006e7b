/**
 * How Kindred recognises, by name and type, the ROS 2 inputs that move a robot: ros2_control's
 * controller inputs and the usual motion actions. A mapping that would feed one of them from
 * anything but the SafetyGate's output is refused (RosBridgeMapping), because every actuator
 * command must pass the gate. Pure functions over names, so the rules can be read and tested alone.
 */

interface NameRule {
  readonly last: RegExp;
  readonly what: string;
}

const TOPIC_NAME_RULES: readonly NameRule[] = [
  { last: /^commands$/, what: 'a ros2_control forward command controller input (/<controller>/commands)' },
  { last: /^joint_trajectory$/, what: 'a joint_trajectory_controller input (/<controller>/joint_trajectory)' },
  { last: /^reference$/, what: 'a ros2_control chainable controller reference input (/<controller>/reference)' },
  { last: /^cmd_vel(_unstamped|_stamped)?$/, what: 'a velocity command input (*/cmd_vel)' },
];

const ACTION_NAME_RULES: readonly NameRule[] = [
  { last: /^follow_joint_trajectory$/, what: 'a joint trajectory action (*/follow_joint_trajectory)' },
  { last: /^gripper_cmd$/, what: 'a gripper command action (*/gripper_cmd)' },
];

const TOPIC_TYPES: ReadonlySet<string> = new Set(['trajectory_msgs/msg/JointTrajectory', 'control_msgs/msg/JointJog', 'control_msgs/msg/MultiDOFCommand']);
const ACTION_TYPES: ReadonlySet<string> = new Set(['control_msgs/action/FollowJointTrajectory', 'control_msgs/action/GripperCommand', 'control_msgs/action/ParallelGripperCommand']);

/** `pkg/Name` → `pkg/<kind>/Name`; full names stay as they are. */
function longType(type: string, kind: 'msg' | 'action'): string {
  const parts = type.split('/');
  return parts.length === 2 ? `${parts[0] ?? ''}/${kind}/${parts[1] ?? ''}` : type;
}

function byName(name: string, rules: readonly NameRule[]): string | undefined {
  const last = name.slice(name.lastIndexOf('/') + 1);
  return rules.find((r) => r.last.test(last))?.what;
}

/**
 * Why a topic (its name and message type) looks like an actuator command input, or undefined when
 * it does not. Used for both ends of a bus → ROS mapping: Kindred's own raw command topics follow
 * ros2_control's names too (`/<controller>/commands`).
 */
export function commandTopicReason(name: string, type: string): string | undefined {
  const byType = TOPIC_TYPES.has(longType(type, 'msg')) ? `a ${longType(type, 'msg')} topic (trajectory and jog messages command motion)` : undefined;
  return byName(name, TOPIC_NAME_RULES) ?? byType;
}

/** Why an action (its name and type) looks like a motion command, or undefined when it does not. */
export function commandActionReason(name: string, type: string): string | undefined {
  const byType = ACTION_TYPES.has(longType(type, 'action')) ? `a ${longType(type, 'action')} action (it moves the robot)` : undefined;
  return byName(name, ACTION_NAME_RULES) ?? byType;
}
