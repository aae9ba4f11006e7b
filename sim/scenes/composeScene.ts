import { KindredError, show } from '../../runtime/errors/index.js';
import type { RobotModel } from '../../urdf/index.js';
import type { HumanModel, MjcfFragment } from '../humans/HumanModel.js';
import { assembleMjcf } from '../mjcf/assembleMjcf.js';
import { lowestPointZ } from '../mjcf/linkFrames.js';
import { MJCF_NAME_PATTERN } from '../mjcf/names.js';
import { robotToMjcf } from '../mjcf/robotToMjcf.js';
import type { RobotMjcfOptions } from '../mjcf/RobotMjcf.js';
import { baseEnvironment } from './environment/common.js';
import { EXO_FRAME, supportFrame, treadmill, TREADMILL } from './environment/exoGym.js';
import { hospitalRoom, TRANSFER_ROBOT_START } from './environment/hospitalRoom.js';
import { COMPANION_ROBOT_START, LIVING_ROOM, livingRoom } from './environment/livingRoom.js';
import { forceArrows } from './forceArrows.js';
import { describeScene } from './sceneCatalog.js';
import { sceneRobot } from './sceneRobot.js';
import type { ComposedScene, SceneId } from './types.js';

/** Options of `composeScene`. */
export interface ComposeSceneOptions {
  /**
   * A variant of the scene's robot (e.g. the exoskeleton expanded for a patient's stature). Default:
   * `sceneRobot(id, { withPeople: humans.length > 0 })`, the shipped description, which for the
   * exoskeleton with a patient is its device-only inertia set (the patient's legs carry their own).
   */
  readonly robot?: RobotModel;
}

/** Arena memory per MjData: what a scene's robot and furniture use (measured about 32 KiB with no person) with headroom, plus room per person. */
const BASE_MEMORY_MIB = 2;
const MEMORY_PER_HUMAN_MIB = 2;
/** Wheeled robots ride this far above the floor: their base is held level by the planar joints, so the wheels need not touch. */
const WHEEL_CLEARANCE_M = 0.002;

interface SceneLayout {
  readonly environment: readonly MjcfFragment[];
  readonly robotOptions: RobotMjcfOptions;
  readonly center: readonly [number, number, number];
  readonly extentM: number;
}

const layouts: Readonly<Record<SceneId, (robot: RobotModel) => SceneLayout>> = {
  exo_standing: (robot) => exoLayout(robot, 0, false),
  exo_treadmill: (robot) => exoLayout(robot, TREADMILL.beltTopZ, true),
  transfer_bed: (robot) => {
    const bodies = new Set(robot.links.map((l) => l.name));
    return {
      environment: [baseEnvironment(4, 3.5), hospitalRoom()],
      robotOptions: {
        mount: { kind: 'planar', drive: 'mecanum', pose: { xyz: [TRANSFER_ROBOT_START.x, TRANSFER_ROBOT_START.y, WHEEL_CLEARANCE_M], rpy: [0, 0, TRANSFER_ROBOT_START.yaw] } },
        // The padded forearms (behind the force/torque sensors) feel where they touch the patient.
        touchLinks: ['forearm_pad_left', 'forearm_pad_right'].filter((l) => bodies.has(l)),
      },
      center: [-0.5, -0.8, 0.6],
      extentM: 4,
    };
  },
  companion_home: () => ({
    environment: [baseEnvironment(LIVING_ROOM.halfX, LIVING_ROOM.halfY), livingRoom()],
    robotOptions: {
      mount: { kind: 'planar', drive: 'differential', pose: { xyz: [COMPANION_ROBOT_START.x, COMPANION_ROBOT_START.y, WHEEL_CLEARANCE_M], rpy: [0, 0, COMPANION_ROBOT_START.yaw] } },
    },
    center: [0, 0, 0.8],
    extentM: 6,
  }),
};

/**
 * The exoskeleton's scenes: pelvis welded to the support frame at the height that leaves the soles
 * `EXO_FRAME.soleClearanceM` above the floor (or the treadmill belt), computed from the robot so a
 * patient-specific stature still stands right.
 */
