import { randomUUID } from 'node:crypto';
import type { Clock, Timer } from '../../runtime/time/index.js';
import { createActor, type Actor, type AnyActorLogic, type AnyActorRef, type AnyMachineSnapshot, type AnyStateMachine, type EventFromLogic, type InputFrom, type InspectionEvent, type OutputFrom, type SnapshotFrom } from 'xstate';
import type { Publisher, Subscription } from '../../runtime/bus/index.js';
import { KindredError, isKindredError, show } from '../../runtime/errors/index.js';
import type { Logger } from '../../runtime/logging/index.js';
import { kindred_msgs, stampFromNs } from '../../runtime/msgs/index.js';
import { createBehaviorActors } from '../actors/index.js';
import type { BehaviorDefinition, OperatorEvent } from '../core/index.js';
import type { BehaviorHost } from './BehaviorHost.js';
import { describeChart } from './behaviorChart.js';
import { contextJson, statePath } from './behaviorStatus.js';

/** Where runners publish their status (kindred_msgs/BehaviorStatus) and take operator commands (kindred_msgs/BehaviorCommand). */
export const BEHAVIOR_STATUS_TOPIC = '/behavior/status';
export const BEHAVIOR_COMMAND_TOPIC = '/behavior/command';
/** Where runners publish their machine's structure (kindred_msgs/BehaviorChart), once per run, latched, for inspectors. */
export const BEHAVIOR_CHART_TOPIC = '/behavior/chart';

const RUN = kindred_msgs.BehaviorStatus_Constants;

/** An operator command: pause, resume or stop. */
export type OperatorCommand = 'pause' | 'resume' | 'stop';

const OPERATOR_EVENT: Readonly<Record<OperatorCommand, OperatorEvent>> = {
  pause: { type: 'operator.pause' },
  resume: { type: 'operator.resume' },
  stop: { type: 'operator.stop' },
};

function isOperatorCommand(value: string): value is OperatorCommand {
  return Object.hasOwn(OPERATOR_EVENT, value);
}

/** Where a run stands: running, or how it ended. */
export type RunStatus = 'running' | 'done' | 'stopped' | 'error';

/** One event the behaviour received, in order, on the bus clock. */
export interface BehaviorHistoryEntry {
  readonly type: string;
  readonly timeNs: bigint;
}

/** How a run ended. */
export interface BehaviorResult<TOutput = unknown> {
  readonly status: Exclude<RunStatus, 'running'>;
  /** The machine's output when it reached its final state. */
  readonly output: TOutput | undefined;
  /** The last state (dotted path) and its tags. */
  readonly state: string;
  readonly tags: readonly string[];
  /** The most recent events (up to `historyLength`), oldest first. */
  readonly history: readonly BehaviorHistoryEntry[];
  /** With status `error`: BEHAVIOR_RUN_FAILED, its cause the machine's exception. */
  readonly error?: KindredError;
}

/** What a run needs of a behaviour: its id and machine; its bilingual description, where it has one, goes out with the chart. */
export type RunnableBehavior<TMachine extends AnyStateMachine> = Pick<BehaviorDefinition<TMachine>, 'id' | 'machine'> & Partial<Pick<BehaviorDefinition<TMachine>, 'description'>>;

/** How to run a behaviour. */
export interface BehaviorRunOptions<TMachine extends AnyStateMachine> {
  readonly host: BehaviorHost;
  readonly input?: InputFrom<TMachine>;
  /** This run's id on `/behavior/status` and `/behavior/command`. Default `<behavior>-<8 hex digits>`. */
  readonly runId?: string;
  /** Actors to use instead of (or besides) Kindred's own, by name, e.g. a test double. */
  readonly actors?: Readonly<Record<string, AnyActorLogic>>;
  /** How many recent events the run keeps and publishes. Default 32. */
  readonly historyLength?: number;
}

/** True when the machine's root invokes `safetyWatcher` itself. */
function rootWatchesSafety(machine: AnyStateMachine): boolean {
  return machine.root.invoke.some((def) => def.src === 'safetyWatcher');
}

