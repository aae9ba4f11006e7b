// The assist-as-needed controller's run-time level: fixed within the launch file's bounds, refused
// beyond them with the running values untouched, restored on `{}` — through the ControllerManager as
// the real-time worker calls it between cycles, on mock hardware that echoes effort commands.
import { describe, expect, it } from 'vitest';
import { isKindredError, type KindredError } from '../../errors/index.js';
import { ControllerManager } from '../ControllerManager.js';
import { createController, type ControllerSpec } from '../controllerRegistry.js';
import { MockSystem } from '../MockSystem.js';
import type { AssistAsNeededController } from './AssistAsNeededController.js';

const DT = 0.002;
const KP = 50;
/** The set-point is this far ahead of the (motionless) mock joint. */
const ERROR_RAD = 0.3;

const LAUNCH: ControllerSpec = {
  name: 'assist',
  type: 'assist_as_needed',
  joints: ['knee_left'],
  interface: 'effort',
  params: { kp: KP, kd: 2, assist_min: 0.3, assist_max: 0.8, assist_initial: 0.6, assist_gain_rate: 4, error_tolerance: 0.05, forgetting_rate: 0.1 },
  autostart: false,
};

interface Rig {
  readonly manager: ControllerManager;
  readonly controller: AssistAsNeededController;
  /** Run `n` cycles; returns the effort the knee got in the last one (the mock reports the command). */
  run(n: number): number;
}

function rig(): Rig {
  const manager = new ControllerManager([
    new MockSystem('legs', [
      { name: 'knee_left', command: ['effort'], initialPositionRad: 0.2 },
      { name: 'hip_left', command: ['position'], initialPositionRad: 0.1 },
    ]),
  ]);
  manager.activateHardware();
  const controller = createController(LAUNCH) as AssistAsNeededController;
  manager.load(controller);
  manager.load(createController({ name: 'hip', type: 'forward_command', joints: ['hip_left'], interface: 'position', params: {}, autostart: false }));
  manager.activate('assist');
  manager.setpoints[manager.commandNames.indexOf('knee_left/effort')] = 0.2 + ERROR_RAD;
  let t = 0;
  const effort = manager.stateNames.indexOf('knee_left/effort');
  return {
    manager,
    controller,
    run(n) {
      for (let i = 0; i < n; i++) manager.cycle((t += DT), DT);
      return manager.state[effort]!;
    },
  };
}

function refusal(fn: () => unknown): KindredError {
  try {
    fn();
  } catch (e) {
    if (isKindredError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('assist_as_needed: the assistance level at run time', () => {
  it('a fixed level scales the launch gains and stays put while the joint lags (no adaptation)', () => {
    const r = rig();
    r.run(10);
    expect(r.manager.configureController('assist', { assist_level: 0.2 })).toEqual({ assist_level: 0.2, assist_min: 0.2, assist_max: 0.2 });
    // A lag of 0.3 rad would raise the launch law's level; a fixed level does not move.
    const effort = r.run(500);
    expect(r.controller.law.assistance).toBe(0.2);
    expect(effort).toBeCloseTo(0.2 * KP * ERROR_RAD, 12);
    // 0 is transparent (no gravity compensation without a model: no torque at all); the launch file's assist_max is allowed.
    r.manager.configureController('assist', { assist_level: 0 });
    expect(r.run(1)).toBe(0);
    r.manager.configureController('assist', { assist_level: 0.8 });
    expect(r.run(1)).toBeCloseTo(0.8 * KP * ERROR_RAD, 12);
  });

  it('the fixed level survives a deactivation and reactivation (e.g. a hold and its release)', () => {
    const r = rig();
    r.manager.configureController('assist', { assist_level: 0.45 });
    r.manager.deactivate('assist');
    r.manager.activate('assist');
    r.manager.setpoints[r.manager.commandNames.indexOf('knee_left/effort')] = 0.2 + ERROR_RAD;
    expect(r.run(3)).toBeCloseTo(0.45 * KP * ERROR_RAD, 12);
  });

  it.each([
    ['above the launch file’s assist_max', { assist_level: 0.81 }, 'controllers.assist.assist_level', 0.81, '[0, 0.8]'],
    ['negative', { assist_level: -0.1 }, 'controllers.assist.assist_level', -0.1, '[0, 0.8]'],
    ['not a number', { assist_level: Number.NaN }, 'controllers.assist.assist_level', Number.NaN, '[0, 0.8]'],
    ['infinite', { assist_level: Number.POSITIVE_INFINITY }, 'controllers.assist.assist_level', Number.POSITIVE_INFINITY, '[0, 0.8]'],
    ['a string', { assist_level: '0.5' as unknown as number }, 'controllers.assist.assist_level', '0.5', '[0, 0.8]'],
    ['a gain (not a run-time parameter)', { kp: 500 }, 'controllers.assist.kp', 500, 'assist_level'],
    ['a bound (not a run-time parameter)', { assist_max: 1 }, 'controllers.assist.assist_max', 1, 'assist_level'],
    ['a valid level beside an unknown key', { assist_level: 0.5, kd: 0 }, 'controllers.assist.kd', 0, 'assist_level'],
  ])('refuses a level %s with CONTROLLER_PARAM_REFUSED, the running level untouched', (_what, params, field, value, expected) => {
    const r = rig();
    r.manager.configureController('assist', { assist_level: 0.4 });
    const before = r.run(5);
    const e = refusal(() => r.manager.configureController('assist', params));
    expect(e.code).toBe('CONTROLLER_PARAM_REFUSED');
    expect(e.context.field).toBe(field);
    expect(e.context.value).toEqual(value);
    expect(e.context.expected).toContain(expected);
    expect(e.context['controller']).toBe('assist');
    expect(e.message).toContain('controller assist (assist_as_needed)');
    expect(r.controller.law.fixedLevel).toBe(0.4);
    expect(r.run(5)).toBe(before);
  });

  it('{} restores the launch file’s adaptive law from its initial level', () => {
    const r = rig();
    r.manager.configureController('assist', { assist_level: 0.2 });
    r.run(50);
    expect(r.manager.configureController('assist', {})).toEqual({ assist_min: 0.3, assist_max: 0.8 });
    expect(r.controller.law.fixedLevel).toBeUndefined();
    expect(r.controller.law.assistance).toBe(0.6);
    r.run(250); // the lag raises it again, as the launch file's law does
    expect(r.controller.law.assistance).toBeGreaterThan(0.6);
    expect(r.controller.law.assistance).toBeLessThanOrEqual(0.8);
  });

  it('a controller without run-time parameters, and an unknown controller, are refused by the manager', () => {
    const r = rig();
    expect(refusal(() => r.manager.configureController('hip', { assist_level: 0.5 }))).toMatchObject({ code: 'CONTROLLER_CONFIGURE_UNSUPPORTED', context: { field: 'controllers.hip' } });
    expect(refusal(() => r.manager.configureController('nobody', {})).code).toBe('CONTROLLER_UNKNOWN');
  });
});
