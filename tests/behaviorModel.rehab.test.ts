// Model-based tests of the rehab session (issue 8): every state of the demo plan's chart where a
// therapist may pause or stop, and where the work happens (e-stop), reached in the simulator along
// paths generated from the machine and probed there.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectAllPassed, modelTestOf } from './behaviorModelShipped.js';

describe('rehab: model-based tests on the simulated exoskeleton', () => {
  it('pause, stop and e-stop work from every state that offers them (post-stroke knee demo plan)', async () => {
    const report = await modelTestOf('rehab');
    expectAllPassed(report);
    const cases = report.results.map((r) => `${r.case.probe} ${r.case.target}`);
    for (const s of ['calibration', 'warmUp', 'exercise.positioning', 'exercise.moving', 'exercise.rest', 'coolDown.moving']) {
      expect(cases).toContain(`pause session.running.${s}`);
      expect(cases).toContain(`estop session.running.${s}`);
      expect(cases).toContain(`stop session.running.${s}`);
    }
    // Found by these tests: a stop mid controller switch (to or from the compliant laws).
    expect(cases).toContain('stop session.running.exercise.switchingToMode');
    expect(cases).toContain('stop session.running.exercise.switchingToPosition');
  }, 600_000);

  it('the timed window of a resistive repetition too (a plan with one)', async () => {
    const planFile = fileURLToPath(new URL('../behaviors/rehab/testing/short_knee.plan.yaml', import.meta.url));
    const report = await modelTestOf('rehab', { planFile, filter: (c) => c.target === 'session.running.exercise.window' });
    expectAllPassed(report);
    expect(report.results.map((r) => r.case.probe).sort()).toEqual(['estop', 'pause', 'stop']);
  }, 300_000);
});
