import { afterEach, describe, expect, it } from 'vitest';
import { Bus } from '../../bus/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import type { ActionGoalHandle } from '../rosbridge/index.js';
import { Cleanup, makeClient, startBridge, waitFor } from './fixtures/clientKit.js';
import { RosBridgeMapping } from './RosBridgeMapping.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

interface Sequence {
  sequence: number[];
}

function untilCancelled(goal: ActionGoalHandle): Promise<void> {
  return new Promise((resolve) => {
    if (goal.signal.aborted) resolve();
    else goal.signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

async function setup(): Promise<RosBridgeMapping> {
  const r = await startBridge();
  cleanup.add(() => r.stop());
  // The robot's action server: Fibonacci with feedback; order < 0 fails, order 0 aborts; order ≥ 100 runs until
  // cancelled and then ends canceled with what it has.
  r.server.actions.register('/robot/fibonacci', 'example_interfaces/action/Fibonacci', async (goal, handle) => {
    const order = (goal as { order: number }).order;
    if (order < 0) throw new Error(`order ${order} is negative`);
    if (order === 0) return handle.aborted({ sequence: [] });
    const waitForCancel = order >= 100; // long goals send a little feedback, then run until cancelled
    const sequence = [0, 1];
    for (let i = 2; i < (waitForCancel ? 5 : order); i++) {
      sequence.push((sequence[i - 1] ?? 0) + (sequence[i - 2] ?? 0));
      handle.feedback({ partial_sequence: [...sequence] });
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (waitForCancel) {
      await untilCancelled(handle);
      return handle.canceled({ sequence });
    }
    return { sequence };
  });
  const { client } = makeClient(cleanup, { url: r.url });
  const mapping = new RosBridgeMapping({
    client,
    bus: new Bus<MessageTypeMap>(),
    config: {
      actions: [
        { name: 'fibonacci', ros: '/robot/fibonacci', type: 'example_interfaces/action/Fibonacci' },
        { name: 'ghost', ros: '/robot/ghost', type: 'example_interfaces/action/Fibonacci' },
      ],
    },
  });
  await client.connect();
  return mapping;
}

describe('actions on the robot, sent through the mapping', () => {
  it('delivers feedback in order and then the result', async () => {
    const mapping = await setup();
    const feedback: unknown[] = [];
    const goal = mapping.sendGoal('fibonacci', { order: 6 }, { onFeedback: (f) => feedback.push(f) });
    const outcome = await goal.result;
    expect(outcome).toEqual({ status: 'succeeded', statusCode: 4, result: { sequence: [0, 1, 1, 2, 3, 5] } });
    expect(feedback).toEqual([{ partial_sequence: [0, 1, 1] }, { partial_sequence: [0, 1, 1, 2] }, { partial_sequence: [0, 1, 1, 2, 3] }, { partial_sequence: [0, 1, 1, 2, 3, 5] }]);
  });

  it('cancels a goal: the action server ends it canceled with its partial result', async () => {
    const mapping = await setup();
    const feedback: unknown[] = [];
    const goal = mapping.sendGoal('fibonacci', { order: 100 }, { onFeedback: (f) => feedback.push(f) });
    await waitFor(() => feedback.length > 0, 'the first feedback');
    goal.cancel();
    const outcome = await goal.result;
    expect(outcome.status).toBe('canceled');
    expect(outcome.statusCode).toBe(5);
    expect((outcome.result as Sequence).sequence.slice(0, 4)).toEqual([0, 1, 1, 2]);
  });

  it('reports an aborted goal as aborted, and a failed or unknown action as ROS_CLIENT_ACTION_FAILED', async () => {
    const mapping = await setup();
    await expect(mapping.sendGoal('fibonacci', { order: 0 }).result).resolves.toEqual({ status: 'aborted', statusCode: 6, result: { sequence: [] } });
    await expect(mapping.sendGoal('fibonacci', { order: -3 }).result).rejects.toThrowError(expect.objectContaining({ code: 'ROS_CLIENT_ACTION_FAILED', message: expect.stringContaining('order -3 is negative') }));
    await expect(mapping.sendGoal('ghost', { order: 3 }).result).rejects.toThrowError(expect.objectContaining({ code: 'ROS_CLIENT_ACTION_FAILED', message: expect.stringContaining('/robot/ghost') }));
    expect(() => mapping.sendGoal('walk')).toThrowError(expect.objectContaining({ code: 'ROS_CLIENT_NAME_UNKNOWN' }));
  });
});
