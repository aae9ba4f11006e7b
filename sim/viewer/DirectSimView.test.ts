import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { DirectSimView } from './DirectSimView.js';
import { CRATE_MASS_KG, PENDULUM_LENGTH_M, PENDULUM_XML, PIVOT_HEIGHT_M } from './fixtures/pendulum.js';

const G = 9.81;
let view: DirectSimView;

beforeEach(async () => {
  view = await DirectSimView.fromMjcf(PENDULUM_XML, 'fixtures/pendulum.xml', {
    name: 'pendulum',
    forces: [
      { name: 'crate', body: 'crate', limitN: 25 },
      { name: 'bob', body: 'bob', limitN: 10 },
    ],
  });
});
afterEach(() => view.close());

async function refusal(promise: Promise<void>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (e) {
    if (isKindredError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('the control was accepted');
}

describe('DirectSimView: a MuJoCo model stepped on this thread for the viewer', () => {
  it('gives every joint a slider and resolves force channels by body name', () => {
    const scene = view.scene();
    expect(scene.joints.map((j) => [j.name, j.command])).toEqual([['swing', 'swing/position']]);
    expect(scene.forces).toEqual([
      { name: 'crate', body: 3, limitN: 25 },
      { name: 'bob', body: 2, limitN: 10 },
    ]);
  });

  it('swings the pendulum as wall time passes, scaled by the time scale', async () => {
    const start = view.frame();
    expect(start.timeS).toBe(0);
    expect(start.running).toBe(true);
    expect(view.advance(0.2)).toBe(100);
    const later = view.frame();
    expect(later.timeS).toBeCloseTo(0.2, 9);
    expect(later.joints[0]).toBeGreaterThan(0.1); // released from horizontal, falling towards +angle about y
    await view.control({ op: 'timeScale', value: 0.5 });
    view.advance(0.2);
    expect(view.frame().timeS).toBeCloseTo(0.3, 9);
    expect(view.frame().timeScale).toBe(0.5);
  });

  it('poses bodies from the joint: the bob hangs where the hinge angle puts it', async () => {
    await view.control({ op: 'pause' });
    await view.control({ op: 'setJoint', joint: 'swing', value: 0.7 });
    const frame = view.frame();
    expect(frame.joints[0]).toBe(0.7);
    const bob = 2;
    // rotation about +y by q takes +x to (cos q, 0, −sin q)
    expect(frame.xpos[3 * bob]).toBeCloseTo(PENDULUM_LENGTH_M * Math.cos(0.7), 9);
    expect(frame.xpos[3 * bob + 2]).toBeCloseTo(PIVOT_HEIGHT_M - PENDULUM_LENGTH_M * Math.sin(0.7), 9);
    expect(frame.xquat[4 * bob]).toBeCloseTo(Math.cos(0.35), 9);
    expect(frame.xquat[4 * bob + 2]).toBeCloseTo(Math.sin(0.35), 9);
  });

  it('pauses: time stands still; step advances exactly the requested physics cycles', async () => {
    view.advance(0.05);
    await view.control({ op: 'pause' });
    const paused = view.frame().timeS;
    expect(view.advance(1)).toBe(0);
    expect(view.frame().timeS).toBe(paused);
    expect(view.frame().running).toBe(false);
    await view.control({ op: 'step', cycles: 37 });
    expect(view.frame().timeS).toBeCloseTo(paused + 37 * view.timestepS, 12);
    await view.control({ op: 'play' });
    view.advance(0.01);
    expect(view.frame().timeS).toBeGreaterThan(paused + 37 * view.timestepS);
  });

  it('reports the crate’s floor contact as its weight, pointing up, at the floor; nothing on the swinging bob', () => {
    view.advance(0.2);
    const f = view.frame().forces;
    expect(f).toHaveLength(12);
    expect(f[0]).toBeCloseTo(0.9, 3);
    expect(Math.abs(f[2] ?? 1)).toBeLessThan(1e-3);
    expect(f[3]).toBeCloseTo(0, 3);
    expect(f[4]).toBeCloseTo(0, 3);
    expect(f[5]).toBeCloseTo(CRATE_MASS_KG * G, 1);
    // The bob touches nothing: zero force, drawn from the bob's origin.
    expect(f.slice(9, 12)).toEqual([0, 0, 0]);
    expect(f.slice(6, 9)).toEqual(view.frame().xpos.slice(6, 9));
  });

  it.each([
    ['step while running', { op: 'step', cycles: 1 }, 'SIM_VIEWER_STEP_WHILE_RUNNING', /pause first/],
    ['an unknown joint', { op: 'setJoint', joint: 'elbow', value: 0 }, 'SIM_VIEWER_JOINT_UNKNOWN', /"elbow".*swing/],
    ['a joint past its limit', { op: 'setJoint', joint: 'swing', value: 4 }, 'SIM_VIEWER_JOINT_OUT_OF_RANGE', /swing to 4; expected -3\.14/],
    ['a zero time scale', { op: 'timeScale', value: 0 }, 'SIM_VIEWER_CONTROL_INVALID', /time scale 0/],
  ] as const)('refuses %s with %s and changes nothing', async (_what, control, code, message) => {
    const before = view.frame();
    const r = await refusal(view.control(control));
    expect(r.code).toBe(code);
    expect(r.message).toMatch(message);
    expect(view.frame()).toEqual(before);
  });

  it('refuses a force channel on a body the model lacks', async () => {
    await expect(DirectSimView.fromMjcf(PENDULUM_XML, 'p.xml', { name: 'p', forces: [{ name: 'x', body: 'hand', limitN: 1 }] })).rejects.toMatchObject({
      code: 'SIM_VIEWER_FORCE_BODY',
    });
  });
});
