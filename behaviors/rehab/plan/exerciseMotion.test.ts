import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exerciseJoints, progressedTarget, repetitionBreach, repetitionExtent, repetitionPoints, repetitionDurationS, warmUpMotion, type ExerciseShape } from './exerciseMotion.js';
import type { PlanExercise, RehabPlanData } from './rehabPlanSchema.js';

const PRESCRIPTION: RehabPlanData['prescription'] = {
  knee_left: { rangeRad: { min: 0, max: 1.1 }, maxSpeedRadPerS: 0.9, maxAssistanceTorqueNm: 40 },
  knee_right: { rangeRad: { min: 0, max: 1.1 }, maxSpeedRadPerS: 0.9, maxAssistanceTorqueNm: 40 },
  hip_flexion_left: { rangeRad: { min: -0.1, max: 0.8 }, maxSpeedRadPerS: 0.7, maxAssistanceTorqueNm: 70 },
  hip_flexion_right: { rangeRad: { min: -0.1, max: 0.8 }, maxSpeedRadPerS: 0.7, maxAssistanceTorqueNm: 70 },
};

function knee(from: number, to: number, durationS: number, step?: number): ExerciseShape & Pick<PlanExercise, 'progression'> {
  return { kind: 'knee_flexion_extension', side: 'left', range: { fromRad: from, toRad: to }, durationS, ...(step === undefined ? {} : { progression: { rangeStepRad: step } }) };
}

describe('exercise geometry', () => {
  it('names the joints each kind and side moves', () => {
    expect(exerciseJoints({ kind: 'knee_flexion_extension', side: 'right' })).toEqual(['knee_right']);
    expect(exerciseJoints({ kind: 'hip_flexion', side: 'both' })).toEqual(['hip_flexion_left', 'hip_flexion_right']);
    expect(exerciseJoints({ kind: 'gait', side: 'both' })).toEqual(['hip_flexion_left', 'knee_left', 'hip_flexion_right', 'knee_right']);
  });

  it('a repetition goes out to the target at half time and back; its streamed path reaches the target and no farther', () => {
    const e = knee(0.3, 0.8, 3);
    expect(repetitionPoints(e, 0.8)).toEqual([
      { positions: [0.8], timeFromStartS: 1.5 },
      { positions: [0.3], timeFromStartS: 3 },
    ]);
    const [x] = repetitionExtent(e, 0.8);
    expect(x!.maxRad).toBeCloseTo(0.8, 6);
    expect(x!.minRad).toBeCloseTo(0.3, 6);
    // Faster than the mean speed (0.5 rad in 1.5 s), slower than twice it.
    expect(x!.peakSpeedRadPerS).toBeGreaterThan(0.5 / 1.5);
    expect(x!.peakSpeedRadPerS).toBeLessThan((2 * 0.5) / 1.5);
  });

  it('a duration follows from a speed: out and back over the range (a gait cycle swings each leg out and back)', () => {
    expect(repetitionDurationS({ kind: 'knee_flexion_extension', side: 'left', range: { fromRad: 0.3, toRad: 0.8 }, speedRadPerS: 0.5 })).toBeCloseTo(2, 12);
    expect(repetitionDurationS({ kind: 'gait', side: 'both', range: { fromRad: 0.3, toRad: 0.6 }, kneeToRad: 0.8, speedRadPerS: 0.5 })).toBeCloseTo(4, 12);
  });

  it('a gait cycle swings the left leg, then the right, knees to kneeToRad', () => {
    const g: ExerciseShape = { kind: 'gait', side: 'both', range: { fromRad: 0.3, toRad: 0.6 }, kneeToRad: 0.8, durationS: 4 };
    const p = repetitionPoints(g, 0.6);
    expect(p.map((x) => x.timeFromStartS)).toEqual([1, 2, 3, 4]);
    expect(p[0]!.positions).toEqual([0.6, 0.8, 0.3, 0.3]);
    expect(p[2]!.positions).toEqual([0.3, 0.3, 0.6, 0.8]);
    const ext = repetitionExtent(g, 0.6);
    expect(ext[1]!.maxRad).toBeGreaterThan(0.79);
  });

  it('finds a breach of the prescription on range and on speed', () => {
    expect(repetitionBreach(knee(0.3, 0.8, 3), 0.8, PRESCRIPTION)).toBeUndefined();
    expect(repetitionBreach(knee(0.3, 1.3, 6), 1.3, PRESCRIPTION)).toMatchObject({ joint: 'knee_left', what: 'range', limit: 1.1 });
    expect(repetitionBreach(knee(0.3, 0.8, 0.8), 0.8, PRESCRIPTION)).toMatchObject({ joint: 'knee_left', what: 'speed', limit: 0.9 });
  });

  it('progression widens the target by the step, and no further than the prescription allows', () => {
    expect(progressedTarget(knee(0.3, 0.6, 3, 0.1), 0.6, PRESCRIPTION)).toBeCloseTo(0.7, 12);
    // Range: at most 1.1 rad.
    const capped = progressedTarget(knee(0.3, 1.05, 6, 0.2), 1.05, PRESCRIPTION);
    expect(capped).toBeGreaterThan(1.05);
    expect(capped).toBeLessThanOrEqual(1.1 + 1e-9); // the breach check allows 1e-9 for rounding
    // Speed: a 2 s repetition cannot go as far as the range allows.
    const slow = progressedTarget(knee(0.3, 0.7, 2, 0.3), 0.7, PRESCRIPTION);
    expect(slow).toBeLessThan(1.0);
    expect(repetitionBreach(knee(0.3, 0.7, 2), slow, PRESCRIPTION)).toBeUndefined();
    // No rule: unchanged.
    expect(progressedTarget(knee(0.3, 0.6, 3), 0.6, PRESCRIPTION)).toBe(0.6);
  });

  it('property: a progressed target never leaves the prescription and never narrows the range', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.5, noNaN: true }), fc.double({ min: 0.1, max: 0.6, noNaN: true }), fc.double({ min: 1.5, max: 8, noNaN: true }), fc.double({ min: 0.01, max: 0.5, noNaN: true }), (from, span, durationS, step) => {
        const to = from + span;
        const e = knee(from, to, durationS, step);
        fc.pre(repetitionBreach(e, to, PRESCRIPTION) === undefined);
        const next = progressedTarget(e, to, PRESCRIPTION);
        expect(next).toBeGreaterThanOrEqual(to);
        expect(next).toBeLessThanOrEqual(to + step + 1e-12);
        expect(repetitionBreach(e, next, PRESCRIPTION)).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it('the warm-up cycles every exercised joint about its calibration angle', () => {
    const plan = {
      exercises: [knee(0.3, 0.8, 3) as PlanExercise],
      calibration: { pose: { knee_left: 0.3, hip_flexion_left: 0.5 }, durationS: 4 },
      warmUp: { cycles: 2, amplitudeRad: 0.1, periodS: 4 },
    };
    const w = warmUpMotion(plan)!;
    expect(w.joints).toEqual(['knee_left']);
    expect(w.start).toEqual([0.3]);
    expect(w.points.map((p) => [p.positions[0], p.timeFromStartS])).toEqual([
      [0.4, 2],
      [0.3, 4],
      [0.4, 6],
      [0.3, 8],
    ]);
    expect(warmUpMotion({ ...plan, warmUp: { cycles: 0, amplitudeRad: 0.1, periodS: 4 } })).toBeUndefined();
  });
});
