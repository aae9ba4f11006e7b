import {
  createActor,
  createMachine,
  enqueueActions,
  fromCallback,
  fromEventObservable,
  fromObservable,
  fromPromise,
  fromTransition,
  setup,
  spawnChild,
  stopChild,
  type AnyActorLogic,
  type AnyStateMachine,
  type Subscribable,
} from 'xstate';
import { describe, expect, it } from 'vitest';
import type { BehaviorDefinition, KindredBehaviorEvent } from '../core/conventions.js';
import { StandInActors, classifyActorLogic, type ActorKind } from './standInActors.js';
import { verifyBehavior } from './verifyBehavior.js';

type Ev = KindredBehaviorEvent | { type: 'caregiver.confirm' } | { type: 'xstate.error.actor.forceWatch'; error: unknown };

const CONFIRM = [{ type: 'caregiver.confirm' }] as const;

/** An observable that never emits (what a sensor stream looks like before its first reading). */
function silent<T>(): Subscribable<T> {
  return { subscribe: () => ({ unsubscribe: () => {} }) };
}

function definition(machine: AnyStateMachine): BehaviorDefinition {
  return { id: 'cleanup', machine, description: { en: 'child actor cleanup', zh: '子 actor 清理' }, explore: { events: CONFIRM, safetyBound: 2 } };
}

describe('stand-in actors', () => {
  const kinds: { name: string; logic: AnyActorLogic; kind: ActorKind }[] = [
    { name: 'fromPromise', logic: fromPromise(async () => 1), kind: 'promise' },
    { name: 'fromCallback', logic: fromCallback(() => () => {}), kind: 'callback' },
    { name: 'fromObservable', logic: fromObservable(() => silent<number>()), kind: 'observable' },
    { name: 'fromEventObservable', logic: fromEventObservable(() => silent<{ type: 'x' }>()), kind: 'event_observable' },
    { name: 'a machine', logic: createMachine({}), kind: 'machine' },
    { name: 'fromTransition', logic: fromTransition((s: number) => s, 0), kind: 'other' },
  ];
  it.each(kinds)('$name is recognised as $kind', ({ logic, kind }) => {
    expect(classifyActorLogic(logic)).toBe(kind);
  });

  it("XState's own cleanup of invoked actors reaches every stand-in: AbortSignal, cleanup function, unsubscribe", () => {
    const s = setup({
      types: { events: {} as { type: 'leave' } },
      actors: {
        job: fromPromise(async () => 1),
        listener: fromCallback(() => () => {}),
        readings: fromObservable(() => silent<number>()),
        intents: fromEventObservable(() => silent<{ type: 'x' }>()),
      },
    });
    const machine = s.createMachine({
      initial: 'working',
      states: {
        working: {
          invoke: [
            { id: 'job', src: 'job' },
            { id: 'listener', src: 'listener' },
            { id: 'readings', src: 'readings' },
            { id: 'intents', src: 'intents' },
          ],
          on: { leave: 'idle' },
        },
        idle: {},
      },
    });
    const standIns = new StandInActors(machine.implementations.actors);
    const actor = createActor(machine.provide({ actors: standIns.actors })).start();
    const evidence = (): Record<string, string | undefined> => Object.fromEntries([...standIns.starts.values()].map((s) => [s.src, s.cleanup]));
    expect(evidence()).toEqual({ job: undefined, listener: undefined, readings: undefined, intents: undefined });
    actor.send({ type: 'leave' });
    expect(evidence()).toEqual({ job: 'signal aborted', listener: 'cleanup called', readings: 'unsubscribed', intents: 'unsubscribed' });
    actor.stop();
  });

  it("the machine's own actors never run during verification", () => {
    let moves = 0;
    const s = setup({
      types: { events: {} as Ev },
      actors: {
        move: fromPromise(async () => {
          moves++;
        }),
      },
    });
    const machine = s.createMachine({
      initial: 'idle',
      on: { 'safety.stop': '.halted', 'safety.estop': '.halted' },
      states: {
        idle: { tags: ['safe'], on: { 'caregiver.confirm': 'moving' } },
        moving: { invoke: { src: 'move', onDone: 'idle', onError: 'halted' } },
        halted: { tags: ['safe'], on: { 'safety.cleared': 'idle' } },
      },
    });
    const report = verifyBehavior(definition(machine));
    expect(report.problems).toEqual([]);
    expect(report.replays).toBeGreaterThan(0);
    expect(moves).toBe(0);
  });
});