/**
 * Runs one behaviour on Kindred's bus: the machine with Kindred's actors bound to the host
 * (`machine.provide({ actors })`, only the names its `setup` declares, plus `options.actors`), safety
 * events delivered (a `safetyWatcher` attached to the run unless the machine's root invokes one),
 * operator commands taken from `/behavior/command` and from `pause()` / `resume()` / `operatorStop()`,
 * a kindred_msgs/BehaviorStatus published on `/behavior/status` (latched) on every transition —
 * state, tags, context, recent events — from XState's inspection events, and the machine's structure
 * (`describeChart`) once on `/behavior/chart` (latched) before the first status, for inspectors.
 *
 * An operator command is delivered only where the active state offers it (`snapshot.can`); otherwise
 * it is refused and logged. `stop()` is not an operator stop: it cancels the run at once (every actor
 * stopped, every subscription gone), for shutdown; the robot is left to the loop's hold.
 */
export class BehaviorRunner<TMachine extends AnyStateMachine = AnyStateMachine> {
  readonly behavior: string;
  readonly runId: string;
  private readonly host: BehaviorHost;
  private readonly logger: Logger;
  private readonly actor: Actor<AnyStateMachine>;
  private readonly watcher: AnyActorRef | undefined;
  private readonly statusPublisher: Publisher<kindred_msgs.BehaviorStatus>;
  private readonly chartPublisher: Publisher<kindred_msgs.BehaviorChart>;
  private readonly commands: Subscription;
  private readonly historyLength: number;
  private readonly recent: BehaviorHistoryEntry[] = [];
  private runStatus: RunStatus = 'running';
  private lastEvent = '';
  private lastKey = '';
  private lastState = '';
  private latest: kindred_msgs.BehaviorStatus | undefined;
  private readonly finished: Promise<BehaviorResult<OutputFrom<TMachine>>>;
  private resolveFinished!: (result: BehaviorResult<OutputFrom<TMachine>>) => void;

