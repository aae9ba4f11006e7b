import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import { BEHAVIOR_TAG, type BehaviorDefinition } from '../core/conventions.js';
import { StandInActors } from '../verify/standInActors.js';
import { explorationSpace } from '../verify/explorationSpace.js';
import type { SpaceState } from '../verify/StateSpace.js';
import { formatStateValue, stableStringify } from '../verify/stateKey.js';
import { classifyEvent, type EventClass, type EventClassifier } from './stimuli.js';

/** A state value of the model (`session.running.exercise.moving`), with what it offers. */
export interface ModelNode {
  readonly value: string;
  readonly tags: readonly string[];
  /** Tagged `pausable`: `operator.pause` must lead to a paused (resumable) state here. */
  readonly pausable: boolean;
  /** `operator.stop` changes the state here (for at least one context). */
  readonly stopOffered: boolean;
  /** A final state of the machine. */
  readonly final: boolean;
  /** Events from the initial state on the shortest path found. */
  readonly depth: number;
}

/** A transition between state values, with how the tester brings its event about. */
export interface ModelEdge {
  readonly from: string;
  readonly to: string;
  readonly event: EventObject;
  /** The event's identity (type and payload). */
  readonly eventKey: string;
  readonly cls: EventClass;
}

/**
 * A behaviour's machine seen at the level of state values: which values exist, what each offers,
 * and which events move between them. Built from the verifier's exploration (XState's pure
 * `transition`, inert stand-in actors), so it over-approximates: guards on context choose among a
 * value's edges at run time, and the tester re-plans from wherever the real run goes.
 */
export interface ModelGraph {
  readonly behaviorId: string;
  readonly initial: string;
  readonly nodes: ReadonlyMap<string, ModelNode>;
  /** Outgoing edges per value, one per (event, target value), in exploration order. */
  readonly edges: ReadonlyMap<string, readonly ModelEdge[]>;
  /** Distinct machine states (value and context) the exploration visited. */
  readonly statesExplored: number;
  /**
   * The same transitions between machine states (value and the context the definition's state key
   * keeps), for planning exactly where the run's own state is one of them: guards are decided and a
   * resume returns where the pause was.
   */
  readonly states: ReadonlyMap<string, ModelState>;
  /** The key of a snapshot of this machine (the definition's state key, with the status). */
  keyOf(snapshot: AnyMachineSnapshot): string;
}

/** A machine state of the exploration and its transitions (to other states' keys). */
export interface ModelState {
  readonly value: string;
  readonly edges: readonly (ModelEdge & { readonly toKey: string })[];
}

/**
 * Build the model graph of a behaviour from its exploration (the definition's events, timeouts,
 * actor completion and failure, operator and safety events), for the machine's `input` (default:
 * the exploration's own; give the run's, e.g. the session plan, so the graph has the states that
 * run can reach). `classify` adds the behaviour's own event classes to Kindred's shared ones
 * (`classifyEvent`).
 */
export function buildModelGraph(definition: BehaviorDefinition, options: { readonly input?: unknown; readonly classify?: EventClassifier } = {}): ModelGraph {
  const classify = options.classify;
  const explore = definition.explore;
  const original: AnyStateMachine = definition.machine;
  const machine = original.provide({ actors: new StandInActors(original.implementations.actors).actors });
  const space = explorationSpace(definition, machine, 'input' in options ? options.input : explore.input);
  const init = space.initial();
  if ('thrown' in init) throw init.thrown;
  const maxStates = explore.maxStates ?? 5000;

  const nodes = new Map<string, { value: string; tags: Set<string>; pausable: boolean; stopOffered: boolean; final: boolean; depth: number }>();
  const edges = new Map<string, ModelEdge[]>();
  const edgeSeen = new Set<string>();
  const visited = new Map<string, number>([[init.key, 0]]);
  const states = new Map<string, { value: string; edges: (ModelEdge & { toKey: string })[] }>();
  const queue: SpaceState[] = [init];
  const node = (s: AnyMachineSnapshot, depth: number): string => {
    const value = formatStateValue(s.value);
    const known = nodes.get(value);
    if (known === undefined) nodes.set(value, { value, tags: new Set(s.tags), pausable: s.hasTag(BEHAVIOR_TAG.pausable), stopOffered: false, final: s.status === 'done', depth });
    return value;
  };
  node(init.snapshot, 0);
  for (let i = 0; i < queue.length; i++) {
    const state = queue[i] as SpaceState;
    const depth = visited.get(state.key) ?? 0;
    const from = node(state.snapshot, depth);
    const here = { value: from, edges: [] as (ModelEdge & { toKey: string })[] };
    states.set(state.key, here);
    if (state.snapshot.status !== 'active') continue;
    for (const edge of space.edges(state)) {
      if (!edge.changed || edge.next === undefined || edge.next.status === 'error') continue;
      const to = node(edge.next, depth + 1);
      if (edge.event.type === 'operator.stop') (nodes.get(from) as { stopOffered: boolean }).stopOffered = true;
      const eventKey = stableStringify(edge.event);
      const modelEdge: ModelEdge = { from, to, event: edge.event, eventKey, cls: classifyEvent(edge.event, classify) };
      here.edges.push({ ...modelEdge, toKey: edge.nextKey });
      const id = `${from}|${eventKey}|${to}`;
      if (!edgeSeen.has(id)) {
        edgeSeen.add(id);
        const list = edges.get(from) ?? [];
        list.push(modelEdge);
        edges.set(from, list);
      }
      if (!visited.has(edge.nextKey) && visited.size < maxStates) {
        visited.set(edge.nextKey, depth + 1);
        queue.push({ snapshot: edge.next, key: edge.nextKey });
      }
    }
  }
  const frozen = new Map<string, ModelNode>();
  for (const [value, n] of nodes) frozen.set(value, { value, tags: [...n.tags].sort(), pausable: n.pausable, stopOffered: n.stopOffered, final: n.final, depth: n.depth });
  return {
    behaviorId: definition.id,
    initial: formatStateValue(init.snapshot.value),
    nodes: frozen,
    edges,
    statesExplored: visited.size,
    states,
    keyOf: (snapshot) => space.keyOf(snapshot),
  };
}