function exoLayout(robot: RobotModel, groundZ: number, withTreadmill: boolean): SceneLayout {
  const pelvisZ = exoPelvisHeight(robot, groundZ);
  return {
    environment: [baseEnvironment(3, 3), supportFrame(pelvisZ), ...(withTreadmill ? [treadmill()] : [])],
    robotOptions: { mount: { kind: 'fixed', pose: { xyz: [EXO_FRAME.pelvisX, EXO_FRAME.pelvisY, pelvisZ], rpy: [0, 0, 0] } } },
    center: [0, 0, pelvisZ / 2 + 0.2],
    extentM: 2.5,
  };
}

/** Height (world z, m) of the exoskeleton's pelvis origin in `exo_standing` (groundZ 0) or `exo_treadmill` (groundZ = belt top). */
export function exoPelvisHeight(robot: RobotModel, groundZ: number): number {
  return groundZ + EXO_FRAME.soleClearanceM - lowestPointZ(robot);
}

/**
 * Compose a scene: the environment, the robot's MJCF (generated from its URDF) and the people's
 * fragments in one MJCF document, with the tables SimSystem and the viewer need. Pure: nothing is
 * compiled here; compile `xml` with `compileMjcf` in the thread that simulates it.
 */
export function composeScene(id: SceneId, humans: readonly HumanModel[], options: ComposeSceneOptions = {}): ComposedScene {
  const scene = describeScene(id);
  checkHumans(scene.id, scene.humanKind, humans);
  const robot = options.robot ?? sceneRobot(id, { withPeople: humans.length > 0 });
  if (robot.name !== scene.robot) {
    throw new KindredError('SCENE_ROBOT_MISMATCH', `scene ${id} is built around ${scene.robot}, not ${show(robot.name)}`, {
      ...(robot.source === undefined ? {} : { file: robot.source }),
      field: 'robot.name',
      value: robot.name,
      expected: scene.robot,
    });
  }
  const layout = layouts[id](robot);
  const generated = robotToMjcf(robot, layout.robotOptions);
  const xml = assembleMjcf({
    model: `kindred_${id}`,
    timestepS: 1 / scene.physicsHz,
    memoryMiB: BASE_MEMORY_MIB + MEMORY_PER_HUMAN_MIB * humans.length,
    fragments: [...layout.environment, generated.fragment, ...humans.map((h) => h.mjcf())],
    center: layout.center,
    extentM: layout.extentM,
  });
  return Object.freeze({
    id,
    title: scene.title,
    xml,
    physicsHz: scene.physicsHz,
    robot,
    joints: generated.joints,
    sensors: generated.sensors,
    humans,
    forceArrows: forceArrows(generated.sensors, humans),
    ...(generated.baseDrive === undefined ? {} : { baseDrive: generated.baseDrive }),
  });
}

function checkHumans(id: SceneId, kind: HumanModel['kind'], humans: readonly HumanModel[]): void {
  const prefixes = new Set<string>();
  humans.forEach((h, i) => {
    const field = `humans[${i}]`;
    if (h.kind !== kind) {
      throw new KindredError('SCENE_HUMAN_INVALID', `scene ${id} takes a ${kind}, not a ${h.kind} (${field})`, { field: `${field}.kind`, value: h.kind, expected: kind });
    }
    if (!MJCF_NAME_PATTERN.test(h.prefix) || prefixes.has(h.prefix)) {
      throw new KindredError('SCENE_HUMAN_INVALID', `${field} has prefix ${show(h.prefix)}, ${prefixes.has(h.prefix) ? 'already used by another person' : 'which cannot start MJCF names'}`, {
        field: `${field}.prefix`,
        value: h.prefix,
        expected: 'a unique prefix of letters, digits and _',
      });
    }
    prefixes.add(h.prefix);
    if (!/<body[\s>]/.test(h.mjcf().worldbody)) {
      throw new KindredError('SCENE_HUMAN_INVALID', `${field} (${h.prefix}) contributes no body to the worldbody`, { field: `${field}.mjcf().worldbody`, value: h.prefix, expected: 'at least one <body>' });
    }
  });
}
