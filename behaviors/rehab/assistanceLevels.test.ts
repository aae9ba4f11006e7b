// What "assistance N %" means for a run: checked against the launch file's controllers before the run
// starts, lowered by progression, turned into the controller's run-time parameter and back.
import { describe, expect, it } from 'vitest';
import { loadLaunchFile, type ValidatedLaunch } from '../../launch/index.js';
import { isKindredError } from '../../runtime/errors/index.js';
import { appliedPercent, assistanceParams, checkAssistanceAgainstLaunch, progressedAssistance } from './assistanceLevels.js';
import { REHAB_DEMO_PLANS, REHAB_LAUNCH_FILE, rehabBehavior } from './index.js';
import { loadRehabPlan, parseRehabPlan } from './plan/loadRehabPlan.js';
import { REHAB_EXO_CONTROLLERS } from './rehabControllers.js';

const LAUNCH = loadLaunchFile(REHAB_LAUNCH_FILE);

/** The launch file with one controller's parameter changed. */
function withParam(launch: ValidatedLaunch, controller: string, key: string, value: number): ValidatedLaunch {
  return { ...launch, controllers: launch.controllers.map((c) => (c.name === controller ? { ...c, params: { ...c.params, [key]: value } } : c)) } as ValidatedLaunch;
}

function kneePlan(percent: number) {
  return parseRehabPlan(
    `kind: rehab_session_plan
name: p
patient: { id: p, name: p }
prescription: { knee_left: { rangeRad: { min: 0, max: 1.1 }, maxSpeedRadPerS: 0.9, maxAssistanceTorqueNm: 40 } }
calibration: { pose: { knee_left: 0.3 } }
exercises:
  - { id: passive, name: p, kind: knee_flexion_extension, side: left, mode: passive, range: { fromRad: 0.3, toRad: 0.6 }, durationS: 3, repetitions: 1 }
  - { id: assisted, name: a, kind: knee_flexion_extension, side: left, mode: active_assisted, assistancePercent: ${percent}, range: { fromRad: 0.3, toRad: 0.6 }, durationS: 3, repetitions: 1 }
`,
    'knee.plan.yaml',
  );
}

describe('assistance levels', () => {
  it('the shipped plans fit the shipped launch file (levels up to each controller’s assist_max)', () => {
    for (const file of Object.values(REHAB_DEMO_PLANS)) {
      const plan = loadRehabPlan(file);
      expect(checkAssistanceAgainstLaunch(LAUNCH, plan.data, REHAB_EXO_CONTROLLERS, plan.file)).toBe(LAUNCH);
    }
    expect(() => checkAssistanceAgainstLaunch(LAUNCH, kneePlan(100).data, REHAB_EXO_CONTROLLERS)).not.toThrow();
    expect(() => checkAssistanceAgainstLaunch(LAUNCH, kneePlan(0).data, REHAB_EXO_CONTROLLERS)).not.toThrow();
  });

  it('a level above the launch file’s assist_max is refused before the run, naming the plan’s field, the level and the bound', () => {
    const low = withParam(LAUNCH, 'knees_assist', 'assist_max', 0.5);
    const plan = kneePlan(60);
    let error: unknown;
    try {
      checkAssistanceAgainstLaunch(low, plan.data, REHAB_EXO_CONTROLLERS, plan.file);
    } catch (e) {
      error = e;
    }
    expect(isKindredError(error), String(error)).toBe(true);
    if (!isKindredError(error)) return;
    expect(error.code).toBe('BEHAVIOR_REHAB_ASSISTANCE_BEYOND_LAUNCH');
    expect(error.context).toMatchObject({ file: 'knee.plan.yaml', field: 'exercises[1].assistancePercent', value: 60, expected: '≤ 50 (assist_max of knees_assist)', controller: 'knees_assist' });
    expect(error.message).toContain('60 %');
    expect(error.message).toContain('assist_max 0.5');
    // At the bound it passes.
    expect(() => checkAssistanceAgainstLaunch(low, kneePlan(50).data, REHAB_EXO_CONTROLLERS)).not.toThrow();
  });

  it('a launch file whose controller for the exercise is not assist_as_needed is refused', () => {
    const wrong = { ...LAUNCH, controllers: LAUNCH.controllers.map((c) => (c.name === 'knees_assist' ? { ...c, type: 'joint_impedance', params: { stiffness: 10, damping: 1 } } : c)) } as ValidatedLaunch;
    expect(() => checkAssistanceAgainstLaunch(wrong, kneePlan(30).data, REHAB_EXO_CONTROLLERS)).toThrow(expect.objectContaining({ code: 'BEHAVIOR_REHAB_ASSISTANCE_BEYOND_LAUNCH' }));
  });

  it('prepare refuses the plan through the launch change it returns (kindred behavior run applies it before starting)', () => {
    const run = rehabBehavior.prepare({ planFile: REHAB_DEMO_PLANS.post_stroke_knee });
    expect(() => run.launch!(withParam(LAUNCH, 'knees_assist', 'assist_max', 0.4))).toThrow(expect.objectContaining({ code: 'BEHAVIOR_REHAB_ASSISTANCE_BEYOND_LAUNCH', context: expect.objectContaining({ file: REHAB_DEMO_PLANS.post_stroke_knee }) }));
    expect(run.launch!(LAUNCH).safety!.layers.map((l) => l.name)).toContain('prescription');
  });

  it('progression lowers the level by its step, never below 0; without a step it stays', () => {
    expect(progressedAssistance({ progression: { assistanceStepPercent: 10 } }, 60)).toBe(50);
    expect(progressedAssistance({ progression: { assistanceStepPercent: 0.1 } }, 0.3)).toBe(0.2);
    expect(progressedAssistance({ progression: { assistanceStepPercent: 25 } }, 20)).toBe(0);
    expect(progressedAssistance({ progression: { rangeStepRad: 0.1 } }, 60)).toBe(60);
    expect(progressedAssistance({}, 60)).toBe(60);
  });

  it('a level in percent is the controller’s assist_level fraction, and back', () => {
    expect(assistanceParams(30)).toEqual({ assist_level: 0.3 });
    expect(assistanceParams(null)).toEqual({});
    expect(appliedPercent({ assist_level: 0.3, assist_min: 0.3, assist_max: 0.3 })).toBe(30);
    expect(appliedPercent({ assist_level: 0.07 })).toBe(7);
    expect(appliedPercent({ assist_min: 0.3, assist_max: 1 })).toBeNull();
  });
});
