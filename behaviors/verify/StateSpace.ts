import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
import { eventsFor, type EventRole, type EventSource } from './explorationEvents.js';

/** The result of sending one exploration event in one state, computed with XState's pure `transition`. */
export interface Edge {
  readonly event: EventObject;
  readonly role: EventRole;
  /** The machine has an enabled transition for the event (guards evaluated). */
  readonly handled: boolean;
  /** The next snapshot; the same one when the event was not handled; undefined when the transition threw. */
  readonly next: AnyMachineSnapshot | undefined;
  readonly nextKey: string;
  /** The next state differs from this one (by key, status included). */
  readonly changed: boolean;
  /** What the transition threw, if it did. */
  readonly thrown?: unknown;
}

/** A state of the exploration: its snapshot and key. */
export interface SpaceState {
  readonly snapshot: AnyMachineSnapshot;
  readonly key: string;
}

const ERROR_EVENT_PREFIX = 'xstate.error.actor.';

/**
 * A machine's state space as seen through its exploration events: states identified by key,
 * each with its outgoing edges computed once (pure transitions, no actions executed, child actors
 * created but never started). Deterministic: events are tried in `eventsFor`'s order.
 */
export class StateSpace {
  private readonly edgeCache = new Map<string, readonly Edge[]>();

  constructor(
    readonly machine: AnyStateMachine,
    private readonly source: EventSource,
    private readonly stateKey: (snapshot: AnyMachineSnapshot) => string,
    private readonly input: unknown,
  ) {}

  /** The key of a snapshot: its status, then the definition's (or the default) state key. */
  keyOf(snapshot: AnyMachineSnapshot): string {
    return `${snapshot.status}|${this.stateKey(snapshot)}`;
  }

  /** The initial state, or what computing it threw. */
  initial(): SpaceState | { readonly thrown: unknown } {
    try {
      const [snapshot] = initialTransition(this.machine, this.input);
      return { snapshot, key: this.keyOf(snapshot) };
    } catch (thrown) {
      return { thrown };
    }
  }

  /** The edges out of a state, in event order (cached by key). */
  edges(state: SpaceState): readonly Edge[] {
    const cached = this.edgeCache.get(state.key);
    if (cached !== undefined) return cached;
    const edges = eventsFor(this.source, state.snapshot).map(({ event, role }) => this.step(state, event, role));
    this.edgeCache.set(state.key, edges);
    return edges;
  }

  /** The edge for the first exploration event of a type in a state, if there is one. */
  edgeFor(state: SpaceState, type: string): Edge | undefined {
    return this.edges(state).find((e) => e.event.type === type);
  }

  private step(state: SpaceState, event: EventObject, role: EventRole): Edge {
    const { snapshot, key } = state;
    try {
      const handled = this.machine.getTransitionData(snapshot, event).length > 0;
      // An unhandled actor failure makes the machine fail, so it is a transition of its own.
      if (!handled && !event.type.startsWith(ERROR_EVENT_PREFIX)) return { event, role, handled, next: snapshot, nextKey: key, changed: false };
      const [next] = transition(this.machine, snapshot, event);
      const nextKey = this.keyOf(next);
      return { event, role, handled, next, nextKey, changed: nextKey !== key };
    } catch (thrown) {
      return { event, role, handled: true, next: undefined, nextKey: '', changed: false, thrown };
    }
  }
}
