import { describe, expect, it } from 'vitest';
import { CartesianAdmittanceLaw } from '../../../motion/controllers/index.js';
import type { AssistAsNeededLaw } from '../../../motion/controllers/index.js';
import { compileKinematics } from '../../../motion/index.js';
import { planarArmModel } from '../../../motion/kinematics/testing/planarArm.js';
import type { CycleStatus } from '../../../safety/index.js';
import { isKindredError } from '../../errors/index.js';
import { ControllerManager } from '../ControllerManager.js';
import { controllerTypes, createController } from '../controllerRegistry.js';
import type { ControllerSpec } from '../controllerRegistry.js';
import type { HardwareComponent } from '../HardwareComponent.js';
import type { InterfaceDescription } from '../InterfaceDescription.js';
import { MockSystem } from '../MockSystem.js';
import { CartesianAdmittanceController } from './CartesianAdmittanceController.js';
import { createModelController } from './createModelController.js';
import type { JointEffortLawController } from './JointEffortLawController.js';
import type { JointTrajectoryController } from './JointTrajectoryController.js';

const DT = 0.002;

/** The planar test arm's joints as mock hardware; effort commands are echoed as measured effort. */
const armHardware = (command: 'effort' | 'position' | 'velocity') =>
  new MockSystem('arm', [
    { name: 'shoulder', command: [command], initialPositionRad: 0.4 },
    { name: 'elbow', command: [command], initialPositionRad: -0.3 },
  ]);

const spec = (type: string, params: Record<string, number>, iface: ControllerSpec['interface'] = 'effort', joints = ['shoulder', 'elbow']): ControllerSpec => ({
  name: 'ctl',
  type,
  joints,
  interface: iface,
  params,
  autostart: false,
});

const AXES = ['force.x', 'force.y', 'force.z', 'torque.x', 'torque.y', 'torque.z'];

/** A force/torque sensor at the tool whose reading the test sets. */
class ToolForceSensor implements HardwareComponent {
  readonly name = 'tool_ft';
  reading = [0, 0, 0, 0, 0, 0];
  private state: Float64Array = new Float64Array(0);
  stateInterfaces(): InterfaceDescription[] {
    return AXES.map((interfaceName) => ({ prefix: 'tool_ft', interfaceName }));
  }
  commandInterfaces(): InterfaceDescription[] {
    return [];
  }
  configure(state: Float64Array): void {
    this.state = state;
  }
  activate(): void {}
  deactivate(): void {}
  read(): CycleStatus {
    this.state.set(this.reading);
    return 'ok';
  }
  write(): CycleStatus {
    return 'ok';
  }
}

function start(hw: HardwareComponent, controller: ReturnType<typeof createController>, ...extra: HardwareComponent[]): ControllerManager {
  const m = new ControllerManager([hw, ...extra]);
  m.activateHardware();
  m.load(controller);
  m.activate(controller.name);
  return m;
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isKindredError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'no error';
}

