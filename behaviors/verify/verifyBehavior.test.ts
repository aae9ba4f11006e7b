import { assign, initialTransition, setup, transition, type AnyStateMachine, type EventObject } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { BehaviorDefinition, KindredBehaviorEvent } from '../core/conventions.js';
import { toyRehab } from './testing/toyRehab.js';
import { toyTransfer, toyTransferSetup } from './testing/toyTransfer.js';
import { formatStateValue } from './stateKey.js';
import { verifyBehavior } from './verifyBehavior.js';

const CONFIRM = [{ type: 'caregiver.confirm' }] as const;

function definition(machine: AnyStateMachine, safetyBound = 2, events: readonly EventObject[] = CONFIRM): BehaviorDefinition {
  return { id: 'broken', machine, description: { en: 'a deliberately broken machine', zh: '故意出错的状态机' }, explore: { events, safetyBound } };
}

/** The kinds, states and paths of a report's problems, for exact comparison. */
function found(def: BehaviorDefinition): { kind: string; state: string; path: readonly string[] }[] {
  return verifyBehavior(def).problems.map(({ kind, state, path }) => ({ kind, state, path }));
}

describe('verifyBehavior: behaviours that follow the conventions pass', () => {
  it('the toy transfer (lift → safety.stop → lowering (stopping) → lowered (safe)) passes, every state visited and every child replayed', () => {
    const report = verifyBehavior(toyTransfer);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    // idle, lifting, holding, placing, lowering, lowered, halted, finished
    expect(report.statesVisited).toBe(8);
    expect(report.replays).toBeGreaterThan(report.statesVisited);
    expect(report.beyondMaxDepth).toBe(0);
  });

  it('the toy rehab session (repetitions, timed rest, pause/resume through history, latched stop) passes', () => {
    const report = verifyBehavior(toyRehab);
    expect(report.problems).toEqual([]);
    // The rest's 30 s timeout is explored without waiting: the session reaches its summary.
    expect(report.statesVisited).toBeGreaterThan(10);
  });

  it('is deterministic: the same definition gives the same report', () => {
    expect(verifyBehavior(toyRehab)).toEqual(verifyBehavior(toyRehab));
  });
});

