// The rehab session passes `kindred behavior verify`'s checks; a copy with one state that ignores a
// safety stop fails them, with the path of events that leads there.
import { createMachine, type AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { BehaviorDefinition } from '../core/index.js';
import { formatReport, verifyBehavior } from '../verify/index.js';
import { rehabDefinition } from './definition.js';
import { parseRehabPlan } from './plan/loadRehabPlan.js';
import { rehabMachine } from './rehab.machine.js';
import { REHAB_EXO_CONTROLLERS } from './rehabControllers.js';

type Config = { states?: Record<string, Config>; on?: Record<string, unknown> } & Record<string, unknown>;

/** A copy of `config` with the state at `path` (state names from the root) replaced by `change(state)`. */
function patchState(config: Config, path: readonly string[], change: (state: Config) => Config): Config {
  if (path.length === 0) return change(config);
  const [head, ...rest] = path as [string, ...string[]];
  const child = config.states?.[head];
  if (child === undefined) throw new Error(`no state ${head}`);
  return { ...config, states: { ...config.states, [head]: patchState(child, rest, change) } };
}

describe('rehab session: verification', () => {
  it('verifies: every safety stop reaches a safe state, no dead end, every actor cancelled, pause/resume where tagged', () => {
    const report = verifyBehavior(rehabDefinition);
    console.log(formatReport(report));
    expect(report.problems, formatReport(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.statesVisited).toBeGreaterThan(100);
  }, 60_000);

  it('a repetition state that ignores safety.stop fails verification with the path that reaches it', () => {
    const config = patchState(rehabMachine.config as unknown as Config, ['session', 'running', 'exercise', 'moving'], (s) => ({ ...s, on: { ...s.on, 'safety.stop': {} } }));
    const broken = createMachine(config as never, rehabMachine.implementations as never) as AnyStateMachine;
    // A one-exercise plan keeps the exploration short.
    const plan = parseRehabPlan(
      `kind: rehab_session_plan
name: small
patient: { id: v, name: v }
prescription: { knee_left: { rangeRad: { min: 0, max: 1.1 }, maxSpeedRadPerS: 0.9, maxAssistanceTorqueNm: 40 } }
calibration: { pose: { knee_left: 0.3 } }
warmUp: { cycles: 0 }
exercises: [{ id: only, name: o, kind: knee_flexion_extension, side: left, mode: passive, range: { fromRad: 0.3, toRad: 0.6 }, durationS: 3, repetitions: 1 }]
`,
      'small.plan.yaml',
    ).data;
    const definition = { ...rehabDefinition, machine: broken, explore: { ...rehabDefinition.explore, input: { plan, controllers: REHAB_EXO_CONTROLLERS } } } as unknown as BehaviorDefinition;
    const report = verifyBehavior(definition);
    expect(report.ok).toBe(false);
    const problem = report.problems.find((p) => p.kind === 'unsafe_after_safety');
    expect(problem, formatReport(report)).toBeDefined();
    expect(problem!.state).toBe('session.running.exercise.moving');
    // The path: the device check passes, the patient says ready, calibration completes, the exercise
    // joints reach their start, then the stop that is ignored.
    expect(problem!.path).toEqual(expect.arrayContaining(['rehab.joints', 'intent.ready', 'xstate.done.actor.calibrate', 'xstate.done.actor.position']));
    expect(problem!.path[problem!.path.length - 1]).toBe('safety.stop');
    expect(formatReport(report)).toContain('session.running.exercise.moving');
  }, 60_000);
});
