import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { KindredError, show } from '../../runtime/errors/index.js';
import { STOP_CATEGORIES, isSafetyStop, type SafetyEstopEvent, type SafetyStopEvent } from '../core/conventions.js';
import { formatStateValue, stableStringify } from './stateKey.js';

/** The `code` of the `safety.stop` samples the verifier sends. */
export const VERIFY_STOP_CODE = 'SAFETY_VERIFY_PROBE';

/** One `safety.stop` per stop category and one `safety.estop`: what every state must handle. */
export const STANDARD_STOP_EVENTS: readonly (SafetyStopEvent | SafetyEstopEvent)[] = [
  ...STOP_CATEGORIES.map((category): SafetyStopEvent => ({ type: 'safety.stop', category, code: VERIFY_STOP_CODE })),
  { type: 'safety.estop', source: 'verify' },
];

const CLEARED: EventObject = { type: 'safety.cleared' };
const OPERATOR_EVENTS: readonly EventObject[] = [{ type: 'operator.pause' }, { type: 'operator.resume' }, { type: 'operator.stop' }];

/**
 * What an event means to the checks: `stop` (safety.stop / safety.estop), `cleared`
 * (safety.cleared), `operator` (operator.*), `other` (the definition's events, timeouts, actor
 * completion and failure).
 */
export type EventRole = 'stop' | 'cleared' | 'operator' | 'other';

/** An exploration event with its identity (`key`) and role. */
export interface ExploreEvent {
  readonly event: EventObject;
  readonly key: string;
  readonly role: EventRole;
}

const DONE_PREFIX = 'xstate.done.actor.';
const ERROR_PREFIX = 'xstate.error.actor.';

/**
 * The child actor an event reports finished (`xstate.done.actor.<id>`, `xstate.error.actor.<id>`):
 * after it the child has stopped by itself, so it is no longer expected to be cancelled.
 */
export function finishedChildOf(event: EventObject): string | undefined {
  if (event.type.startsWith(DONE_PREFIX)) return event.type.slice(DONE_PREFIX.length);
  if (event.type.startsWith(ERROR_PREFIX)) return event.type.slice(ERROR_PREFIX.length);
  return undefined;
}

/** The role of an event, from its type. */
export function roleOf(event: EventObject): EventRole {
  if (isSafetyStop(event)) return 'stop';
  if (event.type === 'safety.cleared') return 'cleared';
  if (event.type.startsWith('operator.')) return 'operator';
  return 'other';
}

/** What `eventsFor` needs from a behaviour definition. */
export interface EventSource {
  readonly behaviorId: string;
  readonly events: readonly EventObject[] | ((snapshot: AnyMachineSnapshot) => readonly EventObject[]);
  readonly actorOutputs: Readonly<Record<string, readonly unknown[]>>;
  readonly safetyEvents: readonly (SafetyStopEvent | SafetyEstopEvent)[];
}

/**
 * The events to try in a state, in a fixed order (the definition's, the active states' `after`
 * timeouts, completion then failure of each child actor, the operator events, `safety.cleared`,
 * the stop events), without duplicates. Throws BEHAVIOR_EXPLORE_EVENTS_INVALID when the
 * definition's event function throws or returns something that is not a list of events.
 */
export function eventsFor(source: EventSource, snapshot: AnyMachineSnapshot): ExploreEvent[] {
  const out: ExploreEvent[] = [];
  const seen = new Set<string>();
  const add = (event: EventObject): void => {
    const key = stableStringify(event);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ event, key, role: roleOf(event) });
  };
  for (const e of definitionEvents(source, snapshot)) add(e);
  for (const node of snapshot._nodes) for (const t of node.after) add({ type: t.eventType });
  for (const [id, ref] of Object.entries(snapshot.children as Record<string, { src?: unknown } | undefined>)) {
    if (ref === undefined) continue;
    const src = typeof ref.src === 'string' ? ref.src : undefined;
    const outputs = source.actorOutputs[id] ?? (src !== undefined ? source.actorOutputs[src] : undefined) ?? [undefined];
    for (const output of outputs) add({ type: `xstate.done.actor.${id}`, output, actorId: id } as EventObject);
    add({ type: `xstate.error.actor.${id}`, error: new Error(`simulated failure of actor ${id}`), actorId: id } as EventObject);
  }
  for (const e of OPERATOR_EVENTS) add(e);
  add(CLEARED);
  for (const e of STANDARD_STOP_EVENTS) add(e);
  for (const e of source.safetyEvents) add(e);
  return out;
}

function definitionEvents(source: EventSource, snapshot: AnyMachineSnapshot): readonly EventObject[] {
  const state = formatStateValue(snapshot.value);
  let events: unknown;
  if (typeof source.events === 'function') {
    try {
      events = source.events(snapshot);
    } catch (cause) {
      throw new KindredError(
        'BEHAVIOR_EXPLORE_EVENTS_INVALID',
        `behaviour ${source.behaviorId}: explore.events threw in state ${state}: ${cause instanceof Error ? cause.message : show(cause)}`,
        { field: 'explore.events', value: state, expected: 'a function returning a list of events' },
        { cause },
      );
    }
  } else events = source.events;
  if (!Array.isArray(events)) {
    throw new KindredError('BEHAVIOR_EXPLORE_EVENTS_INVALID', `behaviour ${source.behaviorId}: explore.events gave ${show(events)} in state ${state}; expected a list of events`, {
      field: 'explore.events',
      value: events,
      expected: 'a list of events',
    });
  }
  events.forEach((e: unknown, i) => {
    if (typeof e !== 'object' || e === null || typeof (e as { type?: unknown }).type !== 'string' || (e as { type: string }).type === '') {
      throw new KindredError('BEHAVIOR_EXPLORE_EVENTS_INVALID', `behaviour ${source.behaviorId}: explore.events[${i}] is ${show(e)} in state ${state}; expected an object with a non-empty string type`, {
        field: `explore.events[${i}]`,
        value: e,
        expected: 'an event object { type: string, ... }',
      });
    }
  });
  return events as readonly EventObject[];
}
