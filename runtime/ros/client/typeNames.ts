const SEGMENT = '[A-Za-z_][A-Za-z0-9_]*';
const PATTERNS = {
  msg: new RegExp(`^${SEGMENT}/(msg/)?${SEGMENT}$`),
  srv: new RegExp(`^${SEGMENT}/(srv/)?${SEGMENT}$`),
  action: new RegExp(`^${SEGMENT}/(action/)?${SEGMENT}$`),
} as const;

/** The kinds of ROS 2 interface a name can denote. */
export type InterfaceKind = keyof typeof PATTERNS;

/**
 * True when `type` is written as rosbridge accepts an interface type of that kind: `pkg/msg/Name`
 * (`pkg/srv/Name`, `pkg/action/Name`) or the short `pkg/Name`. Says nothing about whether the robot
 * has it: services and actions are typed by the robot, not by Kindred.
 */
export function isInterfaceType(type: string, kind: InterfaceKind): boolean {
  return PATTERNS[kind].test(type);
}

