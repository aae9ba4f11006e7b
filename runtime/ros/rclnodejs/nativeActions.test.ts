import { describe, expect, it } from 'vitest';
import { GOAL_STATUS, outcomeOfStatus, terminalTransition } from './nativeActions.js';

describe('native goals end as ROS 2 allows', () => {
  it.each([
    ['succeeded', false, 'succeed'],
    ['succeeded', true, 'succeed'],
    ['canceled', true, 'canceled'],
    // ROS 2's goal state machine allows CANCELED only from CANCELING: a handler giving up by itself aborts.
    ['canceled', false, 'abort'],
    ['aborted', true, 'abort'],
    ['aborted', false, 'abort'],
  ] as const)('a Kindred handler ending %s (cancel requested: %s) → %s', (status, cancelRequested, transition) => {
    expect(terminalTransition({ status }, cancelRequested)).toBe(transition);
  });

  it.each([
    [GOAL_STATUS.SUCCEEDED, 'succeeded', 4],
    [GOAL_STATUS.CANCELED, 'canceled', 5],
    [GOAL_STATUS.ABORTED, 'aborted', 6],
    [0, 'aborted', 6],
  ])('a native goal with final status %i resolves %s', (code, status, statusCode) => {
    const outcome = outcomeOfStatus(code, { sequence: Int32Array.of(0, 1, 1, 2) });
    expect(outcome).toEqual({ status, statusCode, result: { sequence: [0, 1, 1, 2] } });
  });
});
