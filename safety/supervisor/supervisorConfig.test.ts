import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { regionForceLimits, BODY_REGIONS, ISO_TS_15066_QUASI_STATIC_N } from '../monitors/bodyRegionLimits.js';
import { createInputs } from '../monitors/Monitor.js';
import { protectiveSeparationM } from '../monitors/protectiveSeparation.js';
import { buildSupervisorParts } from './buildSupervisor.js';
import { resolveSelector } from './resolveInterfaces.js';
import { validateSupervisorConfig } from './supervisorConfig.js';
import { supervisorDefaults } from './supervisorDefaults.js';

const STATE = ['knee_left/position', 'knee_left/velocity', 'knee_left/effort', 'patient_knee_left/position', 'cuff_ft/force.x', 'cuff_ft/force.y', 'cuff_ft/force.z', 'estop/pressed'];
const COMMANDS = ['knee_left/position', 'knee_left/effort'];
const binding = { stateNames: STATE, commandNames: COMMANDS, periodS: 0.002, stallTimeoutS: 0.2, claimed: new Uint8Array(2) };

function codeOf(f: () => unknown): { code: string; field: unknown; message: string } {
  try {
    f();
  } catch (e) {
    if (isKindredError(e)) return { code: e.code, field: e.context.field, message: e.message };
    throw e;
  }
  throw new Error('expected a KindredError');
}

describe('supervisor configuration', () => {
  it('fills every default from nothing', () => {
    const c = validateSupervisorConfig(undefined);
    expect(c).toMatchObject({
      stopTimeLimitS: 0.5,
      reducedSpeedScale: 0.3,
      estop: { reaction: 'stop1', sources: ['tablet', 'voice', 'bridge', 'api', 'cli'] },
      commandWatchdog: { reaction: 'warn' },
      plausibility: { nonFiniteReaction: 'stop0' },
      reset: { requireLoggedEvents: false },
    });
    expect(c.force).toBeUndefined();
  });

  it.each([
    ['an unknown key', { forse: {} }, 'supervisor.forse'],
    ['an unknown reaction', { trackingError: { reaction: 'stop3' } }, 'supervisor.trackingError.reaction'],
    ['a category 2 e-stop (IEC 60204-1 allows 0 or 1)', { estop: { reaction: 'stop2' } }, 'supervisor.estop.reaction'],
    ['a zero reduced-speed scale', { reducedSpeedScale: 0 }, 'supervisor.reducedSpeedScale'],
    ['an unknown body region', { force: { channels: [{ interface: 'cuff_ft', region: 'elbow' }] } }, 'supervisor.force.channels.0.region'],
    ['a negative separation distance', { separation: { person: { type: 'distance', interface: 'd' }, robotSpeedMPerS: 1, clearanceM: -1 } }, 'supervisor.separation.clearanceM'],
    ['a reset rule without a source', { reset: { allowed: [{ roles: ['therapist'] }] } }, 'supervisor.reset.allowed.0.source'],
  ])('rejects %s with SAFETY_SUPERVISOR_CONFIG_INVALID naming the field', (_label, input, field) => {
    const e = codeOf(() => validateSupervisorConfig(input));
    expect(e.code).toBe('SAFETY_SUPERVISOR_CONFIG_INVALID');
    expect(e.field).toBe(field);
    expect(e.message).toContain(field);
  });

  it.each([
    ['a force channel with neither region nor limits', { force: { channels: [{ interface: 'cuff_ft' }] } }, 'SAFETY_SUPERVISOR_CONFIG_INVALID', 'supervisor.force.channels.0.region'],
    ['a transient limit below the quasi-static one', { force: { channels: [{ interface: 'cuff_ft', quasiStaticN: 100, transientN: 50 }] } }, 'SAFETY_SUPERVISOR_CONFIG_INVALID', 'supervisor.force.channels.0.transientN'],
    ['a force channel the hardware lacks', { force: { channels: [{ interface: 'shank_ft', region: 'lower_leg' }] } }, 'SAFETY_MONITOR_INTERFACE_UNKNOWN', 'supervisor.force.channels.0.interface'],
    ['an e-stop input the hardware lacks', { estop: { inputs: ['estop/pushed'] } }, 'SAFETY_MONITOR_INTERFACE_UNKNOWN', 'supervisor.estop.inputs.0'],
    ['a redundant encoder the hardware lacks', { plausibility: { redundant: [{ a: 'knee_left/position', b: 'knee_left/motor_position', tolerance: 0.01 }] } }, 'SAFETY_MONITOR_INTERFACE_UNKNOWN', 'supervisor.plausibility.redundant.0.b'],
    ['a tracked joint without a command interface', { trackingError: { joints: ['hip_left'] } }, 'SAFETY_MONITOR_INTERFACE_UNKNOWN', 'supervisor.trackingError.joints.0'],
  ])('rejects %s when resolved against the hardware', (_label, input, code, field) => {
    const e = codeOf(() => buildSupervisorParts(validateSupervisorConfig(input), binding));
    expect(e).toMatchObject({ code, field });
  });

  it('`{joint}` matches actuated joints only (a patient leg signal is not a robot joint); `*` any text; a pattern may match nothing', () => {
    const joints = ['knee_left'];
    expect(resolveSelector('{joint}/position', STATE, joints, 'f').map((i) => STATE[i])).toEqual(['knee_left/position']);
    expect(resolveSelector('*/position', STATE, joints, 'f').map((i) => STATE[i])).toEqual(['knee_left/position', 'patient_knee_left/position']);
    expect(resolveSelector('cuff_ft/force.*', STATE, joints, 'f')).toHaveLength(3);
    expect(resolveSelector('imu/*', STATE, joints, 'f')).toEqual([]);
  });

  it('the robot defaults validate', () => {
    for (const p of ['generic', 'exo', 'transfer', 'companion'] as const) expect(() => validateSupervisorConfig(supervisorDefaults(p))).not.toThrow();
  });
});

