import * as roslibModule from 'roslib';
import type * as RoslibTypes from '../../../node_modules/roslib/dist/src/RosLib.js';
import { afterEach, describe, expect, it } from 'vitest';
import { isKindredError } from '../../errors/index.js';
import type { ActionGoalHandle } from './ActionRegistry.js';
import { startBridge, waitFor, type RunningBridge } from './fixtures/testKit.js';
import { connectRoslib } from './fixtures/roslibClient.js';

// roslib 2.1's declarations re-export `./src/RosLib` without a file extension, which NodeNext module
// resolution cannot follow, so `import { Ros } from 'roslib'` type-checks as empty. Take the types from
// the file it means (a tsconfig `paths` entry for roslib would make the plain import work).
const { Action } = roslibModule as unknown as typeof RoslibTypes;
type Action<G, F, R> = RoslibTypes.Action<G, F, R>;
type Ros = RoslibTypes.Ros;

const connect = async (url: string): Promise<Ros> => (await connectRoslib(url, false)).ros;

interface Fibonacci {
  order: number;
}
interface Sequence {
  sequence: number[];
}

/** roslib's sendGoal as a promise, with the feedback it got along the way. */
function sendGoal<G, F, R>(action: Action<G, F, R>, goal: G, onFeedback?: (f: F, id: string) => void): { id: string; done: Promise<{ ok: true; result: R } | { ok: false; error: string }>; feedback: F[] } {
  const feedback: F[] = [];
  let id = '';
  const done = new Promise<{ ok: true; result: R } | { ok: false; error: string }>((resolve) => {
    id =
      action.sendGoal(
        goal,
        (result) => resolve({ ok: true, result }),
        (f) => {
          feedback.push(f);
          onFeedback?.(f, id);
        },
        (error) => resolve({ ok: false, error }),
      ) ?? '';
  });
  return { id, done, feedback };
}

