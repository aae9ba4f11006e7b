import type { AnyMachineSnapshot } from 'xstate';
import { BEHAVIOR_TAG } from '../core/conventions.js';
import type { Edge, SpaceState, StateSpace } from './StateSpace.js';

/** Why what follows a stop event is wrong. */
export type StopFailure =
  /** The stop event itself led to a state neither `safe` nor `stopping`. */
  | 'not_safe'
  /** A `stopping` state continued into a state neither `safe` nor `stopping`. */
  | 'left_stopping'
  /** A `stopping` state has no continuation at all. */
  | 'stuck'
  /** Some continuation is still `stopping` after `safetyBound` transitions (a long chain or a cycle). */
  | 'too_long'
  /** After `safe` was reached, an event other than `safety.cleared` led back to motion. */
  | 'resumed';

/** What follows a stop event, from the state it led to. */
export type StopOutcome =
  | { readonly ok: true; readonly worst: number }
  | {
      readonly ok: false;
      readonly failure: StopFailure;
      /** Edges from the state the stop led to, up to where the failure shows. */
      readonly continuation: readonly Edge[];
      /** The state where it shows. */
      readonly at: AnyMachineSnapshot;
      /** The state before `at` on the continuation (the stopping state that went wrong), when there is one. */
      readonly before?: AnyMachineSnapshot;
    };

/** A state is safe when tagged `safe` (a finished machine only when its final state is). */
export function isSafe(s: AnyMachineSnapshot): boolean {
  return s.hasTag(BEHAVIOR_TAG.safe);
}

/** Safe, or finished: a final state's own tag is judged once, as `final_not_safe`, not again after every stop that ends there. */
function isSafeOrDone(s: AnyMachineSnapshot): boolean {
  return s.status === 'done' || isSafe(s);
}

function isStopping(s: AnyMachineSnapshot): boolean {
  return s.status === 'active' && s.hasTag(BEHAVIOR_TAG.stopping) && !s.hasTag(BEHAVIOR_TAG.safe);
}

interface Reached {
  readonly state: SpaceState;
  readonly via: readonly Edge[];
}

/**
 * Judges what follows stop events, with results cached by the state the stop led to. `bound` is
 * `explore.safetyBound`: the stop event plus its continuations through `stopping` states must reach
 * `safe` within that many transitions on every path; `latch` adds that nothing but
 * `safety.cleared` may lead from there back to motion (for safety stops, not operator stops).
 */
export class StopChecker {
  private readonly cache = new Map<string, StopOutcome>();

  constructor(
    private readonly space: StateSpace,
    private readonly bound: number,
  ) {}

  /** The outcome for the state `after` a stop event led to. */
  check(after: SpaceState, latch: boolean): StopOutcome {
    const cacheKey = `${latch ? 'L' : 'N'}|${after.key}`;
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) return cached;
    let outcome = this.throughStopping(after);
    if (outcome.ok && latch) outcome = this.latched(after) ?? outcome;
    this.cache.set(cacheKey, outcome);
    return outcome;
  }

  /** Continuations out of a stopping state: every event but the stop events, that changes the state. */
  private continuations(state: SpaceState): Edge[] {
    return this.space.edges(state).filter((e) => e.role !== 'stop' && e.changed && e.next !== undefined && e.next.status !== 'error');
  }

  private throughStopping(first: SpaceState): StopOutcome {
    const s = first.snapshot;
    if (s.status === 'error' || isSafeOrDone(s)) return { ok: true, worst: 0 };
    if (!isStopping(s)) return { ok: false, failure: 'not_safe', continuation: [], at: s };
    // Breadth first: the shortest continuation that leaves `stopping`, or a stopping state with no way on.
    const seen = new Map<string, Reached>([[first.key, { state: first, via: [] }]]);
    const queue: Reached[] = [{ state: first, via: [] }];
    const order: SpaceState[] = [];
    for (let r = queue.shift(); r !== undefined; r = queue.shift()) {
      order.push(r.state);
      const conts = this.continuations(r.state);
      if (conts.length === 0) return { ok: false, failure: 'stuck', continuation: r.via, at: r.state.snapshot };
      for (const e of conts) {
        const next = e.next as AnyMachineSnapshot;
        if (isSafeOrDone(next)) continue;
        const via = [...r.via, e];
        if (!isStopping(next)) return { ok: false, failure: 'left_stopping', continuation: via, at: next, before: r.state.snapshot };
        if (!seen.has(e.nextKey)) {
          const reached = { state: { snapshot: next, key: e.nextKey }, via };
          seen.set(e.nextKey, reached);
          queue.push(reached);
        }
      }
    }
    // Longest path to safe over the stopping states found (a cycle is unbounded).
    const longest = new Map<string, { length: number; edge: Edge | undefined }>();
    const onPath = new Set<string>();
    const visit = (state: SpaceState): number => {
      const done = longest.get(state.key);
      if (done !== undefined) return done.length;
      if (onPath.has(state.key)) return Infinity;
      onPath.add(state.key);
      let best = 0;
      let bestEdge: Edge | undefined;
      for (const e of this.continuations(state)) {
        const next = e.next as AnyMachineSnapshot;
        const length = 1 + (isSafeOrDone(next) ? 0 : visit({ snapshot: next, key: e.nextKey }));
        if (bestEdge === undefined || length > best) {
          best = length;
          bestEdge = e;
        }
      }
      onPath.delete(state.key);
      longest.set(state.key, { length: best, edge: bestEdge });
      return best;
    };
    const worst = visit(first);
    if (1 + worst <= this.bound) return { ok: true, worst };
    // The witness: follow the longest continuation for bound − 1 steps (the stop event is the first transition).
    const continuation: Edge[] = [];
    let at = first.snapshot;
    let key = first.key;
    while (continuation.length < this.bound - 1) {
      const edge = longest.get(key)?.edge;
      if (edge === undefined) break;
      continuation.push(edge);
      at = edge.next as AnyMachineSnapshot;
      key = edge.nextKey;
    }
    return { ok: false, failure: 'too_long', continuation, at };
  }

  /** After safe: breadth first over everything but `safety.cleared` and the stop events; the first state in motion fails. */
  private latched(first: SpaceState): StopOutcome | undefined {
    const seen = new Set<string>([first.key]);
    const queue: Reached[] = [{ state: first, via: [] }];
    for (let r = queue.shift(); r !== undefined; r = queue.shift()) {
      if (r.state.snapshot.status !== 'active') continue;
      for (const e of this.space.edges(r.state)) {
        if (e.role === 'stop' || e.role === 'cleared' || !e.changed || e.next === undefined || e.next.status === 'error') continue;
        if (seen.has(e.nextKey)) continue;
        seen.add(e.nextKey);
        const via = [...r.via, e];
        if (!isSafeOrDone(e.next) && !isStopping(e.next)) return { ok: false, failure: 'resumed', continuation: via, at: e.next, before: r.state.snapshot };
        queue.push({ state: { snapshot: e.next, key: e.nextKey }, via });
      }
    }
    return undefined;
  }
}
