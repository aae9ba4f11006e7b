import { assign, fromPromise, setup } from 'xstate';
import { defineBehavior, type KindredBehaviorEvent } from '../../core/conventions.js';

/** Events of the toy rehab session: Kindred's standard events plus the patient being ready. */
export type ToyRehabEvent = KindredBehaviorEvent | { readonly type: 'patient.ready' };

/**
 * A toy rehab session that follows the conventions: checks, two sets of two repetitions (each an
 * invoked actor) with a timed rest between, pause and resume (back to the repetition, through a
 * history state), stop by the operator, and a latched safety stop left only on `safety.cleared`.
 */
export const toyRehabSetup = setup({
  types: { events: {} as ToyRehabEvent, context: {} as { rep: number; set: number } },
  actors: { repetition: fromPromise<void>(async () => {}) },
  guards: { setDone: ({ context }) => context.rep >= 1, sessionDone: ({ context }) => context.set >= 1 },
  actions: {
    countRep: assign({ rep: ({ context }) => context.rep + 1 }),
    nextSet: assign({ rep: 0, set: ({ context }) => context.set + 1 }),
    resetSession: assign({ rep: 0, set: 0 }),
  },
});

/** The correct toy rehab machine. */
export const toyRehabMachine = toyRehabSetup.createMachine({
  id: 'toyRehab',
  initial: 'checks',
  context: { rep: 0, set: 0 },
  on: { 'safety.stop': '.stopped', 'safety.estop': '.stopped' },
  states: {
    checks: { tags: ['safe'], entry: 'resetSession', on: { 'patient.ready': 'exercising', 'operator.stop': 'summary' } },
    exercising: {
      tags: ['pausable'],
      initial: 'rep',
      on: { 'operator.pause': 'paused', 'operator.stop': 'summary' },
      states: {
        rep: {
          invoke: {
            id: 'rep',
            src: 'repetition',
            onDone: [
              { guard: 'setDone', target: '#toyRehab.rest', actions: 'countRep' },
              { target: 'rep', reenter: true, actions: 'countRep' },
            ],
            onError: '#toyRehab.paused',
          },
        },
        hist: { type: 'history' },
      },
    },
    paused: { tags: ['safe', 'resumable'], on: { 'operator.resume': 'exercising.hist', 'operator.stop': 'summary' } },
    rest: {
      tags: ['safe'],
      after: { 30_000: [{ guard: 'sessionDone', target: 'summary' }, { target: 'exercising', actions: 'nextSet' }] },
      on: { 'operator.stop': 'summary' },
    },
    stopped: { tags: ['safe'], on: { 'safety.cleared': 'checks', 'operator.stop': 'summary' } },
    summary: { type: 'final', tags: ['safe'] },
  },
});

/** The toy rehab session as a shipped behaviour would declare it. */
export const toyRehab = defineBehavior({
  id: 'toy-rehab',
  machine: toyRehabMachine,
  description: { en: 'Toy knee session (verifier tests)', zh: '玩具膝关节训练（验证器测试用）' },
  explore: { events: [{ type: 'patient.ready' }], safetyBound: 1 },
});
