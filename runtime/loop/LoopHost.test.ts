import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shippedRobots } from '../../urdf/index.js';
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

/** `base` under per-joint limits: hip_left 1 rad/s, knee_left 2 rad/s, both 5 rad/s² (a robot layer). */
const limited: LoopConfig = {
  ...base,
  safety: {
    base: {
      type: 'limits',
      limits: {
        name: 'urdf',
        joints: [
          { joint: 'hip_left', kind: 'revolute', position: { lower: -1, upper: 2 }, velocity: 1 },
          { joint: 'knee_left', kind: 'revolute', position: { lower: 0, upper: 2.3 }, velocity: 2 },
        ],
      },
    },
    layers: [{ type: 'inline', name: 'robot', joints: { hip_left: { acceleration: 5 }, knee_left: { acceleration: 5 } } }],
  },
};
const H = 1 / limited.rateHz;

/** Step one cycle at a time, returning a joint's measured position and velocity after each. */
async function trace(h: LoopHost, joint: string, cycles: number): Promise<{ q: number[]; v: number[] }> {
  const qi = h.stateNames.indexOf(`${joint}/position`);
  const vi = h.stateNames.indexOf(`${joint}/velocity`);
  const q: number[] = [];
  const v: number[] = [];
  for (let k = 0; k < cycles; k++) {
    await h.step(1);
    const s = h.latest();
    q.push(s.state[qi]!);
    v.push(s.state[vi]!);
  }
  return { q, v };
}

const maxAbs = (xs: readonly number[]): number => Math.max(...xs.map(Math.abs));
const rates = (xs: readonly number[]): number[] => xs.slice(1).map((x, i) => (x - xs[i]!) / H);

