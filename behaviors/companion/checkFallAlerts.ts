import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
import type { BehaviorDefinition, BilingualText } from '../core/index.js';
import { formatStateValue, STANDARD_STOP_EVENTS, StandInActors, stableStringify } from '../verify/index.js';
import { URGENT_ALERT_TAG } from './companion.machine.js';

/** A state from which a fall with no answer does not reach an urgent alert in time. */
export interface FallAlertProblem {
  readonly kind: 'ended' | 'stuck' | 'too_long';
  /** Where the fall happened (leaf paths). */
  readonly state: string;
  /** Event types from the initial state: to the state, the fall, then the "no answer" continuation to where it goes wrong. */
  readonly path: readonly string[];
  readonly events: readonly EventObject[];
  readonly detail: BilingualText;
}

/** What `checkFallAlerts` found. */
export interface FallAlertReport {
  readonly ok: boolean;
  /** Distinct states reached (by the definition's state key) and checked. */
  readonly statesChecked: number;
  /** The distinct state values reached (leaf paths), sorted: what the check covered. */
  readonly stateValues: readonly string[];
  readonly problems: readonly FallAlertProblem[];
}

/** Options of `checkFallAlerts`. */
export interface FallAlertOptions {
  /** The fall as the behaviour receives it. */
  readonly fall: EventObject;
  /** Most transitions from the fall (included) to a state tagged `urgent_alert` when nobody answers. */
  readonly withinSteps: number;
  /** "No answer" outputs of child actors by actor name (default: `waitForIntent` times out). */
  readonly noAnswer?: Readonly<Record<string, unknown>>;
  /** State names (leaf-path prefixes) where a fall is knowingly not taken on, e.g. a behaviour that is ending. */
  readonly exempt?: readonly string[];
  /** Most states explored. Default 5000. */
  readonly maxStates?: number;
}

interface Node {
  readonly snapshot: AnyMachineSnapshot;
  readonly key: string;
  readonly parent: Node | undefined;
  readonly via: EventObject | undefined;
}

const OPERATOR_EVENTS: readonly EventObject[] = [{ type: 'operator.pause' }, { type: 'operator.resume' }, { type: 'operator.stop' }, { type: 'safety.cleared' }];

function childEntries(s: AnyMachineSnapshot): [string, { readonly src?: unknown }][] {
  return Object.entries(s.children as Record<string, { src?: unknown } | undefined>).filter((c): c is [string, { src?: unknown }] => c[1] !== undefined);
}

function pathTo(n: Node): EventObject[] {
  const out: EventObject[] = [];
  for (let x: Node | undefined = n; x?.via !== undefined; x = x.parent) out.push(x.via);
  return out.reverse();
}

/**
 * A property Kindred's general verifier does not know: **from every reachable state, a fall that
 * nobody answers leads to an urgent caregiver alert** within `withinSteps` transitions, whichever
 * order the companion's own actors finish in (speech, the head turn, the check-in's timeout). It
 * walks the behaviour's states as the verifier does (pure XState transitions, every named actor an
 * inert stand-in, the definition's sample events plus actor completions and failures, operator and
 * safety events), sends the fall in each, then follows every "no answer" continuation: each child
 * actor completing with its no-answer output (a `waitForIntent` timing out). A continuation that
 * ends, gets stuck or runs past the bound without reaching a state tagged `urgent_alert` is a
 * problem, reported with the full path of events. Deterministic.
 */
