import type { AnyActorRef, AnyMachineSnapshot, AnyStateMachine, AnyStateNode, EventObject } from 'xstate';
import { BEHAVIOR_TAG, type BehaviorDefinition } from '../core/conventions.js';
import { ActorOwnership, activeNodeIds, nodeName } from './actorOwnership.js';
import { StopChecker, isSafe, type StopFailure } from './checkStops.js';
import { finishedChildOf } from './explorationEvents.js';
import { ProblemSet, leakKey } from './ProblemSet.js';
import { problemText } from './problemText.js';
import { RealReplayer, type RealState } from './RealReplayer.js';
import { explorationSpace } from './explorationSpace.js';
import type { Edge, SpaceState } from './StateSpace.js';
import { formatStateValue } from './stateKey.js';
import { StandInActors } from './standInActors.js';
import { validateDefinition } from './validateDefinition.js';
import type { ProblemKind, VerifyOptions, VerifyProblem, VerifyReport } from './VerifyReport.js';

const DEFAULT_MAX_STATES = 5000;
const DEFAULT_MAX_REPLAYS = 50_000;
/** Microsteps in one macrostep before XState reports an eventless loop (instead of hanging the verifier). */
const MAX_MICROSTEPS = 10_000;
const ERROR_EVENT_PREFIX = 'xstate.error.actor.';

const STOP_KIND: Record<StopFailure, ProblemKind> = {
  not_safe: 'unsafe_after_safety',
  left_stopping: 'unsafe_after_safety',
  stuck: 'safety_bound_exceeded',
  too_long: 'safety_bound_exceeded',
  resumed: 'resumed_without_clear',
};

/** One visited state: how it was first reached (shortest path), and who owns its child actors. */
interface Visit {
  readonly state: SpaceState;
  readonly depth: number;
  readonly parent: Visit | undefined;
  readonly via: Edge | undefined;
  readonly owners: ReadonlyMap<AnyActorRef, AnyStateNode>;
  /** Ids of children the exploration reported done or failed: they stopped by themselves. */
  readonly finished: ReadonlySet<string>;
}

function eventsTo(v: Visit): EventObject[] {
  const out: EventObject[] = [];
  for (let x: Visit | undefined = v; x?.via !== undefined; x = x.parent) out.push(x.via.event);
  return out.reverse();
}

