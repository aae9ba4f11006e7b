// The companion passes Kindred's verifier and its own fall-handling check; deliberately broken
// variants of the same machine fail them, each with the path of events that shows the fault.
import { createMachine, type AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { BehaviorDefinition } from '../core/index.js';
import { formatReport, verifyBehavior } from '../verify/index.js';
import { companionMachine } from './companion.machine.js';
import { companionDefinition, COMPANION_EXPLORE_EVENTS } from './companionDefinition.js';
import { checkFallAlerts, formatFallAlertReport } from './checkFallAlerts.js';

const FALL = COMPANION_EXPLORE_EVENTS.find((e) => e.type === 'person.fallen')!;
const FALL_OPTIONS = { fall: FALL, withinSteps: 6, exempt: ['unavailable'] } as const;

type Config = Record<string, unknown> & { states?: Record<string, Config> };

/** A copy of the companion's config with the state at `path` replaced by `patch(state)`. */
function patched(path: readonly string[], patch: (state: Config) => Config): BehaviorDefinition {
  const edit = (node: Config, rest: readonly string[]): Config => {
    if (rest.length === 0) return patch(node);
    const [head, ...tail] = rest as [string, ...string[]];
    const states = node.states ?? {};
    return { ...node, states: { ...states, [head]: edit(states[head] as Config, tail) } };
  };
  const config = edit(companionMachine.config as unknown as Config, path);
  const machine = createMachine(config as never, companionMachine.implementations as never) as AnyStateMachine;
  return { ...companionDefinition, machine } as BehaviorDefinition;
}

describe('companion behaviour, verified', () => {
  it('passes verifyBehavior: stops reach safe, no dead ends, actors cancelled, pause/resume where tagged', () => {
    const report = verifyBehavior(companionDefinition);
    console.log(formatReport(report));
    expect(report.problems, formatReport(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.statesVisited).toBeGreaterThan(100);
  });

  it('from every state it reaches, an unanswered fall alerts the caregiver urgently', () => {
    const report = checkFallAlerts(companionDefinition, FALL_OPTIONS);
    console.log(formatFallAlertReport(report));
    expect(report.problems, formatFallAlertReport(report)).toEqual([]);
    // The check covered the states that matter, safety stops and reminders included.
    for (const s of [
      'idle',
      'greeting.speaking',
      'conversation.listening',
      'conversation.replying',
      'conversation.requesting',
      'conversation.reminder.attempt.saying',
      'conversation.reminder.attempt.waiting',
      'conversation.reminder.escalating',
      'paused',
      'fall.attending',
      'fall.asking',
      'fall.listening',
      'emergency.alerting',
      'emergency.staying_near.reassuring',
      'emergency.staying_near.with_person',
      'safetyStop.holding',
      'safetyStop.alerting',
      'safetyStop.informing',
      'safetyStop.resuming',
      'unavailable',
    ]) {
      expect(report.stateValues).toContain(s);
    }
  });

  it('a variant that keeps turning its head through a safety stop fails verification with the path', () => {
    const broken = patched(['fall', 'attending'], (s) => ({ ...s, on: { 'safety.stop': {}, 'safety.estop': {} } }));
    // The pure exploration finds it; replaying on real actors (checked above for the real machine) adds nothing here.
    const report = verifyBehavior(broken, { replay: false });
    console.log(formatReport(report));
    expect(report.ok).toBe(false);
    const problem = report.problems.find((p) => p.kind === 'unsafe_after_safety');
    expect(problem, formatReport(report)).toBeDefined();
    expect(problem!.state).toBe('fall.attending');
    expect(problem!.path).toContain('person.fallen');
    expect(problem!.path.at(-1)).toMatch(/^safety\.e?stop$/);
  });

  it('a variant whose reminder ignores falls fails the fall check with the path through the reminder', () => {
    const broken = patched(['conversation', 'reminder'], (s) => ({ ...s, on: { 'person.fallen': {} } }));
    const report = checkFallAlerts(broken, FALL_OPTIONS);
    console.log(formatFallAlertReport(report));
    expect(report.ok).toBe(false);
    const problem = report.problems.find((p) => p.state.startsWith('conversation.reminder'));
    expect(problem, formatFallAlertReport(report)).toBeDefined();
    // The reminder was reached on a clock tick; the fall is swallowed and the reminder goes on to the end.
    expect(problem!.path).toContain('clock.tick');
    expect(problem!.path).toContain('person.fallen');
    expect(problem!.detail.en).toMatch(/without an urgent alert/);
    // Kindred's general verifier cannot see this: the reminder is still safe and never stuck.
    expect(verifyBehavior(broken, { replay: false }).problems).toEqual([]);
  });

  it('a variant whose check-in has no timeout (waits for an answer forever) fails with the path to where it is stuck', () => {
    const broken = patched(['fall'], (s) => {
      const invoke = s['invoke'] as Config & { onDone: unknown[] };
      // Only an answer leaves the check-in: no timeout, and no branch for one.
      return { ...s, invoke: { ...invoke, input: { accept: ['fine', 'help'], roles: ['patient'] }, onDone: invoke.onDone.slice(0, 2), onError: undefined } };
    });
    const report = checkFallAlerts(broken, FALL_OPTIONS);
    console.log(formatFallAlertReport(report));
    expect(report.ok).toBe(false);
    const problem = report.problems.find((p) => p.kind === 'stuck');
    expect(problem, formatFallAlertReport(report)).toBeDefined();
    expect(problem!.path).toContain('person.fallen');
    expect(problem!.detail.en).toMatch(/stuck in fall\./);
  });
});
