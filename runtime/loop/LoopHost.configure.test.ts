// `LoopHost.configureController`: a controller's run-time parameters travel to the real-time worker
// and apply between cycles; a refusal comes back with its code and leaves the running controller as it was.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logging/index.js';
import type { LoopConfig } from './LoopConfig.js';
import { LoopHost } from './LoopHost.js';

const KP = 40;

const config: LoopConfig = {
  rateHz: 500,
  mode: 'lockstep',
  stallTimeoutMs: 100,
  spinUs: 50,
  // Effort-driven mock joints do not move; they report the effort commanded.
  hardware: [{ type: 'mock', name: 'legs', joints: [{ name: 'knee_left', command: ['effort'], initialPositionRad: 0.2 }, { name: 'hip_left', command: ['position'] }] }],
  controllers: [
    {
      name: 'knee_assist',
      type: 'assist_as_needed',
      joints: ['knee_left'],
      interface: 'effort',
      params: { kp: KP, kd: 1, assist_min: 0.3, assist_max: 0.9, assist_initial: 0.5, assist_gain_rate: 4, error_tolerance: 0.05, forgetting_rate: 0.1 },
      autostart: true,
    },
    { name: 'hip', type: 'forward_command', joints: ['hip_left'], interface: 'position', params: {}, autostart: true },
  ],
};

let host: LoopHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

function kneeEffort(h: LoopHost): number {
  return h.latest().state[h.stateNames.indexOf('knee_left/effort')]!;
}

describe('LoopHost.configureController (real worker thread)', () => {
  it('fixes the assist-as-needed level in the worker; refusals leave it running as it was; {} restores the launch law', async () => {
    host = await LoopHost.start(config, silentLogger());
    host.setSetpoints({ 'knee_left/effort': 0.5 }); // 0.3 rad ahead of the knee
    await host.step(5);
    expect(kneeEffort(host)).toBeCloseTo(0.5 * KP * 0.3, 0); // the launch law's initial level, adapting

    expect(await host.configureController('knee_assist', { assist_level: 0.25 })).toEqual({ assist_level: 0.25, assist_min: 0.25, assist_max: 0.25 });
    await host.step(200);
    expect(kneeEffort(host)).toBeCloseTo(0.25 * KP * 0.3, 12);

    // Beyond the launch file's assist_max, and outside 0..1: refused with the code; the level in force stays.
    await expect(host.configureController('knee_assist', { assist_level: 0.95 })).rejects.toMatchObject({
      code: 'CONTROLLER_PARAM_REFUSED',
      context: { field: 'controllers.knee_assist.assist_level', value: 0.95, expected: expect.stringContaining('[0, 0.9]') },
    });
    await expect(host.configureController('knee_assist', { assist_level: -0.5 })).rejects.toMatchObject({ code: 'CONTROLLER_PARAM_REFUSED' });
    await expect(host.configureController('knee_assist', { kp: 400 })).rejects.toMatchObject({ code: 'CONTROLLER_PARAM_REFUSED', context: { field: 'controllers.knee_assist.kp' } });
    await expect(host.configureController('hip', { assist_level: 0.5 })).rejects.toMatchObject({ code: 'CONTROLLER_CONFIGURE_UNSUPPORTED' });
    await expect(host.configureController('nobody', {})).rejects.toMatchObject({ code: 'CONTROLLER_UNKNOWN' });
    await host.step(50);
    expect(kneeEffort(host)).toBeCloseTo(0.25 * KP * 0.3, 12);
    expect(host.controllers().find((c) => c.name === 'knee_assist')?.state).toBe('active');

    // Back to the launch file: the level adapts again (the lag raises it above its initial 0.5).
    expect(await host.configureController('knee_assist', {})).toEqual({ assist_min: 0.3, assist_max: 0.9 });
    await host.step(250);
    expect(kneeEffort(host)).toBeGreaterThan(0.5 * KP * 0.3);
    expect(kneeEffort(host)).toBeLessThanOrEqual(0.9 * KP * 0.3 + 1e-9);
  });
});
