import { fromPromise, setup } from 'xstate';
import { defineBehavior, type KindredBehaviorEvent } from '../../core/conventions.js';

/** Events of the toy transfer: Kindred's standard events plus the caregiver's confirmation. */
export type ToyTransferEvent = KindredBehaviorEvent | { readonly type: 'caregiver.confirm' };

/**
 * A toy patient transfer that follows the conventions: lift, hold, place; a safety stop while the
 * patient is up lowers them (`stopping`) to `lowered` (`safe`); an e-stop halts; only
 * `safety.cleared` leads back to the start. Its actors stand for motion goals.
 */
export const toyTransferSetup = setup({
  types: { events: {} as ToyTransferEvent },
  actors: {
    lift: fromPromise<void>(async () => {}),
    place: fromPromise<void>(async () => {}),
    lower: fromPromise<void>(async () => {}),
  },
});

/** The correct toy transfer machine. */
export const toyTransferMachine = toyTransferSetup.createMachine({
  id: 'toyTransfer',
  initial: 'idle',
  on: { 'safety.stop': '.lowering', 'safety.estop': '.halted' },
  states: {
    idle: { tags: ['safe'], on: { 'caregiver.confirm': 'lifting', 'safety.stop': 'halted', 'operator.stop': 'finished' } },
    lifting: { invoke: { id: 'lift', src: 'lift', onDone: 'holding', onError: 'lowering' } },
    holding: { tags: ['safe'], on: { 'caregiver.confirm': 'placing' } },
    placing: { invoke: { id: 'place', src: 'place', onDone: 'finished', onError: 'lowering' } },
    lowering: { tags: ['stopping'], invoke: { id: 'lower', src: 'lower', onDone: 'lowered', onError: 'halted' } },
    lowered: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle', 'operator.stop': 'finished' } },
    halted: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle', 'operator.stop': 'finished' } },
    finished: { type: 'final', tags: ['safe'] },
  },
});

/** The toy transfer as a shipped behaviour would declare it. */
export const toyTransfer = defineBehavior({
  id: 'toy-transfer',
  machine: toyTransferMachine,
  description: { en: 'Toy bed-to-chair transfer (verifier tests)', zh: '玩具床椅转移（验证器测试用）' },
  explore: { events: [{ type: 'caregiver.confirm' }], safetyBound: 2 },
});
