// Model-based tests of the model-based tester itself, against the real simulated exoskeleton: a small
// knee-swing behaviour passes every generated case; a copy whose paused state keeps swinging (tags and
// actor cancellation in order, so the verifier proves it) fails its pause cases with the path taken.
import { describe, expect, it } from 'vitest';
import { formatModelTestReport } from '../behaviors/modeltest/index.js';
import { swingBehavior } from '../behaviors/modeltest/testing/swingBehavior.js';
import { verifyBehavior } from '../behaviors/verify/index.js';
import { silentLogger } from '../runtime/logging/index.js';
import { modelTestShipped } from '../runtime/cli/behaviorModelTest.js';

describe('model-based tests on the simulated exoskeleton', () => {
  it('pass for a behaviour that pauses, stops and e-stops as its chart says', async () => {
    const report = await modelTestShipped(swingBehavior({ brokenPause: false }), { logger: silentLogger() });
    const text = formatModelTestReport(report);
    console.log(text);
    expect(report.ok, text).toBe(true);
    expect(report.results.map((r) => `${r.case.probe} ${r.case.target}`).sort()).toEqual(
      ['pause out', 'pause back', 'stop waiting', 'stop out', 'stop back', 'stop paused', 'stop safetyStopped', 'estop out', 'estop back'].sort(),
    );
    // Each run started from a fresh Kindred: one for the pauses, one per stop and e-stop.
    expect(report.runs).toBe(8);
    for (const r of report.results.filter((x) => x.case.probe !== 'pause')) {
      expect(r.measured['safeState']).toMatch(/stopped|safetyStopped|paused|waiting/);
      expect(Number(r.measured['maxMoveStillRad'])).toBeLessThanOrEqual(r.case.probe === 'estop' ? 0.05 : 0.01);
    }
    // The swing really moved before each pause: the knee was on its way out or back.
    const pauseOut = report.results.find((r) => r.case.probe === 'pause' && r.case.target === 'out')!;
    expect(pauseOut.steps.map((s) => s.action)).toContain('send intent.go');
    expect(pauseOut.measured['resumedInto']).toBe('out');
  }, 240_000);

  it('fail, with the path, when the paused state keeps the robot moving', async () => {
    const broken = swingBehavior({ brokenPause: true });
    expect(verifyBehavior(broken.definition).ok).toBe(true);
    const report = await modelTestShipped(broken, { logger: silentLogger(), probes: ['pause'] });
    const text = formatModelTestReport(report);
    console.log(text);
    expect(report.ok).toBe(false);
    const first = report.results[0]!;
    expect(first.case).toMatchObject({ probe: 'pause', target: 'out' });
    expect(first.ok).toBe(false);
    expect(first.reached).toBe(true);
    expect(first.failure!.en).toMatch(/^out → paused: the robot still moved \(\w+\) 0\.\d+ rad within 1\.5 s \(limit 0\.01\)/);
    expect(first.failure!.zh).toContain('机器人');
    expect(Number(first.measured['maxMoveStillRad'])).toBeGreaterThan(0.05);
    expect(text).toContain('--send intent.go-->');
    expect(text).toContain('FAIL  pause out');
  }, 120_000);
});
