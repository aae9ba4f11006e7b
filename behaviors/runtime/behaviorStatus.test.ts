import { describe, expect, it } from 'vitest';
import { createActor, createMachine, fromCallback, setup } from 'xstate';
import { KindredError } from '../../runtime/errors/index.js';
import { contextJson, statePath } from './behaviorStatus.js';

describe('statePath', () => {
  it.each([
    ['idle', 'idle'],
    [{ session: { set: 'repetition' } }, 'session.set.repetition'],
    [{ active: { arm: 'moving', watch: 'idle' } }, 'active.arm.moving, active.watch.idle'],
    [{ a: 'x', b: { c: 'y' } }, 'a.x, b.c.y'],
  ])('%j → %s', (value, path) => {
    expect(statePath(value)).toBe(path);
  });

  it('matches what a running machine reports', () => {
    const machine = createMachine({ type: 'parallel', states: { arm: { initial: 'moving', states: { moving: {} } }, watch: { initial: 'idle', states: { idle: {} } } } });
    expect(statePath(createActor(machine).getSnapshot().value)).toBe('arm.moving, watch.idle');
  });
});

describe('contextJson', () => {
  it('writes bigints, typed arrays, maps, sets and coded errors as JSON', () => {
    const json = contextJson({
      stampNs: 12n,
      samples: Float64Array.from([0.5, 1]),
      byJoint: new Map([['knee_left', 0.3]]),
      seen: new Set(['pain']),
      error: new KindredError('BEHAVIOR_ACTOR_TRACKING_FAILED', 'knee lags', { joint: 'knee_left' }),
      plain: new Error('boom'),
      fn: () => 1,
    });
    expect(JSON.parse(json)).toEqual({
      stampNs: '12',
      samples: [0.5, 1],
      byJoint: { knee_left: 0.3 },
      seen: ['pain'],
      error: { code: 'BEHAVIOR_ACTOR_TRACKING_FAILED', message: 'knee lags', context: { joint: 'knee_left' } },
      plain: { message: 'boom' },
    });
  });

  it('replaces actor references by their id, cycles by a marker, and oversized contexts by a note', () => {
    const machine = setup({ actors: { child: fromCallback(() => () => undefined) } }).createMachine({
      context: ({ spawn }) => ({ helper: spawn('child', { id: 'helper' }) }),
    });
    const actor = createActor(machine).start();
    expect(JSON.parse(contextJson(actor.getSnapshot().context))).toEqual({ helper: { actor: 'helper' } });
    actor.stop();
    const loop: { name: string; self?: unknown } = { name: 'loop' };
    loop.self = loop;
    expect(JSON.parse(contextJson(loop))).toEqual({ name: 'loop', self: '[circular]' });
    expect(JSON.parse(contextJson({ big: 'x'.repeat(100) }, 50))).toEqual({ truncated: true, chars: JSON.stringify({ big: 'x'.repeat(100) }).length });
  });
});
