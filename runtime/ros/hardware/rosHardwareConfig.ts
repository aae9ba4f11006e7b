/**
 * The ROS 2 robot hardware link's configuration: one schema shared by the main thread's
 * `prepareRosHardware` and the worker's plugin, so both sides agree on the joints, their interfaces
 * and the shared buffer's layout.
 */
import { z } from 'zod';
import { isKindredError, KindredError, show } from '../../errors/index.js';
import { validateConfig } from '../../params/index.js';

/** The ros2_control joint interfaces a robot's controllers take and its joint_state_broadcaster reports. */
export const JOINT_INTERFACES = ['position', 'velocity', 'effort'] as const;
/** One of JOINT_INTERFACES. */
export type JointInterface = (typeof JOINT_INTERFACES)[number];

const finite = z.number().refine(Number.isFinite, 'expected a finite number');
const positive = z.number().gt(0).refine(Number.isFinite, 'expected a finite number');
const jointName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\s/]+$/, 'a joint name without spaces or "/" (interfaces are named <joint>/<interface>)');

/**
 * One joint of the robot, as its ros2_control hardware names it. Values are in SI joint units: rad,
 * rad/s, N·m for revolute joints; m, m/s, N for prismatic ones.
 */
const jointSchema = z.strictObject({
  name: jointName,
  /** The command interfaces the robot's controller takes for this joint (the same list for every joint). */
  command: z.array(z.enum(JOINT_INTERFACES)).min(1).max(3),
  /** Position range the SafetyGate clamps position commands to (without a robot description's limits). */
  min: finite.optional(),
  max: finite.optional(),
  /** |velocity command| allowed, rad/s or m/s (the gate clamps velocity commands to ±this). */
  velocityLimit: positive.optional(),
  /** |effort command| allowed, N·m or N (the gate clamps effort commands to ±this). */
  effortLimit: positive.optional(),
});

/** What `prepareRosHardware` takes (input side: defaults may be left out). Plain, cloneable data. */
export const rosHardwareOptionsSchema = z.strictObject({
  /** The hardware component's name in the control loop (e.g. `robot`). */
  name: z.string().min(1).max(200),
  joints: z.array(jointSchema).min(1).max(512),
  /**
   * The interface the robot's controller is fed: a forward_command_controller's `interface_name`,
   * and what a stop sends (position: hold where the robot is; velocity/effort: zero).
   */
  commandInterface: z.enum(JOINT_INTERFACES),
  /** The JointState fields the robot publishes for every joint (default all three); must include position. */
  stateInterfaces: z.array(z.enum(JOINT_INTERFACES)).min(1).max(3).default(['position', 'velocity', 'effort']),
  /** A joint whose state has not been refreshed for longer than this (loop time) makes `read` fail. */
  stateTimeoutMs: z.number().gt(0).max(10_000),
});

/** Input type of the options (`stateInterfaces` may be left out). */
export type RosHardwareOptions = z.input<typeof rosHardwareOptionsSchema>;

/** One validated joint. */
export interface RosJoint {
  readonly name: string;
  readonly min?: number;
  readonly max?: number;
  readonly velocityLimit?: number;
  readonly effortLimit?: number;
}

/**
 * The validated configuration both threads use, with interface lists in canonical order
 * (position, velocity, effort).
 */
export interface RosHardwareSettings {
  readonly name: string;
  readonly joints: readonly RosJoint[];
  /** The command interfaces every joint exports, canonical order. */
  readonly commandInterfaces: readonly JointInterface[];
  readonly commandInterface: JointInterface;
  /** The state interfaces every joint exports, canonical order; always starts with position. */
  readonly stateInterfaces: readonly JointInterface[];
  readonly stateTimeoutMs: number;
}

function invalid(message: string, field: string, value: unknown, expected: string): KindredError {
  return new KindredError('ROS_HW_CONFIG_INVALID', `ROS 2 hardware config: ${message}`, { field, value, expected });
}

function canonical(list: readonly JointInterface[]): JointInterface[] {
  return JOINT_INTERFACES.filter((k) => list.includes(k));
}

/**
 * Validate the link's options once (unknown keys rejected) and check what a schema cannot: unique
 * joint names, one command-interface list for all joints (one ros2_control controller drives them),
 * the forwarded interface among them, min ≤ max, position among the state interfaces.
 * Throws ROS_HW_CONFIG_INVALID naming the field, the value and what was expected.
 */
export function validateRosHardwareOptions(options: unknown): RosHardwareSettings {
  let v: z.output<typeof rosHardwareOptionsSchema>;
  try {
    v = validateConfig(rosHardwareOptionsSchema, options) as z.output<typeof rosHardwareOptionsSchema>;
  } catch (e) {
    if (!isKindredError(e)) throw e;
    throw new KindredError('ROS_HW_CONFIG_INVALID', `ROS 2 hardware config: ${e.message}`, e.context, { cause: e });
  }
  const seen = new Set<string>();
  const first = v.joints[0]!;
  const commandInterfaces = canonical(first.command);
  v.joints.forEach((j, i) => {
    if (seen.has(j.name)) throw invalid(`joint ${show(j.name)} is listed twice`, `joints.${i}.name`, j.name, 'each joint once');
    seen.add(j.name);
    if (new Set(j.command).size !== j.command.length) {
      throw invalid(`joint ${j.name} lists a command interface twice: ${show(j.command)}`, `joints.${i}.command`, j.command, 'each interface once');
    }
    const mine = canonical(j.command);
    if (mine.join() !== commandInterfaces.join()) {
      throw invalid(
        `joint ${j.name} takes ${show(mine)} but joint ${first.name} takes ${show(commandInterfaces)}; one link drives one ros2_control controller, which takes the same interfaces for every joint (use a second link for other joints)`,
        `joints.${i}.command`,
        j.command,
        show(commandInterfaces),
      );
    }
    if (j.min !== undefined && j.max !== undefined && !(j.min <= j.max)) {
      throw invalid(`joint ${j.name} has min ${j.min} above max ${j.max}`, `joints.${i}.min`, j.min, `≤ ${j.max}`);
    }
  });
  if (!commandInterfaces.includes(v.commandInterface)) {
    throw invalid(`commandInterface is ${v.commandInterface}, which the joints do not take (they take ${show(commandInterfaces)})`, 'commandInterface', v.commandInterface, commandInterfaces.join(' | '));
  }
  if (new Set(v.stateInterfaces).size !== v.stateInterfaces.length || !v.stateInterfaces.includes('position')) {
    throw invalid(`stateInterfaces is ${show(v.stateInterfaces)}; it must list position, each interface once`, 'stateInterfaces', v.stateInterfaces, 'position, optionally velocity and effort');
  }
  return Object.freeze({
    name: v.name,
    joints: v.joints.map((j) =>
      Object.freeze({
        name: j.name,
        ...(j.min === undefined ? {} : { min: j.min }),
        ...(j.max === undefined ? {} : { max: j.max }),
        ...(j.velocityLimit === undefined ? {} : { velocityLimit: j.velocityLimit }),
        ...(j.effortLimit === undefined ? {} : { effortLimit: j.effortLimit }),
      }),
    ),
    commandInterfaces,
    commandInterface: v.commandInterface,
    stateInterfaces: canonical(v.stateInterfaces),
    stateTimeoutMs: v.stateTimeoutMs,
  });
}
