import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import type { CampaignResult } from '../runner/result.js';
import { jsonReport, parseJsonReport } from './jsonReport.js';
import { campaignFixture, campaignOf, failingRun, passingRun } from './testing/fixture.js';

describe('jsonReport', () => {
  it('round-trips the campaign, NaN in a trace included', () => {
    const result = campaignFixture();
    const back = parseJsonReport(jsonReport(result));
    expect(back).toEqual(result);
    const ankle = back.runs[1]?.traces.joints[1]?.position ?? [];
    expect(ankle.some((v) => Number.isNaN(v))).toBe(true);
  });

  it('writes non-finite numbers as the strings "NaN", "Infinity", "-Infinity", never null', () => {
    const f = failingRun();
    const run = {
      ...f,
      traces: { ...f.traces, maxSpeed: [0, Infinity, -Infinity, NaN] },
      faults: f.faults.map((x) => ({ ...x, magnitude: Infinity })),
    };
    const text = jsonReport(campaignOf([run]));
    const raw = JSON.parse(text) as { runs: { traces: { maxSpeed: unknown[] }; faults: { magnitude: unknown }[] }[] };
    expect(raw.runs[0]?.traces.maxSpeed).toEqual([0, 'Infinity', '-Infinity', 'NaN']);
    expect(raw.runs[0]?.faults[0]?.magnitude).toBe('Infinity');
    expect(text).not.toContain('null');
    expect(text.split('\n')[1]).toBe('  "kind": "campaign",'); // pretty, two-space indent
    const back = parseJsonReport(text);
    expect(back.runs[0]?.traces.maxSpeed).toEqual([0, Infinity, -Infinity, NaN]);
    expect(back.runs[0]?.faults[0]?.magnitude).toBe(Infinity);
  });

  it('leaves text fields that happen to read "NaN" or "Infinity" as text', () => {
    const p = passingRun();
    const run = { ...p, scenario: { ...p.scenario, name: 'NaN', robot: 'Infinity' }, events: [{ ...p.events[0]!, subject: '-Infinity' }] };
    const back = parseJsonReport(jsonReport(campaignOf([run])));
    expect(back.runs[0]?.scenario.name).toBe('NaN');
    expect(back.runs[0]?.scenario.robot).toBe('Infinity');
    expect(back.runs[0]?.events[0]?.subject).toBe('-Infinity');
  });

  it('round-trips any trace values and sampled values, finite or not (property)', () => {
    // JSON has no -0; everything else, NaN and ±Infinity included, must come back as it was.
    const num = fc.oneof(fc.double().map((v) => (Object.is(v, -0) ? 0 : v)), fc.constantFrom(NaN, Infinity, -Infinity));
    fc.assert(
      fc.property(fc.array(num, { maxLength: 40 }), num, num, (position, sampled, latencyMs) => {
        const p = passingRun();
        const run = {
          ...p,
          sampled: { 'faults.x.magnitude': sampled },
          faults: p.faults.map((f) => (f.detected === undefined ? f : { ...f, detected: { ...f.detected, latencyMs } })),
          traces: { ...p.traces, joints: [{ ...p.traces.joints[0]!, position }] },
        };
        const result: CampaignResult = campaignOf([run]);
        expect(parseJsonReport(jsonReport(result))).toEqual(result);
      }),
      { numRuns: 60 },
    );
  });

  it.each([
    ['not JSON', '{"kind":', /not JSON/],
    ['an array', '[]', /\(root\) is \[\]; expected an object/],
    ['a wrong kind', '{"kind":"batch","verdict":"pass","runs":[],"stats":{}}', /kind is "batch"; expected "run" or "campaign"/],
    ['no runs', '{"kind":"run","verdict":"pass","stats":{}}', /runs is undefined; expected an array of runs/],
  ])('rejects %s with SCENARIO_REPORT_INVALID naming the file and field', (_what, text, message) => {
    let caught: unknown;
    try {
      parseJsonReport(text, 'out/results.json');
    } catch (e) {
      caught = e;
    }
    expect(isKindredError(caught, 'SCENARIO_REPORT_INVALID')).toBe(true);
    expect((caught as Error).message).toMatch(/^out\/results\.json: /);
    expect((caught as Error).message).toMatch(message);
  });
});
