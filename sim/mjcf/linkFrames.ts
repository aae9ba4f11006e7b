import type { Geometry, Joint, RobotModel } from '../../urdf/index.js';
import { compose, IDENTITY, quatToMatrix, transformFromPose, type RigidTransform } from './transform.js';

/**
 * Every link's frame in the root link's frame, at the zero joint configuration (floating and planar
 * joints at their origin). Scenes use it to place robots (the exoskeleton's soles on the floor) and
 * the wheeled-base drive to find its wheels.
 */
export function linkFrames(model: RobotModel): ReadonlyMap<string, RigidTransform> {
  const out = new Map<string, RigidTransform>([[model.rootLink, IDENTITY]]);
  const byParent = new Map<string, Joint[]>();
  for (const j of model.joints) {
    const list = byParent.get(j.parent);
    if (list === undefined) byParent.set(j.parent, [j]);
    else list.push(j);
  }
  const stack = [model.rootLink];
  while (stack.length > 0) {
    const link = stack.pop();
    if (link === undefined) break;
    const frame = out.get(link) ?? IDENTITY;
    for (const j of byParent.get(link) ?? []) {
      out.set(j.child, compose(frame, transformFromPose(j.origin)));
      stack.push(j.child);
    }
  }
  return out;
}

/** Lowest and highest z (in the root link's frame, zero configuration) of one primitive placed at `at`. */
export function geometryZRange(g: Geometry, at: RigidTransform): readonly [number, number] {
  const r = quatToMatrix(at.q);
  const z = at.p[2];
  let half: number;
  switch (g.type) {
    case 'box':
      half = (Math.abs(r[6] ?? 0) * g.size[0] + Math.abs(r[7] ?? 0) * g.size[1] + Math.abs(r[8] ?? 0) * g.size[2]) / 2;
      break;
    case 'cylinder': {
      const c = Math.abs(r[8] ?? 0);
      half = (c * g.length) / 2 + g.radius * Math.sqrt(Math.max(0, 1 - c * c));
      break;
    }
    case 'sphere':
      half = g.radius;
      break;
    case 'mesh':
      half = 0;
      break;
  }
  return [z - half, z + half];
}

/**
 * The lowest point of the robot's collision geometry (visuals where a link has none) at the zero
 * configuration, in the root link's frame: how far below its root a robot reaches (the exoskeleton's
 * soles), so scenes can stand it on a floor or a treadmill belt.
 */
export function lowestPointZ(model: RobotModel): number {
  const frames = linkFrames(model);
  let lowest = Infinity;
  for (const link of model.links) {
    const frame = frames.get(link.name) ?? IDENTITY;
    const shapes = link.collisions.length > 0 ? link.collisions : link.visuals;
    for (const s of shapes) {
      const [lo] = geometryZRange(s.geometry, compose(frame, transformFromPose(s.origin)));
      lowest = Math.min(lowest, lo);
    }
  }
  return Number.isFinite(lowest) ? lowest : 0;
}