/** Deliberately broken variants of the toy transfer, each with the problem it must be reported with. */
const broken: { name: string; machine: AnyStateMachine; bound?: number; expected: { kind: string; state: string; path: readonly string[] }[] }[] = [
  {
    name: 'a state that ignores safety.stop',
    machine: toyTransferSetup.createMachine({
      id: 'ignoresStop',
      initial: 'idle',
      on: { 'safety.estop': '.halted' },
      states: {
        idle: { tags: ['safe'], on: { 'caregiver.confirm': 'lifting', 'safety.stop': 'halted' } },
        lifting: { invoke: { id: 'lift', src: 'lift', onDone: 'holding', onError: 'lowering' }, on: { 'safety.stop': 'lowering' } },
        holding: { tags: ['safe'], on: { 'caregiver.confirm': 'placing', 'safety.stop': 'lowering' } },
        // The defect: placing moves the patient and has no safety.stop.
        placing: { invoke: { id: 'place', src: 'place', onDone: 'finished', onError: 'lowering' } },
        lowering: { tags: ['stopping'], invoke: { id: 'lower', src: 'lower', onDone: 'lowered', onError: 'halted' }, on: { 'safety.stop': {} } },
        lowered: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle', 'operator.stop': 'finished' } },
        halted: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle', 'operator.stop': 'finished' } },
        finished: { type: 'final', tags: ['safe'] },
      },
    }),
    expected: [{ kind: 'safety_unhandled', state: 'placing', path: ['caregiver.confirm', 'xstate.done.actor.lift', 'caregiver.confirm', 'safety.stop'] }],
  },
  {
    name: 'a safety stop that leads to motion',
    machine: toyTransferSetup.createMachine({
      id: 'stopMoves',
      initial: 'idle',
      on: { 'safety.stop': '.lowering', 'safety.estop': '.halted' },
      states: {
        idle: { tags: ['safe'], on: { 'caregiver.confirm': 'lifting', 'safety.stop': 'halted' } },
        // The defect: a stop while lifting goes on to placing the patient.
        lifting: { invoke: { id: 'lift', src: 'lift', onDone: 'holding', onError: 'lowering' }, on: { 'safety.stop': 'placing' } },
        holding: { tags: ['safe'], on: { 'caregiver.confirm': 'placing' } },
        placing: { invoke: { id: 'place', src: 'place', onDone: 'finished', onError: 'lowering' } },
        lowering: { tags: ['stopping'], invoke: { id: 'lower', src: 'lower', onDone: 'lowered', onError: 'halted' } },
        lowered: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle' } },
        halted: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle' } },
        finished: { type: 'final', tags: ['safe'] },
      },
    }),
    expected: [{ kind: 'unsafe_after_safety', state: 'placing', path: ['caregiver.confirm', 'safety.stop'] }],
  },
  {
    name: 'a stopping state that can resume motion',
    machine: toyTransferSetup.createMachine({
      id: 'stoppingResumes',
      initial: 'idle',
      on: { 'safety.stop': '.lowering', 'safety.estop': '.halted' },
      states: {
        idle: { tags: ['safe'], on: { 'caregiver.confirm': 'lifting', 'safety.stop': 'halted' } },
        lifting: { invoke: { id: 'lift', src: 'lift', onDone: 'holding', onError: 'lowering' } },
        holding: { tags: ['safe'], on: { 'caregiver.confirm': 'placing' } },
        placing: { invoke: { id: 'place', src: 'place', onDone: 'finished', onError: 'lowering' } },
        // The defect: the caregiver's confirmation lifts again in the middle of a controlled lowering.
        lowering: { tags: ['stopping'], invoke: { id: 'lower', src: 'lower', onDone: 'lowered', onError: 'halted' }, on: { 'caregiver.confirm': 'lifting' } },
        lowered: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle' } },
        halted: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle' } },
        finished: { type: 'final', tags: ['safe'] },
      },
    }),
    expected: [{ kind: 'unsafe_after_safety', state: 'lifting', path: ['caregiver.confirm', 'safety.stop', 'caregiver.confirm'] }],
  },
  {
    name: 'a chain of stopping states longer than the bound',
    machine: toyTransferSetup.createMachine({
      id: 'slowLowering',
      initial: 'idle',
      on: { 'safety.stop': '.lowering', 'safety.estop': '.halted' },
      states: {
        idle: { tags: ['safe'], on: { 'caregiver.confirm': 'lifting', 'safety.stop': 'halted' } },
        lifting: { invoke: { id: 'lift', src: 'lift', onDone: 'holding', onError: 'lowering' } },
        holding: { tags: ['safe'], on: { 'caregiver.confirm': 'placing' } },
        placing: { invoke: { id: 'place', src: 'place', onDone: 'finished', onError: 'lowering' } },
        // The defect (with safetyBound 2): safety.stop, lowering done, settling done = 3 transitions.
        lowering: { tags: ['stopping'], invoke: { id: 'lower', src: 'lower', onDone: 'settling', onError: 'halted' } },
        settling: { tags: ['stopping'], invoke: { id: 'settle', src: 'lower', onDone: 'lowered', onError: 'halted' } },
        lowered: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle' } },
        halted: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle' } },
        finished: { type: 'final', tags: ['safe'] },
      },
    }),
    expected: [{ kind: 'safety_bound_exceeded', state: 'settling', path: ['caregiver.confirm', 'safety.stop', 'xstate.done.actor.lower'] }],
  },
  {
    name: 'motion after a safety stop without safety.cleared',
    machine: toyTransferSetup.createMachine({
      id: 'unlatched',
      initial: 'idle',
      on: { 'safety.stop': '.lowering', 'safety.estop': '.halted' },
      states: {
        idle: { tags: ['safe'], on: { 'caregiver.confirm': 'lifting', 'safety.stop': 'halted' } },
        lifting: { invoke: { id: 'lift', src: 'lift', onDone: 'holding', onError: 'lowering' } },
        holding: { tags: ['safe'], on: { 'caregiver.confirm': 'placing' } },
        placing: { invoke: { id: 'place', src: 'place', onDone: 'finished', onError: 'lowering' } },
        lowering: { tags: ['stopping'], invoke: { id: 'lower', src: 'lower', onDone: 'lowered', onError: 'halted' } },
        lowered: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle' } },
        // The defect: the caregiver can restart the lift while the supervisor's stop is latched.
        halted: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle', 'caregiver.confirm': 'lifting' } },
        finished: { type: 'final', tags: ['safe'] },
      },
    }),
    expected: [{ kind: 'resumed_without_clear', state: 'lifting', path: ['safety.stop', 'caregiver.confirm'] }],
  },
  {
    name: 'a dead-end state',
    machine: toyTransferSetup.createMachine({
      id: 'deadEnd',
      initial: 'idle',
      on: { 'safety.stop': '.lowering', 'safety.estop': '.halted' },
      states: {
        idle: { tags: ['safe'], on: { 'caregiver.confirm': 'lifting', 'safety.stop': 'halted' } },
        lifting: { invoke: { id: 'lift', src: 'lift', onDone: 'holding', onError: 'lowering' } },
        // The defect: nothing but a safety stop ever leaves holding.
        holding: { tags: ['safe'] },
        lowering: { tags: ['stopping'], invoke: { id: 'lower', src: 'lower', onDone: 'lowered', onError: 'halted' } },
        lowered: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle' } },
        halted: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle' } },
      },
    }),
    expected: [{ kind: 'dead_end', state: 'holding', path: ['caregiver.confirm', 'xstate.done.actor.lift'] }],
  },
  {
    name: 'a final state not tagged safe',
    machine: toyTransferSetup.createMachine({
      id: 'unsafeEnd',
      initial: 'idle',
      on: { 'safety.stop': '.lowering', 'safety.estop': '.halted' },
      states: {
        idle: { tags: ['safe'], on: { 'caregiver.confirm': 'lifting', 'safety.stop': 'halted', 'operator.stop': 'finished' } },
        lifting: { invoke: { id: 'lift', src: 'lift', onDone: 'holding', onError: 'lowering' } },
        holding: { tags: ['safe'], on: { 'caregiver.confirm': 'finished' } },
        lowering: { tags: ['stopping'], invoke: { id: 'lower', src: 'lower', onDone: 'lowered', onError: 'halted' } },
        lowered: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle' } },
        halted: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle' } },
        // The defect: no 'safe' tag.
        finished: { type: 'final' },
      },
    }),
    expected: [{ kind: 'final_not_safe', state: 'finished', path: ['operator.stop'] }],
  },
  {
    name: 'an invoked actor without onError',
    machine: toyTransferSetup.createMachine({
      id: 'noOnError',
      initial: 'idle',
      on: { 'safety.stop': '.lowering', 'safety.estop': '.halted' },
      states: {
        idle: { tags: ['safe'], on: { 'caregiver.confirm': 'lifting', 'safety.stop': 'halted' } },
        // The defect: a failed lift makes the whole behaviour fail.
        lifting: { invoke: { id: 'lift', src: 'lift', onDone: 'holding' } },
        holding: { tags: ['safe'], on: { 'caregiver.confirm': 'idle' } },
        lowering: { tags: ['stopping'], invoke: { id: 'lower', src: 'lower', onDone: 'lowered', onError: 'halted' } },
        lowered: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle' } },
        halted: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle' } },
      },
    }),
    expected: [{ kind: 'actor_error_unhandled', state: 'lifting', path: ['caregiver.confirm', 'xstate.error.actor.lift'] }],
  },
];

