import { describe, expect, it } from 'vitest';
import { isKindredError, type KindredError } from '../errors/index.js';
import { LifecycleComponent, type LifecycleCallbacks, type LifecycleTransitionEvent, type TransitionCallback } from './LifecycleComponent.js';
import { LifecycleState, type LifecycleStateKey } from './lifecycleStates.js';
import { lifecycleTransitions, type CallbackResult, type LifecycleTransition } from './lifecycleTransitions.js';

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A component brought into `state`. For transition states a callback is left pending; `release` finishes it. */
async function reach(state: LifecycleStateKey): Promise<{ c: LifecycleComponent; release: () => Promise<void> }> {
  const gate = deferred<CallbackResult>();
  const hold = (): Promise<CallbackResult> => gate.promise;
  const paths: Record<LifecycleStateKey, { callbacks: LifecycleCallbacks; steps: LifecycleTransition[]; pending?: LifecycleTransition }> = {
    UNKNOWN: { callbacks: {}, steps: [] },
    UNCONFIGURED: { callbacks: {}, steps: [] },
    INACTIVE: { callbacks: {}, steps: ['configure'] },
    ACTIVE: { callbacks: {}, steps: ['configure', 'activate'] },
    FINALIZED: { callbacks: {}, steps: ['shutdown'] },
    CONFIGURING: { callbacks: { onConfigure: hold }, steps: [], pending: 'configure' },
    CLEANINGUP: { callbacks: { onCleanup: hold }, steps: ['configure'], pending: 'cleanup' },
    SHUTTINGDOWN: { callbacks: { onShutdown: hold }, steps: [], pending: 'shutdown' },
    ACTIVATING: { callbacks: { onActivate: hold }, steps: ['configure'], pending: 'activate' },
    DEACTIVATING: { callbacks: { onDeactivate: hold }, steps: ['configure', 'activate'], pending: 'deactivate' },
    ERRORPROCESSING: { callbacks: { onConfigure: () => 'error', onError: hold }, steps: [], pending: 'configure' },
  };
  const path = paths[state];
  const c = new LifecycleComponent('knee_drive', path.callbacks);
  for (const t of path.steps) await c.trigger(t);
  let running: Promise<unknown> = Promise.resolve();
  if (path.pending !== undefined) {
    running = c.trigger(path.pending);
    // Let the transition reach its pending callback (errorprocessing needs two hops).
    for (let i = 0; i < 5; i++) await Promise.resolve();
  }
  return {
    c,
    release: async () => {
      gate.resolve('success');
      await running;
    },
  };
}

// The ROS 2 default state machine, written out by hand (not derived from transitionRules).
const allowed: Record<Exclude<LifecycleStateKey, 'UNKNOWN'>, Partial<Record<LifecycleTransition, LifecycleStateKey>>> = {
  UNCONFIGURED: { configure: 'INACTIVE', shutdown: 'FINALIZED' },
  INACTIVE: { cleanup: 'UNCONFIGURED', activate: 'ACTIVE', shutdown: 'FINALIZED' },
  ACTIVE: { deactivate: 'INACTIVE', shutdown: 'FINALIZED' },
  FINALIZED: {},
  CONFIGURING: {},
  CLEANINGUP: {},
  SHUTTINGDOWN: {},
  ACTIVATING: {},
  DEACTIVATING: {},
  ERRORPROCESSING: {},
};

const table = (Object.keys(allowed) as (keyof typeof allowed)[]).flatMap((state) =>
  lifecycleTransitions.map((transition) => [state, transition, allowed[state][transition]] as const),
);

