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

  it('runaway: the drive loses its loop and outputs the runaway torque whatever it is asked, up to its limit, until safe torque off', () => {
    const h = harness();
    fault(h, { target: 'actuator', name: 'spin', kind: 'runaway', value: 3 });
    h.set('spin/effort', 0);
    h.cycle(1);
    h.refresh();
    expect(h.get('spin/effort')).toBe(3);
    h.set('spin/effort', -9);
    h.cycle(1);
    h.refresh();
    expect(h.get('spin/effort')).toBe(3);
    h.sim.command({ op: 'clearFault', id: 'f' });
    fault(h, { target: 'actuator', name: 'spin', kind: 'runaway', value: 30 });
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

/** How many cycles the fault with `id` has changed something so far. */
function appliedCycles(h: GateHarness, id = 'f'): number {
  const list = h.sim.command({ op: 'faults' }) as { id: string; appliedCycles: number }[];
  const entry = list.find((e) => e.id === id);
  if (entry === undefined) throw new Error(`no active fault ${id}`);
  return entry.appliedCycles;
}

/** The swing pendulum held at 1 rad by its drive's own position loop (1 kHz). */
function heldPendulum(): GateHarness {
  const sim = new SimSystem('sim', mujoco, simTestScene(), { seed: 1, rateHz: 1000, sensors: { ideal: true } });
  sim.command({ op: 'commandMode', joint: 'swing', mode: 'position' });
  const h = new GateHarness(sim, 1000);
  h.set('swing/position', 1);
  h.cycle(1000);
  h.refresh();
  return h;
}

describe('drift (state)', () => {
  it('the reading is off by rate × control-loop time since injection, growing linearly from 0', () => {
    const h = harness();
    const reply = fault(h, { target: 'state', name: 'estop/pressed', kind: 'drift', value: 2 }) as { sinceCycle: number; appliedCycles: number };
    expect(reply).toMatchObject({ id: 'f', target: 'state', kind: 'drift', value: 2, appliedCycles: 0 });
    const seen: number[] = [];
    for (let k = 0; k < 501; k++) {
      h.cycle(1);
      seen.push(h.get('estop/pressed'));
    }
    // 1 kHz: k cycles after the first one that sees it, the offset is 2 · k / 1000.
    expect(seen[0]).toBe(0);
    expect(seen[1]).toBeCloseTo(0.002, 12);
    expect(seen[100]).toBeCloseTo(0.2, 12);
    expect(seen[500]).toBeCloseTo(1, 12);
    // Evidence: every cycle but the first (offset 0 there) changed the reading.
    expect(appliedCycles(h)).toBe(500);
    const status = h.sim.command({ op: 'status' }) as { cycle: number };
    expect(status.cycle - reply.sinceCycle).toBe(500);
  });

  it('drifts on top of a moving signal and at another loop rate with control-cycle time', () => {
    const sim = new SimSystem('sim', mujoco, simTestScene(), { seed: 1, rateHz: 250, sensors: { ideal: true } });
    const h = new GateHarness(sim, 250);
    h.set('spin/velocity', 3);
    h.cycle(200);
    sim.command({ op: 'fault', id: 'd', target: 'state', name: 'spin/velocity', kind: 'drift', value: -0.5 });
    h.cycle(251);
    const faulty = h.get('spin/velocity');
    sim.command({ op: 'clearFault', id: 'd' });
    h.cycle(1);
    // 250 cycles at 250 Hz = 1 s of drift at −0.5 rad/s per second; the rotor itself holds 3 rad/s.
    expect(faulty - h.get('spin/velocity')).toBeCloseTo(-0.5, 2);
  });

  it('a drift of 0 changes nothing and counts nothing', () => {
    const h = harness();
    fault(h, { target: 'state', name: 'swing/position', kind: 'drift', value: 0 });
    h.cycle(50);
    expect(appliedCycles(h)).toBe(0);
  });
});

describe('reorder (command)', () => {
  /** Effort the rotor's drive produced in the cycle that carried `value`. */
  function applied(h: GateHarness, value: number): number {
    h.set('spin/effort', value);
    h.cycle(1);
    h.refresh();
    return h.get('spin/effort');
  }

  it('the drive receives each pair of commands swapped: p, c1, c0, c3, c2, c5, c4', () => {
    const h = harness();
    applied(h, 7);
    fault(h, { target: 'command', name: 'spin/effort', kind: 'reorder' });
    expect([1, 2, 3, 4, 5, 6].map((v) => applied(h, v))).toEqual([7, 2, 1, 4, 3, 6]);
    // Changed in the first cycle of each pair (the held-back command); the second passes its own.
    const { cleared } = h.sim.command({ op: 'clearFault', id: 'f' }) as { cleared: { appliedCycles: number } };
    expect(cleared.appliedCycles).toBe(3);
    expect(applied(h, 9)).toBe(9);
  });

  it('keeps the drive watchdog fed (no command is lost) and counts nothing for a steady command', () => {
    const h = harness();
    applied(h, 2);
    fault(h, { target: 'command', name: 'spin/effort', kind: 'reorder' });
    h.cycle(300);
    h.refresh();
    expect(h.get('spin/drive_enabled')).toBe(1);
    expect(h.get('spin/effort')).toBe(2);
    expect(appliedCycles(h)).toBe(0);
  });
});

describe('inversion and offset (actuator)', () => {
  it('inversion: an effort command acts backwards', () => {
    const h = harness();
    fault(h, { target: 'actuator', name: 'spin', kind: 'inversion' });
    h.set('spin/effort', 3);
    h.cycle(1);
    h.refresh();
    const w0 = h.get('spin/velocity');
    h.cycle(10);
    h.refresh();
    expect(h.get('spin/effort')).toBe(-3);
    expect((h.get('spin/velocity') - w0) / 0.01).toBeCloseTo(-3 / ROTOR_INERTIA, 3);
    expect(appliedCycles(h)).toBe(11);
  });

  it('inversion: a pendulum held in position mode runs away (the drive loop becomes positive feedback)', () => {
    const h = heldPendulum();
    expect(h.get('swing/position')).toBeCloseTo(1, 3);
    h.sim.command({ op: 'fault', id: 'inv', target: 'actuator', name: 'swing', kind: 'inversion' });
    const path: number[] = [];
    for (let k = 0; k < 6; k++) {
      h.cycle(50);
      path.push(h.get('swing/position'));
    }
    // Gravity's pull at 1 rad is no longer opposed but added to: the error grows monotonically.
    expect(Math.abs(path[5]! - 1)).toBeGreaterThan(0.5);
    for (let k = 1; k < path.length; k++) expect(Math.abs(path[k]! - 1)).toBeGreaterThan(Math.abs(path[k - 1]! - 1));
    expect(appliedCycles(h, 'inv')).toBe(300);
  });

  it('offset: a constant torque at the drive output moves a joint nobody commands', () => {
    const h = harness();
    fault(h, { target: 'actuator', name: 'spin', kind: 'offset', value: 2 });
    h.set('spin/effort', 0);
    h.cycle(1);
    h.refresh();
    const w0 = h.get('spin/velocity');
    h.cycle(20);
    h.refresh();
    expect(h.get('spin/effort')).toBe(2);
    expect((h.get('spin/velocity') - w0) / 0.02).toBeCloseTo(2 / ROTOR_INERTIA, 3);
    expect(appliedCycles(h)).toBe(21);
  });

  it('runaway replaces the loop’s torque within the effort limit; offset is added after the limit, up to the motor range', () => {
    // The rotor's drive limited to 5 N·m, its motor able to give 10 N·m (ctrlrange ±1 × gear 10).
    const base = simTestScene();
    const scene = { ...base, joints: base.joints.map((j) => (j.name === 'spin' ? { ...j, effortLimit: 5 } : j)) };
    const sim = new SimSystem('sim', mujoco, scene, { seed: 1, rateHz: 1000, sensors: { ideal: true }, commandModes: { spin: 'effort' } });
    const h = new GateHarness(sim, 1000);
    const effortWith = (spec: Record<string, unknown>): { effort: number; applied: number } => {
      sim.command({ op: 'fault', id: 'x', target: 'actuator', name: 'spin', ...spec });
      h.set('spin/effort', 5);
      h.cycle(10);
      h.refresh();
      const { cleared } = sim.command({ op: 'clearFault', id: 'x' }) as { cleared: { appliedCycles: number } };
      return { effort: h.get('spin/effort'), applied: cleared.appliedCycles };
    };
    // A runaway equal to what the loop asks changes nothing: no evidence.
    expect(effortWith({ kind: 'runaway', value: 5 })).toEqual({ effort: 5, applied: 0 });
    expect(effortWith({ kind: 'runaway', value: 9 })).toEqual({ effort: 5, applied: 0 });
    expect(effortWith({ kind: 'runaway', value: -3 })).toEqual({ effort: -3, applied: 10 });
    expect(effortWith({ kind: 'offset', value: 3 })).toEqual({ effort: 8, applied: 10 });
    expect(effortWith({ kind: 'offset', value: 8 })).toEqual({ effort: 10, applied: 10 });
    expect(effortWith({ kind: 'offset', value: 0 })).toEqual({ effort: 5, applied: 0 });
  });

  it('no actuator fault acts after safe torque off', () => {
    const h = harness();
    h.sim.deactivate();
    fault(h, { target: 'actuator', name: 'spin', kind: 'offset', value: 4 });
    h.sim.command({ op: 'fault', id: 'g', target: 'actuator', name: 'swing', kind: 'inversion' });
    h.cycle(20);
    h.refresh();
    expect(h.get('spin/effort')).toBe(0);
    expect(appliedCycles(h)).toBe(0);
    expect(appliedCycles(h, 'g')).toBe(0);
  });
});

describe('evidence of injection (appliedCycles)', () => {
  it('counts the cycles a fault changed something, reported by faults and by clearFault', () => {
    const h = harness();
    const before = (h.sim.command({ op: 'status' }) as { cycle: number }).cycle;
    const reply = fault(h, { target: 'state', name: 'swing/position', kind: 'offset', value: 0.5 });
    expect(reply).toEqual({ id: 'f', target: 'state', name: 'swing/position', kind: 'offset', value: 0.5, appliedCycles: 0, sinceCycle: before + 1 });
    h.cycle(20);
    expect(h.sim.command({ op: 'faults' })).toEqual([{ id: 'f', target: 'state', name: 'swing/position', kind: 'offset', value: 0.5, appliedCycles: 20, sinceCycle: before + 1 }]);
    h.cycle(5);
    expect(h.sim.command({ op: 'clearFault', id: 'f' })).toEqual({
      cleared: { id: 'f', target: 'state', name: 'swing/position', kind: 'offset', value: 0.5, appliedCycles: 25, sinceCycle: before + 1 },
    });
    expect(h.sim.command({ op: 'faults' })).toEqual([]);
  });

  it.each([
    ['a state offset of 0', { target: 'state', name: 'swing/position', kind: 'offset', value: 0 }],
    ['a state scale of 1', { target: 'state', name: 'swing/position', kind: 'scale', value: 1 }],
    ['noise of σ = 0', { target: 'state', name: 'swing/position', kind: 'noise', value: 0 }],
    ['a freeze of a reading that does not change', { target: 'state', name: 'estop/pressed', kind: 'freeze' }],
    ['a delay of a reading that does not change', { target: 'state', name: 'estop/pressed', kind: 'delay', value: 5 }],
    ['a command offset of 0', { target: 'command', name: 'spin/effort', kind: 'offset', value: 0 }],
    ['inverting a zero command', { target: 'command', name: 'spin/effort', kind: 'invert' }],
    ['dropping commands to an interface its drive does not follow', { target: 'command', name: 'spin/velocity', kind: 'drop' }],
    ['weakness with gain 1', { target: 'actuator', name: 'spin', kind: 'weakness', value: 1 }],
    ['weakness of a drive producing no torque', { target: 'actuator', name: 'spin', kind: 'weakness', value: 0.2 }],
    ['a runaway of 0', { target: 'actuator', name: 'spin', kind: 'runaway', value: 0 }],
    ['a brake failure while the brake is released', { target: 'actuator', name: 'spin', kind: 'brake_failure' }],
  ])('%s shows 0', (_what, spec) => {
    const h = harness();
    fault(h, spec);
    h.cycle(40);
    h.refresh();
    expect(appliedCycles(h)).toBe(0);
  });

  it.each([
    // The first read after injection comes before any physics step: it still shows the value frozen.
    ['a freeze of the swinging pendulum', { target: 'state', name: 'swing/position', kind: 'freeze' }, 39],
    ['a spike', { target: 'state', name: 'estop/pressed', kind: 'spike', value: 5 }, 1],
    ['NaN', { target: 'state', name: 'swing/velocity', kind: 'nan' }, 40],
    ['dropped commands the drive follows', { target: 'command', name: 'spin/effort', kind: 'drop' }, 40],
    ['stuck: the brake holds although the drive released it, moving or not', { target: 'actuator', name: 'spin', kind: 'stuck' }, 40],
  ])('%s counts every cycle it acted', (_what, spec, n) => {
    const h = harness();
    fault(h, spec);
    h.cycle(40);
    expect(appliedCycles(h)).toBe(n);
  });

  it('a brake failure counts from the moment the brake should hold', () => {
    const h = harness();
    fault(h, { target: 'actuator', name: 'spin', kind: 'brake_failure' });
    h.cycle(10);
    expect(appliedCycles(h)).toBe(0);
    h.sim.deactivate();
    h.cycle(15);
    expect(appliedCycles(h)).toBe(15);
  });
});

describe('bus disconnect', () => {
  it('read reports an error and a frozen state, no command reaches a drive, the drives trip on their own watchdog', () => {
    const sim = new SimSystem('sim', mujoco, simTestScene(), { seed: 1, rateHz: 1000, sensors: { ideal: true } });
    const h = new GateHarness(sim, 1000);
    h.set('spin/velocity', 5);
    h.cycle(500);
    h.refresh();
    expect(h.get('spin/velocity')).toBeCloseTo(5, 2);
    const spinDof = sim.drives.joints[1]!.dofAdr;

    expect(sim.command({ op: 'fault', id: 'bus', target: 'bus', name: 'sim', kind: 'disconnect' })).toMatchObject({ target: 'bus', kind: 'disconnect', appliedCycles: 0 });
    const frozen = Float64Array.from(h.state);
    expect(sim.read(0, 0.001)).toBe('error');
    h.cycle(30);
    // 31 ms after the loss: the drive still turns the rotor on its last command.
    expect(sim.command({ op: 'status' })).toMatchObject({ busConnected: false, drives: [{ enabled: true }, { enabled: true, watchdogTrips: 0 }] });
    expect((sim.data.qvel as Float64Array)[spinDof]).toBeCloseTo(5, 1);
    h.cycle(30);
    // Past the 50 ms watchdog: safe torque off and brakes on, and the world goes on (the rotor stops).
    expect(sim.command({ op: 'status' })).toMatchObject({
      drives: [
        { enabled: false, brakeEngaged: true, watchdogTrips: 1 },
        { enabled: false, brakeEngaged: true, watchdogTrips: 1 },
      ],
    });
    h.cycle(200);
    expect(Math.abs((sim.data.qvel as Float64Array)[spinDof]!)).toBeLessThan(0.05);
    // What read reported never changed: the last values before the loss (drive_enabled still 1).
    expect(Array.from(h.state)).toEqual(Array.from(frozen));
    expect(h.get('spin/drive_enabled')).toBe(1);
    // Messages to the drives cannot arrive.
    expectCode(() => sim.command({ op: 'resetDrive' }), 'SIM_BUS_DISCONNECTED', 'bus');
    expectCode(() => sim.command({ op: 'commandMode', joint: 'swing', mode: 'position' }), 'SIM_BUS_DISCONNECTED');

    // 1 + 30 + 30 + 200 reads with the bus down.
    expect(sim.command({ op: 'clearFault', id: 'bus' })).toMatchObject({ cleared: { id: 'bus', appliedCycles: 261 } });
    expect(sim.read(0, 0.001)).toBe('ok');
    expect(h.get('spin/drive_enabled')).toBe(0);
    expect(h.get('spin/brake_engaged')).toBe(1);
    h.cycle(100);
    h.refresh();
    expect(h.get('spin/drive_enabled')).toBe(0); // fresh commands alone do not re-enable a tripped drive
    sim.command({ op: 'resetDrive' });
    h.cycle(500);
    h.refresh();
    expect(h.get('spin/velocity')).toBeCloseTo(5, 2);
  });

  it('names the component or *, takes no other kind', () => {
    const h = harness();
    expectCode(() => fault(h, { target: 'bus', name: 'ethercat0', kind: 'disconnect' }), 'SIM_FAULT_TARGET_UNKNOWN', 'sim');
    expectCode(() => fault(h, { target: 'bus', name: 'sim', kind: 'drop' }), 'SIM_FAULT_KIND_INVALID', 'disconnect');
    fault(h, { target: 'bus', name: '*', kind: 'disconnect' });
    expect(h.sim.read(0, 0.001)).toBe('error');
  });

  it('a controller’s command-mode switch cannot reach the drives while the bus is down (not refused, not applied)', () => {
    const h = harness();
    fault(h, { target: 'bus', name: 'sim', kind: 'disconnect' });
    h.sim.performCommandModeSwitch(['swing/position']);
    expect(h.sim.command({ op: 'status' })).toMatchObject({ drives: [{ joint: 'swing', mode: 'effort' }, { joint: 'spin', mode: 'effort' }] });
    h.sim.command({ op: 'clearFault', id: 'f' });
    h.sim.performCommandModeSwitch(['swing/position']);
    expect(h.sim.command({ op: 'status' })).toMatchObject({ drives: [{ joint: 'swing', mode: 'position' }, { joint: 'spin', mode: 'effort' }] });
  });
});

describe('new kinds: bad values', () => {
  it.each([
    [{ target: 'state', name: 'swing/position', kind: 'drift' }, 'SIM_FAULT_VALUE_INVALID', 'needs a value'],
    [{ target: 'state', name: 'swing/position', kind: 'drift', value: Number.POSITIVE_INFINITY }, 'SIM_COMMAND_INVALID', 'value is Infinity'],
    [{ target: 'actuator', name: 'spin', kind: 'offset' }, 'SIM_FAULT_VALUE_INVALID', 'needs a value'],
    [{ target: 'actuator', name: 'spin', kind: 'offset', value: Number.NaN }, 'SIM_COMMAND_INVALID', 'value is NaN'],
    [{ target: 'state', name: 'swing/position', kind: 'reorder' }, 'SIM_FAULT_KIND_INVALID', 'drift'],
    [{ target: 'command', name: 'spin/effort', kind: 'inversion' }, 'SIM_FAULT_KIND_INVALID', 'reorder'],
    [{ target: 'actuator', name: 'spin', kind: 'drift', value: 1 }, 'SIM_FAULT_KIND_INVALID', 'inversion'],
    [{ target: 'actuator', name: 'knee', kind: 'inversion' }, 'SIM_FAULT_TARGET_UNKNOWN', 'swing, spin'],
    [{ target: 'wifi', name: 'sim', kind: 'disconnect' }, 'SIM_COMMAND_INVALID', 'target'],
  ] as const)('%o → %s', (spec, code, text) => {
    expectCode(() => fault(harness(), spec), code, text);
  });
});