describe('law controllers under the ControllerManager', () => {
  it('pd_gravity holds at activation, then commands kp·(q_ref − q) − kd·q̇ + g(q) towards a set-point', () => {
    const model = planarArmModel();
    const tree = compileKinematics(model);
    const gravity = [0, -9.81, 0];
    const m = start(armHardware('effort'), createModelController(spec('pd_gravity', { kp: 80, 'kp.elbow': 40, kd: 5, gravity_y: -9.81, gravity_z: 0 }), model));
    const g = tree.gravityTorques([0.4, -0.3], gravity, new Float64Array(2));
    m.cycle(0, DT);
    // state layout per joint: position, velocity, effort
    expect(m.state[2]).toBeCloseTo(g[0]!, 12);
    expect(m.state[5]).toBeCloseTo(g[1]!, 12);
    m.setpoints[0] = 0.5;
    m.setpoints[1] = -0.2;
    m.cycle(DT, DT);
    expect(m.state[2]).toBeCloseTo(80 * 0.1 + g[0]!, 12);
    expect(m.state[5]).toBeCloseTo(40 * 0.1 + g[1]!, 12);
  });

  it('gravity_compensation commands g(q) alone, reading the model’s other joints from state', () => {
    const model = planarArmModel();
    const tree = compileKinematics(model);
    const ctl = createModelController(spec('gravity_compensation', { gravity_y: -9.81, gravity_z: 0 }, 'effort', ['elbow']), tree);
    expect(ctl.stateInterfaces()).toEqual(['elbow/position', 'elbow/velocity', 'shoulder/position']);
    const m = start(armHardware('effort'), ctl);
    m.cycle(0, DT);
    const g = tree.gravityTorques([0.4, -0.3], [0, -9.81, 0], new Float64Array(2));
    expect(m.state[5]).toBeCloseTo(g[1]!, 12);
  });

  it('assist_as_needed from the registry raises its assistance level while the joints lag the set-point', () => {
    const ctl = createController(
      spec('assist_as_needed', { kp: 50, kd: 2, assist_min: 0.2, assist_max: 0.8, assist_initial: 0.3, assist_gain_rate: 4, error_tolerance: 0.05, forgetting_rate: 0.1 }),
    ) as JointEffortLawController<AssistAsNeededLaw>;
    const m = start(armHardware('effort'), ctl);
    m.setpoints[0] = 0.7; // 0.3 rad ahead of the (motionless) mock joint
    for (let i = 0; i < 250; i++) m.cycle(i * DT, DT);
    const level = ctl.law.assistance;
    expect(level).toBeGreaterThan(0.3);
    expect(level).toBeLessThanOrEqual(0.8);
    expect(m.state[2]).toBeCloseTo(level * 50 * 0.3, 9);
  });

  it('joint_trajectory from the registry follows a trajectory on position interfaces and succeeds', () => {
    const ctl = createController(spec('joint_trajectory', { path_tolerance: 0.05, goal_tolerance: 0.001 }, 'position')) as JointTrajectoryController;
    const m = start(armHardware('position'), ctl);
    m.cycle(0, DT);
    expect([m.state[0], m.state[3]]).toEqual([0.4, -0.3]);
    ctl.setTrajectory({ joint_names: ['elbow', 'shoulder'], points: [{ positions: [0.1, 0.9], velocities: [], accelerations: [], time_from_start: { sec: 1, nanosec: 0 } }] }, 0);
    for (let i = 1; i <= 600; i++) m.cycle(i * DT, DT);
    expect(ctl.status).toBe('succeeded');
    expect(m.state[0]).toBeCloseTo(0.9, 12);
    expect(m.state[3]).toBeCloseTo(0.1, 12);
  });

  it('cartesian admittance moves the arm along a push measured by a force/torque sensor', () => {
    const tree = compileKinematics(planarArmModel());
    const law = new CartesianAdmittanceLaw(tree, { link: 'tool', drivenJoints: ['shoulder', 'elbow'], virtualMass: 1, virtualDamping: 40, axes: 'translation', wrenchFrame: 'root' });
    const ft = new ToolForceSensor();
    const ctl = new CartesianAdmittanceController('guide', tree, law, { joints: ['shoulder', 'elbow'], interface: 'velocity', wrenchInterfaces: AXES.map((a) => `tool_ft/${a}`) });
    const m = start(armHardware('velocity'), ctl, ft);
    const tip = () => {
      const poses = tree.fk([m.state[0]!, m.state[3]!], tree.createLinkPoses());
      const i = tree.linkIndex('tool');
      return [poses.positionM[3 * i]!, poses.positionM[3 * i + 1]!];
    };
    const before = tip();
    for (let i = 0; i < 50; i++) m.cycle(i * DT, DT);
    expect(tip()).toEqual(before);
    ft.reading = [0, -8, 0, 0, 0, 0];
    for (let i = 50; i < 150; i++) m.cycle(i * DT, DT);
    const after = tip();
    expect(after[1]! - before[1]!).toBeLessThan(-0.01);
    expect(Math.abs(after[0]! - before[0]!)).toBeLessThan(0.1 * Math.abs(after[1]! - before[1]!));
  });

  it('a non-finite measurement makes a law controller report an error', () => {
    const ctl = createController(spec('joint_impedance', { stiffness: 10, damping: 1 }));
    const m = start(armHardware('effort'), ctl);
    m.state[0] = Number.NaN;
    expect(ctl.update(0, DT)).toBe('error');
  });

  it('registers only the types buildable without a model', () => {
    expect(controllerTypes).toEqual(expect.arrayContaining(['joint_impedance', 'assist_as_needed', 'joint_trajectory']));
    expect(controllerTypes).not.toContain('pd_gravity');
    expect(controllerTypes).not.toContain('gravity_compensation');
    expect(createModelController(spec('joint_hold', {}, 'position'), planarArmModel()).type).toBe('joint_hold');
  });

  it.each([
    ['a misspelt gain', () => createController(spec('joint_impedance', { stiffnes: 10, damping: 1 })), 'MOTION_CONTROLLER_PARAM_INVALID: controller ctl (joint_impedance): stiffnes is an unknown parameter'],
    ['a missing gain', () => createController(spec('joint_impedance', { stiffness: 10 })), 'damping is missing'],
    ['a position interface for an effort law', () => createController(spec('joint_impedance', { stiffness: 1, damping: 1 }, 'position')), 'interface is position; expected effort'],
    ['effort trajectory control without gains', () => createController(spec('joint_trajectory', {}, 'effort')), 'kp is missing'],
    ['a negative per-joint gain', () => createModelController(spec('pd_gravity', { kp: 10, 'kd.elbow': -1, kd: 1 }), planarArmModel()), 'controller ctl (pd_gravity): kd.elbow is -1; expected a finite number ≥ 0'],
    ['a joint the model lacks', () => createModelController(spec('gravity_compensation', {}, 'effort', ['wrist']), planarArmModel()), 'MOTION_JOINT_UNKNOWN'],
  ])('rejects %s', (_label, make, fragment) => {
    expect(codeOf(make)).toContain(fragment);
  });
});
