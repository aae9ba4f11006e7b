import { afterEach, describe, expect, it } from 'vitest';
import type { ManagerEvent } from '../control/index.js';
import { isKindredError } from '../errors/index.js';
import { silentLogger } from '../logging/index.js';
import type { LoopConfig } from './LoopConfig.js';
import { LoopHost } from './LoopHost.js';

const base: LoopConfig = {
  rateHz: 500,
  mode: 'lockstep',
  stallTimeoutMs: 100,
  spinUs: 50,
  hardware: [
    {
      type: 'mock',
      name: 'legs',
      joints: [
        { name: 'hip_left', command: ['position'], initialPositionRad: 0.1 },
        { name: 'knee_left', command: ['position'], initialPositionRad: 0.2, min: 0, max: 2 },
      ],
    },
  ],
  controllers: [
    { name: 'fwd', type: 'forward_command', joints: ['hip_left', 'knee_left'], interface: 'position', params: {}, autostart: true },
  ],
};

let host: LoopHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

/** Let the event loop run (the worker runs on its own; this only yields the main thread). */
const yieldFor = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('LoopHost (real worker thread)', () => {
  it('lock-step: runs exactly the cycles asked for, applies set-points through the gate, publishes state', async () => {
    host = await LoopHost.start(base, silentLogger());
    expect(host.stateNames).toContain('knee_left/position');
    expect(host.controllers()).toEqual([{ name: 'fwd', type: 'forward_command', state: 'active', claimed: ['hip_left/position', 'knee_left/position'] }]);
    await host.step(10);
    expect(host.stats().cycles).toBe(10);
    expect(host.latest().state[host.stateNames.indexOf('hip_left/position')]).toBeCloseTo(0.1);
    host.setSetpoints({ 'hip_left/position': 0.4, 'knee_left/position': 5 });
    await host.step(1);
    const s = host.latest();
    expect(s.timeS).toBeCloseTo(10 / 500);
    expect(s.state[host.stateNames.indexOf('hip_left/position')]).toBeCloseTo(0.4);
    expect(s.state[host.stateNames.indexOf('knee_left/position')]).toBe(2); // clamped by the gate
    expect(host.stats().gateLimitedCommands).toBe(1);
    await host.stop();
    expect(host.status).toBe('stopped');
  });

  it('loads plugin hardware inside the worker and forwards out-of-cycle commands to it', async () => {
    const plugin = new URL('./fixtures/counterPlugin.ts', import.meta.url).href;
    host = await LoopHost.start(
      { ...base, hardware: [...base.hardware, { type: 'plugin', name: 'counter', module: plugin, config: { joint: 'ankle_left' } }], controllers: [] },
      silentLogger(),
    );
    expect(host.stateNames).toContain('ankle_left/position');
    await host.step(7);
    expect(await host.hardwareCommand('counter', { op: 'count' })).toEqual({ writes: 7, thread: 'worker' });
    await expect(host.hardwareCommand('counter', { op: 'explode' })).rejects.toMatchObject({ code: 'HW_COMMAND_UNSUPPORTED' });
    await expect(host.hardwareCommand('legs', { op: 'count' })).rejects.toMatchObject({ code: 'HW_COMMAND_UNSUPPORTED' });
    await expect(host.hardwareCommand('arms', { op: 'count' })).rejects.toMatchObject({ code: 'HW_COMPONENT_UNKNOWN' });
    await host.step(1);
    expect(host.stats().cycles).toBe(8);
  });

  it('a plugin module that cannot be loaded is a coded error with nothing started', async () => {
    const missing = new URL('./fixtures/noSuchPlugin.ts', import.meta.url).href;
    await expect(
      LoopHost.start({ ...base, hardware: [{ type: 'plugin', name: 'x', module: missing, config: {} }], controllers: [] }, silentLogger()),
    ).rejects.toMatchObject({ code: 'HW_PLUGIN_LOAD', context: { field: 'hardware.module', value: missing } });
  });

  it('controller commands reach the worker and errors come back coded', async () => {
    host = await LoopHost.start(base, silentLogger());
    const after = await host.deactivate('fwd');
    expect(after[0]?.state).toBe('inactive');
    await expect(host.activate('nope')).rejects.toMatchObject({ code: 'CONTROLLER_UNKNOWN' });
  });

  it('realtime: the loop keeps running while the main thread is blocked, and holds the robot', async () => {
    host = await LoopHost.start({ ...base, mode: 'realtime' }, silentLogger());
    const events: ManagerEvent[] = [];
    host.onEvent((e) => events.push(e));
    host.setSetpoints({ 'hip_left/position': 0.3 });
    await yieldFor(150);
    const before = host.stats().cycles;
    expect(before).toBeGreaterThan(0);
    // Block the main thread well past the stall timeout.
    const until = performance.now() + 400;
    while (performance.now() < until) {
      // a stand-in for a stuck perception step
    }
    const during = host.stats();
    expect(during.cycles).toBeGreaterThan(before + 50);
    expect(during.status).toBe('holding');
    expect(during.mainThreadStalls).toBe(1);
    host.setSetpoints({ 'hip_left/position': 0.9 });
    await yieldFor(50);
    expect(events.map((e) => e.type)).toContain('hold_engaged');
    expect(host.latest().state[host.stateNames.indexOf('hip_left/position')]).toBeCloseTo(0.3);
    await host.releaseHold();
    await yieldFor(50);
    expect(host.status).toBe('running');
    // A set-point sent while held is discarded: releasing never makes the robot jump.
    expect(host.latest().state[host.stateNames.indexOf('hip_left/position')]).toBeCloseTo(0.3);
    host.setSetpoints({ 'hip_left/position': 0.9 });
    await yieldFor(50);
    expect(host.latest().state[host.stateNames.indexOf('hip_left/position')]).toBeCloseTo(0.9);
  });

  it.each([
    ['a rate out of range', { ...base, rateHz: 5000 }, 'LOOP_BAD_RATE', '5000'],
    [
      'a controller naming a missing joint',
      { ...base, controllers: [{ name: 'x', type: 'forward_command', joints: ['ankle_left'], interface: 'position' as const, params: {}, autostart: true }] },
      'HW_INTERFACE_UNKNOWN',
      'ankle_left/position',
    ],
    [
      'an unknown controller type',
      { ...base, controllers: [{ name: 'x', type: 'magic', joints: [], interface: 'position' as const, params: {}, autostart: true }] },
      'CONTROLLER_UNKNOWN_TYPE',
      'magic',
    ],
  ])('rejects %s before starting anything', async (_label, config, code, fragment) => {
    const err = await LoopHost.start(config, silentLogger()).catch((e: unknown) => e);
    expect(isKindredError(err)).toBe(true);
    expect((err as { code: string }).code).toBe(code);
    expect((err as Error).message).toContain(fragment);
  });
});
