import { describe, expect, it } from 'vitest';
import { compileLimits, resolveLimits, type CycleStatus, type GatedCommands, type JointLimitValues } from '../../safety/index.js';
import { isKindredError } from '../errors/index.js';
import { ControllerManager } from './ControllerManager.js';
import { ForwardCommandController } from './controllers/ForwardCommandController.js';
import type { HardwareComponent } from './HardwareComponent.js';
import type { InterfaceDescription } from './InterfaceDescription.js';
import { MockSystem } from './MockSystem.js';

const legs = () =>
  new MockSystem('legs', [
    { name: 'hip_left', command: ['position'], initialPositionRad: 0.1, min: -0.5, max: 1.2 },
    { name: 'knee_left', command: ['position', 'effort'], initialPositionRad: 0.2 },
  ]);

/** Hardware that fails on demand, recording every command it was given. */
class FlakyArm implements HardwareComponent {
  readonly name = 'arm';
  failRead = false;
  failWrite = false;
  written: number[] = [];
  deactivated = false;
  private state: Float64Array = new Float64Array(0);
  stateInterfaces(): InterfaceDescription[] {
    return [{ prefix: 'elbow', interfaceName: 'position', initialValue: 0.3 }, { prefix: 'elbow', interfaceName: 'velocity' }];
  }
  commandInterfaces(): InterfaceDescription[] {
    return [{ prefix: 'elbow', interfaceName: 'position' }];
  }
  configure(state: Float64Array): void {
    this.state = state;
  }
  activate(): void {}
  deactivate(): void {
    this.deactivated = true;
  }
  read(): CycleStatus {
    return this.failRead ? 'error' : 'ok';
  }
  write(_t: number, _p: number, c: GatedCommands): CycleStatus {
    this.written.push(c.values[0]!);
    this.state[0] = c.values[0]!;
    return this.failWrite ? 'error' : 'ok';
  }
}