async function rejection(p: Promise<unknown>): Promise<KindredError> {
  try {
    await p;
  } catch (e) {
    if (isKindredError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('LifecycleComponent transition table', () => {
  it.each(table)('from %s, %s → %s', async (state, transition, goal) => {
    const { c, release } = await reach(state);
    expect(c.state).toBe(LifecycleState[state]);
    if (goal !== undefined) {
      await expect(c.trigger(transition)).resolves.toBe(LifecycleState[goal]);
      expect(c.state).toBe(LifecycleState[goal]);
    } else {
      const e = await rejection(c.trigger(transition));
      expect(e.code).toBe('LIFECYCLE_BAD_TRANSITION');
      expect(e.message).toContain('"knee_drive"');
      expect(e.message).toContain(transition);
      expect(e.message).toContain(LifecycleState[state].label);
      expect(c.state).toBe(LifecycleState[state]);
    }
    await release();
  });

  it('names the allowed transitions when refusing', async () => {
    const { c } = await reach('INACTIVE');
    const e = await rejection(c.trigger('deactivate'));
    expect(e.message).toBe('component "knee_drive": cannot deactivate from state inactive; allowed: cleanup | activate | shutdown');
    expect(e.context).toMatchObject({ state: 'inactive', allowed: ['cleanup', 'activate', 'shutdown'], value: 'deactivate' });
    expect(c.availableTransitions()).toEqual(['cleanup', 'activate', 'shutdown']);
  });

  it('says when nothing is allowed any more', async () => {
    const { c } = await reach('FINALIZED');
    const e = await rejection(c.trigger('configure'));
    expect(e.message).toContain('allowed: none (the component is finalized)');
  });
});

describe('LifecycleComponent callbacks', () => {
  const starts: ReadonlyArray<readonly [LifecycleStateKey, LifecycleTransition, keyof LifecycleCallbacks]> = [
    ['UNCONFIGURED', 'configure', 'onConfigure'],
    ['INACTIVE', 'cleanup', 'onCleanup'],
    ['INACTIVE', 'activate', 'onActivate'],
    ['ACTIVE', 'deactivate', 'onDeactivate'],
    ['UNCONFIGURED', 'shutdown', 'onShutdown'],
    ['INACTIVE', 'shutdown', 'onShutdown'],
    ['ACTIVE', 'shutdown', 'onShutdown'],
  ];

  async function componentAt(state: LifecycleStateKey, callbacks: LifecycleCallbacks): Promise<LifecycleComponent> {
    let armed = false;
    // Callbacks under test only act once the component stands in `state`.
    const wrapped: Record<string, unknown> = {};
    for (const [k, f] of Object.entries(callbacks)) {
      wrapped[k] = (...args: unknown[]) => (armed ? (f as (...a: unknown[]) => unknown)(...args) : 'success');
    }
    const c = new LifecycleComponent('knee_drive', wrapped as LifecycleCallbacks);
    const steps: Partial<Record<LifecycleStateKey, LifecycleTransition[]>> = { INACTIVE: ['configure'], ACTIVE: ['configure', 'activate'] };
    for (const t of steps[state] ?? []) await c.trigger(t);
    armed = true;
    return c;
  }

  it.each(starts)("from %s, %s with 'failure' returns to the start state (shutdown: finalized, as ROS)", async (state, transition, cb) => {
    const c = await componentAt(state, { [cb]: () => 'failure' });
    const expected = transition === 'shutdown' ? LifecycleState.FINALIZED : LifecycleState[state];
    await expect(c.trigger(transition)).resolves.toBe(expected);
  });

  it.each(starts)("from %s, %s with 'error' goes through errorprocessing; onError success → unconfigured", async (state, transition, cb) => {
    const seen: unknown[] = [];
    const c = await componentAt(state, {
      [cb]: async () => 'error',
      onError: (previous: unknown) => {
        seen.push(previous);
        return 'success';
      },
    });
    const events: LifecycleTransitionEvent[] = [];
    c.onTransition((e) => events.push(e));
    await expect(c.trigger(transition)).resolves.toBe(LifecycleState.UNCONFIGURED);
    expect(events.map((e) => e.to.label)).toEqual([expect.any(String), 'errorprocessing', 'unconfigured']);
    expect(seen).toEqual([events[0]?.to]);
  });

  it.each(starts)('from %s, %s that throws keeps the exception as the cause; onError failure → finalized', async (state, transition, cb) => {
    const boom = new Error('encoder not responding');
    const causes: unknown[] = [];
    const c = await componentAt(state, {
      [cb]: () => {
        throw boom;
      },
      onError: (_: unknown, cause: unknown) => {
        causes.push(cause);
        return 'failure';
      },
    });
    const events: LifecycleTransitionEvent[] = [];
    c.onTransition((e) => events.push(e));
    await expect(c.trigger(transition)).resolves.toBe(LifecycleState.FINALIZED);
    expect(causes).toEqual([boom]);
    expect(events[1]).toMatchObject({ to: LifecycleState.ERRORPROCESSING, result: 'error', cause: boom });
    expect(events[2]).toMatchObject({ from: LifecycleState.ERRORPROCESSING, to: LifecycleState.FINALIZED, result: 'failure' });
  });

  it.each<[string, LifecycleCallbacks['onError']]>([
    ['missing (rclcpp default: failure)', undefined],
    ["returning 'error'", () => 'error'],
    ['throwing', () => Promise.reject(new Error('cannot recover'))],
  ])('onError %s → finalized', async (_, onError) => {
    const c = new LifecycleComponent('hip', { onConfigure: () => 'error', ...(onError === undefined ? {} : { onError }) });
    await expect(c.trigger('configure')).resolves.toBe(LifecycleState.FINALIZED);
  });

  it('a callback returning something other than a result counts as an error with LIFECYCLE_BAD_RESULT as cause', async () => {
    const c = new LifecycleComponent('hip', { onConfigure: (() => true) as unknown as TransitionCallback });
    const events: LifecycleTransitionEvent[] = [];
    c.onTransition((e) => events.push(e));
    await expect(c.trigger('configure')).resolves.toBe(LifecycleState.FINALIZED);
    const cause = events[1]?.cause;
    expect(isKindredError(cause, 'LIFECYCLE_BAD_RESULT')).toBe(true);
    expect((cause as Error).message).toContain('callback returned true');
  });

  it('passes the start state to the callback and emits ROS transition ids and stamps', async () => {
    let stamp = 1_000n;
    const previous: unknown[] = [];
    const c = new LifecycleComponent(
      'hip',
      {
        onConfigure: (p) => {
          previous.push(p);
          return 'success';
        },
      },
      { nowNs: () => (stamp += 5n) },
    );
    const events: LifecycleTransitionEvent[] = [];
    c.onTransition((e) => events.push(e));
    await c.trigger('configure');
    await c.trigger('shutdown');
    expect(previous).toEqual([LifecycleState.UNCONFIGURED]);
    expect(events).toEqual([
      { component: 'hip', transition: 'configure', transitionId: 1, from: LifecycleState.UNCONFIGURED, to: LifecycleState.CONFIGURING, stampNs: 1_005n },
      { component: 'hip', transition: 'configure', transitionId: 10, from: LifecycleState.CONFIGURING, to: LifecycleState.INACTIVE, result: 'success', stampNs: 1_010n },
      { component: 'hip', transition: 'shutdown', transitionId: 6, from: LifecycleState.INACTIVE, to: LifecycleState.SHUTTINGDOWN, stampNs: 1_015n },
      { component: 'hip', transition: 'shutdown', transitionId: 50, from: LifecycleState.SHUTTINGDOWN, to: LifecycleState.FINALIZED, result: 'success', stampNs: 1_020n },
    ]);
  });

  it('refuses a trigger while another transition is in progress, then accepts after it ends', async () => {
    const gate = deferred<CallbackResult>();
    const c = new LifecycleComponent('hip', { onConfigure: () => gate.promise });
    const first = c.trigger('configure');
    expect(c.state).toBe(LifecycleState.CONFIGURING);
    expect(c.busy).toBe(true);
    expect(c.availableTransitions()).toEqual([]);
    const e = await rejection(c.trigger('shutdown'));
    expect(e.code).toBe('LIFECYCLE_BAD_TRANSITION');
    expect(e.message).toBe('component "hip": cannot shutdown while configure is in progress (state configuring)');
    gate.resolve('success');
    await expect(first).resolves.toBe(LifecycleState.INACTIVE);
    expect(c.busy).toBe(false);
    await expect(c.trigger('activate')).resolves.toBe(LifecycleState.ACTIVE);
  });

  it('a throwing listener neither breaks the transition nor silences other listeners', async () => {
    const reported: unknown[] = [];
    const c = new LifecycleComponent('hip', {}, { onListenerError: (err) => reported.push(err) });
    const seen: string[] = [];
    c.onTransition(() => {
      throw new Error('listener bug');
    });
    const stop = c.onTransition((e) => seen.push(e.to.label));
    await expect(c.trigger('configure')).resolves.toBe(LifecycleState.INACTIVE);
    expect(seen).toEqual(['configuring', 'inactive']);
    expect(reported).toHaveLength(2);
    stop();
    await c.trigger('activate');
    expect(seen).toHaveLength(2);
  });
});