function untilCancelled(goal: ActionGoalHandle): Promise<void> {
  return new Promise((resolve) => {
    if (goal.signal.aborted) resolve();
    else goal.signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

let bridge: RunningBridge | undefined;
const clients: Ros[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await bridge?.stop();
  bridge = undefined;
});

async function setup(): Promise<{ b: RunningBridge; ros: Ros }> {
  const b = await startBridge();
  bridge = b;
  const ros = await connect(b.url);
  clients.push(ros);
  return { b, ros };
}

describe('rosbridge actions with roslib', () => {
  it('runs a Kindred action for a roslib client, with feedback and the result', async () => {
    const { b, ros } = await setup();
    b.server.actions.register('/kindred/fibonacci', 'example_interfaces/action/Fibonacci', async (goal, handle) => {
      const sequence = [0, 1];
      for (let i = 2; i < (goal as Fibonacci).order; i++) {
        sequence.push((sequence[i - 1] ?? 0) + (sequence[i - 2] ?? 0));
        handle.feedback({ sequence: [...sequence] });
        await new Promise((r) => setImmediate(r));
      }
      return { sequence };
    });
    const action = new Action<Fibonacci, Sequence, Sequence>({ ros, name: '/kindred/fibonacci', actionType: 'example_interfaces/action/Fibonacci' });
    const goal = sendGoal(action, { order: 5 });
    expect(await goal.done).toEqual({ ok: true, result: { sequence: [0, 1, 1, 2, 3] } });
    expect(goal.feedback).toEqual([{ sequence: [0, 1, 1] }, { sequence: [0, 1, 1, 2] }, { sequence: [0, 1, 1, 2, 3] }]);
  });

  it('cancels a Kindred goal when roslib asks, ending it canceled with the partial result', async () => {
    const { b, ros } = await setup();
    let cancelSeen = false;
    b.server.actions.register('kindred/walk', 'kindred_msgs/action/Walk', async (_goal, handle) => {
      handle.feedback({ steps: 1 });
      await untilCancelled(handle);
      cancelSeen = handle.cancelRequested;
      return handle.canceled({ steps: 1 });
    });
    const action = new Action<{ steps: number }, { steps: number }, { steps: number }>({ ros, name: 'kindred/walk', actionType: 'kindred_msgs/action/Walk' });
    const goal = sendGoal(action, { steps: 10 }, (_f, id) => action.cancelGoal(id));
    const end = await goal.done;
    expect(end.ok).toBe(false);
    expect(end.ok ? '' : end.error).toBe('GoalError: Action was canceled: {"steps":1}');
    expect(cancelSeen).toBe(true);
  });

  it('cancels every goal of a Kindred action through its _action/cancel_goal service (roslib cancelAllGoals)', async () => {
    const { b, ros } = await setup();
    let running = 0;
    b.server.actions.register('/kindred/hold', 'kindred_msgs/action/Hold', async (_goal, handle) => {
      running++;
      await untilCancelled(handle);
      return handle.canceled({});
    });
    const action = new Action<object, object, object>({ ros, name: '/kindred/hold', actionType: 'kindred_msgs/action/Hold' });
    const goals = [sendGoal(action, {}), sendGoal(action, {})];
    await waitFor(() => running === 2, 'both goals to run');
    action.cancelAllGoals();
    const ends = await Promise.all(goals.map((g) => g.done));
    expect(ends.map((e) => (e.ok ? 'succeeded' : e.error))).toEqual(['GoalError: Action was canceled: {}', 'GoalError: Action was canceled: {}']);
  });

  it('aborts a goal whose handler throws, and reports an unknown action', async () => {
    const { b, ros } = await setup();
    b.server.actions.register('/kindred/stand', 'kindred_msgs/action/Stand', () => {
      throw new Error('patient not in the frame');
    });
    const stand = sendGoal(new Action({ ros, name: '/kindred/stand', actionType: 'kindred_msgs/action/Stand' }), {});
    expect(await stand.done).toEqual({ ok: false, error: 'GoalError: Action was aborted: patient not in the frame' });
    const missing = sendGoal(new Action({ ros, name: '/kindred/fly', actionType: 'kindred_msgs/action/Fly' }), {});
    const end = await missing.done;
    expect(end.ok ? '' : end.error).toMatch(/^GoalError: Action status unknown: ROSBRIDGE_ACTION_UNKNOWN: no action "\/kindred\/fly"/);
  });

  it('forwards Kindred goals to an action a roslib client advertises, with feedback and result', async () => {
    const { b, ros } = await setup();
    const provider = new Action<{ times: number }, { waved: number }, { done: boolean }>({ ros, name: '/tablet/wave', actionType: 'kindred_msgs/action/Wave' });
    provider.advertise(
      (goal, id) => {
        for (let i = 1; i <= goal.times; i++) provider.sendFeedback(id, { waved: i });
        provider.setSucceeded(id, { done: true });
      },
      () => undefined,
    );
    await waitFor(() => b.server.actions.list().some((a) => a.name === '/tablet/wave'), 'the advertisement');
    const feedback: unknown[] = [];
    const outcome = await b.server.actions.sendGoal('/tablet/wave', { times: 2 }, { onFeedback: (f) => feedback.push(f) });
    expect(outcome).toEqual({ status: 'succeeded', statusCode: 4, result: { done: true } });
    expect(feedback).toEqual([{ waved: 1 }, { waved: 2 }]);

    const other = await connect(b.url);
    clients.push(other);
    const viaOther = sendGoal(new Action<{ times: number }, { waved: number }, { done: boolean }>({ ros: other, name: '/tablet/wave', actionType: 'kindred_msgs/action/Wave' }), { times: 1 });
    expect(await viaOther.done).toEqual({ ok: true, result: { done: true } });
    expect(viaOther.feedback).toEqual([{ waved: 1 }]);
  });

  it('cancels a forwarded goal on the providing client, and maps setFailed to aborted', async () => {
    const { b, ros } = await setup();
    const provider = new Action<{ fail: boolean }, object, { done: boolean }>({ ros, name: '/tablet/task', actionType: 'kindred_msgs/action/Task' });
    const cancelled: string[] = [];
    provider.advertise(
      (goal, id) => {
        if (goal.fail) provider.setFailed(id);
      },
      (id) => {
        cancelled.push(id);
        provider.setCanceled(id, { done: false });
      },
    );
    await waitFor(() => b.server.actions.list().some((a) => a.name === '/tablet/task'), 'the advertisement');
    const controller = new AbortController();
    const pending = b.server.actions.sendGoal('/tablet/task', { fail: false }, { signal: controller.signal });
    await waitFor(() => b.server.stats().framesSent >= 1, 'the goal to reach the client');
    controller.abort();
    expect(await pending).toEqual({ status: 'canceled', statusCode: 5, result: { done: false } });
    expect(cancelled).toHaveLength(1);
    expect(await b.server.actions.sendGoal('/tablet/task', { fail: true })).toEqual({ status: 'aborted', statusCode: 6, result: {} });
  });

  it('fails goals in flight when the providing client disconnects', async () => {
    const { b, ros } = await setup();
    const provider = new Action({ ros, name: '/tablet/never', actionType: 'kindred_msgs/action/Never' });
    provider.advertise(
      () => undefined,
      () => undefined,
    );
    await waitFor(() => b.server.actions.list().some((a) => a.name === '/tablet/never'), 'the advertisement');
    const pending = b.server.actions.sendGoal('/tablet/never', {}).catch((e: unknown) => e);
    await waitFor(() => b.server.stats().framesSent >= 1, 'the goal to reach the client');
    ros.close();
    const failure = await pending;
    expect(isKindredError(failure) && (failure.code as string) === 'ROSBRIDGE_ACTION_FAILED').toBe(true);
    await waitFor(() => !b.server.actions.list().some((a) => a.name === '/tablet/never'), 'the action to go with its client');
  });
});
