import type { geometry_msgs, hri_msgs, kindred_msgs, std_msgs } from '../../runtime/msgs/index.js';
import { stampFromNs } from '../../runtime/msgs/index.js';
import { PERSON_POSTURE, type PersonPostureName } from './HomePerson.js';

/** Every message built here is labelled as the simulator's ground truth, never perception. */
export const SIM_GROUND_TRUTH = 'sim_ground_truth';
/** Frame of the simulated world (no map or odometry in between). */
export const SIM_WORLD_FRAME = 'sim_world';

/** The person's state as the simulator knows it (from the `person/*` signals). */
export interface PersonGroundTruth {
  readonly xM: number;
  readonly yM: number;
  readonly yawRad: number;
  readonly posture: PersonPostureName;
  readonly faceVisible: boolean;
  readonly headHeightM: number;
}

/** `hri_msgs/msg/IdsList` (REP-155): the ids currently tracked. */
export type HriIdsList = hri_msgs.IdsList;

/** Kindred's posture message (REP-155 has no posture topic), labelled with its source. */
export type HriBodyPosture = kindred_msgs.BodyPosture;

/** One message to publish: topic, ROS type name, the payload, and where it came from. */
export type HriGroundTruthMessage =
  | { readonly topic: string; readonly type: 'hri_msgs/msg/IdsList'; readonly source: typeof SIM_GROUND_TRUTH; readonly message: HriIdsList }
  | { readonly topic: string; readonly type: 'geometry_msgs/msg/PointStamped'; readonly source: typeof SIM_GROUND_TRUTH; readonly message: geometry_msgs.PointStamped }
  | { readonly topic: string; readonly type: 'kindred_msgs/msg/BodyPosture'; readonly source: typeof SIM_GROUND_TRUTH; readonly message: HriBodyPosture };

/** Read the ground truth from the person's signals, in `HomePersonModel.signals()` order starting at `offset`. */
export function personGroundTruthFromSignals(values: ArrayLike<number>, offset = 0): PersonGroundTruth {
  const code = Math.round(values[offset + 3] ?? 0);
  const posture = (Object.keys(PERSON_POSTURE) as PersonPostureName[]).find((k) => PERSON_POSTURE[k] === code) ?? 'standing';
  return {
    xM: values[offset] ?? 0,
    yM: values[offset + 1] ?? 0,
    yawRad: values[offset + 2] ?? 0,
    posture,
    faceVisible: (values[offset + 4] ?? 0) >= 0.5,
    headHeightM: values[offset + 5] ?? 0,
  };
}

/** Ids used on the ROS4HRI topics (REP-155 ids are short strings). */
export interface HriIds {
  readonly bodyId: string;
  readonly faceId: string;
}

/**
 * The ROS4HRI-style (REP-155) messages the simulator's ground truth stands for, so behaviours can be
 * developed before perception exists: `/humans/bodies/tracked` (the body id), `/humans/bodies/<id>/position`
 * (geometry_msgs/PointStamped: the person's floor position, head height as z), `/humans/faces/tracked`
 * (the face id while the face is turned to the robot, else empty) and Kindred's
 * `/humans/bodies/<id>/posture`. Every message carries `source: 'sim_ground_truth'` and the frame
 * `sim_world`, so nothing downstream can mistake it for perception. Pure: the lead's wiring publishes it.
 */
export function hriMessagesFromPerson(truth: PersonGroundTruth, stampNs: bigint, ids: HriIds = { bodyId: 'person1', faceId: 'face1' }): HriGroundTruthMessage[] {
  const header = (): std_msgs.Header => ({ stamp: stampFromNs(stampNs), frame_id: SIM_WORLD_FRAME });
  return [
    { topic: '/humans/bodies/tracked', type: 'hri_msgs/msg/IdsList', source: SIM_GROUND_TRUTH, message: { header: header(), ids: [ids.bodyId] } },
    {
      topic: `/humans/bodies/${ids.bodyId}/position`,
      type: 'geometry_msgs/msg/PointStamped',
      source: SIM_GROUND_TRUTH,
      message: { header: header(), point: { x: truth.xM, y: truth.yM, z: truth.headHeightM } },
    },
    {
      topic: `/humans/bodies/${ids.bodyId}/posture`,
      type: 'kindred_msgs/msg/BodyPosture',
      source: SIM_GROUND_TRUTH,
      message: { header: header(), posture: truth.posture, code: PERSON_POSTURE[truth.posture], fallen: truth.posture === 'fallen', source: SIM_GROUND_TRUTH },
    },
    { topic: '/humans/faces/tracked', type: 'hri_msgs/msg/IdsList', source: SIM_GROUND_TRUTH, message: { header: header(), ids: truth.faceVisible ? [ids.faceId] : [] } },
  ];
}