/** Edges the tester may follow: inputs it can cause and natural events it can wait for (never faults). */
export function drivable(edge: ModelEdge): boolean {
  return edge.cls.kind !== 'fault';
}

/**
 * A detour: an edge into or out of a paused (resumable) state, or an e-stop or its reset. At the
 * level of state values a resume seems to lead to every state the behaviour can be paused in (the
 * machine remembers where it was; the graph does not), so paths use detours only to reach a target
 * that cannot be reached without one (the paused or the safety-stopped state itself).
 */
export function isDetour(graph: ModelGraph, edge: ModelEdge): boolean {
  const type = edge.event.type;
  if (type === 'safety.estop' || type === 'safety.cleared') return true;
  const resumable = (v: string): boolean => graph.nodes.get(v)?.tags.includes(BEHAVIOR_TAG.resumable) ?? false;
  return resumable(edge.from) || resumable(edge.to);
}

/**
 * The shortest drivable path (edges) from one value to a value satisfying `goal`, avoiding the
 * edges in `avoid` (by `from|eventKey`), without detours (`isDetour`) where there is such a path;
 * undefined when there is none. An empty path when `from` already satisfies the goal.
 */
export function planPath(graph: ModelGraph, from: string, goal: (value: string) => boolean, avoid: ReadonlySet<string> = new Set()): ModelEdge[] | undefined {
  return shortestPath(graph, from, goal, avoid, false) ?? shortestPath(graph, from, goal, avoid, true);
}

/**
 * `planPath` over machine states: from the state with key `fromKey` to any state whose value
 * satisfies `goal`. Exact where the value-level plan over-approximates (guards on context, history);
 * undefined when the key is not one the exploration visited or no drivable path leads to the goal.
 */
export function planPathFromState(graph: ModelGraph, fromKey: string, goal: (value: string) => boolean, avoid: ReadonlySet<string> = new Set()): ModelEdge[] | undefined {
  const start = graph.states.get(fromKey);
  if (start === undefined) return undefined;
  if (goal(start.value)) return [];
  for (const detours of [false, true]) {
    const via = new Map<string, { edge: ModelEdge; fromKey: string } | null>([[fromKey, null]]);
    const queue = [fromKey];
    for (let i = 0; i < queue.length; i++) {
      const key = queue[i] as string;
      for (const e of graph.states.get(key)?.edges ?? []) {
        if (!drivable(e) || avoid.has(`${e.from}|${e.eventKey}`) || via.has(e.toKey) || (!detours && isDetour(graph, e))) continue;
        via.set(e.toKey, { edge: e, fromKey: key });
        if (goal(e.to)) {
          const path: ModelEdge[] = [];
          for (let x = via.get(e.toKey); x; x = via.get(x.fromKey)) path.push(x.edge);
          return path.reverse();
        }
        queue.push(e.toKey);
      }
    }
  }
  return undefined;
}

function shortestPath(graph: ModelGraph, from: string, goal: (value: string) => boolean, avoid: ReadonlySet<string>, detours: boolean): ModelEdge[] | undefined {
  if (goal(from)) return [];
  const via = new Map<string, ModelEdge | null>([[from, null]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const here = queue[i] as string;
    for (const e of graph.edges.get(here) ?? []) {
      if (!drivable(e) || avoid.has(`${e.from}|${e.eventKey}`) || via.has(e.to) || (!detours && isDetour(graph, e))) continue;
      via.set(e.to, e);
      if (goal(e.to)) {
        const path: ModelEdge[] = [];
        for (let x: ModelEdge | null | undefined = e; x; x = via.get(x.from)) path.push(x);
        return path.reverse();
      }
      queue.push(e.to);
    }
  }
  return undefined;
}

/**
 * Values reachable from the initial state through drivable edges only, following machine states
 * (so guards on context count: a value the model reaches only with a context no drivable path
 * gives is not in the set).
 */
export function drivableValues(graph: ModelGraph): Set<string> {
  const initialKey = [...graph.states.keys()][0];
  const values = new Set([graph.initial]);
  if (initialKey === undefined) return values;
  const seen = new Set([initialKey]);
  const queue = [initialKey];
  for (let i = 0; i < queue.length; i++) {
    for (const e of graph.states.get(queue[i] as string)?.edges ?? []) {
      if (drivable(e) && !seen.has(e.toKey)) {
        seen.add(e.toKey);
        values.add(e.to);
        queue.push(e.toKey);
      }
    }
  }
  return values;
}
