import { describe, expect, it } from 'vitest';
import { compileKinematics } from '../../../motion/index.js';
import { loadUrdfFile, shippedRobots, type RobotModel } from '../../../urdf/index.js';
import type { geometry_msgs } from '../../msgs/index.js';
import { RobotTransforms } from './robotTransforms.js';

/** Row-major rotation matrix of a unit quaternion. */
function matrix(q: geometry_msgs.Quaternion): number[] {
  const { x, y, z, w } = q;
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
    2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
    2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y),
  ];
}

interface Frame {
  r: number[];
  p: number[];
}

/** Chain the published parent → child transforms from the root: the pose of every frame in the root frame. */
function chain(model: RobotModel, transforms: readonly geometry_msgs.TransformStamped[]): Map<string, Frame> {
  const frames = new Map<string, Frame>([[model.rootLink, { r: [1, 0, 0, 0, 1, 0, 0, 0, 1], p: [0, 0, 0] }]]);
  for (const j of model.joints) {
    const t = transforms.find((x) => x.child_frame_id === j.child);
    const parent = frames.get(j.parent);
    if (t === undefined || parent === undefined) continue;
    expect(t.header.frame_id).toBe(j.parent);
    const r = matrix(t.transform.rotation);
    const v = [t.transform.translation.x, t.transform.translation.y, t.transform.translation.z];
    const rr = Array.from({ length: 9 }, (_, k) => {
      const row = Math.floor(k / 3);
      const col = k % 3;
      return parent.r[row * 3]! * r[col]! + parent.r[row * 3 + 1]! * r[3 + col]! + parent.r[row * 3 + 2]! * r[6 + col]!;
    });
    const p = [0, 1, 2].map((row) => parent.p[row]! + parent.r[row * 3]! * v[0]! + parent.r[row * 3 + 1]! * v[1]! + parent.r[row * 3 + 2]! * v[2]!);
    frames.set(j.child, { r: rr, p });
  }
  return frames;
}

describe('RobotTransforms (/tf as robot_state_publisher publishes it)', () => {
  for (const name of ['kindred_exo', 'kindred_transfer', 'kindred_companion'] as const) {
    it(`${name}: chaining /tf_static and /tf gives the same link poses as Kindred's forward kinematics`, () => {
      const model = loadUrdfFile(shippedRobots[name]);
      const tf = new RobotTransforms(model);
      const tree = compileKinematics(model);
      // A seeded, non-trivial configuration inside each joint's limits.
      const q = new Float64Array(tree.dofCount);
      const byName = new Map<string, number>();
      tree.jointNames.forEach((joint, i) => {
        const limit = model.joints.find((j) => j.name === joint)?.limit;
        const lo = limit?.lower ?? -1;
        const hi = limit?.upper ?? 1;
        q[i] = lo + ((i * 0.37 + 0.21) % 1) * (hi - lo);
        byName.set(joint, q[i]!);
      });
      const all = [...tf.staticTransforms(0n).transforms, ...tf.transforms((j) => byName.get(j), 5_000_000_000n).transforms];
      expect(all.length).toBe(model.joints.length);
      const frames = chain(model, all);
      const poses = tree.fk(q, tree.createLinkPoses());
      tree.linkNames.forEach((link, i) => {
        const f = frames.get(link);
        expect(f, link).toBeDefined();
        for (let k = 0; k < 3; k++) expect(f!.p[k]).toBeCloseTo(poses.positionM[3 * i + k]!, 9);
        for (let k = 0; k < 9; k++) expect(f!.r[k]).toBeCloseTo(poses.rotation[9 * i + k]!, 9);
      });
    });
  }

  it('stamps every moving transform and leaves out a joint whose position is unknown', () => {
    const model = loadUrdfFile(shippedRobots.kindred_exo);
    const tf = new RobotTransforms(model);
    const msg = tf.transforms((j) => (j === 'knee_left' ? undefined : 0), 1_500_000_000n);
    expect(msg.transforms.map((t) => t.child_frame_id)).not.toContain(model.joints.find((j) => j.name === 'knee_left')!.child);
    expect(msg.transforms.length).toBe(tf.movingJoints.length - 1);
    expect(msg.transforms.every((t) => t.header.stamp.sec === 1 && t.header.stamp.nanosec === 500_000_000)).toBe(true);
  });
});