describe('verifyBehavior: deliberately broken machines fail with the right kind and the exact path', () => {
  it.each(broken)('$name', ({ machine, bound, expected }) => {
    const report = verifyBehavior(definition(machine, bound));
    expect(report.ok).toBe(false);
    expect(found(definition(machine, bound))).toEqual(expected);
  });

  it.each(broken)('$name: the reported path replays to the reported state', ({ machine, bound }) => {
    for (const problem of verifyBehavior(definition(machine, bound)).problems) {
      let [snapshot] = initialTransition(machine);
      // Every event but the last leads to where the offending event (or the problem) is.
      for (const event of problem.events) [snapshot] = transition(machine, snapshot, event);
      const kindsEndingOnTheEvent = ['safety_unhandled'];
      if (kindsEndingOnTheEvent.includes(problem.kind)) expect(machine.getTransitionData(snapshot, problem.events.at(-1) as EventObject)).toEqual([]);
      else expect(formatStateValue(snapshot.value)).toBe(problem.state);
    }
  });

  it('stopping states in a cycle exceed any bound; the path shows bound transitions after the stop without reaching safe', () => {
    const machine = toyTransferSetup.createMachine({
      id: 'cyclingLowering',
      initial: 'idle',
      on: { 'safety.stop': '.lowering', 'safety.estop': '.halted' },
      states: {
        idle: { tags: ['safe'], on: { 'caregiver.confirm': 'lifting', 'safety.stop': 'halted' } },
        lifting: { invoke: { id: 'lift', src: 'lift', onDone: 'lowering', onError: 'lowering' } },
        lowering: { tags: ['stopping'], invoke: { id: 'lower', src: 'lower', onDone: 'settling', onError: 'halted' } },
        // The defect: a failed settle lowers again, and again.
        settling: { tags: ['stopping'], invoke: { id: 'settle', src: 'lower', onDone: 'halted', onError: 'lowering' } },
        halted: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle' } },
      },
    });
    const problems = found(definition(machine, 5));
    expect(problems.map((p) => p.kind)).toEqual(['safety_bound_exceeded']);
    expect(problems[0]?.path).toEqual([
      'caregiver.confirm',
      'safety.stop',
      'xstate.done.actor.lower',
      'xstate.error.actor.settle',
      'xstate.done.actor.lower',
      'xstate.error.actor.settle',
    ]);
    expect(problems[0]?.state).toBe('lowering');
    expect(verifyBehavior(definition(machine, 5)).problems[0]?.detail.en).toContain('still not');
  });
});

