import { describe, expect, it } from 'vitest';
import { kindred_msgs } from '../../runtime/msgs/index.js';
import { safetyStateMessage } from './safetyStateMessage.js';
import { nextSupervisorState, SUPERVISOR_STATE, supervisorStateName } from './supervisor.machine.js';

const S = kindred_msgs.SafetyState_Constants;

describe('the supervisor statechart', () => {
  it('uses kindred_msgs/SafetyState codes', () => {
    expect(SUPERVISOR_STATE).toEqual({ normal: S.NORMAL, reduced_speed: S.REDUCED_SPEED, protective_stop: S.PROTECTIVE_STOP, emergency_stop: S.EMERGENCY_STOP, recovery: S.RECOVERY });
  });

  // [emergency latched, stop latched, recovering, reduced] → state
  it.each([
    [false, false, false, false, 'normal'],
    [false, false, false, true, 'reduced_speed'],
    [false, true, false, true, 'protective_stop'],
    [false, true, true, false, 'protective_stop'],
    [true, true, false, false, 'emergency_stop'],
    [true, true, true, true, 'emergency_stop'],
    [false, false, true, false, 'recovery'],
    [false, false, true, true, 'recovery'],
  ] as const)('emergency %s, stop %s, recovering %s, reduced %s → %s', (emergency, stopped, recovering, reduced, state) => {
    expect(supervisorStateName(nextSupervisorState(emergency, stopped, recovering, reduced))).toBe(state);
  });
});

describe('/safety/state message', () => {
  it('carries state, stop category, each active fault with code, subject, value, limit and reaction, and speed 0 while stopped', () => {
    const msg = safetyStateMessage(
      {
        state: 'protective_stop',
        stopCategory: 0,
        velocityScale: 1,
        activeFaults: [
          {
            monitor: 'interaction_force',
            code: 'SAFETY_FORCE_TRANSIENT',
            subject: 'chest (patient_chest/contact_force)',
            quantity: 'forceN',
            value: 180,
            limit: 140,
            reaction: 'stop0',
            latched: true,
            causePresent: false,
            sinceNs: 2_500_000_000n,
            seq: 1,
          },
          { monitor: 'separation', code: 'SAFETY_SEPARATION_WARNING', subject: 'person', quantity: 'separationM', value: 1, limit: 1.2, reaction: 'warn', latched: false, causePresent: true, sinceNs: 0n, seq: 2 },
        ],
      },
      3_000_000_000n,
    );
    expect(msg).toMatchObject({ state: S.PROTECTIVE_STOP, stop_category: S.STOP_CATEGORY_0, speed_scale: 0, header: { stamp: { sec: 3, nanosec: 0 } } });
    expect(msg.active_faults[0]).toMatchObject({ code: 'SAFETY_FORCE_TRANSIENT', joint: 'chest (patient_chest/contact_force)', value: 180, limit: 140, reaction: kindred_msgs.SafetyFault_Constants.REACTION_STOP_CATEGORY_0, stamp: { sec: 2, nanosec: 500_000_000 } });
    expect(msg.active_faults[0]!.message_zh).toMatch(/[\u4e00-\u9fff]/);
    expect(msg.active_faults[1]!.reaction).toBe(kindred_msgs.SafetyFault_Constants.REACTION_NONE);
    expect(safetyStateMessage({ state: 'reduced_speed', stopCategory: -1, velocityScale: 0.3, activeFaults: [] }, 0n)).toMatchObject({ state: S.REDUCED_SPEED, stop_category: -1, speed_scale: 0.3 });
  });
});
