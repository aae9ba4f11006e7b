import { isKindredError, type KindredError } from '../../errors/index.js';
import { GoalStatus } from './protocol.js';
import { resolveName } from './names.js';
import { rosbridgeError } from './rosbridgeErrors.js';
import { failureText, type ServiceProvider } from './ServiceRegistry.js';
import { ProvidedNames, type RemoteEntry } from './ProvidedNames.js';

/** How a goal ended, in words and as action_msgs/msg/GoalStatus. */
export type ActionStatusName = 'succeeded' | 'canceled' | 'aborted';

/** How a goal ended: what `sendGoal` resolves with and what `action_result` carries. */
export interface ActionOutcome {
  readonly status: ActionStatusName;
  /** 4 succeeded, 5 canceled, 6 aborted (action_msgs/msg/GoalStatus). */
  readonly statusCode: number;
  readonly result: unknown;
}

/** Returned by a handler (through `canceled`/`aborted`) to end its goal other than by success. */
export class ActionEnd {
  constructor(
    readonly status: 'canceled' | 'aborted',
    readonly result: unknown,
  ) {}
}

/** What an action handler gets besides the goal. */
export interface ActionGoalHandle {
  readonly goalId: string;
  readonly action: string;
  /** The client that sent the goal, or undefined when Kindred sent it. */
  readonly client: string | undefined;
  /** Aborted when the sender cancels the goal (or disconnects). Cancelling is a request: the handler decides how the goal ends. */
  readonly signal: AbortSignal;
  readonly cancelRequested: boolean;
  /** Send feedback to the goal's sender. */
  feedback(values: unknown): void;
  /** `return goal.canceled(partialResult)` ends the goal as canceled (status 5). */
  canceled(result?: unknown): ActionEnd;
  /** `return goal.aborted(result)` ends the goal as aborted (status 6). */
  aborted(result?: unknown): ActionEnd;
}

/**
 * Runs one goal. A returned value (or the promise's) is the result of a goal that succeeded; an
 * `ActionEnd` from `canceled`/`aborted` ends it that way; throwing aborts it with the error's text
 * (`result: false` on the wire).
 */
export type ActionHandler = (goal: unknown, handle: ActionGoalHandle) => unknown;

/** How a goal is followed: feedback, cancellation, and who sent it. */
export interface GoalOptions {
  readonly onFeedback?: (values: unknown) => void;
  /** Abort to request cancellation. */
  readonly signal?: AbortSignal;
  readonly client?: string;
}

/** One action as `/rosapi/action_servers` lists it. */
export interface ActionInfo {
  readonly name: string;
  readonly type: string;
  /** `kindred` or the id of the client that advertised it. */
  readonly provider: string;
}

type LocalEntry = { readonly kind: 'local'; readonly name: string; readonly type: string; readonly handler: ActionHandler; readonly goals: Set<AbortController> };
type Entry = LocalEntry | RemoteEntry;

interface RemoteGoal {
  readonly provider: ServiceProvider;
  readonly action: string;
  readonly onFeedback: ((values: unknown) => void) | undefined;
  readonly resolve: (o: ActionOutcome) => void;
  readonly reject: (e: KindredError) => void;
}

function outcome(statusCode: number, result: unknown): ActionOutcome {
  const status: ActionStatusName = statusCode === GoalStatus.SUCCEEDED ? 'succeeded' : statusCode === GoalStatus.CANCELED ? 'canceled' : 'aborted';
  return { status, statusCode, result: result ?? {} };
}

function actionFailed(action: string, cause: unknown): KindredError {
  const reason = typeof cause === 'string' ? cause : failureText(cause);
  return rosbridgeError('ROSBRIDGE_ACTION_FAILED', `action ${action} failed: ${reason}`, { field: 'action', value: action, reason }, typeof cause === 'string' ? undefined : cause);
}

/**
 * The ROS 2 actions the bridge offers: Kindred's own (`register`) and those clients advertise
 * (`advertise_action`), whose goals are forwarded as `send_action_goal` and completed by the
 * client's `action_feedback` / `action_result` with the same id; cancelling sends it
 * `cancel_action_goal`. Names are resolved (`x` is `/x`).
 */
export class ActionRegistry {
  private readonly names = new ProvidedNames<LocalEntry>('action', (entry, why) => this.failWaiting(entry, why));
  private get entries(): Map<string, Entry> {
    return this.names.entries;
  }
  private readonly remoteGoals = new Map<string, RemoteGoal>();
  private nextId = 1;

  /** Offer an action. Returns a function that withdraws it. Throws ROSBRIDGE_ACTION_DUPLICATE. */
  register(name: string, type: string, handler: ActionHandler): () => void {
    return this.names.addLocal(name, (resolved) => ({ kind: 'local', name: resolved, type, handler, goals: new Set() }));
  }

  /** A client's `advertise_action`; 'taken' when Kindred provides that action. */
  advertise(name: string, spelling: string, type: string, provider: ServiceProvider): 'ok' | 'replaced' | 'taken' {
    return this.names.advertise(name, spelling, type, provider);
  }

