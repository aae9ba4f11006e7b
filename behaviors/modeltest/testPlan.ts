import { drivableValues, type ModelGraph } from './modelGraph.js';
import type { ModelCase, Probe } from './ModelTester.js';

/** Every probe, in the order cases are generated. */
export const PROBES: readonly Probe[] = ['pause', 'stop', 'estop'];

/** A case the generator did not produce, and why. */
export interface NotGenerated {
  readonly target: string;
  readonly probe: Probe;
  readonly reason: { readonly en: string; readonly zh: string };
}

/** The cases for one behaviour, grouped into runs, and what was left out. */
export interface ModelTestPlan {
  readonly behaviorId: string;
  /** Each inner list runs in one simulator run, in order. */
  readonly runs: readonly (readonly ModelCase[])[];
  readonly notGenerated: readonly NotGenerated[];
}

/**
 * The model-based tests of a behaviour, from its model graph: a `pause` case (pause, the robot
 * still, resume) for every state tagged pausable; a `stop` case (operator stop → a safe state, the
 * robot still, the record written) for every state where the operator's stop is offered; an
 * `estop` case (e-stop → a safe state, the robot still) for every pausable state (where the
 * behaviour is doing its work). States reachable only through a fault are listed, not generated.
 * All pause cases share runs (pausing and resuming leaves the run going), shallowest first; each
 * stop and e-stop case gets a run of its own.
 */
export function generatePlan(graph: ModelGraph, probes: readonly Probe[] = PROBES): ModelTestPlan {
  const reachable = drivableValues(graph);
  const nodes = [...graph.nodes.values()].filter((n) => !n.final).sort((a, b) => a.depth - b.depth || a.value.localeCompare(b.value));
  const pauses: ModelCase[] = [];
  const single: ModelCase[][] = [];
  const notGenerated: NotGenerated[] = [];
  for (const probe of probes) {
    for (const n of nodes) {
      const applies = probe === 'stop' ? n.stopOffered : n.pausable;
      if (!applies) continue;
      if (!reachable.has(n.value)) {
        notGenerated.push({
          target: n.value,
          probe,
          reason: { en: 'reachable only through a fault (an actor failing, a supervisor stop, an anomaly): the scenario runner’s job', zh: '只能经由故障到达（actor 失败、监督器停止、异常）：由故障注入场景覆盖' },
        });
        continue;
      }
      const c: ModelCase = { behaviorId: graph.behaviorId, probe, target: n.value };
      if (probe === 'pause') pauses.push(c);
      else single.push([c]);
    }
  }
  return { behaviorId: graph.behaviorId, runs: [...(pauses.length > 0 ? [pauses] : []), ...single], notGenerated };
}
