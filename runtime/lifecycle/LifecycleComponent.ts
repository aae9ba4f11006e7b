import { KindredError } from '../errors/index.js';
import { LifecycleState, type LifecycleStateInfo } from './lifecycleStates.js';
import {
  allowedTransitions,
  errorProcessingOutcomeIds,
  transitionIdFrom,
  transitionRules,
  type CallbackResult,
  type LifecycleTransition,
  type LifecycleTransitionIdValue,
} from './lifecycleTransitions.js';

type MaybePromise<T> = T | Promise<T>;

/** A transition callback. It receives the primary state the transition started from. */
export type TransitionCallback = (previous: LifecycleStateInfo) => MaybePromise<CallbackResult>;

/**
 * What a component does on each transition. Every callback is optional: a missing transition
 * callback succeeds, a missing `onError` fails (so an error ends in `finalized`), as in rclcpp.
 */
export interface LifecycleCallbacks {
  readonly onConfigure?: TransitionCallback;
  readonly onCleanup?: TransitionCallback;
  readonly onActivate?: TransitionCallback;
  readonly onDeactivate?: TransitionCallback;
  readonly onShutdown?: TransitionCallback;
  /** Runs in `errorprocessing`; `previous` is the transition state the error came from. 'success' → unconfigured, otherwise finalized. */
  readonly onError?: (previous: LifecycleStateInfo, cause: unknown) => MaybePromise<CallbackResult>;
}

/** One change of state, as ROS 2 publishes it in `lifecycle_msgs/msg/TransitionEvent`. */
export interface LifecycleTransitionEvent {
  readonly component: string;
  /** The transition that was requested. */
  readonly transition: LifecycleTransition;
  /** ROS `lifecycle_msgs/msg/Transition` id of this step (e.g. 1 configure, 10 on_configure_success). */
  readonly transitionId: LifecycleTransitionIdValue;
  readonly from: LifecycleStateInfo;
  readonly to: LifecycleStateInfo;
  /** The callback's outcome; absent on the step into a transition state. */
  readonly result?: CallbackResult;
  /** What was thrown or what the callback returned instead of a result, when `result` is 'error'. */
  readonly cause?: unknown;
  /** Wall-clock time of the change, nanoseconds since the Unix epoch. */
  readonly stampNs: bigint;
}

export type LifecycleListener = (event: LifecycleTransitionEvent) => void;

export interface LifecycleComponentOptions {
  /** Clock for event stamps, ns since the Unix epoch. Defaults to `Date.now()` in ns. */
  readonly nowNs?: () => bigint;
  /** Called when a listener throws; the state machine itself carries on. Defaults to ignoring it. */
  readonly onListenerError?: (error: unknown, event: LifecycleTransitionEvent) => void;
}

const callbackOf: Readonly<Record<LifecycleTransition, keyof Omit<LifecycleCallbacks, 'onError'>>> = {
  configure: 'onConfigure',
  cleanup: 'onCleanup',
  activate: 'onActivate',
  deactivate: 'onDeactivate',
  shutdown: 'onShutdown',
};

const results: ReadonlySet<unknown> = new Set<CallbackResult>(['success', 'failure', 'error']);

/**
 * A ROS 2 managed-node state machine around a component's callbacks.
 *
 * Why a class wrapping a callbacks object rather than an abstract base class: Kindred's components
 * (hardware interfaces, controllers, servers, recorders) already have their own shapes and
 * sometimes their own base classes; composition lets any of them hand over callbacks without
 * joining a hierarchy, lets tests pass plain objects, and keeps the state machine itself closed —
 * no subclass can override `trigger` or set `state` and so break the ROS rules.
 */
export class LifecycleComponent {
  readonly name: string;
  private current: LifecycleStateInfo = LifecycleState.UNCONFIGURED;
  private inProgress: LifecycleTransition | undefined;
  private readonly callbacks: LifecycleCallbacks;
  private readonly listeners = new Set<LifecycleListener>();
  private readonly nowNs: () => bigint;
  private readonly onListenerError: (error: unknown, event: LifecycleTransitionEvent) => void;

  constructor(name: string, callbacks: LifecycleCallbacks = {}, options: LifecycleComponentOptions = {}) {
    this.name = name;
    this.callbacks = callbacks;
    this.nowNs = options.nowNs ?? (() => BigInt(Date.now()) * 1_000_000n);
    this.onListenerError = options.onListenerError ?? (() => undefined);
  }

  /** The current state: a primary state, or a transition state while a callback runs. */
  get state(): LifecycleStateInfo {
    return this.current;
  }

