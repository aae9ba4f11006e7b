import { getShortestPaths } from '@xstate/graph';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialTransition, setup, transition } from 'xstate';
import type { KindredBehaviorEvent } from '../core/conventions.js';
import { STANDARD_STOP_EVENTS } from './explorationEvents.js';
import { formatStateValue } from './stateKey.js';
import { verifyBehavior } from './verifyBehavior.js';

const graphSetup = setup({ types: { events: {} as KindredBehaviorEvent | { type: 'e0' } | { type: 'e1' } } });
type StatesConfig = NonNullable<Parameters<typeof graphSetup.createMachine>[0]['states']>;

/** A random behaviour: states s0…s(n-1), two events with random targets, some states tagged safe, some forgetting safety.stop. */
interface Graph {
  readonly targets: readonly (readonly (number | undefined)[])[];
  readonly safe: readonly boolean[];
  readonly forget: readonly boolean[];
}

const graphs: fc.Arbitrary<Graph> = fc.integer({ min: 2, max: 6 }).chain((n) =>
  fc.record({
    targets: fc.array(fc.array(fc.option(fc.integer({ min: 0, max: n - 1 }), { nil: undefined }), { minLength: 2, maxLength: 2 }), { minLength: n, maxLength: n }),
    safe: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    forget: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
  }),
);

function build(g: Graph) {
  const states: StatesConfig = {
    // Reached by any e-stop (root) and by safety.stop where handled; left only on safety.cleared.
    halt: { tags: ['safe'], on: { 'safety.stop': {}, 'safety.cleared': 's0' } },
  };
  g.targets.forEach((t, i) => {
    const on: Record<string, string> = {};
    if (t[0] !== undefined) on.e0 = `s${t[0]}`;
    if (t[1] !== undefined) on.e1 = `s${t[1]}`;
    if (g.forget[i] !== true) on['safety.stop'] = 'halt';
    states[`s${i}`] = { tags: g.safe[i] === true ? ['safe'] : [], on };
  });
  return graphSetup.createMachine({ id: 'graph', initial: 's0', on: { 'safety.estop': '.halt' }, states });
}

describe('verifyBehavior on random behaviours (fast-check), against @xstate/graph as the oracle', () => {
  it('reports exactly the reachable states that ignore safety.stop or are dead ends, each with a shortest path that replays', () => {
    fc.assert(
      fc.property(graphs, (g) => {
        const machine = build(g);
        const events = [{ type: 'e0' as const }, { type: 'e1' as const }, ...STANDARD_STOP_EVENTS, { type: 'safety.cleared' as const }];
        // The oracle: shortest distances by @xstate/graph's own breadth-first search.
        const distance = new Map<string, number>();
        for (const p of getShortestPaths(machine, { events })) distance.set(formatStateValue(p.state.value), p.weight);
        const expected: { kind: string; state: string; length: number }[] = [];
        g.targets.forEach((t, i) => {
          const d = distance.get(`s${i}`);
          if (d === undefined) return;
          if (g.forget[i] === true) expected.push({ kind: 'safety_unhandled', state: `s${i}`, length: d + 1 });
          if (t.every((target) => target === undefined || target === i)) expected.push({ kind: 'dead_end', state: `s${i}`, length: d });
        });
        const report = verifyBehavior({
          id: 'graph',
          machine,
          description: { en: 'random graph', zh: '随机图' },
          explore: { events: [{ type: 'e0' }, { type: 'e1' }], safetyBound: 1 },
        });
        const got = report.problems.map((p) => ({ kind: p.kind, state: p.state, length: p.path.length }));
        const order = (a: { kind: string; state: string }, b: { kind: string; state: string }): number => (a.kind + a.state).localeCompare(b.kind + b.state);
        expect(got.sort(order)).toEqual(expected.sort(order));
        expect(report.statesVisited).toBe(distance.size);
        for (const p of report.problems) {
          let [snapshot] = initialTransition(machine);
          const lead = p.kind === 'safety_unhandled' ? p.events.slice(0, -1) : p.events;
          for (const e of lead) [snapshot] = transition(machine, snapshot, e as Parameters<typeof transition<typeof machine>>[2]);
          expect(formatStateValue(snapshot.value)).toBe(p.state);
        }
      }),
      { numRuns: 80, seed: 8 },
    );
  });
});
