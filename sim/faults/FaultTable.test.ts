import { beforeAll, describe, expect, it } from 'vitest';
import { isKindredError, type ErrorCode } from '../../runtime/errors/index.js';
import { loadMujoco } from '../mujoco/loadMujoco.js';
import type { MujocoModule } from '../mujoco/types.js';
import { GateHarness, ROTOR_INERTIA, simTestScene } from '../simTestScene.js';
import { SimSystem } from '../SimSystem.js';
import { FAULT_SLOTS } from './FaultTable.js';

let mujoco: MujocoModule;
beforeAll(async () => {
  mujoco = await loadMujoco();
});

/** 1 kHz loop, ideal sensors, the rotor in effort mode, the pendulum swinging freely from 1 rad. */
function harness(): GateHarness {
  const sim = new SimSystem('sim', mujoco, simTestScene(), { seed: 1, rateHz: 1000, sensors: { ideal: true }, commandModes: { spin: 'effort' } });
  const h = new GateHarness(sim, 1000);
  sim.command({ op: 'commandMode', joint: 'swing', mode: 'position' });
  sim.command({ op: 'pause' });
  sim.command({ op: 'setJoint', joint: 'swing', value: 1 });
  sim.command({ op: 'commandMode', joint: 'swing', mode: 'effort' });
  sim.command({ op: 'play' });
  h.refresh();
  return h;
}

function fault(h: GateHarness, spec: Record<string, unknown>): unknown {
  return h.sim.command({ op: 'fault', id: 'f', ...spec } as { op: string });
}

function expectCode(f: () => unknown, code: ErrorCode, text?: string): void {
  try {
    f();
  } catch (e) {
    expect(isKindredError(e, code), `expected ${code}, got ${String(e)}`).toBe(true);
    if (text !== undefined) expect((e as Error).message).toContain(text);
    return;
  }
  expect.unreachable(`expected ${code}`);
}

/** Run `n` cycles and return what read reports for the pendulum's position afterwards. */
function step(h: GateHarness, n = 1): number {
  h.cycle(n);
  h.refresh();
  return h.get('swing/position');
}

describe('state faults', () => {
  it('freeze: stuck at the last value (or the given one) while the pendulum swings; clearFault restores', () => {
    const h = harness();
    step(h, 5);
    const before = h.get('swing/position');
    fault(h, { target: 'state', name: 'swing/position', kind: 'freeze' });
    expect(step(h, 50)).toBe(before);
    h.sim.command({ op: 'clearFault', id: 'f' });
    expect(step(h)).toBeLessThan(before - 0.01);
    fault(h, { target: 'state', name: 'swing/position', kind: 'freeze', value: 0.25 });
    expect(step(h, 3)).toBe(0.25);
  });

  it('drop: the interface stops updating', () => {
    const h = harness();
    const before = h.get('swing/position');
    fault(h, { target: 'state', name: 'swing/position', kind: 'drop' });
    expect(step(h, 30)).toBe(before);
    h.sim.command({ op: 'clearFault', id: 'f' });
    expect(step(h)).not.toBe(before);
  });

  it.each([
    ['offset', 0.5, (x: number) => x + 0.5],
    ['scale', 2, (x: number) => 2 * x],
  ] as const)('%s changes the reading and nothing else', (kind, value, expected) => {
    const h = harness();
    fault(h, { target: 'state', name: 'swing/position', kind, value });
    h.cycle(20);
    h.refresh();
    const faulty = h.get('swing/position');
    h.sim.command({ op: 'clearFault', id: 'f' });
    h.refresh();
    expect(faulty).toBeCloseTo(expected(h.get('swing/position')), 12);
  });

  it('noise: adds Gaussian noise of the given standard deviation', () => {
    const h = harness();
    fault(h, { target: 'state', name: 'estop/pressed', kind: 'noise', value: 0.1 });
    const xs: number[] = [];
    for (let k = 0; k < 2000; k++) {
      h.cycle(1);
      xs.push(h.get('estop/pressed'));
    }
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const std = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(std).toBeGreaterThan(0.09);
    expect(std).toBeLessThan(0.11);
  });

  it('spike: one sample off by the value, then normal again', () => {
    const h = harness();
    fault(h, { target: 'state', name: 'estop/pressed', kind: 'spike', value: 5 });
    h.cycle(1);
    expect(h.get('estop/pressed')).toBe(5);
    h.cycle(1);
    expect(h.get('estop/pressed')).toBe(0);
  });

  it('nan and inf corrupt the reading', () => {
    const h = harness();
    fault(h, { target: 'state', name: 'swing/velocity', kind: 'nan' });
    h.sim.command({ op: 'fault', id: 'g', target: 'state', name: 'swing/effort', kind: 'inf', value: -1 });
    h.cycle(1);
    expect(h.get('swing/velocity')).toBeNaN();
    expect(h.get('swing/effort')).toBe(Number.NEGATIVE_INFINITY);
    h.sim.command({ op: 'clearFault', id: 'f' });
    h.sim.command({ op: 'clearFault', id: 'g' });
    h.cycle(1);
    expect(Number.isFinite(h.get('swing/velocity'))).toBe(true);
    expect(h.get('swing/effort')).toBe(0);
  });

  it('delay: reports the value from that many milliseconds (control cycles) ago', () => {
    const h = harness();
    fault(h, { target: 'state', name: 'estop/pressed', kind: 'delay', value: 10 });
    h.cycle(5);
    h.sim.command({ op: 'estopButton', pressed: true });
    const seen: number[] = [];
    for (let k = 0; k < 15; k++) {
      h.cycle(1);
      seen.push(h.get('estop/pressed'));
    }
    expect(seen).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });
});

