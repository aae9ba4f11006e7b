// Model-based tests of the companion (issue 8): every state where the operator may pause or stop it,
// and where it is talking with the person (e-stop), reached in the simulated living room along paths
// generated from the machine and probed there.
import { describe, expect, it } from 'vitest';
import { expectAllPassed, modelTestOf } from './behaviorModelShipped.js';

describe('companion: model-based tests in the simulated living room', () => {
  it('pause, stop and e-stop work from every state that offers them', async () => {
    const report = await modelTestOf('companion');
    expectAllPassed(report);
    const cases = report.results.map((r) => `${r.case.probe} ${r.case.target}`);
    for (const s of ['conversation.listening', 'conversation.replying', 'conversation.reminder.attempt.saying', 'conversation.reminder.escalating']) {
      expect(cases).toContain(`pause ${s}`);
      expect(cases).toContain(`stop ${s}`);
    }
    expect(cases).toContain('stop idle');
    expect(cases).toContain('stop safetyStop.alerting');
    // A stopped companion leaves its record (the day's log).
    for (const r of report.results.filter((x) => x.case.probe === 'stop')) expect(Number(r.measured['recordBytes'])).toBeGreaterThan(100);
  }, 600_000);
});
