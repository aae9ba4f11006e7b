import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { isKindredError, type ErrorCode } from '../runtime/errors/index.js';
import { loadDefaultProfile } from './profiles/index.js';
import { createHardware, SIM_SCENES } from './plugin.js';
import { sceneIds } from './scenes/index.js';
import { createViewSource, prepareSim, type PreparedSim } from './SimHost.js';
import { GateHarness } from './simTestScene.js';
import { SimSystem } from './SimSystem.js';

async function expectCode(p: Promise<unknown>, code: ErrorCode, text?: string): Promise<void> {
  try {
    await p;
  } catch (e) {
    expect(isKindredError(e, code), `expected ${code}, got ${String(e)}`).toBe(true);
    if (text !== undefined) expect((e as Error).message).toContain(text);
    return;
  }
  expect.unreachable(`expected ${code}`);
}

describe('prepareSim → plugin → view source (transfer_bed with its patient)', () => {
  let prepared: PreparedSim;
  let sim: SimSystem;
  beforeAll(async () => {
    prepared = await prepareSim({ scene: 'transfer_bed', seed: 5, rateHz: 500 });
    const hw = await createHardware(prepared.spec.name, prepared.spec.config);
    expect(hw).toBeInstanceOf(SimSystem);
    sim = hw as SimSystem;
  });

  it('describes a plugin spec the worker can import, with the frame buffer in its config', () => {
    expect(prepared.spec).toMatchObject({ type: 'plugin', name: 'sim' });
    expect(existsSync(fileURLToPath(prepared.spec.module))).toBe(true);
    expect(prepared.spec.module).toMatch(/\/sim\/plugin\.(ts|js)$/);
    expect((prepared.spec.config as { frameBuffer: unknown }).frameBuffer).toBe(prepared.frameBuffer);
    expect(prepared.summary).toMatchObject({ id: 'transfer_bed', physicsHz: 1000, people: ['patient'] });
    const lift = prepared.summary.view.joints.find((j) => j.name === 'torso_lift');
    expect(lift?.command).toBe('torso_lift/position');
    expect(prepared.summary.view.bodies.length).toBe(sim.model.nbody);
  });

  it('the view source shows the frames SimSystem writes and sends the viewer controls to it', async () => {
    const h = new GateHarness(sim, 500);
    const view = createViewSource(prepared.frameBuffer, prepared.summary, async (p) => sim.command(p), { safety: () => 'protective_stop' });
    h.cycle(100);
    let frame = view.frame();
    expect(frame.timeS).toBeGreaterThan(0.18);
    expect(frame.xpos).toHaveLength(3 * sim.model.nbody);
    expect(frame.xquat).toHaveLength(4 * sim.model.nbody);
    expect(frame.joints).toHaveLength(prepared.summary.view.joints.length);
    expect(frame.forces).toHaveLength(6 * prepared.summary.view.forces.length);
    expect(frame).toMatchObject({ running: true, timeScale: 1, safety: 'protective_stop' });
    await view.control({ op: 'pause' });
    await view.control({ op: 'timeScale', value: 0.5 });
    frame = view.frame();
    expect(frame).toMatchObject({ running: false, timeScale: 0.5 });
    const t = frame.timeS;
    h.cycle(20);
    expect(view.frame().timeS).toBe(t);
    await view.control({ op: 'setJoint', joint: 'torso_lift', value: 0.2 }).then(
      () => expect.unreachable('torso_lift follows effort commands by default'),
      (e: unknown) => expect(isKindredError(e, 'SIM_JOINT_NOT_POSITION_MODE')).toBe(true),
    );
    await view.control({ op: 'play' });
    h.cycle(20);
    expect(view.frame().timeS).toBeGreaterThan(t);
  });
});

describe('createHardware configuration', () => {
  it('knows the same scenes as sim/scenes', () => {
    expect([...SIM_SCENES]).toEqual([...sceneIds]);
  });

  it.each([
    ['an unknown scene', { scene: 'moon', seed: 1, rateHz: 500 }, 'scene'],
    ['a negative seed', { scene: 'transfer_bed', seed: -1, rateHz: 500 }, 'seed'],
    ['an unknown key', { scene: 'transfer_bed', seed: 1, rateHz: 500, colour: 'red' }, 'colour'],
    ['a watchdog shorter than two loop periods', { scene: 'transfer_bed', seed: 1, rateHz: 500, watchdogTimeoutMs: 3 }, 'two loop periods'],
    ['a physics rate the scene does not run at', { scene: 'transfer_bed', seed: 1, rateHz: 500, physicsHz: 500 }, '1000 Hz'],
    ['a profile of the wrong kind', { scene: 'transfer_bed', seed: 1, rateHz: 500, profiles: [loadDefaultProfile('exo_patient_default')] }, 'bed_patient_profile'],
  ])('rejects %s with SIM_CONFIG_INVALID naming %s', async (_label, config, text) => {
    await expectCode(createHardware('sim', config), 'SIM_CONFIG_INVALID', text);
  });

  it('a sensor rule naming no interface is refused', async () => {
    await expectCode(
      createHardware('sim', { scene: 'companion_home', seed: 1, rateHz: 500, withPeople: false, sensors: { rules: [{ match: 'knee_left/*', noiseStd: 0 }] } }),
      'SIM_SENSOR_RULE_UNMATCHED',
      'wheel',
    );
  });

  it.each(SIM_SCENES)('%s builds with its person and runs 200 cycles without diverging', async (scene) => {
    const sim = (await createHardware('sim', { scene, seed: 2, rateHz: 500 })) as SimSystem;
    const h = new GateHarness(sim, 500);
    expect(h.cycle(200)).toBe('ok');
    h.refresh();
    expect(sim.timeS).toBeCloseTo(0.4, 9);
    expect([...h.state].every((x) => Number.isFinite(x))).toBe(true);
    expect(sim.command({ op: 'status' })).toMatchObject({ divergences: 0 });
  });
});