describe('command faults', () => {
  /** Effort the rotor's drive applied in the last cycle after commanding `value`. */
  function applied(h: GateHarness, value: number): number {
    h.set('spin/effort', value);
    h.cycle(1);
    h.refresh();
    return h.get('spin/effort');
  }

  it.each([
    ['offset', 1, 3, 4],
    ['scale', 0.5, 3, 1.5],
    ['invert', undefined, 3, -3],
  ] as const)('%s changes what reaches the drive; clearFault restores', (kind, value, cmd, expected) => {
    const h = harness();
    fault(h, { target: 'command', name: 'spin/effort', kind, ...(value === undefined ? {} : { value }) });
    expect(applied(h, cmd)).toBe(expected);
    h.sim.command({ op: 'clearFault', id: 'f' });
    expect(applied(h, cmd)).toBe(cmd);
  });

  it('freeze: the drive keeps receiving the command from the moment of injection (and its watchdog is fed)', () => {
    const h = harness();
    applied(h, 2);
    fault(h, { target: 'command', name: 'spin/effort', kind: 'freeze' });
    expect(applied(h, 5)).toBe(2);
    h.cycle(200);
    h.refresh();
    expect(h.get('spin/drive_enabled')).toBe(1);
  });

  it('delay: the drive acts on the command from that many cycles ago', () => {
    const h = harness();
    fault(h, { target: 'command', name: 'spin/effort', kind: 'delay', value: 3 });
    const out = [1, 2, 3, 4, 5, 6].map((v) => applied(h, v));
    expect(out).toEqual([0, 0, 0, 1, 2, 3]);
  });

  it('drop: nothing reaches the drive, which trips on its watchdog', () => {
    const h = harness();
    applied(h, 1);
    fault(h, { target: 'command', name: 'spin/effort', kind: 'drop' });
    expect(applied(h, 4)).toBe(1);
    h.cycle(60);
    h.refresh();
    expect(h.get('spin/drive_enabled')).toBe(0);
  });
});