  /** Whether a transition is running now. */
  get busy(): boolean {
    return this.inProgress !== undefined;
  }

  /** The transitions that `trigger` accepts now (none while one is in progress). */
  availableTransitions(): LifecycleTransition[] {
    return this.inProgress === undefined ? allowedTransitions(this.current) : [];
  }

  /** Listen to every change of state. Returns a function that removes the listener. */
  onTransition(listener: LifecycleListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Run a transition and resolve with the primary state it ended in. Rejects with
   * LIFECYCLE_BAD_TRANSITION (state unchanged) when the transition is not allowed from the current
   * state or another transition is in progress. A callback's failure or error is not a rejection:
   * it shows in the resulting state and in the transition events.
   */
  async trigger(transition: LifecycleTransition): Promise<LifecycleStateInfo> {
    const start = this.current;
    const rule = transitionRules[transition];
    const startId = transitionIdFrom(transition, start);
    if (this.inProgress !== undefined) {
      throw new KindredError(
        'LIFECYCLE_BAD_TRANSITION',
        `component "${this.name}": cannot ${transition} while ${this.inProgress} is in progress (state ${start.label})`,
        { field: this.name, value: transition, state: start.label, inProgress: this.inProgress, expected: 'no transition in progress' },
      );
    }
    if (startId === undefined) {
      const allowed = allowedTransitions(start);
      const expected = allowed.length === 0 ? 'none (the component is finalized)' : allowed.join(' | ');
      throw new KindredError(
        'LIFECYCLE_BAD_TRANSITION',
        `component "${this.name}": cannot ${transition} from state ${start.label}; allowed: ${expected}`,
        { field: this.name, value: transition, state: start.label, allowed, expected },
      );
    }

    this.inProgress = transition;
    try {
      this.enter(rule.via, transition, startId);
      const callback = this.callbacks[callbackOf[transition]];
      const { result, cause } = await this.run(callback === undefined ? undefined : () => callback.call(this.callbacks, start));
      if (result === 'success') {
        this.enter(rule.onSuccess, transition, rule.outcomeIds.success, result);
      } else if (result === 'failure') {
        this.enter(rule.onFailure === 'start' ? start : rule.onFailure, transition, rule.outcomeIds.failure, result);
      } else {
        await this.processError(transition, rule.outcomeIds.error, cause);
      }
      return this.current;
    } finally {
      this.inProgress = undefined;
    }
  }

  private async processError(transition: LifecycleTransition, errorId: LifecycleTransitionIdValue, cause: unknown): Promise<void> {
    const erroredIn = this.current;
    this.enter(LifecycleState.ERRORPROCESSING, transition, errorId, 'error', cause);
    const onError = this.callbacks.onError;
    const { result, cause: errorCause } =
      onError === undefined
        ? { result: 'failure' as const, cause: undefined }
        : await this.run(() => onError.call(this.callbacks, erroredIn, cause));
    const to = result === 'success' ? LifecycleState.UNCONFIGURED : LifecycleState.FINALIZED;
    this.enter(to, transition, errorProcessingOutcomeIds[result], result, result === 'error' ? errorCause : undefined);
  }

  /** Run a callback; a throw or a value other than a result counts as 'error'. */
  private async run(callback: (() => MaybePromise<CallbackResult>) | undefined): Promise<{ result: CallbackResult; cause: unknown }> {
    if (callback === undefined) return { result: 'success', cause: undefined };
    try {
      const value: unknown = await callback();
      if (results.has(value)) return { result: value as CallbackResult, cause: undefined };
      return {
        result: 'error',
        cause: new KindredError('LIFECYCLE_BAD_RESULT', `component "${this.name}": callback returned ${String(value)}; expected 'success' | 'failure' | 'error'`, {
          field: this.name,
          value,
          expected: "'success' | 'failure' | 'error'",
        }),
      };
    } catch (error) {
      return { result: 'error', cause: error };
    }
  }

  private enter(
    to: LifecycleStateInfo,
    transition: LifecycleTransition,
    transitionId: LifecycleTransitionIdValue,
    result?: CallbackResult,
    cause?: unknown,
  ): void {
    const from = this.current;
    this.current = to;
    const event: LifecycleTransitionEvent = {
      component: this.name,
      transition,
      transitionId,
      from,
      to,
      stampNs: this.nowNs(),
      ...(result === undefined ? {} : { result }),
      ...(cause === undefined ? {} : { cause }),
    };
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}
