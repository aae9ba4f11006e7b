import type { AnyStateMachine } from 'xstate';

/** XState's state node kinds. */
export type ChartNodeType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

/** One transition a state node takes: on an event, after a delay, or at once (`always`). */
export interface ChartTransition {
  /** Ids of the target state nodes (`companion.conversation.replying`); empty for a transition that only runs actions. */
  readonly targets: readonly string[];
  /** The guard's name (`quiet`, `stateIn`), `inline` for an anonymous guard; absent when unguarded. */
  readonly guard?: string;
  /** True when the transition exits and re-enters its source (`reenter: true`). */
  readonly reenter?: true;
}

/** The transitions a node takes on one event type (a list: the first whose guard passes is taken). */
export interface ChartEventHandler {
  /** The event type as the machine declares it, wildcards included (`intent.how_are_you`, `safety.*`, `xstate.done.actor.greet`). */
  readonly event: string;
  readonly transitions: readonly ChartTransition[];
}

/** A delayed transition (`after`). */
export interface ChartDelay {
  /** The delay as declared: a number of milliseconds as text (`"1500"`) or a named delay (`"slow"`). */
  readonly delay: string;
  /** The delay in milliseconds where it is fixed (a number, or a named delay set to a number). */
  readonly delayMs?: number;
  readonly transitions: readonly ChartTransition[];
}

/** An actor a node invokes while it is active. */
export interface ChartInvoke {
  /** The invocation's id, e.g. `greet`. */
  readonly id: string;
  /** The actor's name in the machine's `setup({ actors })` (`speak`, `waitForIntent`); `inline` for inline logic. */
  readonly src: string;
}

/** One state node of the chart, with its children. */
export interface ChartNode {
  /** The node's full id, e.g. `companion.conversation.listening` (what transitions target). */
  readonly id: string;
  /** The node's key in its parent, e.g. `listening`. */
  readonly key: string;
  readonly type: ChartNodeType;
  /** Its own tags (`safe`, `pausable`, ...), sorted. */
  readonly tags: readonly string[];
  /** The key of the child entered first (compound nodes). */
  readonly initial?: string;
  /** `shallow` or `deep` (history nodes). */
  readonly history?: 'shallow' | 'deep';
  readonly description?: string;
  /** The events it handles, in the machine's order (delayed transitions are listed under `after`). */
  readonly on: readonly ChartEventHandler[];
  /** Eventless transitions (`always`), taken as soon as their guard passes. */
  readonly always: readonly ChartTransition[];
  readonly after: readonly ChartDelay[];
  readonly invoke: readonly ChartInvoke[];
  /** Child states, in the machine's order. */
  readonly states: readonly ChartNode[];
}

/** A machine's static structure, as `/behavior/chart` carries it (kindred_msgs/BehaviorChart `chart_json`). */
export interface BehaviorChart {
  /** The machine's id (its root node's id). */
  readonly machine: string;
  readonly root: ChartNode;
}

/** What `describeChart` reads of a transition definition (XState's `TransitionDefinition`). */
interface TransitionLike {
  readonly target?: readonly { readonly id: string }[] | undefined;
  readonly guard?: unknown;
  readonly reenter?: boolean;
}

const AFTER_EVENT_PREFIX = 'xstate.after.';

/**
 * The static structure of a statechart as plain JSON data, for an inspector to draw: every state
 * node with its id, key, type, tags, initial child, the events it handles (with targets and guard
 * names), eventless and delayed transitions, and the actors it invokes. Pure and deterministic: the
 * same machine always gives the same chart (nodes, events and transitions in the machine's own order,
 * tags sorted), and it holds no functions, so `JSON.stringify` keeps all of it.
 */
export function describeChart(machine: AnyStateMachine): BehaviorChart {
  const delays = (machine.implementations as { delays?: Readonly<Record<string, unknown>> }).delays ?? {};
  return { machine: machine.root.id, root: describeNode(machine.root, delays) };
}

/** A state node of any machine. */
type AnyNode = AnyStateMachine['root'];

function describeNode(node: AnyNode, delays: Readonly<Record<string, unknown>>): ChartNode {
  const on: ChartEventHandler[] = [];
  for (const [event, transitions] of Object.entries(node.on as Readonly<Record<string, readonly TransitionLike[]>>)) {
    if (event.startsWith(AFTER_EVENT_PREFIX)) continue; // listed under `after`
    on.push({ event, transitions: transitions.map(describeTransition) });
  }
  const after: ChartDelay[] = [];
  for (const delayed of node.after as readonly (TransitionLike & { readonly delay: unknown })[]) {
    const declared = delayed.delay;
    const named = typeof declared === 'string' ? delays[declared] : undefined;
    const delayMs = typeof declared === 'number' ? declared : typeof named === 'number' ? named : undefined;
    const transition = describeTransition(delayed);
    const label = typeof declared === 'number' || typeof declared === 'string' ? String(declared) : 'inline';
    const existing = after.find((d) => d.delay === label);
    if (existing === undefined) after.push({ delay: label, ...(delayMs === undefined ? {} : { delayMs }), transitions: [transition] });
    else (existing.transitions as ChartTransition[]).push(transition);
  }
  const initialTargets = node.type === 'compound' ? ((node.initial as TransitionLike | undefined)?.target ?? []) : [];
  const initial = initialTargets[0]?.id;
  const childKey = initial === undefined ? undefined : Object.values(node.states as Readonly<Record<string, AnyNode>>).find((c) => c.id === initial)?.key;
  return {
    id: node.id,
    key: node.key,
    type: node.type,
    tags: [...node.tags].sort(),
    ...(childKey === undefined ? {} : { initial: childKey }),
    ...(node.type === 'history' && node.history !== false ? { history: node.history } : {}),
    ...(node.description === undefined ? {} : { description: node.description }),
    on,
    always: ((node.always ?? []) as readonly TransitionLike[]).map(describeTransition),
    after,
    invoke: node.invoke.map((i) => ({ id: i.id, src: typeof i.src === 'string' ? i.src : 'inline' })),
    states: Object.values(node.states as Readonly<Record<string, AnyNode>>).map((child) => describeNode(child, delays)),
  };
}

function describeTransition(t: TransitionLike): ChartTransition {
  const guard = guardName(t.guard);
  return {
    targets: (t.target ?? []).map((n) => n.id),
    ...(guard === undefined ? {} : { guard }),
    ...(t.reenter === true ? { reenter: true as const } : {}),
  };
}

/** A guard's name: the string itself, `{ type }` of a parameterised or built-in guard (`not`, `stateIn`), `inline` for a function. */
function guardName(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && typeof (guard as { type?: unknown }).type === 'string') return (guard as { type: string }).type;
  if (typeof guard === 'function') {
    const fn = guard as { check?: unknown; name: string };
    // XState's built-in guards (`not`, `and`, `stateIn`, ...) are functions with a `check` and a name.
    if (typeof fn.check === 'function' && fn.name !== '' && fn.name !== 'guard') return fn.name;
    return 'inline';
  }
  return 'inline';
}