  private constructor(definition: RunnableBehavior<TMachine>, options: BehaviorRunOptions<TMachine>) {
    this.behavior = definition.id;
    this.runId = options.runId ?? `${definition.id}-${randomUUID().slice(0, 8)}`;
    this.host = options.host;
    this.historyLength = options.historyLength ?? 32;
    this.logger = options.host.logger.child({ module: 'behavior', behavior: this.behavior, runId: this.runId });
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));

    const machine: AnyStateMachine = definition.machine;
    const bound = createBehaviorActors(options.host) as unknown as Readonly<Record<string, AnyActorLogic>>;
    const declared = Object.keys((machine.implementations as { actors: Record<string, unknown> }).actors);
    const actors: Record<string, AnyActorLogic> = {};
    for (const name of declared) {
      const logic = bound[name];
      if (logic !== undefined) actors[name] = logic;
    }
    Object.assign(actors, options.actors ?? {});
    const provided = machine.provide({ actors } as never) as AnyStateMachine;

    this.statusPublisher = options.host.bus.advertise(BEHAVIOR_STATUS_TOPIC, 'kindred_msgs/msg/BehaviorStatus', { durability: 'transient_local', depth: 1 });
    // The chart before the first status, so an inspector can draw the states the status names.
    this.chartPublisher = options.host.bus.advertise(BEHAVIOR_CHART_TOPIC, 'kindred_msgs/msg/BehaviorChart', { durability: 'transient_local', depth: 1 });
    this.chartPublisher.publish({
      header: { stamp: stampFromNs(options.host.clock.now()), frame_id: '' },
      behavior: this.behavior,
      run_id: this.runId,
      description_zh: definition.description?.zh ?? '',
      description_en: definition.description?.en ?? '',
      chart_json: JSON.stringify(describeChart(machine)),
    });
    this.actor = createActor(provided, {
      ...(options.input === undefined ? {} : { input: options.input }),
      inspect: (e) => this.onInspect(e),
      // `after` delays on the bus clock: simulated time in lock-step, as every actor's timers.
      clock: busClockForXState(options.host.clock),
    });
    this.actor.subscribe({
      complete: () => {
        if (this.actor.getSnapshot().status === 'done') this.end('done');
      },
      error: (error: unknown) => this.end('error', error),
    });
    this.watcher = rootWatchesSafety(machine) ? undefined : createActor(bound['safetyWatcher']!, { parent: this.actor, id: 'kindred.safetyWatcher' });
    this.commands = options.host.bus.subscribe(BEHAVIOR_COMMAND_TOPIC, 'kindred_msgs/msg/BehaviorCommand', (m) => this.onCommand(m));
  }

  /**
   * Start `definition.machine` on the host's bus. Configuration errors of the machine surface from
   * `done()` (status `error`), never as a throw from here once the actor exists.
   */
  static start<TMachine extends AnyStateMachine>(
    definition: RunnableBehavior<TMachine>,
    options: BehaviorRunOptions<TMachine>,
  ): BehaviorRunner<TMachine> {
    const runner = new BehaviorRunner(definition, options);
    runner.logger.info({ safety: runner.watcher === undefined ? 'machine' : 'runner' }, 'behaviour started / 行为已启动');
    runner.actor.start();
    if (runner.runStatus === 'running') runner.watcher?.start();
    return runner;
  }

  /** Running, or how the run ended. */
  get status(): RunStatus {
    return this.runStatus;
  }

  /** The machine's current snapshot. */
  snapshot(): SnapshotFrom<TMachine> {
    return this.actor.getSnapshot() as SnapshotFrom<TMachine>;
  }

  /** The latest status message published (the same as `/behavior/status` carries). */
  statusMessage(): kindred_msgs.BehaviorStatus | undefined {
    return this.latest;
  }

  /** The most recent events the behaviour received, oldest first. */
  history(): readonly BehaviorHistoryEntry[] {
    return [...this.recent];
  }

  /** Send an event to the behaviour (a tablet confirmation, a test's stimulus). Throws BEHAVIOR_RUN_ENDED after the end. */
  send(event: EventFromLogic<TMachine>): void {
    this.requireRunning(event.type);
    this.actor.send(event);
  }

  /**
   * Deliver an operator command if the current state offers it; returns whether it was delivered.
   * Throws BEHAVIOR_RUN_COMMAND_INVALID for another command, BEHAVIOR_RUN_ENDED after the end.
   */
  command(command: string, source = 'api'): boolean {
    if (!isOperatorCommand(command)) {
      throw new KindredError('BEHAVIOR_RUN_COMMAND_INVALID', `operator command ${show(command)}; expected pause, resume or stop`, {
        field: 'command',
        value: command,
        expected: 'pause | resume | stop',
      });
    }
    this.requireRunning(command);
    const event = OPERATOR_EVENT[command];
    const snapshot = this.actor.getSnapshot() as AnyMachineSnapshot;
    if (!snapshot.can(event)) {
      this.logger.warn({ command, source, state: statePath(snapshot.value) }, `operator ${command} not offered in this state / 当前状态不接受该操作`);
      return false;
    }
    this.logger.info({ command, source }, `operator ${command} / 操作员指令`);
    this.actor.send(event);
    return true;
  }

  /** `command('pause')`. */
  pause(source = 'api'): boolean {
    return this.command('pause', source);
  }

  /** `command('resume')`. */
  resume(source = 'api'): boolean {
    return this.command('resume', source);
  }

  /** `command('stop')`: the behaviour's own way to end (reaching a safe state), where offered. */
  operatorStop(source = 'api'): boolean {
    return this.command('stop', source);
  }

  /** Resolves when the run ends: the machine's output when it finished, or how it was stopped or failed. */
  done(): Promise<BehaviorResult<OutputFrom<TMachine>>> {
    return this.finished;
  }

  /**
   * Cancel the run now: the machine and every actor it started are stopped (their cleanups run: no
   * more set-points, subscriptions and timers gone), the command subscription and the safety watcher
   * removed, a last status (`stopped`) published and the status and chart publishers closed. Idempotent.
   */
  stop(): Promise<BehaviorResult<OutputFrom<TMachine>>> {
    if (this.runStatus === 'running') {
      this.actor.stop();
      this.end('stopped');
    }
    return this.finished;
  }

  private requireRunning(what: string): void {
    if (this.runStatus !== 'running') {
      throw new KindredError('BEHAVIOR_RUN_ENDED', `run ${this.runId} of ${this.behavior} has ended (${this.runStatus}); cannot deliver ${show(what)}`, {
        value: this.runId,
        expected: 'a running behaviour',
      });
    }
  }

  private onCommand(m: kindred_msgs.BehaviorCommand): void {
    if (m.behavior !== '' && m.behavior !== this.behavior) return;
    if (m.run_id !== '' && m.run_id !== this.runId) return;
    const source = m.source || 'bus';
    if (this.runStatus !== 'running') return;
    if (!isOperatorCommand(m.command)) {
      this.logger.warn({ code: 'BEHAVIOR_RUN_COMMAND_INVALID', command: m.command, source, expected: 'pause | resume | stop' }, 'operator command refused / 操作员指令无效');
      return;
    }
    this.command(m.command, source);
  }

  private onInspect(e: InspectionEvent): void {
    if (e.actorRef !== this.actor) return;
    if (e.type === '@xstate.event') {
      this.recent.push({ type: e.event.type, timeNs: this.host.clock.now() });
      if (this.recent.length > this.historyLength) this.recent.splice(0, this.recent.length - this.historyLength);
      return;
    }
    if (e.type !== '@xstate.snapshot') return;
    this.lastEvent = e.event.type;
    this.publishStatus(e.snapshot as AnyMachineSnapshot, false);
  }

  /** Publish the status if state, tags, context or run status changed (or always, with `force`). */
  private publishStatus(snapshot: AnyMachineSnapshot, force: boolean): void {
    if (this.statusPublisher.closed) return;
    const state = statePath(snapshot.value);
    const tags = [...snapshot.tags].sort();
    const context = contextJson(snapshot.context);
    const key = `${this.runStatus}\u0000${state}\u0000${tags.join(',')}\u0000${context}`;
    if (!force && key === this.lastKey) return;
    this.lastKey = key;
    if (state !== this.lastState) {
      this.logger.info({ state, tags, event: this.lastEvent }, `behaviour state / 行为状态: ${state}`);
      this.lastState = state;
    }
    const msg: kindred_msgs.BehaviorStatus = {
      header: { stamp: stampFromNs(this.host.clock.now()), frame_id: '' },
      behavior: this.behavior,
      run_id: this.runId,
      status: RUN_STATUS_TEXT[this.runStatus],
      state,
      tags,
      last_event: this.lastEvent,
      context_json: context,
      history: this.recent.map((h) => h.type),
    };
    this.latest = msg;
    this.statusPublisher.publish(msg);
  }

  private end(status: Exclude<RunStatus, 'running'>, cause?: unknown): void {
    if (this.runStatus !== 'running') return;
    this.runStatus = status;
    this.commands.unsubscribe();
    if (this.watcher !== undefined && this.watcher.getSnapshot().status === 'active') this.watcher.send({ type: 'xstate.stop' });
    const snapshot = this.actor.getSnapshot() as AnyMachineSnapshot;
    // XState reports the final snapshot to inspectors after completion: take the event from the history.
    if (status !== 'stopped') this.lastEvent = this.recent.at(-1)?.type ?? this.lastEvent;
    let error: KindredError | undefined;
    if (status === 'error') {
      // A machine that throws stops without stopping its children (XState leaves them to the
      // transition that failed): stop each one here, as XState itself would, by its stop event.
      for (const child of Object.values(snapshot.children) as (AnyActorRef | undefined)[]) {
        if (child !== undefined && child.getSnapshot().status === 'active') child.send({ type: 'xstate.stop' });
      }
      error = isKindredError(cause, 'BEHAVIOR_RUN_FAILED')
        ? cause
        : new KindredError('BEHAVIOR_RUN_FAILED', `behaviour ${this.behavior} failed in state ${statePath(snapshot.value)}: ${cause instanceof Error ? cause.message : show(cause)}`, {
            value: statePath(snapshot.value),
            behavior: this.behavior,
            runId: this.runId,
            ...(isKindredError(cause) ? { causeCode: cause.code } : {}),
          }, { cause });
      this.logger.error({ err: cause, state: statePath(snapshot.value) }, 'behaviour failed / 行为出错');
    } else {
      this.logger.info({ status, state: statePath(snapshot.value) }, `behaviour ${status} / 行为已结束`);
    }
    this.publishStatus(snapshot, true);
    this.statusPublisher.close();
    this.chartPublisher.close();
    this.resolveFinished({
      status,
      output: status === 'done' ? (snapshot.output as OutputFrom<TMachine>) : undefined,
      state: statePath(snapshot.value),
      tags: [...snapshot.tags].sort(),
      history: [...this.recent],
      ...(error === undefined ? {} : { error }),
    });
  }
}

const RUN_STATUS_TEXT: Readonly<Record<RunStatus, string>> = {
  running: RUN.STATUS_RUNNING,
  done: RUN.STATUS_DONE,
  stopped: RUN.STATUS_STOPPED,
  error: RUN.STATUS_ERROR,
};

/**
 * XState's clock interface over a Kindred clock, so a machine's `after` delays run on the bus clock —
 * in lock-step simulation they follow simulated time, not the wall clock.
 */
export function busClockForXState(clock: Clock): { setTimeout(fn: (...args: unknown[]) => void, ms: number): unknown; clearTimeout(id: unknown): void } {
  return {
    setTimeout: (fn, ms) => clock.setTimer(BigInt(Math.max(1, Math.round(ms * 1e6))), () => fn(), { oneShot: true }),
    clearTimeout: (id) => (id as Timer | undefined)?.cancel(),
  };
}
