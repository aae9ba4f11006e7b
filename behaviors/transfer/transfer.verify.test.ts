// The transfer passes Kindred's verifier at both autonomy levels; deliberately broken variants of the
// same machine — an anomaly handler that lets go of the patient, a lowering that never ends — fail
// it, each with the path of events that shows the fault.
import { createMachine, type AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { BehaviorDefinition } from '../core/index.js';
import { formatReport, verifyBehavior } from '../verify/index.js';
import { DEMO_TRANSFER_INPUT } from './demoTransfer.js';
import { transferMachine } from './transfer.machine.js';
import { checkAnomalyLowering, formatAnomalyReport, type AnomalyCheckOptions } from './checkAnomalyLowering.js';
import type { TransferContext } from './transferContext.js';
import { TRANSFER_SAFETY_BOUND, transferDefinition } from './transferDefinition.js';
import { parseTransferInput } from './transferInput.js';

type Config = Record<string, unknown> & { states?: Record<string, Config> };

const say = (name: string, role: string) => ({ type: `intent.${name}`, role, text: name, language: 'zh', confidence: 1, source: 'cli' });
const MOTION = { positions: {}, minPositions: {}, maxPositions: {}, maxTrackingError: 0, elapsedS: 1 };
const ANOMALY_OPTIONS: AnomalyCheckOptions = {
  loaded: (s) => (s.context as TransferContext).loaded,
  anomalies: [
    { type: 'monitor.anomaly', kind: 'force', code: 'BEHAVIOR_TRANSFER_FORCE_LIMIT', detail: 'chest 80 N > 40 N', region: 'chest', valueN: 80, limitN: 40 },
    { type: 'monitor.anomaly', kind: 'posture', code: 'BEHAVIOR_TRANSFER_POSTURE_UNSTABLE', detail: 'slumped' },
    say('停', 'patient'),
    say('no', 'patient'),
    say('stop', 'caregiver'),
    { type: 'operator.stop' },
  ],
  outputs: { moveJoints: MOTION, speak: { id: 'say', outcome: 'done' } },
};

/** A copy of the transfer's config with the state at `path` replaced by `patch(state)`. */
function patched(path: readonly string[], patch: (state: Config) => Config): BehaviorDefinition {
  const edit = (node: Config, rest: readonly string[]): Config => {
    if (rest.length === 0) return patch(node);
    const [head, ...tail] = rest as [string, ...string[]];
    const states = node.states ?? {};
    return { ...node, states: { ...states, [head]: edit(states[head] as Config, tail) } };
  };
  const config = edit(transferMachine.config as unknown as Config, path);
  const machine = createMachine(config as never, transferMachine.implementations as never) as AnyStateMachine;
  return { ...transferDefinition, machine } as BehaviorDefinition;
}

describe('transfer behaviour, verified', () => {
  it.each(['supervised', 'assisted'] as const)('passes verifyBehavior at %s autonomy: every stop safe within the bound, no dead ends, actors cancelled', (autonomy) => {
    const input = parseTransferInput({ ...DEMO_TRANSFER_INPUT, autonomy });
    const report = verifyBehavior({ ...transferDefinition, explore: { ...transferDefinition.explore, input } } as BehaviorDefinition);
    console.log(formatReport(report));
    expect(report.problems, formatReport(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.statesVisited).toBeGreaterThan(100);
    expect(TRANSFER_SAFETY_BOUND).toBe(3);
  });

  it('from every state with the patient on the arms, each anomaly leads into the controlled lowering', () => {
    const report = checkAnomalyLowering(transferDefinition, ANOMALY_OPTIONS);
    console.log(formatAnomalyReport(report));
    expect(report.problems, formatAnomalyReport(report)).toEqual([]);
    expect(report.loadedStates).toBeGreaterThanOrEqual(6);
  });

  it('a broken variant whose force alarm during the lift lets go of the patient (straight to release: a drop) fails, with the path', () => {
    const broken = patched(['lift'], (lift) => ({ ...lift, on: { ...(lift.on as Record<string, unknown>), 'monitor.anomaly': { target: '#transfer.release' } } }));
    const report = checkAnomalyLowering(broken, ANOMALY_OPTIONS);
    console.log(formatAnomalyReport(report));
    expect(report.ok).toBe(false);
    const drop = report.problems.find((p) => p.reached === 'release');
    expect(drop, formatAnomalyReport(report)).toBeDefined();
    expect(drop!.state).toMatch(/^lift\./);
    expect(drop!.path.at(-1)).toBe('monitor.anomaly');
    expect(drop!.path).toContain('intent.继续');
  });

  it('fails when a category 2 stop during the lift goes to the release instead of the lowering, with the path', () => {
    const broken = patched([], (root) => ({
      ...root,
      on: { ...(root.on as Record<string, unknown>), 'safety.stop': [{ guard: 'isLoaded', target: '.release', actions: 'safetyEvent' }, { target: '.halted', actions: 'safetyEvent' }] },
    }));
    const report = verifyBehavior(broken, { replay: false });
    console.log(formatReport(report));
    expect(report.ok).toBe(false);
    const problem = report.problems.find((p) => p.kind === 'unsafe_after_safety' && p.path.includes('safety.stop'));
    expect(problem, formatReport(report)).toBeDefined();
    expect(problem!.path).toContain('intent.继续');
    expect(problem!.state).toBe('release');
  });

  it('fails when the lowering, once down, lifts the patient again (motion after a stop without a reset), with the path', () => {
    const broken = patched(['lowering'], (lowering) => {
      const invokes = lowering.invoke as Config[];
      return { ...lowering, invoke: [{ ...invokes[0], onDone: { target: 'lift' } }, invokes[1]] };
    });
    const report = verifyBehavior(broken, { replay: false });
    console.log(formatReport(report));
    expect(report.ok).toBe(false);
    // Shortest witness: the operator's stop (which must end safe like a safety stop), then the lowering ends.
    const problem = report.problems.find((p) => p.kind === 'unsafe_after_safety' && p.path.at(-1) === 'xstate.done.actor.lowerSafely');
    expect(problem, formatReport(report)).toBeDefined();
    expect(problem!.path.some((t) => t === 'operator.stop' || t === 'safety.stop')).toBe(true);
    expect(problem!.state).toMatch(/^lift/);
  });
});