describe('verifyBehavior: every child actor is cancelled when its state is left', () => {
  const s = setup({
    types: { events: {} as Ev },
    actors: { lift: fromPromise<void>(async () => {}), lower: fromPromise<void>(async () => {}), watch: fromCallback(() => () => {}) },
    actions: { startWatch: spawnChild('watch', { id: 'forceWatch' }), stopWatch: stopChild('forceWatch') },
  });

  /** A transfer whose lifting state watches the contact forces with a child actor, stopped on exit or not. */
  const transfer = (how: 'invoke' | 'spawn' | 'spawn+stop' | 'named spawn' | 'enqueued spawn'): AnyStateMachine =>
    s.createMachine({
      id: 'transfer',
      initial: 'idle',
      on: { 'safety.stop': '.lowering', 'safety.estop': '.halted', 'xstate.error.actor.forceWatch': '.lowering' },
      states: {
        idle: { tags: ['safe'], on: { 'caregiver.confirm': 'lifting', 'safety.stop': 'halted' } },
        lifting: {
          entry:
            how === 'spawn' || how === 'spawn+stop'
              ? spawnChild('watch', { id: 'forceWatch' })
              : how === 'named spawn'
                ? 'startWatch'
                : how === 'enqueued spawn'
                  ? enqueueActions(({ enqueue }) => enqueue.spawnChild('watch', { id: 'forceWatch' }))
                  : [],
          exit: how === 'spawn+stop' ? 'stopWatch' : [],
          invoke: [
            { id: 'lift', src: 'lift', onDone: 'holding', onError: 'lowering' },
            ...(how === 'invoke' ? [{ id: 'forceWatch', src: 'watch' as const }] : []),
          ],
        },
        holding: { tags: ['safe'], on: { 'caregiver.confirm': 'idle' } },
        lowering: { tags: ['stopping'], invoke: { id: 'lower', src: 'lower', onDone: 'halted', onError: 'halted' } },
        halted: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 'idle' } },
      },
    });

  it('an invoked watcher passes: XState stops it on exit, and the replay sees its cleanup run', () => {
    const report = verifyBehavior(definition(transfer('invoke')));
    expect(report.problems).toEqual([]);
    expect(report.replays).toBeGreaterThan(0);
  });

  it('a spawned watcher stopped on exit passes', () => {
    expect(verifyBehavior(definition(transfer('spawn+stop'))).problems).toEqual([]);
  });

  it.each(['spawn', 'named spawn', 'enqueued spawn'] as const)('a %s watcher never stopped fails with actor_not_cancelled on the shortest exit', (how) => {
    const report = verifyBehavior(definition(transfer(how)));
    expect(report.problems.map(({ kind, state, path }) => ({ kind, state, path }))).toEqual([
      { kind: 'actor_not_cancelled', state: 'holding', path: ['caregiver.confirm', 'xstate.done.actor.lift'] },
    ]);
    expect(report.problems[0]?.detail.en).toContain('forceWatch (watch), started in lifting');
    // Found on the real actor: the stand-in's cleanup function was never called.
    expect(report.problems[0]?.detail.en).toContain('callback stand-in was never cleaned up');
  });

  it('a child spawned on entry of a compound state lives through its sub-states without a false alarm', () => {
    const machine = s.createMachine({
      id: 'compound',
      initial: 'idle',
      on: { 'safety.stop': '.halted', 'safety.estop': '.halted', 'xstate.error.actor.forceWatch': '.halted' },
      states: {
        idle: { tags: ['safe'], on: { 'caregiver.confirm': 'transfer' } },
        transfer: {
          entry: 'startWatch',
          exit: 'stopWatch',
          initial: 'lifting',
          states: {
            lifting: { invoke: { id: 'lift', src: 'lift', onDone: 'carrying', onError: '#compound.halted' } },
            carrying: { invoke: { id: 'carry', src: 'lift', onDone: '#compound.idle', onError: '#compound.halted' } },
          },
        },
        halted: { tags: ['safe'], on: { 'safety.cleared': 'idle' } },
      },
    });
    expect(verifyBehavior(definition(machine)).problems).toEqual([]);
  });

  it('an actor given inline cannot be swapped: actor_not_swappable, and nothing is replayed', () => {
    const machine = s.createMachine({
      id: 'inline',
      initial: 'idle',
      on: { 'safety.stop': '.halted', 'safety.estop': '.halted' },
      states: {
        idle: { tags: ['safe'], on: { 'caregiver.confirm': 'moving' } },
        moving: { invoke: { src: fromPromise(async () => {}), onDone: 'idle', onError: 'halted' } },
        halted: { tags: ['safe'], on: { 'safety.cleared': 'idle' } },
      },
    });
    const report = verifyBehavior(definition(machine));
    expect(report.problems.map(({ kind, state, path }) => ({ kind, state, path }))).toEqual([{ kind: 'actor_not_swappable', state: 'moving', path: ['caregiver.confirm'] }]);
    expect(report.replays).toBe(0);
  });
});