describe('verifyBehavior: pause and resume where they are offered', () => {
  const moveSetup = toyTransferSetup;
  const pausable = (config: { pauseTag: boolean; resume: boolean }): AnyStateMachine =>
    moveSetup.createMachine({
      id: 'pauseToy',
      initial: 'moving',
      on: { 'safety.stop': '.stopped', 'safety.estop': '.stopped' },
      states: {
        moving: {
          tags: config.pauseTag ? ['pausable'] : [],
          invoke: { id: 'lift', src: 'lift', onDone: 'done', onError: 'stopped' },
          on: { 'operator.pause': 'paused' },
        },
        paused: { tags: ['safe', 'resumable'], on: { ...(config.resume ? { 'operator.resume': 'moving' } : {}), 'operator.stop': 'done' } },
        stopped: { tags: ['safe'], on: { 'safety.cleared': 'moving', 'operator.stop': 'done' } },
        done: { type: 'final', tags: ['safe'] },
      },
    });

  it('a pausable state whose pause leads to a resumable state that resumes passes', () => {
    expect(found(definition(pausable({ pauseTag: true, resume: true }), 1))).toEqual([]);
  });

  it('a resumable state that does not handle operator.resume fails with resume_unhandled', () => {
    expect(found(definition(pausable({ pauseTag: true, resume: false }), 1))).toEqual([
      { kind: 'resume_unhandled', state: 'paused', path: ['operator.pause', 'operator.resume'] },
    ]);
  });

  it('a state that handles operator.pause without the pausable tag fails with tag_conflict', () => {
    expect(found(definition(pausable({ pauseTag: false, resume: true }), 1))).toEqual([{ kind: 'tag_conflict', state: 'moving', path: ['operator.pause'] }]);
  });

  it('a pausable state without a pause fails with pause_unhandled', () => {
    const machine = moveSetup.createMachine({
      id: 'noPause',
      initial: 'moving',
      on: { 'safety.stop': '.stopped', 'safety.estop': '.stopped' },
      states: {
        moving: { tags: ['pausable'], invoke: { id: 'lift', src: 'lift', onDone: 'done', onError: 'stopped' } },
        stopped: { tags: ['safe'], on: { 'safety.cleared': 'moving', 'operator.stop': 'done' } },
        done: { type: 'final', tags: ['safe'] },
      },
    });
    expect(found(definition(machine, 1))).toEqual([{ kind: 'pause_unhandled', state: 'moving', path: ['operator.pause'] }]);
  });
});

