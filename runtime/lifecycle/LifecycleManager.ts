import { KindredError } from '../errors/index.js';
import type { LifecycleComponent } from './LifecycleComponent.js';
import { LifecycleState, type LifecycleStateInfo, type LifecycleStateLabel } from './lifecycleStates.js';
import type { LifecycleTransition } from './lifecycleTransitions.js';

/** A transition that did not reach its goal. */
export interface LifecycleStepFailure {
  readonly component: string;
  readonly transition: LifecycleTransition;
  /** 'refused': the transition was not allowed (see `cause`); otherwise the callback's outcome. */
  readonly result: 'failure' | 'error' | 'refused';
  /** Where the component ended up. */
  readonly state: LifecycleStateInfo;
  /** A refused transition (LIFECYCLE_BAD_TRANSITION) or whatever the component's callback threw, if anything. */
  readonly cause?: unknown;
}

export type BringUpResult = { readonly ok: true } | { readonly ok: false; readonly failure: LifecycleStepFailure };

export interface ShutDownResult {
  readonly ok: boolean;
  /** Every step that failed, in the order they were attempted. */
  readonly failures: readonly LifecycleStepFailure[];
}

export interface ShutDownOptions {
  /**
   * true (default): finish with `shutdown`, leaving components finalized (process exit).
   * false: finish with `cleanup`, leaving them unconfigured so `bringUp` can run again.
   */
  readonly finalize?: boolean;
}

/** One line of the /healthz lifecycle report. */
export interface ComponentStateSnapshot {
  readonly name: string;
  readonly state: LifecycleStateLabel;
  readonly id: LifecycleStateInfo['id'];
}

/**
 * Brings a set of components up and down in a fixed order (ros2_control's controller manager and
 * nav2's lifecycle manager work the same way): the order given is the dependency order, so
 * bring-up goes forwards and shut-down goes backwards.
 */
export class LifecycleManager {
  private readonly components: LifecycleComponent[] = [];

  constructor(components: Iterable<LifecycleComponent> = []) {
    for (const c of components) this.add(c);
  }

  /** Append a component; names must be unique (they key /healthz). */
  add(component: LifecycleComponent): void {
    if (this.components.some((c) => c.name === component.name)) {
      throw new KindredError('LIFECYCLE_DUPLICATE', `component "${component.name}" is already managed; names must be unique`, {
        field: component.name,
        value: component.name,
        expected: 'a name not already managed',
      });
    }
    this.components.push(component);
  }

  /** The managed components, in bring-up order. */
  list(): readonly LifecycleComponent[] {
    return [...this.components];
  }

  /**
   * Configure every unconfigured component in order, then activate every inactive one in order.
   * Stops at the first transition that does not reach its goal and reports it; components already
   * brought up stay as they are (call `shutDown` to undo them).
   */
  async bringUp(): Promise<BringUpResult> {
    const phases: ReadonlyArray<readonly [LifecycleTransition, LifecycleStateInfo]> = [
      ['configure', LifecycleState.INACTIVE],
      ['activate', LifecycleState.ACTIVE],
    ];
    for (const [transition, goal] of phases) {
      for (const component of this.components) {
        // Already there (or further): nothing to do. Anything else, e.g. finalized, is attempted so
        // that the component's own refusal, with its reason, goes into the report.
        if (component.state.id === goal.id || component.state.id === LifecycleState.ACTIVE.id) continue;
        const failure = await step(component, transition, goal);
        if (failure !== undefined) return { ok: false, failure };
      }
    }
    return { ok: true };
  }

  /**
   * Deactivate every active component in reverse order, then clean up (or shut down) every
   * component in reverse order. Never stops halfway: a failure is recorded and the next component
   * is still taken down. With `finalize`, a component whose deactivation failed is still shut
   * down (ROS allows shutdown from active).
   */
  async shutDown(options: ShutDownOptions = {}): Promise<ShutDownResult> {
    const finalize = options.finalize ?? true;
    const failures: LifecycleStepFailure[] = [];
    const reversed = [...this.components].reverse();
    for (const component of reversed) {
      if (component.state.id !== LifecycleState.ACTIVE.id) continue;
      const failure = await step(component, 'deactivate', LifecycleState.INACTIVE);
      if (failure !== undefined) failures.push(failure);
    }
    for (const component of reversed) {
      const id = component.state.id;
      if (finalize) {
        if (id === LifecycleState.FINALIZED.id) continue;
        const failure = await step(component, 'shutdown', LifecycleState.FINALIZED);
        if (failure !== undefined) failures.push(failure);
      } else {
        if (id === LifecycleState.UNCONFIGURED.id || id === LifecycleState.FINALIZED.id) continue;
        const failure = await step(component, 'cleanup', LifecycleState.UNCONFIGURED);
        if (failure !== undefined) failures.push(failure);
      }
    }
    return { ok: failures.length === 0, failures };
  }

  /** Every component's state, in bring-up order, for /healthz. */
  states(): ComponentStateSnapshot[] {
    return this.components.map((c) => ({ name: c.name, state: c.state.label, id: c.state.id }));
  }
}

/** Run one transition; undefined when it reached `goal`, otherwise what went wrong. */
async function step(component: LifecycleComponent, transition: LifecycleTransition, goal: LifecycleStateInfo): Promise<LifecycleStepFailure | undefined> {
  let cause: unknown;
  let result: 'failure' | 'error' | undefined;
  const stop = component.onTransition((event) => {
    // The first bad outcome counts: an error then a successful onError is still an error.
    if (result === undefined && (event.result === 'failure' || event.result === 'error')) result = event.result;
    if (cause === undefined && event.cause !== undefined) cause = event.cause;
  });
  try {
    const reached = await component.trigger(transition);
    // A failed shutdown still ends finalized (ROS), so the goal alone does not tell success.
    if (reached.id === goal.id && result === undefined) return undefined;
    return { component: component.name, transition, result: result ?? 'failure', state: reached, ...(cause === undefined ? {} : { cause }) };
  } catch (error) {
    return { component: component.name, transition, result: 'refused', state: component.state, cause: error };
  } finally {
    stop();
  }
}
