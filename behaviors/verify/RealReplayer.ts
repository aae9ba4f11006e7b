import { SimulatedClock, createActor, type Actor, type AnyActorRef, type AnyMachineSnapshot, type AnyStateMachine, type AnyStateNode, type EventObject, type Snapshot } from 'xstate';
import { activeNodeIds, nodeName, type ActorOwnership } from './actorOwnership.js';
import { finishedChildOf } from './explorationEvents.js';
import { leakKey } from './ProblemSet.js';
import { problemText } from './problemText.js';
import { formatStateValue, stableStringify } from './stateKey.js';
import type { StandInActors } from './standInActors.js';
import type { VerifyProblem } from './VerifyReport.js';

/** A state as a real actor reached it: its persisted snapshot and the owning state of each child actor, by child id. */
export interface RealState {
  readonly persisted: Snapshot<unknown>;
  readonly owners: ReadonlyMap<string, AnyStateNode>;
  /** Ids of children the exploration reported done or failed: they stopped by themselves, so none is expected to be cancelled. */
  readonly finished: ReadonlySet<string>;
}

/** Where a problem found on a real actor goes: the problem and its key in the `ProblemSet`. */
export type ReportProblem = (problem: VerifyProblem, key: string) => void;

interface Tracked {
  readonly id: string;
  readonly src: string;
  readonly owner: AnyStateNode;
}

/**
 * Replays a behaviour on real XState actors, one transition at a time: the actor is restored from
 * the persisted snapshot a real actor reached at the end of the path (so every step of every path
 * has run on a real actor), sent the event, and checked: each child actor whose owning state is no
 * longer active (every child, once the behaviour has finished) must have been cleaned up — the
 * stand-in's AbortSignal fired, its cleanup ran or its subscription was torn down; a child that is
 * not a stand-in must no longer be active. A real actor that leaves the pure transitions' path is
 * reported (`transition_error` when it failed, `replay_diverged` otherwise) and not followed.
 * Simulated clock: no timer ever fires on its own.
 */
export class RealReplayer {
  constructor(
    private readonly machine: AnyStateMachine,
    private readonly input: unknown,
    private readonly standIns: StandInActors,
    private readonly ownership: ActorOwnership,
  ) {}

  /** Starts the behaviour and checks its initial state against the pure one. */
  initial(expected: AnyMachineSnapshot, report: ReportProblem): RealState | undefined {
    return this.run(undefined, undefined, expected, () => [], report);
  }

  /** Restores `from`, sends `event` and checks the result against `expected`; `path` (from the initial state, `event` last) names problems. */
  step(from: RealState, event: EventObject, path: () => readonly EventObject[], expected: AnyMachineSnapshot, report: ReportProblem): RealState | undefined {
    return this.run(from, event, expected, path, report);
  }

  private run(
    from: RealState | undefined,
    event: EventObject | undefined,
    expected: AnyMachineSnapshot,
    pathOf: () => readonly EventObject[],
    report: ReportProblem,
  ): RealState | undefined {
    this.standIns.reset();
    const actor: Actor<AnyStateMachine> = createActor(this.machine, {
      input: this.input,
      clock: new SimulatedClock(),
      // `log` actions would otherwise print once per replayed transition.
      logger: () => {},
      ...(from !== undefined ? { snapshot: from.persisted } : {}),
    });
    // A failing actor with no error observer would rethrow from a timer; the status is read instead.
    const subscription = actor.subscribe({ error: () => {} });
    try {
      actor.start();
      const tracked = new Map<AnyActorRef, Tracked>();
      const finished = new Set(from?.finished);
      let beforeIds: ReadonlySet<string> | undefined;
      if (from !== undefined) {
        const restored = actor.getSnapshot();
        beforeIds = activeNodeIds(restored);
        this.track(tracked, restored, beforeIds, from.owners);
      }
      const restoredRefs = new Set(tracked.keys());
      if (event !== undefined) {
        const ended = finishedChildOf(event);
        if (ended !== undefined) finished.add(ended);
        actor.send(event);
      }
      const snapshot = actor.getSnapshot();
      const state = formatStateValue(snapshot.value);
      const lastType = event?.type ?? 'start';
      const problem = (kind: VerifyProblem['kind'], detail: VerifyProblem['detail']): VerifyProblem => {
        const events = pathOf();
        return { kind, state, path: events.map((e) => e.type), events, detail };
      };
      if (snapshot.status === 'error' && expected.status !== 'error') {
        const message = snapshot.error instanceof Error ? snapshot.error.message : String(snapshot.error);
        const detail = problemText.transitionError(state, lastType, `${message} (on a real actor)`);
        report(problem('transition_error', detail), `transition_error|${state}|${lastType}`);
        return undefined;
      }
      if (stableStringify(expected.value) !== stableStringify(snapshot.value) || expected.status !== snapshot.status) {
        const detail = problemText.replayDiverged(`${formatStateValue(expected.value)} (${expected.status})`, `${state} (${snapshot.status})`);
        report(problem('replay_diverged', detail), `replay_diverged|${state}`);
        return undefined;
      }
      this.track(tracked, snapshot, beforeIds, new Map());
      for (const [ref, t] of tracked) if (!restoredRefs.has(ref)) finished.delete(t.id);
      const activeIds = activeNodeIds(snapshot);
      const over = snapshot.status !== 'active';
      for (const [ref, t] of tracked) {
        if (finished.has(t.id) || (!over && activeIds.has(t.owner.id))) continue;
        const start = this.standIns.starts.get(ref);
        const cleanedUp = start !== undefined ? start.cleanup !== undefined : ref.getSnapshot().status !== 'active';
        if (cleanedUp) continue;
        const owner = nodeName(t.owner);
        const evidence = start !== undefined ? `its ${start.kind} stand-in was never cleaned up` : 'its status is still active';
        const detail = problemText.actorNotCancelled(t.id, t.src, owner, state, evidence);
        report(problem('actor_not_cancelled', detail), leakKey(t.id, t.owner));
      }
      const owners = new Map<string, AnyStateNode>();
      for (const [ref, t] of tracked) if ((snapshot.children as Record<string, unknown>)[t.id] === ref) owners.set(t.id, t.owner);
      return { persisted: actor.getPersistedSnapshot(), owners, finished };
    } catch (thrown) {
      // Restoring or sending threw instead of failing the actor: report it where it happened.
      const state = formatStateValue(expected.value);
      const lastType = event?.type ?? 'start';
      const message = `${thrown instanceof Error ? thrown.message : String(thrown)} (on a real actor)`;
      const events = pathOf();
      report(
        { kind: 'transition_error', state, path: events.map((e) => e.type), events, detail: problemText.transitionError(state, lastType, message) },
        `transition_error|${state}|${lastType}`,
      );
      return undefined;
    } finally {
      subscription.unsubscribe();
      actor.stop();
    }
  }

  /** Records the owner of each child of `snapshot` not yet tracked: known from before the step, or attributed now. */
  private track(tracked: Map<AnyActorRef, Tracked>, snapshot: AnyMachineSnapshot, beforeIds: ReadonlySet<string> | undefined, known: ReadonlyMap<string, AnyStateNode>): void {
    for (const [id, ref] of Object.entries(snapshot.children as Record<string, AnyActorRef | undefined>)) {
      if (ref === undefined || tracked.has(ref)) continue;
      const owner = known.get(id) ?? this.ownership.ownerOf({ id, src: ref.src }, beforeIds, snapshot);
      tracked.set(ref, { id, src: typeof ref.src === 'string' ? ref.src : '(inline logic)', owner });
    }
  }
}
