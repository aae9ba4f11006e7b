import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JointTrace, Traces } from '../../runner/result.js';
import { niceTicks } from './scale.js';
import { stateTimeline } from './stateTimeline.js';
import { forcePlot, jointPlot } from './tracePlots.js';
import { errorRun, failingRun, passingRun } from '../testing/fixture.js';

const timeS = Array.from({ length: 50 }, (_, i) => i * 0.1);
const traces = (joints: JointTrace[]): Traces => ({ timeS, joints, forces: [], maxSpeed: [] });
const joint = (position: number[]): JointTrace => ({ name: 'knee_left', unit: 'rad', position, lower: 0, upper: 1.2 });

describe('joint plot', () => {
  it('draws no violation while the joint stays in range, and one where it leaves it (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1.2, noNaN: true }), { minLength: 50, maxLength: 50 }), fc.integer({ min: 0, max: 49 }), (inRange, k) => {
        const clean = jointPlot(joint(inRange), traces([]), 5, []);
        expect(clean).not.toContain('violation');
        const out = [...inRange];
        out[k] = 1.5;
        const broken = jointPlot(joint(out), traces([]), 5, []);
        expect(broken).toContain('class="violation breach-marker"');
        expect(broken).toContain('超限 beyond limit: 1.5 @');
      }),
      { numRuns: 40 },
    );
  });

  it('draws the range as two dashed limit lines at the bounds', () => {
    const svg = jointPlot(joint(timeS.map(() => 0.5)), traces([]), 5, []);
    expect((svg.match(/class="limit-line limit-range"/g) ?? []).length).toBe(2 + 2); // two lines + two legend swatches
    expect(svg).toContain('上限 upper 1.2 rad');
    expect(svg).toContain('下限 lower 0 rad');
  });
});

describe('force plot', () => {
  it('marks samples above the quasi-static limit orange and above the transient limit red', () => {
    const run = failingRun();
    const [shank, thigh] = run.traces.forces;
    const spike = forcePlot(shank!, run.traces, 8, run.faults);
    expect(spike).toContain('class="caution breach-marker"');
    expect(spike).toContain('class="violation breach-marker"');
    const calm = forcePlot(thigh!, run.traces, 8, run.faults);
    expect(calm).not.toMatch(/class="(caution|violation)/);
    expect(calm).toContain('class="limit-line limit-transient"');
    expect(calm).toContain('class="limit-line limit-quasi"');
  });
});

describe('state timeline', () => {
  it('draws a band per state in its colour, fault lines at their start and the detections', () => {
    const run = passingRun();
    const svg = stateTimeline(run, 8);
    expect([...svg.matchAll(/class="state-band state-(\w+)"[^>]*fill="(#\w+)"/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      'normal #3a9d4f',
      'protective_stop #f08a24',
      'recovery #3a78d0',
      'normal #3a9d4f',
    ]);
    // 1000 wide, 58 left, 14 right: t = 2 s of 8 s is at 58 + 928 / 4.
    expect(svg).toMatch(/<line class="fault-marker" x1="290" y1="\d+" x2="290"/);
    expect(svg).toContain('class="detection-marker"');
  });

  it('shows unrecorded time grey and a state it does not know under its own name', () => {
    const run = { ...errorRun(), states: [{ timeS: 0.5, state: 'safe_hold' }] };
    const svg = stateTimeline(run, 2);
    expect(svg).toContain('class="state-band state-unrecorded"');
    expect(svg).toContain('class="state-band state-other"');
    expect(svg).toContain('safe_hold');
    expect(svg).toContain('fault-bar fault-inert');
  });
});

describe('niceTicks', () => {
  it('gives a few ascending round ticks inside any extent (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (min, span) => {
        const ticks = niceTicks({ min, max: min + span }, 5);
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        expect(ticks.length).toBeLessThanOrEqual(11);
        for (let i = 0; i < ticks.length; i++) {
          expect(ticks[i]).toBeGreaterThanOrEqual(min - span * 1e-6);
          expect(ticks[i]).toBeLessThanOrEqual(min + span + span * 1e-6);
          if (i > 0) expect(ticks[i]!).toBeGreaterThan(ticks[i - 1]!);
        }
      }),
    );
  });
});