/** A problem with its path given as events. */
function problem(kind: ProblemKind, state: string, events: readonly EventObject[], detail: VerifyProblem['detail']): VerifyProblem {
  return { kind, state, path: events.map((e) => e.type), events, detail };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function children(s: AnyMachineSnapshot): [string, AnyActorRef][] {
  return Object.entries(s.children as Record<string, AnyActorRef | undefined>).filter((c): c is [string, AnyActorRef] => c[1] !== undefined);
}

/**
 * Walks every reachable state of a behaviour and proves Kindred's conventions
 * (`behaviors/core/conventions.ts`): safety stops reach `safe` within the bound and stay there until
 * `safety.cleared`, no dead ends, finished means safe, child actors stopped when their state is
 * left, pause/resume where tagged, actor failures handled. Every named actor is replaced by an
 * inert stand-in first, so nothing real runs. Breadth first over XState's pure `transition` with
 * the definition's events (plus timeouts, actor completion/failure, operator and safety events),
 * then paths with child actors are replayed on a real actor to see each cleanup happen.
 * Deterministic; each problem carries the shortest path found. Throws BEHAVIOR_DEFINITION_INVALID
 * or BEHAVIOR_EXPLORE_EVENTS_INVALID for a definition it cannot work with.
 */
export function verifyBehavior<TMachine extends AnyStateMachine>(definition: BehaviorDefinition<TMachine>, options: VerifyOptions = {}): VerifyReport {
  validateDefinition(definition);
  const explore = definition.explore;
  const original: AnyStateMachine = definition.machine;
  const standIns = new StandInActors(original.implementations.actors);
  const machine = original.provide({ actors: standIns.actors });
  machine.options = { ...machine.options, maxIterations: Math.min(machine.options.maxIterations ?? Infinity, MAX_MICROSTEPS) };
  const ownership = new ActorOwnership(machine);
  const space = explorationSpace(definition as BehaviorDefinition, machine);
  const stops = new StopChecker(space, explore.safetyBound);
  const maxDepth = explore.maxDepth ?? Infinity;
  const maxStates = explore.maxStates ?? DEFAULT_MAX_STATES;
  const latch = options.requireClearToResume ?? true;
  const problems = new ProblemSet();

  const report = (statesVisited: number, transitions: number, depthReached: number, beyondMaxDepth: number, replays: number, replaysSkipped: number): VerifyReport => {
    const list = problems.list();
    return { behaviorId: definition.id, ok: list.length === 0, statesVisited, transitions, depthReached, beyondMaxDepth, replays, replaysSkipped, problems: list };
  };

  const init = space.initial();
  if ('thrown' in init) {
    problems.add({ kind: 'transition_error', state: '(initial)', path: [], events: [], detail: problemText.transitionError('(initial)', 'start', messageOf(init.thrown)) });
    return report(0, 0, 0, 0, 0, 0);
  }

  const initialOwners = new Map<AnyActorRef, AnyStateNode>();
  for (const [id, ref] of children(init.snapshot)) initialOwners.set(ref, ownership.ownerOf({ id, src: ref.src }, undefined, init.snapshot));
  const first: Visit = { state: init, depth: 0, parent: undefined, via: undefined, owners: initialOwners, finished: new Set() };
  const visits = new Map<string, Visit>([[init.key, first]]);
  const order: Visit[] = [first];
  const beyond = new Set<string>();
  let transitions = 0;
  let incomplete = false;

  // Breadth first: `order` grows as states are found, so each is first reached by a shortest path.
  for (let i = 0; i < order.length; i++) {
    const v = order[i] as Visit;
    const s = v.state.snapshot;
    const here = formatStateValue(s.value);
    // Paths are built only when a problem is reported (a deep state's path is long).
    const to = (...extra: EventObject[]): EventObject[] => [...eventsTo(v), ...extra];
    if (s.status === 'done') {
      if (!isSafe(s)) problems.add(problem('final_not_safe', here, to(), problemText.finalNotSafe(here)));
      continue;
    }
    if (s.status !== 'active') continue;
    if (s.hasTag(BEHAVIOR_TAG.safe) && s.hasTag(BEHAVIOR_TAG.stopping)) {
      problems.add(
        problem('tag_conflict', here, to(), problemText.tagConflict(here, "tagged both 'safe' and 'stopping'", "同时带有 'safe' 和 'stopping' 标签")),
        `tag_conflict|${here}|safe+stopping`,
      );
    }
    const edges = space.edges(v.state);
    const activeIds = activeNodeIds(s);
    let progress = false;
    for (const edge of edges) {
      const type = edge.event.type;
      if (edge.thrown !== undefined) {
        problems.add(problem('transition_error', here, to(edge.event), problemText.transitionError(here, type, messageOf(edge.thrown))), `transition_error|${here}|${type}`);
        continue;
      }
      const next = edge.next as AnyMachineSnapshot;
      if (edge.handled) transitions++;
      if (next.status === 'error') {
        if (type.startsWith(ERROR_EVENT_PREFIX) && !edge.handled) {
          const actorId = type.slice(ERROR_EVENT_PREFIX.length);
          problems.add(problem('actor_error_unhandled', here, to(edge.event), problemText.actorErrorUnhandled(actorId, here)), `actor_error_unhandled|${actorId}`);
        } else problems.add(problem('transition_error', here, to(edge.event), problemText.transitionError(here, type, messageOf(next.error))), `transition_error|${here}|${type}`);
        continue;
      }
      if (!edge.changed) continue;
      if (edge.role !== 'stop') progress = true;
      // Child actors still listed after the step whose owning state is gone were never stopped.
      const owners = new Map<AnyActorRef, AnyStateNode>();
      const finished = new Set(v.finished);
      const ended = finishedChildOf(edge.event);
      if (ended !== undefined) finished.add(ended);
      const nextIds = activeNodeIds(next);
      for (const [id, ref] of children(next)) {
        const known = v.owners.get(ref);
        if (known === undefined) finished.delete(id);
        const owner = known ?? ownership.ownerOf({ id, src: ref.src }, activeIds, next);
        owners.set(ref, owner);
        if (next.status === 'active' && !nextIds.has(owner.id) && !finished.has(id)) {
          const there = formatStateValue(next.value);
          const src = typeof ref.src === 'string' ? ref.src : '(inline logic)';
          problems.add(
            problem('actor_not_cancelled', there, to(edge.event), problemText.actorNotCancelled(id, src, nodeName(owner), there, 'still among the behaviour’s children')),
            leakKey(id, owner),
          );
        }
      }
      if (!visits.has(edge.nextKey)) {
        if (v.depth >= maxDepth) beyond.add(edge.nextKey);
        else if (visits.size >= maxStates) incomplete = true;
        else {
          const w: Visit = { state: { snapshot: next, key: edge.nextKey }, depth: v.depth + 1, parent: v, via: edge, owners, finished };
          visits.set(edge.nextKey, w);
          order.push(w);
        }
      }
    }
    if (!progress) problems.add(problem('dead_end', here, to(), problemText.deadEnd(here)));
    checkStopsFrom(v, edges, here);
    checkPauseResume(v, here);
  }

  function checkStopsFrom(v: Visit, edges: readonly Edge[], here: string): void {
    for (const edge of edges) {
      const type = edge.event.type;
      const isOperatorStop = type === 'operator.stop';
      if (edge.role !== 'stop' && !isOperatorStop) continue;
      if (edge.thrown !== undefined || edge.next === undefined || edge.next.status === 'error') continue;
      if (!edge.handled) {
        if (!isOperatorStop) {
          problems.add(problem('safety_unhandled', here, [...eventsTo(v), edge.event], problemText.safetyUnhandled(here, type)), `safety_unhandled|${here}|${type}`);
        }
        continue;
      }
      if (isOperatorStop && !edge.changed) continue;
      const outcome = stops.check({ snapshot: edge.next, key: edge.nextKey }, latch && !isOperatorStop);
      if (outcome.ok) continue;
      const events = [...eventsTo(v), edge.event, ...outcome.continuation.map((e) => e.event)];
      const at = formatStateValue(outcome.at.value);
      const before = formatStateValue(outcome.before?.value ?? '');
      problems.add(problem(STOP_KIND[outcome.failure], at, events, problemText.stop(outcome.failure, here, type, at, before, explore.safetyBound)));
    }
  }

  function checkPauseResume(v: Visit, here: string): void {
    const s = v.state.snapshot;
    const offer = (type: 'operator.pause' | 'operator.resume', tag: 'pausable' | 'resumable'): void => {
      const edge = space.edgeFor(v.state, type);
      const offered = edge !== undefined && edge.changed && edge.next !== undefined && edge.next.status === 'active';
      const events = edge !== undefined ? [...eventsTo(v), edge.event] : eventsTo(v);
      if (s.hasTag(tag)) {
        if (type === 'operator.pause') {
          if (!offered) problems.add(problem('pause_unhandled', here, events, problemText.pauseUnhandled(here, undefined)));
          else if (!edge.next?.hasTag(BEHAVIOR_TAG.resumable)) {
            const leadsTo = formatStateValue(edge.next?.value ?? '');
            problems.add(problem('pause_unhandled', here, events, problemText.pauseUnhandled(here, leadsTo)));
          }
        } else if (!offered) problems.add(problem('resume_unhandled', here, events, problemText.resumeUnhandled(here, false)));
        else if (edge.next?.hasTag(BEHAVIOR_TAG.resumable)) problems.add(problem('resume_unhandled', here, events, problemText.resumeUnhandled(here, true)));
      } else if (offered) {
        problems.add(
          problem('tag_conflict', here, events, problemText.tagConflict(here, `handles ${type} but is not tagged '${tag}'`, `处理 ${type}，但没有 '${tag}' 标签`)),
          `tag_conflict|${here}|${type}`,
        );
      }
    };
    offer('operator.pause', BEHAVIOR_TAG.pausable);
    offer('operator.resume', BEHAVIOR_TAG.resumable);
  }

  if (incomplete) {
    problems.add({ kind: 'exploration_incomplete', state: formatStateValue(init.snapshot.value), path: [], events: [], detail: problemText.explorationIncomplete(maxStates) });
  }

  // Actors given inline cannot be swapped: report them where first active, and replay nothing real.
  for (const inline of ownership.inline) {
    const where = order.find((v) => activeNodeIds(v.state.snapshot).has(inline.node.id));
    const events = where !== undefined ? eventsTo(where) : [];
    const state = nodeName(inline.node);
    problems.add({ kind: 'actor_not_swappable', state, path: events.map((e) => e.type), events, detail: problemText.actorNotSwappable(inline.how, state) }, `actor_not_swappable|${state}|${inline.how}`);
  }

  // Replay on real actors: every transition of the breadth-first tree (to reach each state for real)
  // and every other transition where child actors are alive before or after it.
  let replays = 0;
  let replaysSkipped = 0;
  if ((options.replay ?? true) && ownership.inline.length === 0) {
    const maxReplays = options.maxReplays ?? DEFAULT_MAX_REPLAYS;
    const replayer = new RealReplayer(machine, explore.input, standIns, ownership);
    const addProblem = (p: VerifyProblem, key: string): void => problems.add(p, key, true);
    const real = new Map<string, RealState>();
    replays++;
    const start = replayer.initial(init.snapshot, addProblem);
    if (start !== undefined) real.set(init.key, start);
    for (const v of order) {
      const from = real.get(v.state.key);
      if (from === undefined || v.state.snapshot.status !== 'active') continue;
      const before = children(v.state.snapshot).length > 0;
      for (const edge of space.edges(v.state)) {
        if (!edge.handled || edge.next === undefined || edge.next.status === 'error') continue;
        const tree = visits.get(edge.nextKey)?.via === edge;
        if (!tree && !before && children(edge.next).length === 0) continue;
        if (replays >= maxReplays) {
          replaysSkipped++;
          continue;
        }
        replays++;
        const reached = replayer.step(from, edge.event, () => [...eventsTo(v), edge.event], edge.next, addProblem);
        if (tree && reached !== undefined) real.set(edge.nextKey, reached);
      }
    }
  }

  const depthReached = order.reduce((m, v) => Math.max(m, v.depth), 0);
  return report(visits.size, transitions, depthReached, beyond.size, replays, replaysSkipped);
}
