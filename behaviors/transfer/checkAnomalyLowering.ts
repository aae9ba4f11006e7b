import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine, type AnyStateNode, type EventObject } from 'xstate';
import { BEHAVIOR_TAG, type BehaviorDefinition } from '../core/index.js';
import { StandInActors, formatStateValue, stableStringify } from '../verify/index.js';

/** A state with the patient on the arms from which an anomaly did not lead into the controlled lowering. */
export interface AnomalyProblem {
  /** The state the anomaly arrived in. */
  readonly state: string;
  /** Event types from the start, the anomaly last. */
  readonly path: readonly string[];
  /** Where the anomaly led. */
  readonly reached: string;
}

/** What `checkAnomalyLowering` found. */
export interface AnomalyReport {
  readonly ok: boolean;
  /** States with the patient on the arms that were checked. */
  readonly loadedStates: number;
  readonly statesVisited: number;
  readonly problems: readonly AnomalyProblem[];
}

/** What the check needs to know of the behaviour. */
export interface AnomalyCheckOptions {
  /** Is the patient on the arms in this snapshot? */
  readonly loaded: (snapshot: AnyMachineSnapshot) => boolean;
  /** The anomalies to try in every such state (besides the failure of each child actor alive). */
  readonly anomalies: readonly (EventObject & Readonly<Record<string, unknown>>)[];
  /** Outputs of child actors when they complete, by actor name (`src`); default `undefined`. */
  readonly outputs?: Readonly<Record<string, unknown>>;
  /** Most states visited (default 2000). */
  readonly maxStates?: number;
}

/** Every `after` event type of the machine (XState names them `xstate.after.<delay>.<state id>`). */
function afterEvents(machine: AnyStateMachine): EventObject[] {
  const out: EventObject[] = [];
  const walk = (node: AnyStateNode): void => {
    for (const t of node.after) out.push({ type: t.eventType });
    for (const child of Object.values(node.states)) walk(child);
  };
  walk(machine.root);
  return out;
}

/**
 * The transfer's own safety property, which `verifyBehavior` cannot see (it knows safety and operator
 * stops, not a behaviour's anomalies): from every reachable state with the patient on the arms, each
 * anomaly — a contact-force or posture alarm, a person's "stop", the failure of a motion — leads into a
 * state tagged `stopping` (the controlled lowering), never straight to letting go. Breadth first over
 * XState's pure `transition` with inert stand-in actors, driven by the definition's sample events (a
 * list, or a function of the state), the completion of every child actor and every `after` timeout;
 * each problem carries its shortest path.
 */
export function checkAnomalyLowering(definition: BehaviorDefinition, options: AnomalyCheckOptions): AnomalyReport {
  const original: AnyStateMachine = definition.machine;
  const standIns = new StandInActors(original.implementations.actors as ConstructorParameters<typeof StandInActors>[0]);
  const machine = original.provide({ actors: standIns.actors });
  const explore = definition.explore;
  const samples = (s: AnyMachineSnapshot): readonly EventObject[] =>
    typeof explore.events === 'function' ? (explore.events as (s: AnyMachineSnapshot) => readonly EventObject[])(s) : (explore.events as readonly EventObject[]);
  const timeouts = afterEvents(machine);
  const keyOf = (s: AnyMachineSnapshot): string => (explore.stateKey === undefined ? stableStringify({ v: s.value, c: s.context }) : (explore.stateKey as (s: AnyMachineSnapshot) => string)(s));
  const maxStates = options.maxStates ?? 2000;
  const [first] = initialTransition(machine, explore.input as never) as [AnyMachineSnapshot, unknown];
  const seen = new Map<string, readonly string[]>([[keyOf(first), []]]);
  const queue: { snapshot: AnyMachineSnapshot; path: readonly string[] }[] = [{ snapshot: first, path: [] }];
  const problems: AnomalyProblem[] = [];
  const reported = new Set<string>();
  let loadedStates = 0;
  const step = (s: AnyMachineSnapshot, e: EventObject): AnyMachineSnapshot | undefined => {
    try {
      const [next] = transition(machine, s as never, e as never) as [AnyMachineSnapshot, unknown];
      return next;
    } catch {
      return undefined;
    }
  };
  for (let item = queue.shift(); item !== undefined && seen.size <= maxStates; item = queue.shift()) {
    const { snapshot: s, path } = item;
    if (s.status !== 'active') continue;
    const children = Object.entries(s.children as Record<string, { src?: unknown } | undefined>).filter(([, ref]) => ref !== undefined);
    const completions = children.map(([id, ref]) => ({ type: `xstate.done.actor.${id}`, output: options.outputs?.[typeof ref?.src === 'string' ? ref.src : ''] }));
    const failures = children.map(([id]) => ({ type: `xstate.error.actor.${id}`, error: new Error(`${id} failed (anomaly check)`) }));
    const here = formatStateValue(s.value);
    if (options.loaded(s) && !s.hasTag(BEHAVIOR_TAG.stopping) && !s.hasTag(BEHAVIOR_TAG.safe)) loadedStates++;
    if (options.loaded(s) && !s.hasTag(BEHAVIOR_TAG.stopping)) {
      for (const anomaly of [...options.anomalies, ...failures]) {
        const next = step(s, anomaly);
        if (next === undefined || next === s || next.value === s.value) continue;
        if (next.hasTag(BEHAVIOR_TAG.stopping) || (s.hasTag(BEHAVIOR_TAG.safe) && next.hasTag(BEHAVIOR_TAG.safe) && options.loaded(next))) continue;
        const reached = formatStateValue(next.value);
        const id = `${here}|${reached}`;
        if (reported.has(id)) continue;
        reported.add(id);
        problems.push({ state: here, path: [...path, anomaly.type], reached });
      }
    }
    for (const e of [...samples(s), ...completions, ...timeouts]) {
      const next = step(s, e);
      if (next === undefined) continue;
      const key = keyOf(next);
      if (seen.has(key)) continue;
      const nextPath = [...path, e.type];
      seen.set(key, nextPath);
      queue.push({ snapshot: next, path: nextPath });
    }
  }
  return { ok: problems.length === 0, loadedStates, statesVisited: seen.size, problems };
}

/** The report in both languages, one problem a line. */
export function formatAnomalyReport(report: AnomalyReport): string {
  const head = report.ok
    ? `✓ 异常均受控放下 / every anomaly lowers under control — ${report.loadedStates} loaded states, ${report.statesVisited} visited`
    : `✗ ${report.problems.length} 个异常未受控放下 / anomalies not lowered under control — ${report.loadedStates} loaded states, ${report.statesVisited} visited`;
  return [head, ...report.problems.map((p, i) => `${i + 1}. ${p.state} → ${p.reached}\n   path: ${p.path.join(' → ')}`)].join('\n');
}
