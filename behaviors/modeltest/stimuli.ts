import type { EventObject } from 'xstate';
import type { ScriptedInput } from '../ShippedBehavior.js';

/** A scripted input without its time: what the model-based tester does to cause one event. */
export type Stimulus = ScriptedInput extends infer T ? (T extends ScriptedInput ? Omit<T, 'atS'> : never) : never;

/**
 * How the tester can bring an event of the model about in the simulator:
 * - `input`: it can cause it from outside, as a person or operator would (`stimulus`);
 * - `natural`: the running system produces it by itself on the nominal path (timeouts, actors
 *   finishing, periodic ticks), so the tester waits for it;
 * - `fault`: only a failure produces it (an actor failing, a supervisor stop, a monitor's anomaly);
 *   generated paths never rely on one (fault injection is the scenario runner's job).
 */
export type EventClass = { readonly kind: 'input'; readonly stimulus: Stimulus } | { readonly kind: 'natural' } | { readonly kind: 'fault' };

/** Per-behaviour additions to `classifyEvent` for its own event types. */
export type EventClassifier = (event: EventObject) => EventClass | undefined;

const NATURAL: EventClass = { kind: 'natural' };
const FAULT: EventClass = { kind: 'fault' };

function field(event: EventObject, name: string): unknown {
  return (event as unknown as Record<string, unknown>)[name];
}

function roleOf(value: unknown): 'patient' | 'caregiver' | 'therapist' {
  return value === 'caregiver' || value === 'therapist' ? value : 'patient';
}

/** Event types produced by the running system on its own, by suffix or exact name. */
const NATURAL_TYPES = new Set(['rehab.joints', 'timer.expired']);

/**
 * The class of a model event, for events of Kindred's shared vocabulary: intents (`intent.<name>`,
 * published on `/intents` with the event's role, text and language), operator commands (on
 * `/behavior/command`), the e-stop (through the loop) and its authorised reset (`safety.cleared`),
 * patient signals (on `/humans/patient_signals`), the simulated person falling or standing up
 * (`person.fallen`/`person.recovered`, simulator commands), timeouts, actor completion and ticks
 * (natural), actor failures, supervisor stops and anomalies (faults). A behaviour's own events not
 * covered here are `fault` unless its `extra` classifier says otherwise: a path the tester cannot
 * cause must never be generated as if it could.
 */
export function classifyEvent(event: EventObject, extra?: EventClassifier): EventClass {
  const own = extra?.(event);
  if (own !== undefined) return own;
  const type = event.type;
  if (type.startsWith('intent.')) {
    const text = field(event, 'text');
    const language = field(event, 'language');
    return {
      kind: 'input',
      stimulus: {
        intent: {
          name: type.slice('intent.'.length),
          role: roleOf(field(event, 'role')),
          ...(typeof text === 'string' && text !== '' ? { text } : {}),
          ...(language === 'zh' || language === 'en' ? { language } : {}),
        },
      },
    };
  }
  if (type === 'operator.pause') return { kind: 'input', stimulus: { command: 'pause' } };
  if (type === 'operator.resume') return { kind: 'input', stimulus: { command: 'resume' } };
  if (type === 'operator.stop') return { kind: 'input', stimulus: { command: 'stop' } };
  if (type === 'safety.estop') return { kind: 'input', stimulus: { estop: 'model-based test' } };
  if (type === 'safety.cleared') return { kind: 'input', stimulus: { safetyReset: true } };
  if (type === 'patient.pain' || type === 'patient.fatigue') {
    const level = field(event, 'level');
    return { kind: 'input', stimulus: { patientSignal: { kind: type === 'patient.pain' ? 'pain' : 'fatigue', level: typeof level === 'number' ? level : 1 } } };
  }
  if (type === 'person.fallen') return { kind: 'input', stimulus: { sim: { op: 'human', command: { op: 'fall', direction: 'forward' } } } };
  if (type === 'person.recovered') return { kind: 'input', stimulus: { sim: { op: 'human', command: { op: 'stand' } } } };
  if (type.startsWith('xstate.after.') || type.startsWith('xstate.done.actor.') || type.endsWith('.tick') || NATURAL_TYPES.has(type)) return NATURAL;
  return FAULT;
}
