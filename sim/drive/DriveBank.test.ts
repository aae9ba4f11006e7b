import { beforeAll, describe, expect, it } from 'vitest';
import { loadMujoco } from '../mujoco/loadMujoco.js';
import type { MujocoModule } from '../mujoco/types.js';
import { GateHarness, PENDULUM_INERTIA, simTestScene } from '../simTestScene.js';
import { SimSystem } from '../SimSystem.js';

let mujoco: MujocoModule;
beforeAll(async () => {
  mujoco = await loadMujoco();
});

function harness(rateHz = 500): GateHarness {
  const sim = new SimSystem('sim', mujoco, simTestScene(), {
    seed: 1,
    rateHz,
    sensors: { ideal: true },
    drive: { watchdogTimeoutS: 0.05 },
  });
  return new GateHarness(sim, rateHz);
}

describe('drive watchdog and safe torque off', () => {
  it('a loop stall longer than the timeout trips the drive: torque off, brake on, the spinning rotor stops', () => {
    const h = harness();
    h.set('spin/velocity', 10);
    h.cycle(250);
    h.refresh();
    expect(h.get('spin/velocity')).toBeCloseTo(10, 1);
    expect(h.get('spin/drive_enabled')).toBe(1);
    expect(h.get('spin/brake_engaged')).toBe(0);

    // One write after a 100 ms stall: 100 physics steps with no fresh command.
    h.cycle(1, 0.1);
    // Commands flow again, but a tripped drive stays off until reset.
    h.cycle(250);
    h.refresh();
    expect(h.get('spin/drive_enabled')).toBe(0);
    expect(h.get('spin/brake_engaged')).toBe(1);
    expect(h.get('spin/effort')).toBe(0);
    expect(Math.abs(h.get('spin/velocity'))).toBeLessThan(0.02);
    expect(h.sim.command({ op: 'status' })).toMatchObject({ drives: [{ joint: 'swing' }, { joint: 'spin', enabled: false, watchdogTrips: 1 }] });

    // Explicit re-enable.
    expect(h.sim.command({ op: 'resetDrive', joint: 'spin' })).toEqual({ reset: ['spin'] });
    h.cycle(250);
    h.refresh();
    expect(h.get('spin/drive_enabled')).toBe(1);
    expect(h.get('spin/brake_engaged')).toBe(0);
    expect(h.get('spin/velocity')).toBeCloseTo(10, 1);
  });

  it('a stall shorter than the timeout does not trip it', () => {
    const h = harness();
    h.cycle(10);
    h.cycle(1, 0.04);
    h.cycle(10);
    h.refresh();
    expect(h.get('spin/drive_enabled')).toBe(1);
    expect(h.get('swing/drive_enabled')).toBe(1);
  });

  it('commands dropped on the way to one drive trip only that drive, after the timeout; its brake holds the pendulum against gravity', () => {
    const h = harness();
    h.sim.command({ op: 'commandMode', joint: 'swing', mode: 'position' });
    h.set('swing/position', 1);
    h.cycle(500);
    h.refresh();
    expect(h.get('swing/position')).toBeCloseTo(1, 2);

    h.sim.command({ op: 'fault', id: 'lost', target: 'command', name: 'swing/position', kind: 'drop' });
    h.cycle(24); // 48 ms: not yet
    h.refresh();
    expect(h.get('swing/drive_enabled')).toBe(1);
    h.cycle(2); // 52 ms
    h.refresh();
    expect(h.get('swing/drive_enabled')).toBe(0);
    expect(h.get('swing/brake_engaged')).toBe(1);
    expect(h.get('spin/drive_enabled')).toBe(1);
    const held = h.get('swing/position');
    h.cycle(500);
    h.refresh();
    // Gravity pulls with m·g·L·sin(1) ≈ 4.1 N·m against a 20 N·m brake: it creeps by at most a few mrad/s.
    expect(Math.abs(h.get('swing/position') - held)).toBeLessThan(0.01);
    expect(h.get('swing/effort')).toBe(0);

    h.sim.command({ op: 'clearFault', id: 'lost' });
    h.sim.command({ op: 'resetDrive' });
    h.cycle(500);
    h.refresh();
    expect(h.get('swing/drive_enabled')).toBe(1);
    expect(h.get('swing/position')).toBeCloseTo(1, 2);
  });

  it('deactivating the hardware is safe torque off with brakes on; activation re-enables', () => {
    const h = harness();
    h.sim.deactivate();
    h.refresh();
    expect(h.get('swing/drive_enabled')).toBe(0);
    expect(h.get('swing/brake_engaged')).toBe(1);
    h.sim.activate();
    h.refresh();
    expect(h.get('swing/drive_enabled')).toBe(1);
    expect(h.get('swing/brake_engaged')).toBe(0);
  });
});

describe('drive velocity feedback at the physics step', () => {
  /**
   * A position drive tuned for 30× the pendulum's inertia (as a joint in a chain sees when the joints
   * beside it move too: its effective inertia is far below its own): kd·dt/I ≈ 5.6, past the explicit
   * step's limit of 2. Fed back explicitly, the velocity flips sign every physics step (period-2
   * chatter) and a 500 Hz loop, reading every second step, sees a steady velocity of a joint that
   * does not move.
   */
  function stiff(): GateHarness {
    const sim = new SimSystem('sim', mujoco, simTestScene(), {
      seed: 1,
      rateHz: 500,
      sensors: { ideal: true },
      commandModes: { swing: 'position' },
      driveInertia: { swing: 30 * PENDULUM_INERTIA },
    });
    return new GateHarness(sim, 500);
  }

  it('a drive much stiffer than its joint holds it still, and the reported velocity matches the motion', () => {
    const h = stiff();
    h.set('swing/position', 0.3);
    h.cycle(500);
    h.refresh();
    expect(h.get('swing/position')).toBeCloseTo(0.3, 3);
    let sum = 0;
    let peak = 0;
    const q0 = h.get('swing/position');
    for (let k = 0; k < 50; k++) {
      h.cycle(1);
      h.refresh();
      const v = h.get('swing/velocity');
      sum += v;
      peak = Math.max(peak, Math.abs(v));
    }
    const finiteDifference = (h.get('swing/position') - q0) / 0.1;
    expect(Math.abs(sum / 50 - finiteDifference)).toBeLessThan(1e-3);
    expect(peak).toBeLessThan(1e-3);
  });

  it('after safe torque off the drive leaves no damping behind: with its brake failed the pendulum swings freely', () => {
    const h = stiff();
    h.set('swing/position', 0.3);
    h.cycle(500);
    h.sim.command({ op: 'fault', id: 'brake', target: 'actuator', name: 'swing', kind: 'brake_failure' });
    h.sim.deactivate();
    // Undamped from rest at 0.3 rad it reaches about −0.3 rad half a period later (T ≈ 2π·√(I/(m·g·L)) ≈ 1.42 s).
    let lowest = 0;
    for (let k = 0; k < 500; k++) {
      h.refresh();
      lowest = Math.min(lowest, h.get('swing/position'));
    }
    expect(h.get('swing/drive_enabled')).toBe(0);
    expect(lowest).toBeLessThan(-0.29);
  });
});
