import { describe, expect, it } from 'vitest';
import { isKindredError } from '../errors/index.js';
import { LifecycleComponent, type LifecycleCallbacks } from './LifecycleComponent.js';
import { LifecycleManager } from './LifecycleManager.js';
import { LifecycleState } from './lifecycleStates.js';
import type { CallbackResult } from './lifecycleTransitions.js';

type Hook = 'onConfigure' | 'onCleanup' | 'onActivate' | 'onDeactivate' | 'onShutdown';

/** Components that record every callback into `calls`; `outcomes` overrides a callback's result. */
function recorder(names: string[], outcomes: Record<string, Partial<Record<Hook, CallbackResult | Error>>> = {}) {
  const calls: string[] = [];
  const hooks: Hook[] = ['onConfigure', 'onCleanup', 'onActivate', 'onDeactivate', 'onShutdown'];
  const components = names.map((name) => {
    const callbacks: Record<string, () => Promise<CallbackResult>> = {};
    for (const hook of hooks) {
      callbacks[hook] = async () => {
        calls.push(`${name}.${hook}`);
        const outcome = outcomes[name]?.[hook] ?? 'success';
        if (outcome instanceof Error) throw outcome;
        return outcome;
      };
    }
    return new LifecycleComponent(name, callbacks as LifecycleCallbacks);
  });
  return { calls, components, manager: new LifecycleManager(components) };
}

describe('LifecycleManager.bringUp', () => {
  it('configures all in order, then activates all in order', async () => {
    const { calls, manager } = recorder(['hardware', 'controller', 'safety']);
    await expect(manager.bringUp()).resolves.toEqual({ ok: true });
    expect(calls).toEqual([
      'hardware.onConfigure',
      'controller.onConfigure',
      'safety.onConfigure',
      'hardware.onActivate',
      'controller.onActivate',
      'safety.onActivate',
    ]);
    expect(manager.states()).toEqual([
      { name: 'hardware', state: 'active', id: 3 },
      { name: 'controller', state: 'active', id: 3 },
      { name: 'safety', state: 'active', id: 3 },
    ]);
  });

  it('stops at the first failure and reports it; later components are untouched', async () => {
    const { calls, manager } = recorder(['hardware', 'controller', 'safety'], { controller: { onConfigure: 'failure' } });
    const result = await manager.bringUp();
    expect(result).toEqual({
      ok: false,
      failure: { component: 'controller', transition: 'configure', result: 'failure', state: LifecycleState.UNCONFIGURED },
    });
    expect(calls).toEqual(['hardware.onConfigure', 'controller.onConfigure']);
    expect(manager.states().map((s) => s.state)).toEqual(['inactive', 'unconfigured', 'unconfigured']);
  });

  it('reports a thrown activation error with its cause', async () => {
    const boom = new Error('drive fault');
    const { manager } = recorder(['hardware', 'controller'], { hardware: { onActivate: boom } });
    const result = await manager.bringUp();
    expect(result).toMatchObject({ ok: false, failure: { component: 'hardware', transition: 'activate', result: 'error', cause: boom } });
    // No onError: error processing fails and the component is finalized (rclcpp default).
    expect(manager.states().map((s) => s.state)).toEqual(['finalized', 'inactive']);
  });

  it('skips components already up and reports a finalized one as refused', async () => {
    const { calls, components, manager } = recorder(['a', 'b']);
    await components[0]?.trigger('configure');
    await components[1]?.trigger('shutdown');
    calls.length = 0;
    const result = await manager.bringUp();
    expect(calls).toEqual([]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.failure).toMatchObject({ component: 'b', transition: 'configure', result: 'refused' });
      expect(isKindredError(result.failure.cause, 'LIFECYCLE_BAD_TRANSITION')).toBe(true);
    }
  });

  it('rejects two components with one name', () => {
    const m = new LifecycleManager([new LifecycleComponent('arm')]);
    expect(() => m.add(new LifecycleComponent('arm'))).toThrowError(expect.objectContaining({ code: 'LIFECYCLE_DUPLICATE' }));
  });
});

describe('LifecycleManager.shutDown', () => {
  it('deactivates in reverse order, then shuts down in reverse order', async () => {
    const { calls, manager } = recorder(['hardware', 'controller', 'safety']);
    await manager.bringUp();
    calls.length = 0;
    await expect(manager.shutDown()).resolves.toEqual({ ok: true, failures: [] });
    expect(calls).toEqual([
      'safety.onDeactivate',
      'controller.onDeactivate',
      'hardware.onDeactivate',
      'safety.onShutdown',
      'controller.onShutdown',
      'hardware.onShutdown',
    ]);
    expect(manager.states().every((s) => s.id === LifecycleState.FINALIZED.id)).toBe(true);
  });

  it('with finalize: false cleans up instead, so bringUp can run again', async () => {
    const { calls, manager } = recorder(['hardware', 'controller']);
    await manager.bringUp();
    calls.length = 0;
    await expect(manager.shutDown({ finalize: false })).resolves.toEqual({ ok: true, failures: [] });
    expect(calls).toEqual(['controller.onDeactivate', 'hardware.onDeactivate', 'controller.onCleanup', 'hardware.onCleanup']);
    expect(manager.states().map((s) => s.state)).toEqual(['unconfigured', 'unconfigured']);
    await expect(manager.bringUp()).resolves.toEqual({ ok: true });
  });

  it('continues past failing components and collects every failure', async () => {
    const boom = new Error('brake did not engage');
    const { calls, manager } = recorder(['hardware', 'controller', 'safety'], {
      controller: { onDeactivate: 'failure' },
      safety: { onShutdown: boom },
      hardware: { onShutdown: 'failure' },
    });
    await manager.bringUp();
    calls.length = 0;
    const result = await manager.shutDown();
    expect(calls).toEqual([
      'safety.onDeactivate',
      'controller.onDeactivate',
      'hardware.onDeactivate',
      'safety.onShutdown',
      // controller's deactivation failed: it is still shut down, from active.
      'controller.onShutdown',
      'hardware.onShutdown',
    ]);
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual([
      { component: 'controller', transition: 'deactivate', result: 'failure', state: LifecycleState.ACTIVE },
      { component: 'safety', transition: 'shutdown', result: 'error', state: LifecycleState.FINALIZED, cause: boom },
      // A failed shutdown still ends finalized (ROS), and is still reported.
      { component: 'hardware', transition: 'shutdown', result: 'failure', state: LifecycleState.FINALIZED },
    ]);
    expect(manager.states().map((s) => s.state)).toEqual(['finalized', 'finalized', 'finalized']);
  });

  it('with finalize: false, a component stuck active is reported and the rest still clean up', async () => {
    const { calls, manager } = recorder(['hardware', 'controller'], { controller: { onDeactivate: 'failure' } });
    await manager.bringUp();
    calls.length = 0;
    const result = await manager.shutDown({ finalize: false });
    expect(calls).toEqual(['controller.onDeactivate', 'hardware.onDeactivate', 'hardware.onCleanup']);
    expect(result.failures.map((f) => [f.component, f.transition, f.result])).toEqual([
      ['controller', 'deactivate', 'failure'],
      ['controller', 'cleanup', 'refused'],
    ]);
    expect(manager.states().map((s) => s.state)).toEqual(['unconfigured', 'active']);
  });
});
