import { setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { unboundBehaviorActors } from '../actors/index.js';
import type { KindredBehaviorEvent } from '../core/index.js';
import { BehaviorRunner } from './BehaviorRunner.js';
import { busHost } from './testing/busHost.js';

// A rest period written as XState `after` must last that long in simulated time: in lock-step the bus
// clock runs many times faster (or slower) than the wall clock.
const restMachine = setup({ types: { events: {} as KindredBehaviorEvent }, actors: unboundBehaviorActors }).createMachine({
  id: 'rest',
  initial: 'resting',
  on: { 'safety.stop': '.done', 'safety.estop': '.done' },
  states: {
    resting: { tags: ['safe'], after: { 30_000: 'done' } },
    done: { tags: ['safe'], type: 'final' },
  },
});

describe('BehaviorRunner runs `after` delays on the bus clock', () => {
  // With wall-clock timers the rest would still be running after 30 s of simulated time (milliseconds of wall time).
  it('a 30 s rest ends at 30 s of simulated time, not of wall time', async () => {
    const h = busHost();
    const run = BehaviorRunner.start({ id: 'rest', machine: restMachine }, { host: h.host });
    await h.advance(29_990);
    expect(run.status).toBe('running');
    await h.advance(20);
    expect(run.status).toBe('done');
    expect((await run.done()).state).toBe('done');
  });
});