export function checkFallAlerts(definition: BehaviorDefinition, options: FallAlertOptions): FallAlertReport {
  const original: AnyStateMachine = definition.machine;
  const machine = original.provide({ actors: new StandInActors(original.implementations.actors).actors });
  const explore = definition.explore;
  const keyOf = (s: AnyMachineSnapshot): string => `${s.status}|${explore.stateKey === undefined ? stableStringify({ v: s.value, c: s.context }) : (explore.stateKey as (x: AnyMachineSnapshot) => string)(s)}|${Object.keys(s.children as object).sort().join(',')}`;
  const outputs = (explore.actorOutputs ?? {}) as Readonly<Record<string, readonly unknown[]>>;
  const noAnswer: Readonly<Record<string, unknown>> = options.noAnswer ?? { waitForIntent: { timeout: true } };
  const step = (s: AnyMachineSnapshot, e: EventObject): AnyMachineSnapshot | undefined => {
    if (machine.getTransitionData(s, e).length === 0) return undefined;
    const [next] = transition(machine, s, e);
    return next.status === 'error' ? undefined : next;
  };

  // 1. Every reachable state, breadth first.
  const [first] = initialTransition(machine, explore.input);
  const root: Node = { snapshot: first, key: keyOf(first), parent: undefined, via: undefined };
  const seen = new Map<string, Node>([[root.key, root]]);
  const order: Node[] = [root];
  const maxStates = options.maxStates ?? 5000;
  for (let i = 0; i < order.length && seen.size < maxStates; i++) {
    const n = order[i] as Node;
    if (n.snapshot.status !== 'active') continue;
    const sample = typeof explore.events === 'function' ? (explore.events as (s: AnyMachineSnapshot) => readonly EventObject[])(n.snapshot) : (explore.events as readonly EventObject[]);
    const events: EventObject[] = [...sample, ...OPERATOR_EVENTS, ...STANDARD_STOP_EVENTS];
    for (const [id, ref] of childEntries(n.snapshot)) {
      const src = typeof ref.src === 'string' ? ref.src : '';
      for (const output of outputs[id] ?? outputs[src] ?? [undefined]) events.push({ type: `xstate.done.actor.${id}`, output, actorId: id } as EventObject);
      events.push({ type: `xstate.error.actor.${id}`, error: new Error(`simulated failure of ${id}`), actorId: id } as EventObject);
    }
    for (const e of events) {
      const next = step(n.snapshot, e);
      if (next === undefined) continue;
      const key = keyOf(next);
      if (seen.has(key)) continue;
      const m: Node = { snapshot: next, key, parent: n, via: e };
      seen.set(key, m);
      order.push(m);
    }
  }

  // 2. From each, the fall and every no-answer continuation: the longest way to an urgent alert.
  const continuations = (s: AnyMachineSnapshot): { event: EventObject; next: AnyMachineSnapshot }[] => {
    const out: { event: EventObject; next: AnyMachineSnapshot }[] = [];
    for (const [id, ref] of childEntries(s)) {
      const src = typeof ref.src === 'string' ? ref.src : '';
      const output = Object.hasOwn(noAnswer, id) ? noAnswer[id] : Object.hasOwn(noAnswer, src) ? noAnswer[src] : (outputs[id] ?? outputs[src])?.[0];
      const event = { type: `xstate.done.actor.${id}`, output, actorId: id } as EventObject;
      const next = step(s, event);
      if (next !== undefined && keyOf(next) !== keyOf(s)) out.push({ event, next });
    }
    return out;
  };
  const memo = new Map<string, { length: number; event?: EventObject; next?: AnyMachineSnapshot }>();
  const onPath = new Set<string>();
  const worst = (s: AnyMachineSnapshot): number => {
    if (s.status === 'active' && s.hasTag(URGENT_ALERT_TAG)) return 0;
    if (s.status !== 'active') return Infinity;
    const key = keyOf(s);
    const done = memo.get(key);
    if (done !== undefined) return done.length;
    if (onPath.has(key)) return Infinity;
    onPath.add(key);
    let best: { length: number; event?: EventObject; next?: AnyMachineSnapshot } = { length: Infinity };
    const conts = continuations(s);
    for (const c of conts) {
      const length = 1 + worst(c.next);
      if (best.event === undefined || length > best.length) best = { length, event: c.event, next: c.next };
    }
    onPath.delete(key);
    memo.set(key, best);
    return best.length;
  };

  const problems: FallAlertProblem[] = [];
  const reported = new Set<string>();
  for (const n of order) {
    const s = n.snapshot;
    if (s.status !== 'active') continue;
    const here = formatStateValue(s.value);
    if ((options.exempt ?? []).some((x) => here === x || here.startsWith(`${x}.`))) continue;
    const base = pathTo(n);
    const after = step(s, options.fall);
    if (after === undefined || after.status !== 'active') {
      if (reported.has(`ended|${here}`)) continue;
      reported.add(`ended|${here}`);
      const events = [...base, options.fall];
      problems.push({
        kind: 'ended',
        state: here,
        path: events.map((e) => e.type),
        events,
        detail: { en: `in ${here} a fall is not taken on (the event is ignored or ends the behaviour)`, zh: `在 ${here} 中跌倒未被处理（事件被忽略或行为结束）` },
      });
      continue;
    }
    const length = 1 + worst(after);
    if (length <= options.withinSteps) continue;
    // The witness: follow the longest continuation.
    const events = [...base, options.fall];
    let at: AnyMachineSnapshot = after;
    for (let k = 0; k < options.withinSteps + 2; k++) {
      const w = memo.get(keyOf(at));
      if (w?.event === undefined || w.next === undefined) break;
      events.push(w.event);
      at = w.next;
    }
    const stuck = memo.get(keyOf(at))?.event === undefined && !(at.status === 'active' && at.hasTag(URGENT_ALERT_TAG));
    const where = formatStateValue(at.value);
    const kind = stuck ? 'stuck' : 'too_long';
    if (reported.has(`${kind}|${where}`)) continue;
    reported.add(`${kind}|${where}`);
    problems.push({
      kind,
      state: here,
      path: events.map((e) => e.type),
      events,
      detail: stuck
        ? { en: `a fall in ${here} that nobody answers gets stuck in ${where} without an urgent alert`, zh: `在 ${here} 中跌倒且无人回应时停在 ${where}，没有发出紧急通知` }
        : { en: `a fall in ${here} that nobody answers reaches no urgent alert within ${options.withinSteps} transitions`, zh: `在 ${here} 中跌倒且无人回应时，${options.withinSteps} 步内未发出紧急通知` },
    });
  }
  const values = new Set(order.filter((n) => n.snapshot.status === 'active').map((n) => formatStateValue(n.snapshot.value)));
  return { ok: problems.length === 0, statesChecked: order.length, stateValues: [...values].sort(), problems };
}

/** The report as text: a verdict, then each problem with its path, in Mandarin and English. */
export function formatFallAlertReport(r: FallAlertReport): string {
  const lines = [
    r.ok ? `✓ 跌倒处理：${r.statesChecked} 个状态中无人回应的跌倒均会紧急通知看护人` : `✗ 跌倒处理：发现 ${r.problems.length} 个问题（共 ${r.statesChecked} 个状态）`,
    r.ok ? `✓ fall handling: in all ${r.statesChecked} states an unanswered fall alerts the caregiver` : `✗ fall handling: ${r.problems.length} problem(s) in ${r.statesChecked} states`,
  ];
  r.problems.forEach((p, i) => lines.push(`${i + 1}. [${p.kind}] ${p.state}`, `   path: ${p.path.join(' → ')}`, `   ${p.detail.zh}`, `   ${p.detail.en}`));
  return lines.join('\n');
}
