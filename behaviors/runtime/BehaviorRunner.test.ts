// BehaviorRunner end to end on a real lock-step loop: a small behaviour greets (simulated speech),
// waits for an intent on /intents, moves the knee through /legs/commands and the SafetyGate, reports
// every transition on /behavior/status, obeys /behavior/command, hears the supervisor, and leaves
// nothing running once stopped.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import type { Publisher } from '../../runtime/bus/index.js';
import type { kindred_msgs } from '../../runtime/msgs/index.js';
import { silentLogger } from '../../runtime/logging/index.js';
import { unboundBehaviorActors } from '../actors/index.js';
import type { KindredBehaviorEvent } from '../core/index.js';
import { BehaviorRunner } from './BehaviorRunner.js';
import { SimSpeech } from './simSpeech.js';
import { demoBehavior } from './testing/demoBehavior.js';
import { startLockstepRig, type LockstepRig } from './testing/lockstepRig.js';

let rig: LockstepRig;
let speech: SimSpeech;
let intents: Publisher<kindred_msgs.Intent>;
let commands: Publisher<kindred_msgs.BehaviorCommand>;
const runners: BehaviorRunner[] = [];

beforeAll(async () => {
  rig = await startLockstepRig();
  speech = new SimSpeech({ bus: rig.bus, clock: rig.clock, logger: silentLogger() });
  speech.start();
  intents = rig.bus.advertise('/intents', 'kindred_msgs/msg/Intent');
  commands = rig.bus.advertise('/behavior/command', 'kindred_msgs/msg/BehaviorCommand');
  await rig.run(20);
}, 30_000);
afterEach(async () => {
  for (const r of runners.splice(0)) await r.stop();
});
afterAll(async () => {
  speech?.stop();
  await rig?.close();
});

const header = { stamp: { sec: 0, nanosec: 0 }, frame_id: '' };
const say = (name: string, role = 'patient'): void => intents.publish({ header, name, text: '', language: 'zh', confidence: 1, role, source: 'cli' });
const command = (cmd: string, behavior = 'demo', runId = ''): void => commands.publish({ header, behavior, run_id: runId, command: cmd, source: 'tablet' });

function start(targetRad: number): { runner: BehaviorRunner<typeof demoBehavior.machine>; statuses: kindred_msgs.BehaviorStatus[]; stopListening(): void } {
  const statuses: kindred_msgs.BehaviorStatus[] = [];
  const sub = rig.bus.subscribe('/behavior/status', 'kindred_msgs/msg/BehaviorStatus', (m) => statuses.push(m));
  const runner = BehaviorRunner.start(demoBehavior, { host: rig.host, input: { targetRad } });
  runners.push(runner as BehaviorRunner);
  return { runner, statuses, stopListening: () => sub.unsubscribe() };
}

/** Run the loop until the runner is in `state` (dotted path). */
async function until(runner: BehaviorRunner<typeof demoBehavior.machine>, state: string, maxMs = 5000): Promise<void> {
  for (let t = 0; t < maxMs; t += 10) {
    if (runner.statusMessage()?.state === state) return;
    await rig.run(10);
  }
  throw new Error(`not in ${state} after ${maxMs} ms: ${runner.statusMessage()?.state}`);
}

