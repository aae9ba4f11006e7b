import type { geometry_msgs, tf2_msgs } from '../../msgs/index.js';
import { stampFromNs } from '../../msgs/index.js';
import type { Joint, Quat, RobotModel, Vec3 } from '../../../urdf/index.js';

/** Quaternion [x, y, z, w] of URDF roll-pitch-yaw (fixed axes X, then Y, then Z). */
export function quatFromRpy([roll, pitch, yaw]: Vec3): Quat {
  const cr = Math.cos(roll / 2);
  const sr = Math.sin(roll / 2);
  const cp = Math.cos(pitch / 2);
  const sp = Math.sin(pitch / 2);
  const cy = Math.cos(yaw / 2);
  const sy = Math.sin(yaw / 2);
  return [sr * cp * cy - cr * sp * sy, cr * sp * cy + sr * cp * sy, cr * cp * sy - sr * sp * cy, cr * cp * cy + sr * sp * sy];
}

/** Hamilton product a·b of quaternions [x, y, z, w]. */
function quatMultiply(a: Quat, b: Quat): Quat {
  return [
    a[3] * b[0] + a[0] * b[3] + a[1] * b[2] - a[2] * b[1],
    a[3] * b[1] - a[0] * b[2] + a[1] * b[3] + a[2] * b[0],
    a[3] * b[2] + a[0] * b[1] - a[1] * b[0] + a[2] * b[3],
    a[3] * b[3] - a[0] * b[0] - a[1] * b[1] - a[2] * b[2],
  ];
}

/** Rotate v by the unit quaternion q. */
function quatRotate(q: Quat, v: Vec3): Vec3 {
  const [x, y, z, w] = q;
  // t = 2 q_v × v; v' = v + w t + q_v × t
  const tx = 2 * (y * v[2] - z * v[1]);
  const ty = 2 * (z * v[0] - x * v[2]);
  const tz = 2 * (x * v[1] - y * v[0]);
  return [v[0] + w * tx + (y * tz - z * ty), v[1] + w * ty + (z * tx - x * tz), v[2] + w * tz + (x * ty - y * tx)];
}

/**
 * The transform parent → child of one joint at position `q` (rad or m), as robot_state_publisher
 * computes it: the joint's origin, then the motion along or about its axis (in the joint frame).
 */
export function jointTransform(joint: Joint, q: number): geometry_msgs.Transform {
  const originRotation = quatFromRpy(joint.origin.rpy);
  let rotation = originRotation;
  let translation: Vec3 = joint.origin.xyz;
  if (joint.type === 'revolute' || joint.type === 'continuous') {
    const half = q / 2;
    const s = Math.sin(half);
    rotation = quatMultiply(originRotation, [joint.axis[0] * s, joint.axis[1] * s, joint.axis[2] * s, Math.cos(half)]);
  } else if (joint.type === 'prismatic') {
    const d = quatRotate(originRotation, [joint.axis[0] * q, joint.axis[1] * q, joint.axis[2] * q]);
    translation = [translation[0] + d[0], translation[1] + d[1], translation[2] + d[2]];
  }
  return {
    translation: { x: translation[0], y: translation[1], z: translation[2] },
    rotation: { x: rotation[0], y: rotation[1], z: rotation[2], w: rotation[3] },
  };
}

/**
 * `/tf` and `/tf_static` for a robot description, as ROS 2's robot_state_publisher publishes them:
 * one parent → child transform per joint; fixed joints once on `/tf_static` (latched), moving joints
 * on `/tf` from the joint positions. Planar and floating joints are published at their origin (Kindred's
 * robots have none; a mobile base's odometry is published by its own source).
 */
export class RobotTransforms {
  private readonly moving: readonly Joint[];
  private readonly fixed: readonly Joint[];

  constructor(readonly model: RobotModel) {
    this.moving = model.joints.filter((j) => j.type === 'revolute' || j.type === 'continuous' || j.type === 'prismatic');
    this.fixed = model.joints.filter((j) => !this.moving.includes(j));
  }

  /** Names of the joints whose transform moves with their position, in model order. */
  get movingJoints(): readonly string[] {
    return this.moving.map((j) => j.name);
  }

  /** The fixed joints' transforms, for the latched `/tf_static`. */
  staticTransforms(stampNs: bigint): tf2_msgs.TFMessage {
    const stamp = stampFromNs(stampNs);
    return { transforms: this.fixed.map((j) => ({ header: { stamp, frame_id: j.parent }, child_frame_id: j.child, transform: jointTransform(j, 0) })) };
  }

  /**
   * The moving joints' transforms at the given positions (`position(jointName)`; a joint it does not
   * know (undefined) is left out rather than published at a made-up position).
   */
  transforms(position: (joint: string) => number | undefined, stampNs: bigint): tf2_msgs.TFMessage {
    const stamp = stampFromNs(stampNs);
    const transforms: geometry_msgs.TransformStamped[] = [];
    for (const j of this.moving) {
      // A mimic joint follows the joint it mimics, as robot_state_publisher does.
      const q = j.mimic === undefined ? position(j.name) : mimicPosition(j.mimic.multiplier, j.mimic.offset, position(j.mimic.joint));
      if (q === undefined || !Number.isFinite(q)) continue;
      transforms.push({ header: { stamp, frame_id: j.parent }, child_frame_id: j.child, transform: jointTransform(j, q) });
    }
    return { transforms };
  }
}

function mimicPosition(multiplier: number, offset: number, q: number | undefined): number | undefined {
  return q === undefined ? undefined : multiplier * q + offset;
}