describe('verifyBehavior: limits and what the exploration cannot see', () => {
  const counterSetup = setup({
    types: { events: {} as KindredBehaviorEvent | { type: 'tick' } | { type: 'go' } | { type: 'crash' }, context: {} as { n: number } },
    actions: {
      count: assign({ n: ({ context }) => context.n + 1 }),
      // Runs only on a real actor: the pure transitions cannot see it.
      kick: ({ self }) => self.send({ type: 'go' }),
      explode: assign(() => {
        throw new Error('sensor offset missing');
      }),
    },
  });
  const counter = counterSetup.createMachine({
    id: 'counter',
    initial: 'counting',
    context: { n: 0 },
    on: { 'safety.stop': '.halted', 'safety.estop': '.halted' },
    states: {
      counting: { tags: ['safe'], on: { tick: { actions: 'count' } } },
      halted: { tags: ['safe'], on: { 'safety.cleared': 'counting' } },
    },
  });
  const TICK = [{ type: 'tick' }] as const;

  it('an unbounded context fails with exploration_incomplete at maxStates', () => {
    const report = verifyBehavior({ ...definition(counter, 1, TICK), explore: { events: TICK, safetyBound: 1, maxStates: 20 } });
    expect(report.statesVisited).toBe(20);
    expect(report.problems.map((p) => p.kind)).toEqual(['exploration_incomplete']);
  });

  it('with maxDepth the exploration is declared bounded: it passes and counts what lies beyond', () => {
    const report = verifyBehavior({ ...definition(counter, 1, TICK), explore: { events: TICK, safetyBound: 1, maxDepth: 3 } });
    expect(report.problems).toEqual([]);
    expect(report.depthReached).toBe(3);
    expect(report.beyondMaxDepth).toBeGreaterThan(0);
  });

  it('a transition whose only effect changes nothing is no way out: dead_end', () => {
    const machine = counterSetup.createMachine({
      id: 'idler',
      initial: 'waiting',
      context: { n: 0 },
      on: { 'safety.stop': '.halted', 'safety.estop': '.halted' },
      states: {
        waiting: { tags: ['safe'], on: { tick: {} } },
        halted: { tags: ['safe'], on: { 'safety.cleared': 'waiting' } },
      },
    });
    expect(found(definition(machine, 1, TICK))).toEqual([{ kind: 'dead_end', state: 'waiting', path: [] }]);
  });

  it('an action that sends the machine an event is caught by the real replay: replay_diverged', () => {
    const machine = counterSetup.createMachine({
      id: 'selfKick',
      initial: 'waiting',
      context: { n: 0 },
      on: { 'safety.stop': '.halted', 'safety.estop': '.halted' },
      states: {
        waiting: { tags: ['safe'], on: { tick: 'kicking' } },
        kicking: { tags: ['safe'], entry: 'kick', on: { go: 'waiting' } },
        halted: { tags: ['safe'], on: { 'safety.cleared': 'waiting' } },
      },
    });
    expect(found(definition(machine, 1, [...TICK, { type: 'go' }]))).toEqual([{ kind: 'replay_diverged', state: 'waiting', path: ['tick'] }]);
  });

  it('an action that throws fails with transition_error naming the event', () => {
    const machine = counterSetup.createMachine({
      id: 'exploding',
      initial: 'waiting',
      context: { n: 0 },
      on: { 'safety.stop': '.halted', 'safety.estop': '.halted' },
      states: {
        waiting: { tags: ['safe'], on: { crash: { target: 'halted', actions: 'explode' }, tick: 'halted' } },
        halted: { tags: ['safe'], on: { 'safety.cleared': 'waiting' } },
      },
    });
    const report = verifyBehavior(definition(machine, 1, [{ type: 'crash' }, ...TICK]));
    expect(report.problems.map(({ kind, state, path }) => ({ kind, state, path }))).toEqual([{ kind: 'transition_error', state: 'waiting', path: ['crash'] }]);
    expect(report.problems[0]?.detail.en).toContain('sensor offset missing');
  });

  it('eventless transitions that never settle fail with transition_error instead of hanging the verifier', () => {
    const machine = counterSetup.createMachine({
      id: 'spinning',
      initial: 'waiting',
      context: { n: 0 },
      on: { 'safety.stop': '.halted', 'safety.estop': '.halted' },
      states: {
        waiting: { tags: ['safe'], on: { tick: 'ping' } },
        ping: { always: 'pong' },
        pong: { always: 'ping' },
        halted: { tags: ['safe'], on: { 'safety.cleared': 'waiting' } },
      },
    });
    const report = verifyBehavior(definition(machine, 1, TICK));
    // A failing transition is no way on, so waiting is also a dead end.
    expect(report.problems.map(({ kind, state, path }) => ({ kind, state, path }))).toEqual([
      { kind: 'dead_end', state: 'waiting', path: [] },
      { kind: 'transition_error', state: 'waiting', path: ['tick'] },
    ]);
    expect(report.problems[1]?.detail.en).toContain('Infinite loop');
  });

  it('parallel regions: state paths name every region, and a stop handled in one region is judged on the whole state', () => {
    const machine = toyTransferSetup.createMachine({
      id: 'parallelTransfer',
      initial: 'idle',
      on: { 'safety.estop': '.halted' },
      states: {
        idle: { tags: ['safe'], on: { 'caregiver.confirm': 'transfer' } },
        transfer: {
          type: 'parallel',
          states: {
            arms: {
              initial: 'lifting',
              on: { 'safety.stop': '.lowering' },
              states: {
                lifting: { invoke: { id: 'lift', src: 'lift', onDone: 'holding', onError: 'lowering' } },
                holding: { on: { 'caregiver.confirm': 'lowering' } },
                lowering: { tags: ['stopping'], invoke: { id: 'lower', src: 'lower', onDone: '#parallelTransfer.halted', onError: '#parallelTransfer.halted' } },
              },
            },
            monitor: { initial: 'watching', states: { watching: {} } },
          },
        },
        halted: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle' } },
      },
    });
    // The stop is handled by the arms region (and by halted); idle, although at rest, must handle it too.
    expect(found(definition(machine, 2))).toEqual([{ kind: 'safety_unhandled', state: 'idle', path: ['safety.stop'] }]);
    // With a bound of 1 the lowering (stop, then lowering done) is one transition too long.
    const lowering = verifyBehavior(definition(machine, 1)).problems.find((p) => p.kind === 'safety_bound_exceeded');
    expect(lowering?.state).toBe('transfer.arms.lowering, transfer.monitor.watching');
  });
});
