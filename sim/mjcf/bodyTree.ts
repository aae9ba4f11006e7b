import type { Geometry, Joint, Link, Material, RobotModel } from '../../urdf/index.js';
import { compose, transformFromPose, type RigidTransform } from './transform.js';
import { mjcfNames } from './names.js';

/** A collision primitive of a body, placed in that body's frame, remembering the link it came from. */
export interface BodyGeom {
  readonly name: string;
  readonly link: string;
  readonly geometry: Exclude<Geometry, { type: 'mesh' }>;
  readonly at: RigidTransform;
  readonly rgba: readonly [number, number, number, number];
}

/**
 * One MJCF body: a URDF link placed in its parent body, with the URDF joint that moves it (none for
 * fixed joints, so fixed frames stay bodies of their own and keep their names).
 */
export interface BodyNode {
  readonly link: Link;
  /** Pose in the parent body's frame (in the world's for top-level bodies). */
  readonly local: RigidTransform;
  /** The URDF joint into this body; undefined for the root and for hoisted floating children. */
  readonly joint: Joint | undefined;
  /** True for the child of a URDF `floating` joint, hoisted to the world with a free joint. */
  readonly hoisted: boolean;
  readonly geoms: readonly BodyGeom[];
  readonly children: BodyNode[];
}

const DEFAULT_RGBA = [0.6, 0.6, 0.62, 1] as const;

/**
 * Build the MJCF body tree of a robot whose root sits at `rootPose` in the world: one body per link,
 * geoms from collisions (visuals when a link has none), children of `floating` joints hoisted to the
 * world (MuJoCo allows free joints only at the top level; a floating joint constrains nothing, so the
 * physics is the same). Returns the top-level bodies: the root first, then hoisted ones.
 */
export function buildBodyTree(model: RobotModel, rootPose: RigidTransform): BodyNode[] {
  const linkByName = new Map(model.links.map((l) => [l.name, l] as const));
  const byParent = new Map<string, Joint[]>();
  for (const j of model.joints) {
    const list = byParent.get(j.parent);
    if (list === undefined) byParent.set(j.parent, [j]);
    else list.push(j);
  }
  const materials = new Map(model.materials.map((m) => [m.name, m] as const));
  const tops: BodyNode[] = [];

  const build = (link: Link, local: RigidTransform, world: RigidTransform, joint: Joint | undefined, hoisted: boolean): BodyNode => {
    const node: BodyNode = { link, local, joint, hoisted, geoms: geomsOf(link, materials), children: [] };
    for (const j of byParent.get(link.name) ?? []) {
      const child = linkByName.get(j.child);
      if (child === undefined) continue;
      const origin = transformFromPose(j.origin);
      const childWorld = compose(world, origin);
      if (j.type === 'floating') tops.push(build(child, childWorld, childWorld, j, true));
      else node.children.push(build(child, origin, childWorld, j, false));
    }
    return node;
  };
  const root = linkByName.get(model.rootLink);
  if (root === undefined) return [];
  tops.unshift(build(root, rootPose, rootPose, undefined, false));
  return tops;
}

function geomsOf(link: Link, materials: ReadonlyMap<string, Material>): BodyGeom[] {
  const shapes = link.collisions.length > 0 ? link.collisions : link.visuals;
  const visualColor = link.visuals.map((v) => v.material?.color ?? (v.material === undefined ? undefined : materials.get(v.material.name)?.color)).find((c) => c !== undefined);
  const out: BodyGeom[] = [];
  shapes.forEach((s, i) => {
    if (s.geometry.type === 'mesh') return; // rejected by validateRobot before we get here
    out.push({ name: mjcfNames.geom(link.name, i), link: link.name, geometry: s.geometry, at: transformFromPose(s.origin), rgba: visualColor ?? DEFAULT_RGBA });
  });
  return out;
}

/** Depth-first walk, parents before children. */
export function walkBodies(tops: readonly BodyNode[], visit: (node: BodyNode, parent: BodyNode | undefined) => void): void {
  const go = (n: BodyNode, p: BodyNode | undefined): void => {
    visit(n, p);
    for (const c of n.children) go(c, n);
  };
  for (const t of tops) go(t, undefined);
}