describe('LoopHost: the SafetyGate in the worker', () => {
  const prescriptionFile = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'kindred-limits-'));
    const file = join(dir, 'prescription.yaml');
    writeFileSync(file, 'joints:\n  knee_left: { position: { upper: 2.5 } }\n');
    return file;
  };

  it.each([
    ['inline', () => ({ type: 'inline' as const, name: 'prescription', joints: { knee_left: { position: { upper: 2.5 } } } })],
    ['from a file', () => ({ type: 'file' as const, name: 'prescription', file: prescriptionFile() })],
  ])('a prescription (%s) loosening the URDF knee range is LIMITS_LOOSENED at start, before any hardware is built', async (_label, layer) => {
    // The plugin module does not exist: were hardware built first, this would be HW_PLUGIN_LOAD.
    const missing = new URL('./fixtures/noSuchPlugin.ts', import.meta.url).href;
    const config: LoopConfig = {
      ...base,
      hardware: [{ type: 'plugin', name: 'exo', module: missing, config: {} }],
      controllers: [],
      safety: { base: { type: 'description', file: shippedRobots.kindred_exo }, layers: [{ type: 'inline', name: 'robot', joints: { knee_left: { acceleration: 20 } } }, layer()] },
    };
    const err = await LoopHost.start(config, silentLogger()).catch((e: unknown) => e);
    expect(isKindredError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'LIMITS_LOOSENED', context: { field: 'joints.knee_left.position.upper', value: 2.5, limitLayer: 'urdf' } });
    expect((err as Error).message).toBe('prescription: knee_left.position.upper 2.5 rad loosens urdf limit 2.356194490192345 rad');
  });

  it('a prescription that tightens the URDF range is enforced on a mock knee', async () => {
    host = await LoopHost.start(
      {
        ...base,
        safety: {
          base: { type: 'description', file: shippedRobots.kindred_exo },
          layers: [{ type: 'inline', name: 'prescription', joints: { knee_left: { position: { lower: 0.1, upper: 1.4 } } } }],
        },
        hardware: [{ type: 'mock', name: 'legs', joints: [{ name: 'knee_left', command: ['position'], initialPositionRad: 0.5 }] }],
        controllers: [{ name: 'fwd', type: 'forward_command', joints: ['knee_left'], interface: 'position', params: {}, autostart: true }],
      },
      silentLogger(),
    );
    host.setSetpoints({ 'knee_left/position': 2.2 });
    await host.step(500);
    const knee = host.latest().state[host.stateNames.indexOf('knee_left/position')]!;
    expect(knee).toBeLessThanOrEqual(1.4);
    expect(knee).toBeGreaterThan(1.3);
  });

  it('enforces velocity and acceleration on a position step, and the per-interface counters reach the main thread', async () => {
    host = await LoopHost.start(limited, silentLogger());
    host.setSetpoints({ 'hip_left/position': 1.5 });
    const { q, v } = await trace(host, 'hip_left', 300);
    expect(maxAbs(v)).toBeLessThanOrEqual(1 + 1e-9);
    expect(maxAbs(rates(v))).toBeLessThanOrEqual(5 + 1e-6);
    expect(maxAbs(v)).toBeCloseTo(1, 9); // it does reach the limit
    expect(q.at(-1)).toBeLessThan(1.5);
    await host.step(700);
    expect(host.latest().state[host.stateNames.indexOf('hip_left/position')]).toBeCloseTo(1.5, 9);
    const counters = host.gateCounters();
    const hip = counters.find((c) => c.interface === 'hip_left/position')!;
    const knee = counters.find((c) => c.interface === 'knee_left/position')!;
    expect(hip.limited.velocity).toBeGreaterThan(100);
    expect(hip.limited.acceleration).toBeGreaterThan(100);
    expect(hip.limited.position + hip.limited.effort + hip.limited.nonfinite + hip.limited.stop).toBe(0);
    expect(hip.maxCorrection).toBeCloseTo(1.5 - 0.1, 2);
    expect(knee.limitedCycles).toBe(0);
    expect(host.stats().gateLimitedCommands).toBe(hip.limitedCycles);
  });

  it('reduced speed: setVelocityScale(0.5) halves the achieved velocity; out-of-range factors are refused', async () => {
    host = await LoopHost.start(limited, silentLogger());
    host.setSetpoints({ 'hip_left/position': 1.5 });
    const full = maxAbs((await trace(host, 'hip_left', 600)).v);
    await host.step(1000);
    await host.setVelocityScale(0.5);
    expect(host.stats().velocityScale).toBe(0.5);
    host.setSetpoints({ 'hip_left/position': 0.1 });
    const reduced = maxAbs((await trace(host, 'hip_left', 600)).v);
    expect(full).toBeCloseTo(1, 9);
    expect(reduced / full).toBeCloseTo(0.5, 9);
    for (const bad of [0, -0.5, 1.5, Number.NaN]) {
      await expect(host.setVelocityScale(bad)).rejects.toMatchObject({ code: 'SAFETY_VELOCITY_SCALE_INVALID', context: { value: bad } });
    }
    expect(host.stats().velocityScale).toBe(0.5);
  });

  it('category 1 stop: decelerates monotonically, stands still within the stopping time, then removes torque until released', async () => {
    host = await LoopHost.start(limited, silentLogger());
    const events: ManagerEvent[] = [];
    host.onEvent((e) => events.push(e));
    host.setSetpoints({ 'hip_left/position': 1.5 });
    await host.step(300); // cruising at 1 rad/s
    const stoppingTimeS = 0.3;
    const reply = (await host.safetyCommand({ op: 'safetyStop', category: 1, stoppingTimeS })) as { durationS: number };
    expect(reply.durationS).toBeGreaterThan(0.19); // 1 rad/s at 5 rad/s² needs 0.2 s
    expect(reply.durationS).toBeLessThanOrEqual(stoppingTimeS);
    expect(host.safetyState()).toBe('stopping_1');
    const { q, v } = await trace(host, 'hip_left', Math.round(stoppingTimeS / H) + 10);
    for (let k = 1; k < v.length; k++) expect(Math.abs(v[k]!)).toBeLessThanOrEqual(Math.abs(v[k - 1]!) + 1e-12);
    expect(Math.abs(v[0]!)).toBeGreaterThan(0.9);
    const still = v.findIndex((x) => x === 0);
    expect(still).toBeGreaterThan(0);
    expect((still + 1) * H).toBeLessThanOrEqual(stoppingTimeS + 1e-9);
    expect(host.safetyState()).toBe('torque_off');
    await yieldFor(30);
    expect(events.filter((e) => e.type.startsWith('safety_'))).toEqual([
      { type: 'safety_stop', category: 1, durationS: reply.durationS },
      { type: 'safety_stop_finished', category: 1, torqueOff: true },
    ]);
    // Torque off: set-points move nothing.
    const at = q.at(-1)!;
    host.setSetpoints({ 'hip_left/position': 0.2 });
    await host.step(50);
    expect(host.latest().state[host.stateNames.indexOf('hip_left/position')]).toBe(at);
    // Reset (the CLI on the robot may): torque back on; the controllers stay held until released, and
    // then the joint moves again from where it stood, within its limits.
    await host.safetyCommand({ op: 'safetyReset', source: 'cli' });
    expect(host.safetyState()).toBe('none');
    await host.step(5);
    expect(host.latest().state[host.stateNames.indexOf('hip_left/position')]).toBe(at);
    await host.releaseHold();
    host.setSetpoints({ 'hip_left/position': 0.2 });
    const after = await trace(host, 'hip_left', 50);
    expect(after.q.at(-1)).toBeLessThan(at);
    expect(maxAbs(rates(after.v))).toBeLessThanOrEqual(5 + 1e-6);
    expect(host.gateCounters().find((c) => c.interface === 'hip_left/position')!.limited.stop).toBeGreaterThan(0);
  });

  it('category 2 stop: decelerates and holds with torque on; bad stop requests are refused in the worker', async () => {
    host = await LoopHost.start(limited, silentLogger());
    const events: ManagerEvent[] = [];
    host.onEvent((e) => events.push(e));
    host.setSetpoints({ 'hip_left/position': 1.5 });
    await host.step(300);
    await host.safetyCommand({ op: 'safetyStop', category: 2, stoppingTimeS: 0.4 });
    const { v } = await trace(host, 'hip_left', 210);
    for (let k = 1; k < v.length; k++) expect(Math.abs(v[k]!)).toBeLessThanOrEqual(Math.abs(v[k - 1]!) + 1e-12);
    expect(host.safetyState()).toBe('holding');
    const held = host.latest().state[host.stateNames.indexOf('hip_left/position')]!;
    host.setSetpoints({ 'hip_left/position': 0.2 });
    await host.step(50);
    expect(host.latest().state[host.stateNames.indexOf('hip_left/position')]).toBe(held);
    await yieldFor(30);
    expect(events.at(-1)).toEqual({ type: 'safety_stop_finished', category: 2, torqueOff: false });
    await expect(host.safetyCommand({ op: 'safetyStop', category: 7 as 1, stoppingTimeS: 0.4 })).rejects.toMatchObject({ code: 'SAFETY_STOP_INVALID' });
    await expect(host.safetyCommand({ op: 'safetyStop', category: 1, stoppingTimeS: -1 })).rejects.toMatchObject({ code: 'SAFETY_STOP_INVALID', context: { value: -1 } });
    expect(host.safetyState()).toBe('holding');
    await host.safetyCommand({ op: 'safetyReset', source: 'cli' });
    await host.step(20);
    expect(host.latest().state[host.stateNames.indexOf('hip_left/position')]).toBe(held);
    await host.releaseHold();
    host.setSetpoints({ 'hip_left/position': 0.2 });
    await host.step(20);
    expect(host.latest().state[host.stateNames.indexOf('hip_left/position')]).toBeLessThan(held);
  });
});
