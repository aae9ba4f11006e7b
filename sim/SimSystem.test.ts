import { beforeAll, describe, expect, it } from 'vitest';
import { ControllerManager, ForwardCommandController } from '../runtime/control/index.js';
import { JointHoldController } from '../runtime/control/controllers/JointHoldController.js';
import { isKindredError, type ErrorCode } from '../runtime/errors/index.js';
import { loadMujoco } from './mujoco/loadMujoco.js';
import type { MujocoModule } from './mujoco/types.js';
import { GateHarness, PENDULUM_INERTIA, ROTOR_INERTIA, simTestScene, TestPerson } from './simTestScene.js';
import { SimSystem, type SimSystemOptions } from './SimSystem.js';

let mujoco: MujocoModule;
beforeAll(async () => {
  mujoco = await loadMujoco();
});

function make(options: Partial<SimSystemOptions> = {}, person?: TestPerson): SimSystem {
  return new SimSystem('sim', mujoco, simTestScene(person), { seed: 1, rateHz: 1000, sensors: { ideal: true }, ...options });
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

describe('SimSystem interfaces', () => {
  it('exports joint, drive, sensor, e-stop and person state interfaces, and the ros2_control command interfaces with limits', () => {
    const sim = make({}, new TestPerson());
    const names = sim.stateInterfaces().map((d) => `${d.prefix}/${d.interfaceName}`);
    expect(names.slice(0, 6)).toEqual(['swing/position', 'swing/motor_position', 'swing/velocity', 'swing/effort', 'swing/drive_enabled', 'swing/brake_engaged']);
    expect(names).toEqual(
      expect.arrayContaining([
        'tip_ft/force.x',
        'tip_ft/torque.z',
        'imu/orientation.w',
        'imu/angular_velocity.y',
        'imu/linear_acceleration.z',
        'pad/contact_force',
        'estop/pressed',
        'tester/height',
        'tester/force.z',
      ]),
    );
    expect(sim.commandInterfaces()).toEqual([
      { prefix: 'swing', interfaceName: 'effort', min: -20, max: 20 },
      { prefix: 'swing', interfaceName: 'position', min: -2, max: 2 },
      { prefix: 'spin', interfaceName: 'velocity', min: -20, max: 20 },
      { prefix: 'spin', interfaceName: 'effort', min: -10, max: 10 },
    ]);
  });

  it('reports sensors through their models: a touch pad feels the resting ball, the IMU feels gravity', () => {
    const h = new GateHarness(make({}, new TestPerson()), 1000);
    h.cycle(1000);
    h.refresh();
    expect(h.get('pad/contact_force')).toBeCloseTo(0.5 * 9.81, 1);
    expect(h.get('tester/height')).toBeCloseTo(0.05, 2);
    expect(h.get('imu/linear_acceleration.z')).toBeCloseTo(9.81, 1);
    expect(h.get('imu/orientation.w')).toBeCloseTo(1, 6);
  });
});

describe('SimSystem drives', () => {
  it('an effort command produces τ = I·α (rotor without gravity, pendulum at the bottom)', () => {
    const sim = make({ commandModes: { spin: 'effort' } });
    const h = new GateHarness(sim, 1000);
    h.set('spin/effort', 5);
    h.set('swing/effort', 2);
    h.cycle(1);
    h.refresh();
    const w0 = h.get('spin/velocity');
    const s0 = h.get('swing/velocity');
    h.cycle(20);
    h.refresh();
    const alphaSpin = (h.get('spin/velocity') - w0) / 0.02;
    const alphaSwing = (h.get('swing/velocity') - s0) / 0.02;
    expect(alphaSpin / (5 / ROTOR_INERTIA)).toBeCloseTo(1, 4);
    expect(alphaSwing / (2 / PENDULUM_INERTIA)).toBeCloseTo(1, 2);
    expect(h.get('spin/effort')).toBe(5);
  });

  it('position mode: the drive-internal loop brings the pendulum to the target against gravity', () => {
    const sim = make();
    sim.command({ op: 'commandMode', joint: 'swing', mode: 'position' });
    const h = new GateHarness(sim, 500);
    h.set('swing/position', 1);
    h.cycle(750);
    h.refresh();
    expect(h.get('swing/position')).toBeCloseTo(1, 3);
    expect(Math.abs(h.get('swing/velocity'))).toBeLessThan(1e-2);
    // Holding 1 kg at 0.5 m, 1 rad out: the drive delivers m·g·L·sin(1).
    expect(h.get('swing/effort')).toBeCloseTo(9.81 * 0.5 * Math.sin(1), 1);
  });

  it('velocity mode: the drive-internal PI holds the commanded speed', () => {
    const h = new GateHarness(make(), 1000);
    h.set('spin/velocity', 5);
    h.cycle(500);
    h.refresh();
    expect(h.get('spin/velocity')).toBeCloseTo(5, 2);
  });

  it('refuses a command mode the joint does not have', () => {
    expectCode(() => make().command({ op: 'commandMode', joint: 'spin', mode: 'position' }), 'SIM_COMMAND_MODE_UNSUPPORTED', 'velocity, effort');
    expectCode(() => make({ commandModes: { swing: 'velocity' } }), 'SIM_COMMAND_MODE_UNSUPPORTED');
    expectCode(() => make({ commandModes: { elbow: 'effort' } }), 'SIM_JOINT_UNKNOWN', 'swing, spin');
  });
});

describe('SimSystem real-time controls', () => {
  it('a late cycle lets the simulated world move on by the measured period, capped at 100 ms', () => {
    const sim = make({ rateHz: 500 });
    const h = new GateHarness(sim, 500);
    h.cycle(1);
    const t = sim.timeS;
    h.cycle(1, 0.03);
    expect(sim.timeS - t).toBeCloseTo(0.03, 12);
    h.cycle(1, 5);
    expect(sim.timeS - t).toBeCloseTo(0.13, 12);
  });

  it('pause stops physics, step advances whole cycles, play resumes', () => {
    const sim = make({ rateHz: 500 });
    const h = new GateHarness(sim, 500);
    h.cycle(10);
    expect(sim.timeS).toBeCloseTo(0.02, 12);
    sim.command({ op: 'pause' });
    h.cycle(10);
    expect(sim.timeS).toBeCloseTo(0.02, 12);
    expect(sim.command({ op: 'step', cycles: 3 })).toMatchObject({ running: false, pendingCycles: 3 });
    h.cycle(10);
    expect(sim.timeS).toBeCloseTo(0.026, 12);
    sim.command({ op: 'play' });
    h.cycle(5);
    expect(sim.timeS).toBeCloseTo(0.036, 12);
    // Time is read from WebAssembly memory without the allocating getter; both agree bit for bit.
    expect(sim.timeS).toBe(sim.data.time);
  });

  it('a time scale advances physics by that multiple of the loop period, on average', () => {
    const sim = make();
    const h = new GateHarness(sim, 1000);
    sim.command({ op: 'timeScale', value: 0.25 });
    h.cycle(400);
    expect(sim.steps).toBe(100);
    sim.command({ op: 'timeScale', value: 3 });
    h.cycle(100);
    expect(sim.steps).toBe(400);
  });

  it('setJoint moves a position-mode joint (at once while paused) and is refused in effort mode', () => {
    const sim = make();
    const h = new GateHarness(sim, 500);
    expectCode(() => sim.command({ op: 'setJoint', joint: 'swing', value: 0.5 }), 'SIM_JOINT_NOT_POSITION_MODE', 'effort');
    sim.command({ op: 'commandMode', joint: 'swing', mode: 'position' });
    sim.command({ op: 'pause' });
    expect(sim.command({ op: 'setJoint', joint: 'swing', value: 0.5 })).toEqual({ joint: 'swing', value: 0.5 });
    h.refresh();
    expect(h.get('swing/position')).toBe(0.5);
    sim.command({ op: 'play' });
    h.cycle(500);
    h.refresh();
    expect(h.get('swing/position')).toBeCloseTo(0.5, 3);
    // Slider values are clamped to the joint's limits.
    expect(sim.command({ op: 'setJoint', joint: 'swing', value: 9 })).toEqual({ joint: 'swing', value: 2 });
    sim.command({ op: 'releaseJoint', joint: 'swing' });
    h.set('swing/position', 0);
    h.cycle(750);
    h.refresh();
    expect(h.get('swing/position')).toBeCloseTo(0, 3);
    expectCode(() => sim.command({ op: 'setJoint', joint: 'knee', value: 0 }), 'SIM_JOINT_UNKNOWN', 'swing, spin');
  });

  it('the e-stop button is a state interface; people receive their commands', () => {
    const person = new TestPerson();
    const h = new GateHarness(make({}, person), 1000);
    expect(h.get('estop/pressed')).toBe(0);
    h.sim.command({ op: 'estopButton', pressed: true });
    h.cycle(1);
    expect(h.get('estop/pressed')).toBe(1);
    expect(h.sim.command({ op: 'human', command: { op: 'wave', hand: 'left' } })).toEqual({ ok: true, op: 'wave' });
    expect(person.commands).toEqual([{ op: 'wave', hand: 'left' }]);
    expectCode(() => h.sim.command({ op: 'human', target: 'nurse', command: { op: 'wave' } }), 'SIM_HUMAN_UNKNOWN', 'tester');
  });

  it('calls every person around each physics step and exports their signals', () => {
    const person = new TestPerson();
    const h = new GateHarness(make({ rateHz: 500 }, person), 500);
    h.cycle(50);
    h.refresh();
    expect(h.get('tester/steps')).toBe(100);
    expect(h.get('tester/order_ok')).toBe(1);
  });

  it.each([
    [{ op: 'warp' }, 'SIM_COMMAND_UNKNOWN', 'pause'],
    [{ op: 'timeScale', value: 0 }, 'SIM_COMMAND_INVALID', 'value'],
    [{ op: 'step', cycles: 1.5 }, 'SIM_COMMAND_INVALID', 'cycles'],
    [{ op: 'pause', now: true }, 'SIM_COMMAND_INVALID', 'now'],
  ] as const)('rejects %o with %s', (payload, code, text) => {
    expectCode(() => make().command(payload), code, text);
  });
});

describe('SimSystem determinism', () => {
  /** 2000 cycles at 1 kHz with noisy sensors feeding a hold controller back into the physics. */
  function closedLoopHash(seed: number): { hash: string; sim: SimSystem; manager: ControllerManager } {
    const sim = make({ seed, sensors: {} });
    const manager = new ControllerManager([sim]);
    manager.load(new JointHoldController('hold', ['swing/effort'], { kp: 40, kd: 4 }));
    manager.activateHardware();
    manager.activate('hold');
    for (let k = 0; k < 2000; k++) manager.cycle(k / 1000, 1 / 1000);
    return { hash: sim.stateHash(), sim, manager };
  }

  it('same seed → identical state hash after 2000 steps with noise on; another seed → different', () => {
    const a = closedLoopHash(7);
    expect(closedLoopHash(7).hash).toBe(a.hash);
    expect(closedLoopHash(8).hash).not.toBe(a.hash);
    expect(a.sim.steps).toBe(2000);
  });

  it('reset replays the same run', () => {
    const { hash, sim, manager } = closedLoopHash(3);
    sim.command({ op: 'reset' });
    expect(sim.timeS).toBe(0);
    for (let k = 0; k < 2000; k++) manager.cycle(k / 1000, 1 / 1000);
    expect(sim.command({ op: 'stateHash' })).toMatchObject({ hash, steps: 2000 });
  });
});

describe('SimSystem fieldbus loss under the controller manager', () => {
  it('read "error" fails the hardware; the deactivation cannot reach the drives, whose watchdog trips them while physics goes on in read', () => {
    const sim = make();
    const manager = new ControllerManager([sim]);
    manager.load(new ForwardCommandController('spin_speed', ['spin'], 'velocity'));
    manager.activateHardware();
    manager.activate('spin_speed');
    manager.setpoints[manager.commandNames.indexOf('spin/velocity')] = 5;
    let t = 0;
    for (let k = 0; k < 500; k++) manager.cycle((t += 0.001), 0.001);
    const velocity = manager.stateNames.indexOf('spin/velocity');
    expect(manager.state[velocity]).toBeCloseTo(5, 2);

    sim.command({ op: 'fault', id: 'bus', target: 'bus', name: '*', kind: 'disconnect' });
    manager.events.length = 0;
    manager.cycle((t += 0.001), 0.001);
    expect(manager.events).toEqual([{ type: 'hardware_failed', component: 'sim', stage: 'read', deactivated: ['spin_speed'] }]);
    expect(manager.hardwareStatus()).toEqual([{ name: 'sim', state: 'failed' }]);

    // The manager deactivated the component, but the request travelled on the lost bus: the drive
    // still turns the rotor on its last command until its own watchdog (50 ms) trips it.
    const spinDof = sim.drives.joints[1]!.dofAdr;
    const qvel = (): number => (sim.data.qvel as Float64Array)[spinDof]!;
    const timeBefore = sim.timeS;
    for (let k = 0; k < 40; k++) expect(sim.read((t += 0.001), 0.001)).toBe('error');
    expect(sim.timeS - timeBefore).toBeCloseTo(0.04, 9);
    expect(sim.command({ op: 'status' })).toMatchObject({ drives: [{ enabled: true }, { enabled: true }] });
    expect(qvel()).toBeCloseTo(5, 1);
    for (let k = 0; k < 300; k++) sim.read((t += 0.001), 0.001);
    expect(sim.command({ op: 'status' })).toMatchObject({
      busConnected: false,
      drives: [
        { enabled: false, brakeEngaged: true, watchdogTrips: 1 },
        { enabled: false, brakeEngaged: true, watchdogTrips: 1 },
      ],
    });
    // Physics went on: the braked rotor has stopped.
    expect(Math.abs(qvel())).toBeLessThan(0.05);

    // Bus back: read reports the truth again, torque off and brakes on.
    sim.command({ op: 'clearFault', id: 'bus' });
    expect(sim.read(t + 0.001, 0.001)).toBe('ok');
    const state = (name: string): number => manager.state[manager.stateNames.indexOf(name)]!;
    expect(state('spin/drive_enabled')).toBe(0);
    expect(state('spin/brake_engaged')).toBe(1);
    expect(Math.abs(state('spin/velocity'))).toBeLessThan(0.05);
  });
});