  /** A client's `unadvertise_action`; false when that client does not provide the action. */
  unadvertise(name: string, provider: ServiceProvider): boolean {
    return this.names.unadvertise(name, provider);
  }

  /** A client left: its actions go, and what waits on them fails. */
  dropProvider(provider: ServiceProvider): void {
    this.names.dropProvider(provider);
  }

  /**
   * Send a goal to an action, whoever provides it. Resolves with how it ended (succeeded, canceled
   * or aborted, with the result); rejects with ROSBRIDGE_ACTION_UNKNOWN, or ROSBRIDGE_ACTION_FAILED
   * when the handler threw or the providing client went away.
   */
  sendGoal(name: string, goal: unknown = {}, options: GoalOptions = {}): Promise<ActionOutcome> {
    const entry = this.names.find(name);
    if (isKindredError(entry)) return Promise.reject(entry);
    const resolved = entry.name;
    const goalId = `action_goal:${resolved}:${this.nextId++}`;
    return entry.kind === 'local' ? this.runLocal(entry, goalId, goal, options) : this.forward(entry, goalId, goal, options);
  }

  private async runLocal(entry: Entry & { kind: 'local' }, goalId: string, goal: unknown, options: GoalOptions): Promise<ActionOutcome> {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted === true) controller.abort();
    entry.goals.add(controller);
    let finished = false;
    const handle: ActionGoalHandle = {
      goalId,
      action: entry.name,
      client: options.client,
      signal: controller.signal,
      get cancelRequested() {
        return controller.signal.aborted;
      },
      feedback: (values) => {
        if (!finished) options.onFeedback?.(values);
      },
      canceled: (result) => new ActionEnd('canceled', result),
      aborted: (result) => new ActionEnd('aborted', result),
    };
    try {
      const value: unknown = await entry.handler(goal, handle);
      if (value instanceof ActionEnd) return outcome(value.status === 'canceled' ? GoalStatus.CANCELED : GoalStatus.ABORTED, value.result);
      return outcome(GoalStatus.SUCCEEDED, value);
    } catch (e) {
      throw actionFailed(entry.name, e);
    } finally {
      finished = true;
      entry.goals.delete(controller);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  private forward(entry: Entry & { kind: 'remote' }, goalId: string, goal: unknown, options: GoalOptions): Promise<ActionOutcome> {
    return new Promise<ActionOutcome>((resolve, reject) => {
      const cancel = (): void => {
        if (this.remoteGoals.has(goalId)) entry.provider.sendOp({ op: 'cancel_action_goal', id: goalId, action: entry.spelling });
      };
      const done = (): void => {
        this.remoteGoals.delete(goalId);
        options.signal?.removeEventListener('abort', cancel);
      };
      this.remoteGoals.set(goalId, {
        provider: entry.provider,
        action: entry.name,
        onFeedback: options.onFeedback,
        resolve: (o) => {
          done();
          resolve(o);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      });
      options.signal?.addEventListener('abort', cancel, { once: true });
      entry.provider.sendOp({ op: 'send_action_goal', id: goalId, action: entry.spelling, action_type: entry.type, args: goal, feedback: true });
      if (options.signal?.aborted === true) cancel();
    });
  }

  /** A providing client's `action_feedback`; false when it has no such goal. */
  feedback(provider: ServiceProvider, goalId: string, values: unknown): boolean {
    const goal = this.remoteGoals.get(goalId);
    if (goal === undefined || goal.provider !== provider) return false;
    goal.onFeedback?.(values);
    return true;
  }

  /** A providing client's `action_result`; false when it has no such goal. */
  result(provider: ServiceProvider, goalId: string, status: number, result: boolean, values: unknown): boolean {
    const goal = this.remoteGoals.get(goalId);
    if (goal === undefined || goal.provider !== provider) return false;
    // `result: false` (roslib's setFailed) aborts the goal, as rosbridge_suite does.
    goal.resolve(result ? outcome(status, values) : outcome(GoalStatus.ABORTED, values));
    return true;
  }

  /** Request cancellation of every goal of a Kindred action (its `_action/cancel_goal` with no goal id). */
  cancelAll(name: string): number {
    const entry = this.entries.get(resolveName(name) ?? name);
    if (entry?.kind !== 'local') return 0;
    for (const c of entry.goals) c.abort();
    return entry.goals.size;
  }

  /** Every action, sorted by name. */
  list(): ActionInfo[] {
    return [...this.entries.values()]
      .map((e) => ({ name: e.name, type: e.type, provider: e.kind === 'local' ? 'kindred' : e.provider.clientId }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Cancel local goals and fail forwarded ones (server stop). */
  close(): void {
    for (const e of [...this.entries.values()]) {
      if (e.kind === 'local') for (const c of e.goals) c.abort();
      else this.names.drop(e, 'the rosbridge server stopped');
    }
  }

  /** Fail what waits on a client's entry that went. */
  private failWaiting(entry: RemoteEntry, why: string): void {
    for (const goal of [...this.remoteGoals.values()]) if (goal.provider === entry.provider && goal.action === entry.name) goal.reject(actionFailed(entry.name, why));
  }
}
