import type { MjModel } from 'mujoco-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { compileMjcf, loadMujoco } from '../mujoco/loadMujoco.js';
import type { MujocoModule } from '../mujoco/types.js';
import { describeScene, type DescribedJoint } from './describeScene.js';
import { PENDULUM_LENGTH_M, PENDULUM_XML } from './fixtures/pendulum.js';
import type { ViewGeom } from './SimViewSource.js';

/** Rotate v by the unit quaternion (w, x, y, z). */
function rotate([w, x, y, z]: readonly number[], v: readonly [number, number, number]): number[] {
  const [vx, vy, vz] = v;
  const q = [w ?? 1, x ?? 0, y ?? 0, z ?? 0] as const;
  // t = 2 q×v; v' = v + w t + q×t
  const tx = 2 * (q[2] * vz - q[3] * vy);
  const ty = 2 * (q[3] * vx - q[1] * vz);
  const tz = 2 * (q[1] * vy - q[2] * vx);
  return [vx + q[0] * tx + (q[2] * tz - q[3] * ty), vy + q[0] * ty + (q[3] * tx - q[1] * tz), vz + q[0] * tz + (q[1] * ty - q[2] * tx)];
}

let mujoco: MujocoModule;
let model: MjModel;
beforeAll(async () => {
  mujoco = await loadMujoco();
  model = compileMjcf(mujoco, PENDULUM_XML, 'fixtures/pendulum.xml');
});
afterAll(() => model.delete());

function geom(geoms: readonly ViewGeom[], name: string): ViewGeom {
  const found = geoms.find((g) => g.name === name);
  if (found === undefined) throw new Error(`no geom ${name} in ${geoms.map((g) => g.name).join(', ')}`);
  return found;
}

describe('describeScene: what the page needs to draw a compiled MJCF', () => {
  it('lists every body with its parent, world first', () => {
    const scene = describeScene(mujoco, model, { name: 'pendulum' });
    expect(scene.name).toBe('pendulum');
    expect(scene.bodies).toEqual([
      { name: 'world', parent: 0 },
      { name: 'arm', parent: 0 },
      { name: 'bob', parent: 1 },
      { name: 'crate', parent: 0 },
    ]);
  });

  it('draws the visible geoms (groups 0–2) and leaves collision-only group 3 out unless asked', () => {
    const visible = describeScene(mujoco, model, { name: 'p' }).geoms;
    expect(visible.map((g) => g.name)).toEqual(['floor', 'rod', 'bob', 'marker', 'crate']);
    expect(visible.map((g) => g.type)).toEqual(['plane', 'capsule', 'sphere', 'mesh', 'box']);
    const all = describeScene(mujoco, model, { name: 'p', groups: [0, 1, 2, 3] }).geoms;
    expect(all.map((g) => g.name)).toContain('crate_collider');
    expect(all).toHaveLength(model.ngeom);
  });

  it('gives a capsule from fromto its radius, half-length, centre and an orientation whose z runs along the segment', () => {
    const rod = geom(describeScene(mujoco, model, { name: 'p' }).geoms, 'rod');
    expect(rod.body).toBe(1);
    expect(rod.size[0]).toBeCloseTo(0.02, 12);
    expect(rod.size[1]).toBeCloseTo(PENDULUM_LENGTH_M / 2, 12);
    expect(rod.pos[0]).toBeCloseTo(PENDULUM_LENGTH_M / 2, 12);
    expect(Math.hypot(...rod.quat)).toBeCloseTo(1, 12);
    const axis = rotate(rod.quat, [0, 0, 1]);
    expect(Math.abs(axis[0] ?? 0)).toBeCloseTo(1, 9); // local z along the rod (world x at the hinge's zero)
  });

  it('takes a material’s colour when the geom keeps the default colour, and the geom’s own otherwise', () => {
    const geoms = describeScene(mujoco, model, { name: 'p' }).geoms;
    expect(geom(geoms, 'rod').rgba).toEqual([0.3, 0.6, 0.3, 1]);
    expect(geom(geoms, 'bob').rgba).toEqual([0.9, 0.1, 0.1, 1]);
    expect(geom(geoms, 'crate').size).toEqual([0.1, 0.1, 0.1]);
  });

  it('sends a mesh geom its vertices and triangles', () => {
    const marker = geom(describeScene(mujoco, model, { name: 'p' }).geoms, 'marker');
    const mesh = marker.mesh;
    expect(mesh?.vertices).toHaveLength(3 * 4);
    expect(mesh?.faces).toHaveLength(3 * 4);
    expect(mesh?.faces.every((i) => Number.isInteger(i) && i >= 0 && i < 4)).toBe(true);
    // MuJoCo centres mesh vertices on the mesh's centroid and moves the geom frame there instead.
    const centroid = [0, 1, 2].map((k) => (mesh?.vertices ?? []).filter((_, i) => i % 3 === k).reduce((a, b) => a + b, 0) / 4);
    for (const c of centroid) expect(Math.abs(c)).toBeLessThan(0.02);
  });

  it('lists named hinge and slide joints by default, with their limits, and no free joint', () => {
    const joints = describeScene(mujoco, model, { name: 'p' }).joints as readonly DescribedJoint[];
    expect(joints).toHaveLength(1);
    expect(joints[0]).toMatchObject({ name: 'swing', kind: 'hinge' });
    expect(joints[0]?.lower).toBeCloseTo(-Math.PI, 9);
    expect(joints[0]?.upper).toBeCloseTo(Math.PI, 9);
    expect(joints[0]?.command).toBeUndefined();
  });

  it('keeps given joints (with their slider command) and force channels', () => {
    const scene = describeScene(mujoco, model, {
      name: 'p',
      joints: [{ name: 'swing', lower: -1, upper: 1, command: 'swing/position' }],
      forces: [{ name: 'crate_contact', body: 3, limitN: 25 }],
    });
    expect(scene.joints).toEqual([{ name: 'swing', lower: -1, upper: 1, command: 'swing/position', kind: 'hinge' }]);
    expect(scene.forces).toEqual([{ name: 'crate_contact', body: 3, limitN: 25 }]);
  });

  it.each([
    ['an unknown joint', { joints: [{ name: 'elbow', lower: 0, upper: 1 }] }, 'SIM_VIEWER_JOINT_UNKNOWN', /"elbow".*swing/],
    ['a free joint', { joints: [{ name: 'crate_free', lower: 0, upper: 1 }] }, 'SIM_VIEWER_JOINT_TYPE', /"crate_free"/],
    ['a body index past the end', { forces: [{ name: 'f', body: 4, limitN: 10 }] }, 'SIM_VIEWER_FORCE_BODY', /body 4.*0 to 3/],
    ['a negative body index', { forces: [{ name: 'f', body: -1, limitN: 10 }] }, 'SIM_VIEWER_FORCE_BODY', /body -1/],
    ['a zero limit', { forces: [{ name: 'f', body: 1, limitN: 0 }] }, 'SIM_VIEWER_FORCE_LIMIT', /limit 0 N/],
    ['a NaN limit', { forces: [{ name: 'f', body: 1, limitN: Number.NaN }] }, 'SIM_VIEWER_FORCE_LIMIT', /limit NaN N/],
  ] as const)('refuses %s with %s', (_what, options, code, message) => {
    let error: unknown;
    try {
      describeScene(mujoco, model, { name: 'p', ...options });
    } catch (e) {
      error = e;
    }
    expect(isKindredError(error, code), String(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});
