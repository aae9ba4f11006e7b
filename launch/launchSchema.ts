import { z } from 'zod';
import { controllerTypes } from '../runtime/control/index.js';
import { LOOP_RATE_MAX_HZ, LOOP_RATE_MIN_HZ } from '../runtime/loop/index.js';
import { limitLayerFileSchema } from '../safety/index.js';
import type { SceneId } from '../sim/scenes/types.js';
import { rclnodejsConfigSchema } from '../runtime/ros/rclnodejs/rclnodejsOptions.js';
import { rosbridgeClientSectionSchema, wsUrlSchema } from '../runtime/ros/client/index.js';
import { rosHardwareOptionsSchema } from '../runtime/ros/hardware/index.js';

/** The kind of person profile each scene takes (`hardware.profile`). */
export const SIM_SCENE_PROFILE_KIND = {
  exo_standing: 'patient_profile',
  exo_treadmill: 'patient_profile',
  transfer_bed: 'bed_patient_profile',
  companion_home: 'person_profile',
} as const satisfies Record<SceneId, string>;

/** The simulator's scenes and the robot each one holds. */
export const SIM_SCENES = {
  exo_standing: 'kindred_exo',
  exo_treadmill: 'kindred_exo',
  transfer_bed: 'kindred_transfer',
  companion_home: 'kindred_companion',
} as const satisfies Record<SceneId, string>;

const jointName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a joint name of letters, digits and _');

const mockJoint = z.strictObject({
  name: jointName,
  command: z.array(z.enum(['position', 'velocity', 'effort'])).min(1).default(['position']),
  initialPositionRad: z.number().finite().optional(),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
});

const mockHardware = z.strictObject({
  type: z.literal('mock'),
  joints: z.array(mockJoint).min(1),
});

const simHardware = z.strictObject({
  type: z.literal('sim'),
  scene: z.enum(Object.keys(SIM_SCENES) as [SceneId, ...SceneId[]]),
  /** Seeds every random draw of the simulation (sensor noise, people): same seed, same run. */
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  /** A person/patient profile (YAML, `kind: …_profile`), relative to the launch file; the scene's default when absent. */
  profile: z.string().min(1).optional(),
  sensors: z.enum(['realistic', 'ideal']).default('realistic'),
  physicsHz: z.number().int().min(100).max(5000).default(1000),
  /** The simulated drives' own watchdog: torque off and brakes on when commands stop for this long. */
  watchdogTimeoutMs: z.number().min(1).max(1000).default(50),
  /** Serve the 3-D viewer at /sim. */
  viewer: z.boolean().default(true),
});

/**
 * A real robot that runs ros2_control under ROS 2, driven through its rosbridge_server: its joint
 * states come in, and the SafetyGate's output goes out to its forward-command or joint-trajectory
 * controller (runtime/ros/hardware). Nothing else reaches the robot's controllers.
 */
