// Motion actors against a real lock-step control loop (worker thread, mock hardware, SafetyGate) with
// Kindred's /<controller>/commands topics mounted: what a behaviour's move really does to the joints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, toPromise } from 'xstate';
import type { std_msgs } from '../../runtime/msgs/index.js';
import { startLockstepRig, type LockstepRig } from '../runtime/testing/lockstepRig.js';
import { followTrajectory } from './followTrajectory.js';
import { moveJoints } from './moveJoints.js';
import type { MotionResult } from './streamSetpoints.js';
import { switchController } from './switchController.js';

let rig: LockstepRig;
beforeAll(async () => {
  rig = await startLockstepRig();
  await rig.run(50);
}, 30_000);
afterAll(async () => {
  await rig?.close();
});

/** Every command published on /legs/commands while it is recorded. */
function recordCommands(topic = '/legs/commands'): { readonly messages: number[][]; stop(): void } {
  const messages: number[][] = [];
  const sub = rig.bus.subscribe(topic, 'std_msgs/msg/Float64MultiArray', (m: std_msgs.Float64MultiArray) => messages.push([...m.data]));
  return { messages, stop: () => sub.unsubscribe() };
}

describe('moveJoints', () => {
  it('moves the joints to their targets on a minimum-jerk path through /legs/commands and the SafetyGate', async () => {
    const startKnee = rig.position('knee_left');
    const startHip = rig.position('hip_left');
    const commands = recordCommands();
    const actor = createActor(moveJoints(rig.host), { input: { controller: 'legs', joints: ['knee_left'], targets: [0.9], durationS: 1 } }).start();
    const outcome = await rig.runUntil(toPromise(actor), 3000);
    commands.stop();
    expect(outcome.error).toBeUndefined();
    const result = outcome.value as MotionResult;
    expect(result.positions['knee_left']).toBeCloseTo(0.9, 2);
    // The hip, not named, was held where it was.
    expect(result.positions['hip_left']).toBeCloseTo(startHip, 6);
    expect(result.minPositions['knee_left']).toBeCloseTo(startKnee, 2);
    expect(result.maxPositions['knee_left']).toBeCloseTo(0.9, 2);
    expect(result.elapsedS).toBeGreaterThanOrEqual(1);
    expect(result.elapsedS).toBeLessThan(1.2);
    // 100 Hz on the bus clock for one second, starting at the measured position.
    expect(commands.messages.length).toBeGreaterThanOrEqual(100);
    expect(commands.messages[0]![1]).toBeCloseTo(startKnee, 9);
    // Minimum jerk: halfway at half time, monotonic, never past the target.
    const knee = commands.messages.map((m) => m[1]!);
    expect(knee[50]!).toBeCloseTo((startKnee + 0.9) / 2, 6);
    for (let i = 1; i < knee.length; i++) expect(knee[i]!).toBeGreaterThanOrEqual(knee[i - 1]! - 1e-12);
    expect(Math.max(...knee)).toBeCloseTo(0.9, 12);
    // What reached the joint is what the gate let through.
    expect(rig.loop.latest().commands[rig.loop.commandNames.indexOf('knee_left/position')]).toBeCloseTo(0.9, 9);
    // The publisher is gone once the move is over.
    expect(rig.bus.topic('/legs/commands')?.publishers ?? 0).toBe(0);
  });

  it('fails with BEHAVIOR_ACTOR_TARGET_NOT_REACHED when the SafetyGate clamps the target', async () => {
    const actor = createActor(moveJoints(rig.host), { input: { controller: 'legs', joints: ['knee_left'], targets: [1.3], durationS: 0.5, settleTimeoutS: 0.3 } }).start();
    const outcome = await rig.runUntil(toPromise(actor), 3000);
    expect(outcome.error).toMatchObject({ code: 'BEHAVIOR_ACTOR_TARGET_NOT_REACHED', context: { joint: 'knee_left' } });
    expect(rig.position('knee_left')).toBeCloseTo(1.2, 6); // the joint limit, held
  });

  it('fails with BEHAVIOR_ACTOR_TRACKING_FAILED when a joint cannot follow for longer than the grace time', async () => {
    // Beyond the 1.2 rad limit the measured knee stays put while the set-point runs away.
    const actor = createActor(moveJoints(rig.host), { input: { controller: 'legs', joints: ['knee_left'], targets: [3], durationS: 1 } }).start();
    const outcome = await rig.runUntil(toPromise(actor), 3000);
    expect(outcome.error).toMatchObject({ code: 'BEHAVIOR_ACTOR_TRACKING_FAILED', context: { joint: 'knee_left' } });
    expect((outcome.error as Error).message).toMatch(/tracking limit 0.2/);
  });

  it('stops streaming as soon as it is stopped; the loop holds the last set-point', async () => {
    await toPromiseRun(createActor(moveJoints(rig.host), { input: { controller: 'legs', joints: ['knee_left', 'hip_left'], targets: [0.2, 0], durationS: 0.5 } }));
    const commands = recordCommands();
    const actor = createActor(moveJoints(rig.host), { input: { controller: 'legs', joints: ['knee_left'], targets: [1], durationS: 2 } }).start();
    await rig.run(500);
    actor.stop();
    const sent = commands.messages.length;
    expect(sent).toBeGreaterThan(40);
    const held = commands.messages[sent - 1]![1]!;
    expect(held).toBeGreaterThan(0.2);
    expect(held).toBeLessThan(1);
    await rig.run(500);
    expect(commands.messages.length).toBe(sent);
    expect(rig.position('knee_left')).toBeCloseTo(held, 9);
    expect(rig.bus.topic('/legs/commands')?.publishers ?? 0).toBe(0);
    commands.stop();
  });

  it('fails with BEHAVIOR_ACTOR_JOINT_STATES_STALE when /joint_states stops during a move, and stops streaming', async () => {
    const commands = recordCommands();
    const actor = createActor(moveJoints(rig.host), { input: { controller: 'legs', joints: ['hip_left'], targets: [0.5], durationS: 2 } }).start();
    await rig.run(300);
    rig.stopJointStates();
    const outcome = await rig.runUntil(toPromise(actor), 1000);
    expect(outcome.error).toMatchObject({ code: 'BEHAVIOR_ACTOR_JOINT_STATES_STALE' });
    const sent = commands.messages.length;
    await rig.run(200);
    expect(commands.messages.length).toBe(sent);
    // Nothing moves without fresh joint states: a new move is refused at once.
    const again = createActor(moveJoints(rig.host), { input: { controller: 'legs', joints: ['hip_left'], targets: [0], durationS: 1 } }).start();
    const refused = await rig.runUntil(toPromise(again), 100);
    expect(refused.error).toMatchObject({ code: 'BEHAVIOR_ACTOR_JOINT_STATES_STALE' });
    commands.stop();
  });
});