describe('actuator faults', () => {
  it('weakness: the motor delivers a fraction of the command (and the rotor accelerates that much less)', () => {
    const h = harness();
    fault(h, { target: 'actuator', name: 'spin', kind: 'weakness', value: 0.4 });
    h.set('spin/effort', 5);
    h.cycle(1);
    h.refresh();
    const w0 = h.get('spin/velocity');
    h.cycle(10);
    h.refresh();
    expect(h.get('spin/effort')).toBeCloseTo(2, 12);
    expect((h.get('spin/velocity') - w0) / 0.01).toBeCloseTo(2 / ROTOR_INERTIA, 3);
  });

  it('runaway: the drive adds torque of its own, up to its limit, until safe torque off', () => {
    const h = harness();
    fault(h, { target: 'actuator', name: 'spin', kind: 'runaway', value: 3 });
    h.set('spin/effort', 0);
    h.cycle(1);
    h.refresh();
    expect(h.get('spin/effort')).toBe(3);
    h.set('spin/effort', 9);
    h.cycle(1);
    h.refresh();
    expect(h.get('spin/effort')).toBe(10);
    h.sim.deactivate();
    h.sim.activate();
    h.sim.command({ op: 'clearFault', id: 'f' });
    h.set('spin/effort', 0);
    h.cycle(1);
    h.refresh();
    expect(h.get('spin/effort')).toBe(0);
  });

  it('stuck: the brake locks the joint although the drive pushes', () => {
    const h = harness();
    fault(h, { target: 'actuator', name: 'spin', kind: 'stuck' });
    h.set('spin/effort', 5);
    h.cycle(300);
    h.refresh();
    expect(h.get('spin/brake_engaged')).toBe(1);
    expect(Math.abs(h.get('spin/velocity'))).toBeLessThan(0.05);
    h.sim.command({ op: 'clearFault', id: 'f' });
    h.cycle(100);
    h.refresh();
    expect(h.get('spin/brake_engaged')).toBe(0);
    expect(h.get('spin/velocity')).toBeGreaterThan(2);
  });

  it('brake_failure: after safe torque off the joint coasts instead of stopping', () => {
    const h = harness();
    h.set('spin/effort', 5);
    h.cycle(200);
    fault(h, { target: 'actuator', name: 'spin', kind: 'brake_failure' });
    h.cycle(1, 0.1); // a 100 ms stall trips the watchdog
    h.refresh();
    const w = h.get('spin/velocity');
    expect(w).toBeGreaterThan(10);
    h.cycle(200);
    h.refresh();
    expect(h.get('spin/drive_enabled')).toBe(0);
    expect(h.get('spin/brake_engaged')).toBe(0);
    expect(h.get('spin/velocity')).toBeCloseTo(w, 6);
  });
});

describe('fault errors', () => {
  it('names what exists when the target is unknown', () => {
    const h = harness();
    expectCode(() => fault(h, { target: 'state', name: 'knee/position', kind: 'freeze' }), 'SIM_FAULT_TARGET_UNKNOWN', 'swing/position');
    expectCode(() => fault(h, { target: 'command', name: 'swing/velocity', kind: 'drop' }), 'SIM_FAULT_TARGET_UNKNOWN', 'spin/velocity');
    expectCode(() => fault(h, { target: 'actuator', name: 'knee', kind: 'stuck' }), 'SIM_FAULT_TARGET_UNKNOWN', 'swing, spin');
  });

  it('rejects kinds that do not apply, missing or bad values, duplicates and unknown ids', () => {
    const h = harness();
    expectCode(() => fault(h, { target: 'command', name: 'spin/effort', kind: 'nan' }), 'SIM_FAULT_KIND_INVALID', 'invert');
    expectCode(() => fault(h, { target: 'state', name: 'spin/effort', kind: 'offset' }), 'SIM_FAULT_VALUE_INVALID');
    expectCode(() => fault(h, { target: 'actuator', name: 'spin', kind: 'weakness', value: 1.5 }), 'SIM_FAULT_VALUE_INVALID', '0 and 1');
    expectCode(() => fault(h, { target: 'state', name: 'spin/effort', kind: 'delay', value: 5000 }), 'SIM_FAULT_VALUE_INVALID', 'ms');
    fault(h, { target: 'state', name: 'spin/effort', kind: 'nan' });
    expectCode(() => fault(h, { target: 'state', name: 'spin/velocity', kind: 'nan' }), 'SIM_FAULT_ID_DUPLICATE');
    expectCode(() => h.sim.command({ op: 'clearFault', id: 'nope' }), 'SIM_FAULT_ID_UNKNOWN', 'f');
  });

  it(`holds at most ${FAULT_SLOTS} faults at once`, () => {
    const h = harness();
    for (let k = 0; k < FAULT_SLOTS; k++) h.sim.command({ op: 'fault', id: `f${k}`, target: 'state', name: 'estop/pressed', kind: 'offset', value: 1 });
    h.cycle(1);
    expect(h.get('estop/pressed')).toBe(FAULT_SLOTS);
    expect(h.sim.command({ op: 'faults' })).toHaveLength(FAULT_SLOTS);
    expectCode(() => h.sim.command({ op: 'fault', id: 'more', target: 'state', name: 'estop/pressed', kind: 'nan' }), 'SIM_FAULT_SLOTS_FULL');
  });
});