const ros2Hardware = z.strictObject({
  type: z.literal('ros2'),
  /** How Kindred reaches ROS 2: the robot's rosbridge_server (rclnodejs transport: not yet). */
  transport: z.literal('rosbridge').default('rosbridge'),
  /** The robot's rosbridge_server, e.g. ws://robot.local:9090. */
  url: wsUrlSchema,
  /** Environment variable holding the robot bridge's token, when it needs one. */
  tokenEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name').optional(),
  ...rosHardwareOptionsSchema.omit({ name: true }).shape,
  stateTimeoutMs: rosHardwareOptionsSchema.shape.stateTimeoutMs.default(100),
  /** The robot's joint_state_broadcaster topic. */
  jointStates: z.string().regex(/^\/[A-Za-z][A-Za-z0-9_/]*$/, 'a ROS 2 topic such as /joint_states').default('/joint_states'),
  /** The robot's controller the gated commands go to: `/<name>/commands` or `/<name>/joint_trajectory`. */
  controller: z.strictObject({ type: z.enum(['forward_command', 'joint_trajectory']), name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a ros2_control controller name') }),
  /** How often the gated commands are sent. */
  commandRateHz: z.number().min(1).max(1000).default(100),
  /** How long start-up waits for the robot's first complete joint state. */
  waitForStateMs: z.number().min(100).max(60_000).default(5000),
});

const layerName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a layer name such as robot, site or prescription');

/**
 * The SafetyGate's limits: the robot description's (URDF limits and safety_controller), then layers
 * that may only tighten them — the robot's safety configuration, the deployment site, a patient's
 * prescription — each a file (relative to the launch file) or written inline.
 */
const safetyBlock = z.strictObject({
  description: z
    .strictObject({
      /** Default: the shipped description of `robot.name`. */
      file: z.string().min(1).optional(),
      args: z.record(z.string(), z.string()).default({}),
    })
    .prefault({}),
  layers: z
    .array(z.union([z.strictObject({ name: layerName, file: z.string().min(1) }), z.strictObject({ name: layerName, joints: limitLayerFileSchema.shape.joints })]))
    .default([]),
});

const topicName = z.string().regex(/^\/?[A-Za-z][A-Za-z0-9_]*(\/[A-Za-z][A-Za-z0-9_]*)*$/, 'a ROS 2 topic name such as /joint_states');
/** A topic name or a glob over names (`/legs_position/*`), for a bridge's publish allow-list. */
const topicPattern = z.string().regex(/^\/?[A-Za-z*][A-Za-z0-9_*]*(\/[A-Za-z*][A-Za-z0-9_*]*)*$/, 'a topic name or glob such as /legs_position/commands or /cmd/*');

/**
 * A bridge other programs connect to (rosbridge v2 for roslib and ROS web tools, Foxglove WebSocket
 * for Foxglove/Lichtblick). Local only unless `host` says otherwise, and then a token is required: it
 * is read from the environment variable `tokenEnv`, never written in a launch file. Clients may
 * publish only to `allowPublish`; commands published that way still pass the SafetyGate.
 */
function bridgeService(defaultPort: number, defaultTokenEnv: string) {
  return z
    .strictObject({
      enabled: z.boolean().default(false),
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(defaultPort),
      allowPublish: z.array(topicPattern).default([]),
      tokenEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as KINDRED_ROSBRIDGE_TOKEN').default(defaultTokenEnv),
    })
    .prefault({});
}

/**
 * A launch file: which robot, which hardware, which controllers with which parameters, the loop rate
 * and the services to start. Every key is checked; unknown keys are rejected.
 */
export const launchSchema = z.strictObject({
  kind: z.literal('launch'),
  name: z.string().min(1).describe('a short name for this deployment, shown in /healthz'),
  robot: z.strictObject({
    name: z.string().min(1),
  }),
  hardware: z.discriminatedUnion('type', [mockHardware, simHardware, ros2Hardware]),
  loop: z
    .strictObject({
      rateHz: z.number().min(LOOP_RATE_MIN_HZ).max(LOOP_RATE_MAX_HZ).default(500),
      mode: z.enum(['realtime', 'lockstep']).default('realtime'),
      stallTimeoutMs: z.number().min(20).max(10_000).default(200),
      spinUs: z.number().min(0).max(2000).default(200),
    })
    .prefault({}),
  controllers: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        type: z.enum(controllerTypes as [string, ...string[]]),
        joints: z.array(jointName).min(1),
        interface: z.enum(['position', 'velocity', 'effort']).default('position'),
        params: z.record(z.string(), z.number().finite()).default({}),
        autostart: z.boolean().default(true),
      }),
    )
    .default([]),
  services: z
    .strictObject({
      http: z
        .strictObject({
          enabled: z.boolean().default(true),
          host: z.string().default('127.0.0.1'),
          port: z.number().int().min(0).max(65535).default(8080),
        })
        .prefault({}),
      rosbridge: bridgeService(9090, 'KINDRED_ROSBRIDGE_TOKEN'),
      foxglove: bridgeService(8765, 'KINDRED_FOXGLOVE_TOKEN'),
      /**
       * Kindred as a native ROS 2 node through rclnodejs. `auto` (default): when ROS 2 is sourced
       * (ROS_DISTRO and AMENT_PREFIX_PATH set) and rclnodejs is installed, else skipped with the reason
       * logged; `true`: required (start fails without it); `false`: never.
       */
      rclnodejs: rclnodejsConfigSchema.extend({ enabled: z.union([z.literal('auto'), z.boolean()]).default('auto') }).prefault({}),
    })
    .prefault({}),
  /** Kindred as a client of other ROS 2 systems' bridges: a robot's rosbridge_server, mapped onto the bus. */
  bridges: z.strictObject({ rosbridgeClient: rosbridgeClientSectionSchema.prefault({}) }).prefault({}),
  /** Record bus topics to MCAP in rosbag2's layout while Kindred runs (`kindred record` does it from outside). */
  record: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** Folder for the recordings (one file per run, named after the launch and the start time); relative paths are taken from the data directory. */
      directory: z.string().min(1).default('recordings'),
      /** Topics to record; default every topic, including those that appear later. */
      topics: z.array(topicName).optional(),
      compression: z.enum(['zstd', 'none']).default('zstd'),
    })
    .prefault({}),
  safety: safetyBlock.optional(),
  logging: z.strictObject({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info') }).prefault({}),
});

export type LaunchFile = z.output<typeof launchSchema>;