function expectCode(fn: () => unknown, code: string, fragment: string): void {
  try {
    fn();
  } catch (e) {
    expect(isKindredError(e)).toBe(true);
    expect((e as { code: string }).code).toBe(code);
    expect((e as Error).message).toContain(fragment);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('ControllerManager', () => {
  it('exports named interfaces from every component and runs read → update → enforce → write', () => {
    const m = new ControllerManager([legs()]);
    expect(m.commandNames).toEqual(['hip_left/position', 'knee_left/position', 'knee_left/effort']);
    expect(m.stateNames.slice(0, 3)).toEqual(['hip_left/position', 'hip_left/velocity', 'hip_left/effort']);
    m.activateHardware();
    m.load(new ForwardCommandController('fwd', ['hip_left', 'knee_left'], 'position'));
    m.activate('fwd');
    m.setpoints[0] = 0.7;
    m.setpoints[1] = -0.4;
    m.cycle(0, 0.002);
    expect(m.state[0]).toBeCloseTo(0.7);
    expect(m.state[1]).toBeCloseTo((0.7 - 0.1) / 0.002);
    expect(m.state[3]).toBeCloseTo(-0.4);
  });

  it('holds at the activation position until a set-point arrives', () => {
    const m = new ControllerManager([legs()]);
    m.activateHardware();
    m.load(new ForwardCommandController('fwd', ['hip_left'], 'position'));
    m.activate('fwd');
    m.cycle(0, 0.002);
    expect(m.state[0]).toBeCloseTo(0.1);
  });

  it('the gate clamps to the description limits and replaces NaN by the measured position', () => {
    const m = new ControllerManager([legs()]);
    m.activateHardware();
    m.load(new ForwardCommandController('fwd', ['hip_left'], 'position'));
    m.activate('fwd');
    m.setpoints[0] = 3;
    expect(m.cycle(0, 0.002)).toBe(1);
    expect(m.state[0]).toBe(1.2);
    m.setpoints[0] = Number.NaN;
    m.cycle(0.002, 0.002);
    expect(m.state[0]).toBe(1.2);
    expect(m.gate.counters.nonFinite[0]).toBe(1);
    expect(m.gate.counters.limitedCycles[0]).toBe(2);
  });

  it.each([
    ['unknown interface', (m: ControllerManager) => m.load(new ForwardCommandController('x', ['ankle_left'], 'position')), 'HW_INTERFACE_UNKNOWN', 'ankle_left/position'],
    [
      'claim conflict',
      (m: ControllerManager) => {
        m.load(new ForwardCommandController('a', ['hip_left'], 'position'));
        m.load(new ForwardCommandController('b', ['hip_left', 'knee_left'], 'position'));
        m.activate('a');
        m.activate('b');
      },
      'CONTROLLER_CLAIM_CONFLICT',
      'already claimed by active controller a',
    ],
    ['unknown controller', (m: ControllerManager) => m.activate('ghost'), 'CONTROLLER_UNKNOWN', 'ghost'],
  ])('rejects %s at configuration time', (_label, act, code, fragment) => {
    expectCode(() => act(new ControllerManager([legs()])), code, fragment);
  });

  it('rejects two components exporting the same interface', () => {
    expectCode(() => new ControllerManager([legs(), legs()]), 'HW_INTERFACE_DUPLICATE', 'hip_left/position');
  });

  it('a failing read deactivates the controllers that depend on that hardware and keeps the rest running', () => {
    const arm = new FlakyArm();
    const m = new ControllerManager([legs(), arm]);
    m.activateHardware();
    m.load(new ForwardCommandController('legs_fwd', ['hip_left'], 'position'));
    m.load(new ForwardCommandController('arm_fwd', ['elbow'], 'position'));
    m.activate('legs_fwd');
    m.activate('arm_fwd');
    arm.failRead = true;
    m.cycle(0, 0.002);
    expect(m.events).toEqual([{ type: 'hardware_failed', component: 'arm', stage: 'read', deactivated: ['arm_fwd'] }]);
    expect(arm.deactivated).toBe(true);
    expect(m.controllers().find((c) => c.name === 'legs_fwd')?.state).toBe('active');
    const writes = arm.written.length;
    m.setpoints[0] = 0.5;
    m.cycle(0.002, 0.002);
    expect(arm.written.length).toBe(writes);
    expect(m.state[0]).toBeCloseTo(0.5);
    expectCode(() => m.activate('arm_fwd'), 'HW_INTERFACE_UNKNOWN', 'failed');
  });

  it('reports failed hardware to the supervisor in the cycle whose read failed, and keeps counting it while it stays deactivated', () => {
    const arm = new FlakyArm();
    const m = new ControllerManager([legs(), arm]);
    const inputs = new Float64Array(8);
    const seen: number[] = [];
    m.reportHardwareFaults(inputs, 7);
    m.setCycleHook({ afterRead: () => void seen.push(inputs[7]!) });
    m.activateHardware();
    m.cycle(0, 0.002);
    arm.failRead = true;
    m.cycle(0.002, 0.002);
    arm.failRead = false; // deactivated now: it stays failed until re-activated
    m.cycle(0.004, 0.002);
    expect(seen).toEqual([0, 1, 1]);
  });

  it('a controller spanning failed and healthy hardware leaves its healthy interfaces held, not stale', () => {
    const arm = new FlakyArm();
    const m = new ControllerManager([legs(), arm]);
    m.activateHardware();
    m.load(new ForwardCommandController('both', ['hip_left', 'elbow'], 'position'));
    m.activate('both');
    m.setpoints[0] = 0.9;
    m.cycle(0, 0.002);
    arm.failWrite = true;
    m.cycle(0.002, 0.002);
    expect(m.controllers().find((c) => c.name === 'both')?.state).toBe('inactive');
    const hold = m.controllers().find((c) => c.type === 'joint_hold');
    expect(hold?.claimed).toEqual(['hip_left/position']);
    m.setpoints[0] = -0.3;
    m.cycle(0.004, 0.002);
    expect(m.state[0]).toBeCloseTo(0.9);
  });

  it('holdAll replaces active controllers by a hold at the current position, and releaseHold restores them', () => {
    const m = new ControllerManager([legs()]);
    m.activateHardware();
    m.load(new ForwardCommandController('fwd', ['hip_left', 'knee_left'], 'position'));
    m.activate('fwd');
    m.setpoints[0] = 0.6;
    m.cycle(0, 0.002);
    m.holdAll('main thread stalled');
    m.setpoints[0] = 1.0;
    for (let k = 1; k < 5; k++) m.cycle(k * 0.002, 0.002);
    expect(m.state[0]).toBeCloseTo(0.6);
    expect(m.holding).toBe(true);
    expect(m.events.at(-1)).toEqual({ type: 'hold_engaged', reason: 'main thread stalled', controllers: ['fwd'] });
    m.releaseHold();
    expect(m.holding).toBe(false);
    m.setpoints[0] = 0.8;
    m.cycle(0.01, 0.002);
    expect(m.state[0]).toBeCloseTo(0.8);
  });

  it('shutdown deactivates controllers, writes a hold command and deactivates hardware', () => {
    const arm = new FlakyArm();
    const m = new ControllerManager([arm]);
    m.activateHardware();
    m.load(new ForwardCommandController('arm_fwd', ['elbow'], 'position'));
    m.activate('arm_fwd');
    m.setpoints[0] = 0.8;
    m.cycle(0, 0.002);
    m.shutdown(0.002, 0.002);
    expect(arm.written.at(-1)).toBeCloseTo(0.8);
    expect(arm.deactivated).toBe(true);
    expect(m.controllers().every((c) => c.state === 'inactive')).toBe(true);
  });

  describe('safety limits and stops', () => {
    const h = 0.002;
    /** `legs()` under limits: hip_left 1 rad/s, 5 rad/s², range [-0.5, 1.2]; knee_left unlimited but for its effort. */
    function limited(extra: JointLimitValues = {}): { m: ControllerManager; hw: MockSystem & { deactivations: number; activations: number } } {
      const hw = Object.assign(legs(), { deactivations: 0, activations: 0 });
      const deactivate = hw.deactivate.bind(hw);
      const activate = hw.activate.bind(hw);
      hw.deactivate = () => {
        hw.deactivations++;
        deactivate();
      };
      hw.activate = () => {
        hw.activations++;
        activate();
      };
      const limits = compileLimits(
        resolveLimits({
          base: {
            type: 'limits',
            limits: {
              name: 'urdf',
              joints: [
                { joint: 'hip_left', kind: 'revolute', position: { lower: -0.5, upper: 1.2 }, velocity: 1 },
                { joint: 'knee_left', kind: 'revolute', effort: 30 },
              ],
            },
          },
          layers: [{ type: 'inline', name: 'robot', joints: { hip_left: { acceleration: 5, ...extra } } }],
        }),
      );
      const m = new ControllerManager([hw], { limits, periodS: h });
      m.activateHardware();
      m.load(new ForwardCommandController('fwd', ['hip_left'], 'position'));
      m.activate('fwd');
      return { m, hw };
    }

    /** Run cycles, returning hip_left's measured velocity after each. */
    function run(m: ControllerManager, cycles: number, from = 0): number[] {
      const v: number[] = [];
      for (let k = 0; k < cycles; k++) {
        m.cycle((from + k) * h, h);
        v.push(m.state[1]!);
      }
      return v;
    }

    it('enforces the composed velocity and acceleration limits on a position step, counting each kind', () => {
      const { m } = limited();
      m.setpoints[0] = 1.1;
      const v = run(m, 900);
      expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(1 + 1e-9);
      const accel = v.slice(1).map((x, i) => Math.abs(x - v[i]!) / h);
      expect(Math.max(...accel)).toBeLessThanOrEqual(5 + 1e-6);
      expect(m.state[0]).toBeCloseTo(1.1, 9);
      expect(m.gate.counters.byKind.velocity[0]).toBeGreaterThan(0);
      expect(m.gate.counters.byKind.acceleration[0]).toBeGreaterThan(0);
      expect(m.gate.counters.maxCorrection[0]).toBeCloseTo(1, 2);
    });

    it('category 1: decelerates monotonically within the stopping time, then removes torque once', () => {
      const { m, hw } = limited();
      m.setpoints[0] = 1.1;
      run(m, 250); // cruising at 1 rad/s
      expect(m.state[1]).toBeCloseTo(1, 6);
      const planned = m.beginStop(1, 0.4);
      expect(planned).toBeGreaterThan(0);
      expect(planned).toBeLessThanOrEqual(0.4);
      expect(m.stopState).toBe('stopping');
      const v = run(m, Math.round(0.4 / h) + 5, 250);
      for (let k = 1; k < v.length; k++) expect(Math.abs(v[k]!)).toBeLessThanOrEqual(Math.abs(v[k - 1]!) + 1e-12);
      const stoppedAt = v.findIndex((x) => x === 0);
      expect(stoppedAt).toBeGreaterThanOrEqual(0);
      expect(stoppedAt * h).toBeLessThanOrEqual(0.4);
      expect(m.stopFinished).toBe(true);
      expect(m.stopState).toBe('torque_off');
      expect(hw.deactivations).toBe(1);
      expect(m.events.filter((e) => e.type.startsWith('safety_'))).toEqual([
        { type: 'safety_stop', category: 1, durationS: planned },
        { type: 'safety_stop_finished', category: 1, torqueOff: true },
      ]);
      // Torque off: nothing is written, whatever is requested.
      const q = m.state[0]!;
      m.setpoints[0] = -0.3;
      run(m, 50, 500);
      expect(m.state[0]).toBe(q);
      expect(hw.deactivations).toBe(1);
      // Release: torque back on, and the joint follows again from where it is, within its limits.
      m.endStop();
      expect(hw.activations).toBe(2);
      expect(m.stopState).toBe('none');
      const after = run(m, 10, 550);
      expect(m.state[0]).toBeLessThan(q);
      expect(Math.max(...after.map(Math.abs))).toBeLessThanOrEqual(5 * h * 10 + 1e-9);
    });

    it('category 2: decelerates and holds with torque on, ignoring requests until released', () => {
      const { m, hw } = limited();
      m.setpoints[0] = 1.1;
      run(m, 250);
      m.beginStop(2, 0.4);
      run(m, 220, 250);
      expect(m.stopState).toBe('holding');
      const q = m.state[0]!;
      m.setpoints[0] = -0.3;
      run(m, 50, 470);
      expect(m.state[0]).toBe(q);
      expect(hw.deactivations).toBe(0);
      expect(m.events.at(-1)).toEqual({ type: 'safety_stop_finished', category: 2, torqueOff: false });
      m.endStop();
      run(m, 20, 520);
      expect(m.state[0]).toBeLessThan(q);
    });

    it('category 0 removes torque at once; a later category 1 or 2 does not turn it back on', () => {
      const { m, hw } = limited();
      m.setpoints[0] = 1.1;
      run(m, 100);
      expect(m.beginStop(0, 0)).toBe(0);
      expect(hw.deactivations).toBe(1);
      expect(m.stopState).toBe('torque_off');
      expect(m.beginStop(2, 0.5)).toBe(0);
      expect(m.stopState).toBe('torque_off');
      const q = m.state[0]!;
      run(m, 20, 100);
      expect(m.state[0]).toBe(q);
    });

    it('reduced speed: the velocity scale halves the cruising speed', () => {
      const { m } = limited();
      m.setVelocityScale(0.5);
      expect(m.velocityScale).toBe(0.5);
      m.setpoints[0] = 1.1;
      const v = run(m, 600);
      expect(Math.max(...v)).toBeCloseTo(0.5, 9);
    });

    it.each([
      ['a category 3 stop', (m: ControllerManager) => m.beginStop(3 as 1, 0.5), 'SAFETY_STOP_INVALID', 'category 3'],
      ['a zero stopping time', (m: ControllerManager) => m.beginStop(1, 0), 'SAFETY_STOP_INVALID', 'stopping time 0 s'],
      ['a NaN stopping time', (m: ControllerManager) => m.beginStop(2, Number.NaN), 'SAFETY_STOP_INVALID', 'stopping time NaN s'],
      ['a zero velocity scale', (m: ControllerManager) => m.setVelocityScale(0), 'SAFETY_VELOCITY_SCALE_INVALID', 'velocity scale 0'],
      ['a velocity scale above 1', (m: ControllerManager) => m.setVelocityScale(1.5), 'SAFETY_VELOCITY_SCALE_INVALID', 'velocity scale 1.5'],
    ])('rejects %s', (_label, act, code, fragment) => {
      const { m } = limited();
      expectCode(() => act(m), code, fragment);
      expect(m.stopState).toBe('none');
      expect(m.velocityScale).toBe(1);
    });

    it('rejects limits that leave a command interface without a joint', () => {
      const limits = compileLimits(resolveLimits({ base: { type: 'limits', limits: { name: 'urdf', joints: [{ joint: 'hip_left', kind: 'revolute' }] } } }));
      expectCode(() => new ControllerManager([legs()], { limits }), 'LIMITS_JOINT_UNKNOWN', 'knee_left/position');
    });
  });
});


describe('ControllerManager: what the safety supervisor relies on', () => {
  it('keeps a claimed mask per command interface current across activation, deactivation and holds', () => {
    const m = new ControllerManager([legs()]);
    m.load(new ForwardCommandController('fwd', ['hip_left', 'knee_left'], 'position'));
    m.activateHardware();
    expect([...m.claimed]).toEqual([0, 0, 0]);
    m.activate('fwd');
    expect([...m.claimed]).toEqual([1, 1, 0]);
    m.holdAll('test');
    expect([...m.claimed]).toEqual([1, 1, 0]);
    m.releaseHold();
    m.deactivate('fwd');
    expect([...m.claimed]).toEqual([0, 0, 0]);
  });

  it('runs the cycle hook after the read and before the controllers: a stop begun there shapes the same cycle’s write', () => {
    const arm = new FlakyArm();
    const m = new ControllerManager([arm], {
      periodS: 0.01,
      limits: compileLimits(resolveLimits({ base: { type: 'limits', limits: { name: 'urdf', joints: [{ joint: 'elbow', kind: 'revolute', position: { lower: -3, upper: 3 }, velocity: 1, acceleration: 10 }] } } })),
    });
    m.load(new ForwardCommandController('fwd', ['elbow'], 'position'));
    m.activateHardware();
    m.activate('fwd');
    const seen: string[] = [];
    m.setCycleHook({
      afterRead: () => {
        seen.push(`hook sees ${m.state[0]!.toFixed(2)}, ${arm.written.length} writes`);
        if (arm.written.length === 20) m.beginStop(0, 1);
      },
    });
    m.setpoints[0] = 2;
    for (let k = 0; k < 25; k++) m.cycle(k * 0.01, 0.01);
    expect(seen[0]).toBe('hook sees 0.30, 0 writes');
    // The category 0 stop begun in the hook of cycle 21 removed torque before that cycle's write.
    expect(arm.written).toHaveLength(20);
    expect(arm.deactivated).toBe(true);
    expect(m.torqueRemoved).toBe(true);
    m.setCycleHook(undefined);
    m.endStop();
    expect(m.torqueRemoved).toBe(false);
  });

  it('leaving a stop re-anchors the hold where the deceleration left the joints, so the reset moves nothing', () => {
    const m = new ControllerManager([legs()], {
      periodS: 0.002,
      limits: compileLimits(
        resolveLimits({
          base: {
            type: 'limits',
            limits: {
              name: 'urdf',
              joints: [
                { joint: 'hip_left', kind: 'revolute', position: { lower: -0.5, upper: 1.2 }, velocity: 1, acceleration: 5 },
                { joint: 'knee_left', kind: 'revolute', position: { lower: 0, upper: 2 }, velocity: 1, acceleration: 5 },
              ],
            },
          },
        }),
      ),
    });
    m.load(new ForwardCommandController('fwd', ['hip_left'], 'position'));
    m.activateHardware();
    m.activate('fwd');
    m.setpoints[0] = 1.1;
    for (let k = 0; k < 200; k++) m.cycle(k * 0.002, 0.002); // cruising at 1 rad/s
    const engagedAt = m.state[0]!;
    m.holdAll('safety stop'); // the supervisor holds as the stop begins …
    m.beginStop(2, 0.5);
    for (let k = 200; k < 400; k++) m.cycle(k * 0.002, 0.002);
    expect(m.stopState).toBe('holding');
    const stoppedAt = m.state[0]!;
    expect(stoppedAt - engagedAt).toBeGreaterThan(0.05); // … and the deceleration carries the joint on
    m.endStop();
    for (let k = 400; k < 500; k++) m.cycle(k * 0.002, 0.002);
    expect(m.state[0]).toBe(stoppedAt);
  });
});
