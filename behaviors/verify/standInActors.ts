import {
  StateMachine,
  fromCallback,
  fromEventObservable,
  fromObservable,
  fromPromise,
  type AnyActorLogic,
  type AnyActorRef,
  type EventObject,
  type Subscribable,
  type Subscription,
} from 'xstate';

/** The kind of an actor's logic, told from how its pure `transition` answers probe events. */
export type ActorKind = 'machine' | 'promise' | 'observable' | 'event_observable' | 'callback' | 'other';

/** How a stand-in saw that it was cleaned up: the promise's AbortSignal fired, the callback's cleanup ran, the subscription was torn down. */
export type CleanupEvidence = 'signal aborted' | 'cleanup called' | 'unsubscribed';

/** One start of a stand-in actor. */
export interface StandInStart {
  readonly ref: AnyActorRef;
  /** The actor's name in `setup({ actors })`. */
  readonly src: string;
  readonly kind: ActorKind;
  cleanup: CleanupEvidence | undefined;
}

const PROBE = Symbol('probe');
const ACTIVE = { status: 'active', output: undefined, error: undefined, input: undefined, context: undefined } as const;

/**
 * The kind of actor logic. XState's creators keep no tag, so the probe feeds each kind's own
 * internal event (`xstate.promise.resolve`, `xstate.observable.next`, `xstate.observable.complete`)
 * to the logic's pure `transition`; none of these run user code. Logic with a `start` and none of
 * those answers is taken as a callback.
 */
export function classifyActorLogic(logic: AnyActorLogic): ActorKind {
  if (logic instanceof StateMachine) return 'machine';
  const probe = (event: EventObject): { status?: unknown; output?: unknown; context?: unknown } | undefined => {
    try {
      return logic.transition({ ...ACTIVE }, event, {} as never) as { status?: unknown; output?: unknown; context?: unknown };
    } catch {
      return undefined;
    }
  };
  if (typeof logic.start !== 'function') return 'other';
  const resolved = probe({ type: 'xstate.promise.resolve', data: PROBE } as EventObject);
  if (resolved?.status === 'done' && resolved.output === PROBE) return 'promise';
  if (probe({ type: 'xstate.observable.next', data: PROBE } as EventObject)?.context === PROBE) return 'observable';
  if (probe({ type: 'xstate.observable.complete' })?.status === 'done') return 'event_observable';
  return 'callback';
}

/**
 * Inert stand-ins for a machine's named actors, of the same kind as each original where the kind
 * is known (a callback otherwise), recording every start and the cleanup XState triggers on stop.
 * They never complete on their own and do nothing: completion and failure are driven by the
 * exploration's `xstate.done.actor.*` / `xstate.error.actor.*` events, so no real work (motion,
 * speech, the bus) runs during verification.
 */
export class StandInActors {
  /** Pass to `machine.provide({ actors })`. */
  readonly actors: Record<string, AnyActorLogic> = {};
  /** Starts since the last `reset`, by actor reference. */
  readonly starts = new Map<AnyActorRef, StandInStart>();

  /** `originals` is a machine's `implementations.actors`: logic, or `{ src: logic, input }`. */
  constructor(originals: Readonly<Record<string, AnyActorLogic | { readonly src: AnyActorLogic }>>) {
    for (const [src, entry] of Object.entries(originals)) {
      const logic = 'transition' in entry ? entry : entry.src;
      this.actors[src] = this.standIn(src, classifyActorLogic(logic));
    }
  }

  /** Forget recorded starts (before each replay). */
  reset(): void {
    this.starts.clear();
  }

  private record(ref: AnyActorRef, src: string, kind: ActorKind): StandInStart {
    const start: StandInStart = { ref, src, kind, cleanup: undefined };
    this.starts.set(ref, start);
    return start;
  }

  private standIn(src: string, kind: ActorKind): AnyActorLogic {
    switch (kind) {
      case 'promise':
        return fromPromise(({ self, signal }) => {
          const start = this.record(self, src, kind);
          signal.addEventListener('abort', () => (start.cleanup = 'signal aborted'), { once: true });
          return new Promise<never>(() => {});
        });
      case 'observable':
        return fromObservable(({ self }) => this.subscribable<unknown>(self, src, kind));
      case 'event_observable':
        return fromEventObservable(({ self }) => this.subscribable<EventObject>(self, src, kind));
      default:
        return fromCallback(({ self }) => {
          const start = this.record(self, src, kind);
          return () => {
            start.cleanup = 'cleanup called';
          };
        });
    }
  }

  private subscribable<T>(self: AnyActorRef, src: string, kind: ActorKind): Subscribable<T> {
    const subscribe = (): Subscription => {
      const start = this.record(self, src, kind);
      return { unsubscribe: () => (start.cleanup = 'unsubscribed') };
    };
    return { subscribe };
  }
}