/** Start `actor`, run the loop until it settles, and fail the test if it rejects. */
async function toPromiseRun<T>(actor: { start(): unknown } & Parameters<typeof toPromise>[0]): Promise<T> {
  actor.start();
  const outcome = await rig.runUntil(toPromise(actor) as Promise<T>, 5000);
  if (outcome.error !== undefined) throw outcome.error;
  return outcome.value as T;
}

describe('followTrajectory and switchController', () => {
  let fresh: LockstepRig;
  beforeAll(async () => {
    fresh = await startLockstepRig();
    await fresh.run(50);
  }, 30_000);
  afterAll(async () => {
    await fresh?.close();
  });

  it('passes through the via points at their times and ends at the last one', async () => {
    const knee: { t: number; v: number }[] = [];
    const t0 = fresh.clock.now();
    const sub = fresh.bus.subscribe('/legs/commands', 'std_msgs/msg/Float64MultiArray', (m) => knee.push({ t: Number(fresh.clock.now() - t0) / 1e9, v: m.data[1]! }));
    const actor = createActor(followTrajectory(fresh.host), {
      input: { controller: 'legs', joints: ['knee_left'], points: [{ positions: [0.8], timeFromStartS: 0.6 }, { positions: [0.4], timeFromStartS: 1.2 }] },
    }).start();
    const outcome = await fresh.runUntil(toPromise(actor), 3000);
    sub.unsubscribe();
    expect(outcome.error).toBeUndefined();
    expect((outcome.value as MotionResult).positions['knee_left']).toBeCloseTo(0.4, 2);
    expect((outcome.value as MotionResult).maxPositions['knee_left']).toBeGreaterThan(0.75);
    const at = (tS: number): number => knee.find((k) => Math.abs(k.t - tS) < 1e-6)!.v;
    expect(at(0.6)).toBeCloseTo(0.8, 9);
    expect(at(1.2)).toBeCloseTo(0.4, 9);
  });

  it('switches controllers in the loop (deactivate, then activate); a claim conflict is the loop’s coded refusal', async () => {
    const out = await runActor(fresh, createActor(switchController(fresh.host), { input: { activate: ['knee_only'], deactivate: ['legs'] } }));
    expect(out).toEqual({ activate: ['knee_only'], deactivate: ['legs'] });
    expect(fresh.loop.controllers().map((c) => `${c.name}:${c.state}`)).toEqual(['legs:inactive', 'knee_only:active']);
    const move = await runActor(fresh, createActor(moveJoints(fresh.host), { input: { controller: 'knee_only', joints: ['knee_left'], targets: [0.6], durationS: 0.5 } }));
    expect((move as MotionResult).positions).toEqual({ knee_left: expect.closeTo(0.6, 2) });
    const conflict = createActor(switchController(fresh.host), { input: { activate: ['legs'], deactivate: [] } }).start();
    const refused = await fresh.runUntil(toPromise(conflict), 1000);
    expect(refused.error).toMatchObject({ code: 'CONTROLLER_CLAIM_CONFLICT' });
  });

  it.each([
    [{ controller: 'arms', joints: ['knee_left'], targets: [0], durationS: 1 }, 'BEHAVIOR_ACTOR_CONTROLLER_UNKNOWN'],
    [{ controller: 'legs', joints: ['ankle_left'], targets: [0], durationS: 1 }, 'BEHAVIOR_ACTOR_JOINT_UNKNOWN'],
    [{ controller: 'legs', joints: ['knee_left'], targets: [0, 1], durationS: 1 }, 'BEHAVIOR_ACTOR_INPUT_INVALID'],
    [{ controller: 'legs', joints: ['knee_left'], targets: [Number.NaN], durationS: 1 }, 'BEHAVIOR_ACTOR_INPUT_INVALID'],
    [{ controller: 'legs', joints: ['knee_left'], targets: [0.5], durationS: 0 }, 'BEHAVIOR_ACTOR_INPUT_INVALID'],
    [{ controller: 'legs', joints: [], targets: [], durationS: 1 }, 'BEHAVIOR_ACTOR_INPUT_INVALID'],
  ])('refuses %j with %s', async (input, code) => {
    const actor = createActor(moveJoints(fresh.host), { input }).start();
    const outcome = await fresh.runUntil(toPromise(actor), 100);
    expect(outcome.error).toMatchObject({ code });
    expect((outcome.error as Error).message.length).toBeGreaterThan(20);
  });

  it('refuses via points whose times do not increase', async () => {
    const actor = createActor(followTrajectory(fresh.host), {
      input: { controller: 'knee_only', joints: ['knee_left'], points: [{ positions: [0.5], timeFromStartS: 1 }, { positions: [0.4], timeFromStartS: 1 }] },
    }).start();
    const outcome = await fresh.runUntil(toPromise(actor), 100);
    expect(outcome.error).toMatchObject({ code: 'BEHAVIOR_ACTOR_INPUT_INVALID', context: { field: 'points[1].timeFromStartS' } });
  });
});

async function runActor(on: LockstepRig, actor: Parameters<typeof toPromise>[0] & { start(): unknown }): Promise<unknown> {
  actor.start();
  const outcome = await on.runUntil(toPromise(actor), 3000);
  if (outcome.error !== undefined) throw outcome.error;
  return outcome.value;
}