describe('body-region limits (ISO/TS 15066 Table A.2) and the frail-elderly profile', () => {
  it('ISO: transient = 2 × quasi-static, except skull/forehead and face where no transient contact is permitted', () => {
    expect(regionForceLimits('thigh_knee', 'iso_ts_15066')).toEqual({ quasiStaticN: 220, transientN: 440 });
    expect(regionForceLimits('lower_leg', 'iso_ts_15066')).toEqual({ quasiStaticN: 130, transientN: 260 });
    expect(regionForceLimits('skull_forehead', 'iso_ts_15066')).toEqual({ quasiStaticN: 130, transientN: 130 });
    expect(regionForceLimits('face', 'iso_ts_15066')).toEqual({ quasiStaticN: 65, transientN: 65 });
  });

  it.each(BODY_REGIONS)('frail elderly halves every value of %s, and never exceeds the ISO quasi-static value even for transients', (region) => {
    const iso = regionForceLimits(region, 'iso_ts_15066');
    const frail = regionForceLimits(region, 'frail_elderly');
    expect(frail.quasiStaticN).toBe(iso.quasiStaticN / 2);
    expect(frail.transientN).toBe(iso.transientN / 2);
    expect(frail.transientN).toBeLessThanOrEqual(ISO_TS_15066_QUASI_STATIC_N[region]);
    expect(regionForceLimits(region, 'frail_elderly', 0.8).quasiStaticN).toBeCloseTo(0.8 * frail.quasiStaticN, 12);
  });
});

describe('protective separation distance (ISO/TS 15066 5.5.4)', () => {
  it('S_p = v_h(T_r+T_s) + v_r T_r + v_r T_s/2 + C + Z_d + Z_r', () => {
    // 1.6·(0.1+0.3) + 0.6·0.1 + 0.6·0.3/2 + 0.2 + 0.1 + 0.05 = 0.64 + 0.06 + 0.09 + 0.35
    expect(
      protectiveSeparationM({ humanSpeedMPerS: 1.6, robotSpeedMPerS: 0.6, reactionTimeS: 0.1, stoppingTimeS: 0.3, intrusionDistanceM: 0.2, humanUncertaintyM: 0.1, robotUncertaintyM: 0.05 }),
    ).toBeCloseTo(1.14, 12);
    // A robot at rest still needs room for the person's approach during reaction and stop.
    expect(protectiveSeparationM({ humanSpeedMPerS: 1.6, robotSpeedMPerS: 0, reactionTimeS: 0.1, stoppingTimeS: 0.3, intrusionDistanceM: 0, humanUncertaintyM: 0, robotUncertaintyM: 0 })).toBeCloseTo(0.64, 12);
  });
});

describe('disabled monitors (the mutation test of the safety system)', () => {
  it('removes exactly the named monitors from the cycle and keeps every fault slot', () => {
    const all = buildSupervisorParts(validateSupervisorConfig({ trackingError: {}, freshness: {} }), binding);
    const parts = buildSupervisorParts(validateSupervisorConfig({ trackingError: {}, freshness: {}, disabledMonitors: ['plausibility', 'loop_timing'] }), binding);
    expect(all.monitors.map((m) => m.name)).toContain('plausibility');
    expect(parts.monitors.map((m) => m.name)).toEqual(all.monitors.map((m) => m.name).filter((n) => n !== 'plausibility' && n !== 'loop_timing'));
    expect(parts.slots.size).toBe(all.slots.size);
  });

  it('refuses a monitor name that does not exist, naming the field', () => {
    const e = codeOf(() => validateSupervisorConfig({ disabledMonitors: ['forse'] }));
    expect(e.code).toBe('SAFETY_SUPERVISOR_CONFIG_INVALID');
    expect(e.field).toBe('supervisor.disabledMonitors.0');
  });
});

describe('per-joint tracking tolerances', () => {
  it('override the shared tolerance for the named joint only, and refuse a joint that is not actuated', () => {
    const claimed = new Uint8Array(2).fill(1);
    const trips = (config: unknown): boolean => {
      const parts = buildSupervisorParts(validateSupervisorConfig(config), { ...binding, claimed });
      parts.slots.seal();
      const tracking = parts.monitors.find((m) => m.name === 'tracking_error')!;
      const state = new Float64Array(STATE.length); // knee_left/position reads 0
      const commands = Float64Array.of(0.05, 0); // knee_left/position commanded 0.05 rad
      return tracking.check(state, commands, createInputs(0.002));
    };
    expect(trips({ trackingError: { positionTolerance: 0.1, cycles: 1 } })).toBe(false);
    expect(trips({ trackingError: { positionTolerance: 0.1, cycles: 1, joint: { knee_left: { positionTolerance: 0.03 } } } })).toBe(true);
    const e = codeOf(() => buildSupervisorParts(validateSupervisorConfig({ trackingError: { joint: { hip_left: { positionTolerance: 0.03 } } } }), binding));
    expect(e).toMatchObject({ code: 'SAFETY_MONITOR_INTERFACE_UNKNOWN', field: 'supervisor.trackingError.joint.hip_left' });
  });
});
