// How safety reaches a behaviour: /safety/state changes, from the real supervisor in a lock-step loop
// and from hand-made messages for the cases a test loop cannot reach, become safety.* events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assign, createActor, setup } from 'xstate';
import { kindred_msgs } from '../../runtime/msgs/index.js';
import type { SafetyEvent } from '../core/index.js';
import { startLockstepRig, type LockstepRig } from '../runtime/testing/lockstepRig.js';
import { safetyEventsFor } from './safetyEvents.js';
import { safetyWatcher } from './safetyWatcher.js';

const S = kindred_msgs.SafetyState_Constants;
const F = kindred_msgs.SafetyFault_Constants;

function fault(monitor: string, code: string, subject: string, reaction: number): kindred_msgs.SafetyFault {
  return { monitor, code, joint: subject, value: 1, limit: 0.5, reaction, stamp: { sec: 0, nanosec: 0 }, message_en: '', message_zh: '' };
}
function state(code: number, stopCategory: number, faults: kindred_msgs.SafetyFault[] = []): kindred_msgs.SafetyState {
  return { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' }, state: code, stop_category: stopCategory, active_faults: faults, speed_scale: stopCategory >= 0 ? 0 : 1 };
}

const normal = state(S.NORMAL, -1);
const force = fault('interaction_force', 'SAFETY_FORCE_TRANSIENT', 'cuff_thigh_left', F.REACTION_STOP_CATEGORY_0);
const tracking = fault('tracking_error', 'SAFETY_TRACKING_ERROR', 'knee_left', F.REACTION_STOP_CATEGORY_1);
const separation = fault('separation', 'SAFETY_SEPARATION_PROTECTIVE', 'b1', F.REACTION_STOP_CATEGORY_2);
const tablet = fault('estop_request', 'SAFETY_ESTOP_REQUEST', 'tablet', F.REACTION_STOP_CATEGORY_1);
const button = fault('estop_button', 'SAFETY_ESTOP_BUTTON', 'estop', F.REACTION_STOP_CATEGORY_1);

describe('safetyEventsFor', () => {
  it.each<[string, kindred_msgs.SafetyState | undefined, kindred_msgs.SafetyState, SafetyEvent[]]>([
    ['normal, first message', undefined, normal, []],
    ['normal repeated at 1 Hz', normal, normal, []],
    ['reduced speed is not a stop', normal, state(S.REDUCED_SPEED, -1), []],
    ['protective stop: category and the hardest fault', normal, state(S.PROTECTIVE_STOP, 0, [tracking, force]), [{ type: 'safety.stop', category: 0, code: 'SAFETY_FORCE_TRANSIENT' }]],
    ['already stopped when first seen', undefined, state(S.PROTECTIVE_STOP, 2, [separation]), [{ type: 'safety.stop', category: 2, code: 'SAFETY_SEPARATION_PROTECTIVE' }]],
    ['same stop repeated', state(S.PROTECTIVE_STOP, 2, [separation]), state(S.PROTECTIVE_STOP, 2, [separation]), []],
    ['a stop escalating to category 0', state(S.PROTECTIVE_STOP, 2, [separation]), state(S.PROTECTIVE_STOP, 0, [separation, force]), [{ type: 'safety.stop', category: 0, code: 'SAFETY_FORCE_TRANSIENT' }]],
    ['no category in the message: taken from the fault', normal, state(S.PROTECTIVE_STOP, -1, [tracking]), [{ type: 'safety.stop', category: 1, code: 'SAFETY_TRACKING_ERROR' }]],
    ['e-stop from the tablet', normal, state(S.EMERGENCY_STOP, 1, [tablet]), [{ type: 'safety.estop', source: 'tablet' }]],
    ['e-stop button during a protective stop', state(S.PROTECTIVE_STOP, 2, [separation]), state(S.EMERGENCY_STOP, 1, [separation, button]), [{ type: 'safety.estop', source: 'button:estop' }]],
    ['e-stop repeated', state(S.EMERGENCY_STOP, 1, [tablet]), state(S.EMERGENCY_STOP, 1, [tablet]), []],
    ['reset accepted: recovery', state(S.EMERGENCY_STOP, 1, [tablet]), state(S.RECOVERY, -1), [{ type: 'safety.cleared' }]],
    ['recovery over', state(S.RECOVERY, -1), normal, []],
  ])('%s', (_, previous, next, events) => {
    expect(safetyEventsFor(previous, next)).toEqual(events);
  });
});

describe('safetyWatcher against the real supervisor', () => {
  let rig: LockstepRig;
  beforeAll(async () => {
    rig = await startLockstepRig();
    await rig.run(20);
  }, 30_000);
  afterAll(async () => {
    await rig?.close();
  });

  const parent = () =>
    setup({ types: { context: {} as { got: SafetyEvent[] } }, actors: { safetyWatcher: safetyWatcher(rig.host) } }).createMachine({
      context: { got: [] },
      invoke: { src: 'safetyWatcher' },
      on: { 'safety.*': { actions: assign({ got: ({ context, event }) => [...context.got, event as SafetyEvent] }) } },
    });

  it('sends safety.estop on an e-stop, safety.cleared on the accepted reset, safety.stop on a stop request', async () => {
    const actor = createActor(parent()).start();
    expect(rig.bus.topic('/safety/state')?.subscribers).toBe(1);
    await rig.loop.estop('tablet');
    await rig.run(300); // the category 1 deceleration ends
    await rig.loop.safetyReset({ source: 'cli' });
    await rig.run(2500); // recovery ends
    await rig.loop.requestStop(2, 0.2, 'api');
    await rig.run(300);
    expect(actor.getSnapshot().context.got).toEqual([
      { type: 'safety.estop', source: 'tablet' },
      { type: 'safety.cleared' },
      { type: 'safety.stop', category: 2, code: 'SAFETY_STOP_REQUEST' },
    ]);
    actor.stop();
    expect(rig.bus.topic('/safety/state')?.subscribers).toBe(0);
  });

  it('a behaviour started while the robot is stopped hears about the stop at once (the state is latched)', async () => {
    expect(rig.loop.safetyStatus().state).toBe('protective_stop');
    const actor = createActor(parent()).start();
    expect(actor.getSnapshot().context.got).toEqual([{ type: 'safety.stop', category: 2, code: 'SAFETY_STOP_REQUEST' }]);
    actor.stop();
  });
});
