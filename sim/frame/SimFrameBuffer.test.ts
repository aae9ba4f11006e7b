import { beforeAll, describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { loadMujoco } from '../mujoco/loadMujoco.js';
import type { MujocoModule } from '../mujoco/types.js';
import { GateHarness, simTestScene, TestPerson } from '../simTestScene.js';
import { SimSystem } from '../SimSystem.js';
import { createSimFrameBuffer, SimFrameReader, SimFrameWriter } from './SimFrameBuffer.js';

let mujoco: MujocoModule;
beforeAll(async () => {
  mujoco = await loadMujoco();
});

describe('SimFrameBuffer', () => {
  it('round-trips a frame', () => {
    const layout = { nbody: 3, njoint: 2, nforce: 1 };
    const sab = createSimFrameBuffer(layout);
    const w = new SimFrameWriter(sab, layout);
    w.begin(1.25, true, 0.5);
    w.xpos.set([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    w.xquat.set([1, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0, 1, 0, 0]);
    w.joints.set([0.1, -0.2]);
    w.forces.set([0, 0, 1, 10, 20, 30]);
    w.end();
    const r = new SimFrameReader(sab);
    const snap = r.createSnapshot();
    expect(r.read(snap)).toBe(true);
    expect(snap).toMatchObject({ timeS: 1.25, running: true, timeScale: 0.5, frames: 1 });
    expect([...snap.xpos]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...snap.xquat]).toEqual([1, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0, 1, 0, 0]);
    expect([...snap.joints]).toEqual([0.1, -0.2]);
    expect([...snap.forces]).toEqual([0, 0, 1, 10, 20, 30]);
  });

  it('never hands out a frame the writer is in the middle of', () => {
    const layout = { nbody: 1, njoint: 0, nforce: 0 };
    const sab = createSimFrameBuffer(layout);
    const w = new SimFrameWriter(sab, layout);
    const r = new SimFrameReader(sab);
    const snap = r.createSnapshot();
    w.begin(1, true, 1);
    expect(r.read(snap, 4)).toBe(false);
    w.end();
    expect(r.read(snap, 4)).toBe(true);
  });

  it('rejects a buffer made for another scene', () => {
    const sab = createSimFrameBuffer({ nbody: 3, njoint: 2, nforce: 1 });
    try {
      new SimFrameWriter(sab, { nbody: 4, njoint: 2, nforce: 1 });
      expect.unreachable();
    } catch (e) {
      expect(isKindredError(e, 'SIM_FRAME_BUFFER_MISMATCH')).toBe(true);
      expect((e as Error).message).toContain('3 bodies');
    }
    expect(() => new SimFrameReader(new SharedArrayBuffer(128))).toThrow(expect.objectContaining({ code: 'SIM_FRAME_BUFFER_MISMATCH' }));
  });

  it('SimSystem writes body poses, joint values and force arrows at about 60 Hz of simulation time', () => {
    const person = new TestPerson();
    const scene = simTestScene(person);
    const probe = new SimSystem('probe', mujoco, scene, { seed: 1, rateHz: 1000 });
    const sab = createSimFrameBuffer({ nbody: probe.model.nbody, njoint: 2, nforce: 2 });
    const sim = new SimSystem('sim', mujoco, scene, { seed: 1, rateHz: 1000, sensors: { ideal: true }, frameBuffer: sab });
    sim.command({ op: 'commandMode', joint: 'swing', mode: 'effort' });
    const h = new GateHarness(sim, 1000);
    const r = new SimFrameReader(sab);
    const snap = r.createSnapshot();
    r.read(snap);
    const framesAtStart = snap.frames;
    h.cycle(1000);
    r.read(snap);
    expect(snap.frames - framesAtStart).toBeGreaterThanOrEqual(58);
    expect(snap.frames - framesAtStart).toBeLessThanOrEqual(60);
    expect(snap.running).toBe(true);
    expect(snap.timeS).toBeGreaterThan(0.98);
    // The frame is the state at its own time: compare against the live data after stepping to a frame boundary.
    sim.command({ op: 'pause' });
    r.read(snap);
    expect(snap.running).toBe(false);
    expect(snap.timeS).toBeCloseTo(sim.timeS, 12);
    expect([...snap.xpos]).toEqual([...(sim.data.xpos as Float64Array)]);
    expect([...snap.xquat]).toEqual([...(sim.data.xquat as Float64Array)]);
    h.refresh();
    expect(snap.joints[0]).toBe(h.get('swing/position'));
    // The pendulum hangs at rest: its tip F/T sensor carries the 1 kg point mass, vertical in the world frame.
    const [, , , fx, fy, fz] = snap.forces;
    expect(Math.hypot(fx!, fy!, fz!)).toBeCloseTo(9.81, 1);
    expect(Math.abs(fz!)).toBeCloseTo(9.81, 1);
    // The person's force triple, anchored at the ball.
    expect([...snap.forces.slice(9, 12)]).toEqual([1, 2, 3]);
    const ball = mujoco.mj_name2id(sim.model, mujoco.mjtObj.mjOBJ_BODY.value, 'tester_ball');
    expect(snap.forces[6]).toBe(snap.xpos[3 * ball]);
  });
});
