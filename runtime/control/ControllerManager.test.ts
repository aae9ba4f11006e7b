import { describe, expect, it } from 'vitest';
import type { CycleStatus, GatedCommands } from '../../safety/index.js';
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
});