describe('BehaviorRunner', () => {
  it('runs the behaviour with Kindred’s actors and publishes its status on every transition', async () => {
    const { runner, statuses, stopListening } = start(0.7);
    expect(runner.runId).toMatch(/^demo-[0-9a-f]{8}$/);
    await until(runner, 'waiting');
    say('go');
    const outcome = await rig.runUntil(runner.done(), 5000);
    stopListening();
    expect(outcome.value).toMatchObject({ status: 'done', output: { moves: 1, ended: 'finished' }, state: 'finished', tags: ['safe'] });
    expect(rig.position('knee_left')).toBeCloseTo(0.7, 2);
    // The final state is published once, as done (XState reports it after completion).
    expect(statuses.map((s) => `${s.status}:${s.state}`)).toEqual(['running:greeting', 'running:waiting', 'running:moving', 'done:finished']);
    expect(statuses.every((s) => s.behavior === 'demo' && s.run_id === runner.runId)).toBe(true);
    const moving = statuses[2]!;
    expect(moving).toMatchObject({ tags: ['pausable'], last_event: 'intent.go' });
    expect(moving.history).toEqual(expect.arrayContaining(['xstate.done.actor.hello', 'intent.go']));
    const finished = statuses[3]!;
    expect(finished.last_event).toBe('xstate.done.actor.move');
    const context = JSON.parse(finished.context_json) as { moves: number; last: { positions: Record<string, number> } };
    expect(context.moves).toBe(1);
    expect(context.last.positions['knee_left']).toBeCloseTo(0.7, 2);
    expect(outcome.value!.history.map((h) => h.type)).toContain('xstate.done.actor.move');
  });

  it('pauses, resumes and stops from /behavior/command where the state offers it, and refuses it elsewhere', async () => {
    const { runner, statuses, stopListening } = start(1.1);
    const otherMachine = setup({ types: { events: {} as KindredBehaviorEvent } }).createMachine({
      initial: 'working',
      states: { working: { tags: ['pausable'], on: { 'operator.pause': 'paused' } }, paused: { tags: ['safe'] } },
    });
    const other = BehaviorRunner.start({ id: 'other', machine: otherMachine }, { host: rig.host });
    runners.push(other as BehaviorRunner);
    await until(runner, 'waiting');
    command('pause'); // not offered while waiting
    expect(runner.statusMessage()?.state).toBe('waiting');
    expect(runner.pause('api')).toBe(false);
    say('go');
    await rig.run(500);
    expect(runner.statusMessage()?.state).toBe('moving');
    const kneeBefore = rig.position('knee_left');
    command('pause', 'demo', 'some-other-run'); // another run: ignored
    command('dance'); // not a command: logged, ignored
    expect(runner.statusMessage()?.state).toBe('moving');
    command('pause');
    expect(runner.statusMessage()).toMatchObject({ state: 'paused', tags: ['resumable', 'safe'], last_event: 'operator.pause' });
    // Paused: the move actor is gone, so the knee holds at the last set-point it sent (applied by the next cycles).
    await rig.run(20);
    const held = rig.position('knee_left');
    expect(held).toBeGreaterThan(kneeBefore);
    await rig.run(500);
    expect(rig.position('knee_left')).toBeCloseTo(held, 6);
    expect(rig.bus.topic('/legs/commands')?.publishers ?? 0).toBe(0);
    command('resume', '', runner.runId); // empty behavior, this run
    expect(runner.statusMessage()?.state).toBe('moving');
    await rig.run(500);
    expect(rig.position('knee_left')).toBeGreaterThan(held + 0.02);
    command('stop');
    const outcome = await rig.runUntil(runner.done(), 1000);
    expect(outcome.value).toMatchObject({ status: 'done', output: { moves: 0, ended: 'stopped' } });
    stopListening();
    expect(statuses.filter((s) => s.behavior === 'demo').map((s) => `${s.status}:${s.state}`)).toEqual([
      'running:greeting',
      'running:waiting',
      'running:moving',
      'running:paused',
      'running:moving',
      'done:stopped',
    ]);
    // The other behaviour took none of demo's commands; a command for every behaviour reaches it.
    expect(other.statusMessage()?.state).toBe('working');
    command('pause', '');
    expect(other.statusMessage()?.state).toBe('paused');
    expect(() => runner.pause()).toThrow(expect.objectContaining({ code: 'BEHAVIOR_RUN_ENDED' }));
    expect(() => runner.command('dance')).toThrow(expect.objectContaining({ code: 'BEHAVIOR_RUN_COMMAND_INVALID' }));
  });

  it('delivers the supervisor’s e-stop and reset to the behaviour (the runner’s own safety watcher)', async () => {
    const { runner } = start(0.3);
    await until(runner, 'waiting');
    say('go');
    await until(runner, 'moving');
    await rig.loop.estop('tablet');
    await rig.run(20);
    expect(runner.statusMessage()).toMatchObject({ state: 'safetyStopped', last_event: 'safety.estop', tags: ['safe'] });
    expect(rig.bus.topic('/legs/commands')?.publishers ?? 0).toBe(0);
    await rig.run(300);
    await rig.loop.safetyReset({ source: 'cli' });
    await rig.run(20);
    expect(runner.statusMessage()).toMatchObject({ state: 'waiting', last_event: 'safety.cleared' });
    await rig.run(2500); // recovery over
    await rig.host.releaseHold();
    expect(runner.operatorStop('tablet')).toBe(false); // not offered while waiting
    say('stop');
    expect((await rig.runUntil(runner.done(), 100)).value).toMatchObject({ output: { ended: 'stopped' } });
  });

  it('stop() cancels the run mid-motion: every actor and subscription it made is gone', async () => {
    const baseline = (topic: string): number => rig.bus.topic(topic)?.subscribers ?? 0;
    const before = { intents: baseline('/intents'), safety: baseline('/safety/state'), speech: baseline('/speech/status'), commands: baseline('/behavior/command') };
    const { runner, statuses, stopListening } = start(1.0);
    await rig.run(100);
    expect(baseline('/intents')).toBe(before.intents + 1); // intentEvents at the root
    expect(baseline('/safety/state')).toBe(before.safety + 1); // the runner's safety watcher
    expect(baseline('/speech/status')).toBe(before.speech + 1); // speak, greeting
    expect(baseline('/behavior/command')).toBe(before.commands + 1);
    await until(runner, 'waiting');
    say('go');
    await rig.run(300);
    expect(rig.bus.topic('/legs/commands')?.publishers).toBe(1);
    const result = await runner.stop();
    expect(result).toMatchObject({ status: 'stopped', output: undefined, state: 'moving' });
    expect(runner.status).toBe('stopped');
    expect(statuses.at(-1)).toMatchObject({ status: 'stopped', state: 'moving' });
    stopListening();
    expect(baseline('/intents')).toBe(before.intents);
    expect(baseline('/safety/state')).toBe(before.safety);
    expect(baseline('/speech/status')).toBe(before.speech);
    expect(baseline('/behavior/command')).toBe(before.commands);
    expect(rig.bus.topic('/legs/commands')?.publishers ?? 0).toBe(0);
    expect(rig.bus.topic('/behavior/status')?.publishers ?? 0).toBe(0);
    await rig.run(20); // the last set-point sent reaches the joint
    const knee = rig.position('knee_left');
    await rig.run(300);
    expect(rig.position('knee_left')).toBeCloseTo(knee, 9); // nothing streams any more: the loop holds
    expect(await runner.stop()).toBe(result); // idempotent
  });

  it('a machine that invokes safetyWatcher itself gets no second watcher; a machine that throws ends in error with its actors stopped', async () => {
    const machine = setup({
      types: { events: {} as KindredBehaviorEvent | { type: 'explode' }, context: {} as { n: number } },
      actors: unboundBehaviorActors,
    }).createMachine({
      context: { n: 0 },
      invoke: { src: 'safetyWatcher' },
      initial: 'listening',
      on: { 'safety.stop': '.done', 'safety.estop': '.done' },
      states: {
        listening: {
          tags: ['safe'],
          invoke: { src: 'waitForIntent', input: { accept: ['yes'] } },
          on: {
            explode: {
              actions: assign({
                n: () => {
                  throw new Error('boom');
                },
              }),
            },
          },
        },
        done: { type: 'final', tags: ['safe'] },
      },
    });
    const safetyBefore = rig.bus.topic('/safety/state')?.subscribers ?? 0;
    const intentsBefore = rig.bus.topic('/intents')?.subscribers ?? 0;
    const runner = BehaviorRunner.start({ id: 'fragile', machine }, { host: rig.host });
    runners.push(runner as BehaviorRunner);
    expect(rig.bus.topic('/safety/state')?.subscribers).toBe(safetyBefore + 1);
    expect(rig.bus.topic('/intents')?.subscribers).toBe(intentsBefore + 1);
    runner.send({ type: 'explode' });
    const result = await runner.done();
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ code: 'BEHAVIOR_RUN_FAILED' });
    expect(result.error?.message).toMatch(/boom/);
    expect(rig.bus.topic('/safety/state')?.subscribers ?? 0).toBe(safetyBefore);
    expect(rig.bus.topic('/intents')?.subscribers ?? 0).toBe(intentsBefore);
  });
});
