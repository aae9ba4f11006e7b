import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadLaunchFile } from '../launch/index.js';
import { createHardware } from './plugin.js';
import { loadHumanProfile } from './profiles/index.js';
import { GateHarness } from './simTestScene.js';
import type { SimSystem } from './SimSystem.js';

/**
 * Regression: in the shipped scenes a robot held still reported joint velocities of up to 2 rad/s
 * (transfer wrists and elbows, exo knees and ankles) while its joints did not move. The drives' velocity
 * feedback, applied explicitly, made the coupled arm and leg chains flip their velocity every physics
 * step; the 500 Hz loop read every second step and saw a steady velocity. Each launch's own hardware
 * settings, people and hold are used: every joint in the mode its autostarted controller claims,
 * position set-points at the start pose, velocity set-points at zero.
 */
const LAUNCHES = [
  ['the exoskeleton on its standing frame with the patient', 'rehab_exo.launch.yaml'],
  ['the transfer robot beside the bed with the patient', 'transfer_behavior.launch.yaml'],
  ['the companion robot in the living room with its person', 'companion_behavior.launch.yaml'],
] as const;

const SETTLE_S = 1;
const WINDOW_S = 0.1;
const WINDOWS = 10;
/** rad/s (m/s for a slide joint): a resting joint is slower than this. */
const REST_SPEED = 0.05;
/** rad/s: the mean reported velocity over a window against the window's finite difference (sensor noise is ~1e-3). */
const AGREEMENT = 0.01;

describe('a robot held still in each shipped launch reports the velocity its position shows', () => {
  it.each(LAUNCHES)('%s (%s)', async (_what, file) => {
    const launch = loadLaunchFile(fileURLToPath(new URL(`../launch/${file}`, import.meta.url)));
    const hw = launch.hardware;
    if (hw.type !== 'sim') throw new Error(`${file}: expected simulated hardware, got ${hw.type}`);
    const commandModes: Record<string, 'position' | 'velocity' | 'effort'> = {};
    for (const c of launch.controllers) if (c.autostart) for (const j of c.joints) commandModes[j] = c.interface;
    const sim = (await createHardware('sim', {
      scene: hw.scene,
      seed: hw.seed,
      rateHz: launch.loop.rateHz,
      watchdogTimeoutMs: hw.watchdogTimeoutMs,
      warmUp: false,
      commandModes,
      ...(hw.sensors === 'ideal' ? { sensors: { ideal: true } } : {}),
      ...(hw.profile === undefined ? {} : { profiles: [loadHumanProfile(hw.profile)] }),
    })) as SimSystem;
    const joints = sim.scene.joints.map((j) => j.name);
    // The launch holds every joint of the robot (otherwise this would not be the launch's hold).
    expect(joints.filter((j) => commandModes[j] === undefined)).toEqual([]);

    const h = new GateHarness(sim, launch.loop.rateHz);
    const perWindow = Math.round(WINDOW_S * launch.loop.rateHz);
    h.cycle(Math.round(SETTLE_S * launch.loop.rateHz));
    h.refresh();
    const problems: string[] = [];
    for (let w = 0; w < WINDOWS; w++) {
      const start = joints.map((j) => h.get(`${j}/position`));
      const sum = new Float64Array(joints.length);
      const peak = new Float64Array(joints.length);
      for (let k = 0; k < perWindow; k++) {
        h.cycle(1);
        h.refresh();
        joints.forEach((j, i) => {
          const v = h.get(`${j}/velocity`);
          sum[i]! += v;
          peak[i] = Math.max(peak[i]!, Math.abs(v));
        });
      }
      joints.forEach((j, i) => {
        const finiteDifference = (h.get(`${j}/position`) - start[i]!) / (perWindow / launch.loop.rateHz);
        const mean = sum[i]! / perWindow;
        if (Math.abs(mean - finiteDifference) > AGREEMENT || peak[i]! > REST_SPEED) {
          problems.push(`${j} at ${(SETTLE_S + w * WINDOW_S).toFixed(1)} s: velocity mean ${mean.toFixed(4)}, peak ${peak[i]!.toFixed(4)}; position difference ${finiteDifference.toFixed(4)}`);
        }
      });
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
