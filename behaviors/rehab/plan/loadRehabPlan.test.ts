import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { isKindredError } from '../../../runtime/errors/index.js';
import { REHAB_DEMO_PLANS } from '../index.js';
import { loadRehabPlan, parseRehabPlan } from './loadRehabPlan.js';

const SHORT_PLAN = fileURLToPath(new URL('../testing/short_knee.plan.yaml', import.meta.url));

/** A valid plan; each bad case below changes one line of it. */
const BASE = `kind: rehab_session_plan
name: base plan
patient: { id: p1, name: Test }
prescription:
  knee_left: { rangeRad: { min: 0.0, max: 1.1 }, maxSpeedRadPerS: 0.9, maxAssistanceTorqueNm: 40 }
  hip_flexion_left: { rangeRad: { min: -0.1, max: 0.7 }, maxSpeedRadPerS: 0.6, maxAssistanceTorqueNm: 70 }
calibration:
  pose: { hip_flexion_left: 0.5, knee_left: 0.3 }
  durationS: 4
warmUp: { cycles: 1, amplitudeRad: 0.15, periodS: 4 }
exercises:
  - id: knee
    name: knee
    kind: knee_flexion_extension
    side: left
    mode: passive
    range: { fromRad: 0.3, toRad: 0.8 }
    durationS: 3
    repetitions: 2
`;

/** BASE with the line starting `from` replaced by `to` (`to` may span lines). */
function variant(from: string, to: string): string {
  const lines = BASE.split('\n');
  const i = lines.findIndex((l) => l.startsWith(from));
  if (i < 0) throw new Error(`no line starts with ${from}`);
  lines[i] = to;
  return lines.join('\n');
}

/** The 1-based number of the first line of `text` that starts with `prefix`. */
function lineOf(text: string, prefix: string): number {
  const i = text.split('\n').findIndex((l) => l.startsWith(prefix));
  if (i < 0) throw new Error(`no line starts with ${prefix}`);
  return i + 1;
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('rehab session plans', () => {
  it.each([
    ['post-stroke knee demo', REHAB_DEMO_PLANS.post_stroke_knee],
    ['hip flexion demo', REHAB_DEMO_PLANS.hip_flexion],
    ['short test plan', SHORT_PLAN],
  ])('the %s loads, with defaults applied', (_name, file) => {
    const plan = loadRehabPlan(file);
    expect(plan.file).toBe(file);
    expect(plan.data.exercises.length).toBeGreaterThan(0);
    expect(plan.data.stopRules.maxConsecutiveFailures).toBeGreaterThanOrEqual(1);
    expect(Object.isFrozen(plan.data)).toBe(true);
  });

  it('takes JSON as well as YAML', () => {
    const fromYaml = parseRehabPlan(BASE, 'base.yaml').data;
    const fromJson = parseRehabPlan(JSON.stringify(fromYaml), 'base.json').data;
    expect(fromJson).toEqual(fromYaml);
  });

  it.each([
    ['a misspelt key', variant('warmUp:', 'warmUp: { cycle: 1 }'), 'CONFIG_UNKNOWN_KEY', 'warmUp.cycle', 'warmUp:'],
    ['an unknown mode', variant('    mode: passive', '    mode: turbo'), 'CONFIG_INVALID', 'exercises[0].mode', '    mode:'],
    ['a negative repetition count', variant('    repetitions: 2', '    repetitions: -1'), 'CONFIG_INVALID', 'exercises[0].repetitions', '    repetitions:'],
    ['a joint the exoskeleton lacks', variant('  hip_flexion_left:', '  elbow_left: { rangeRad: { min: 0, max: 1 }, maxSpeedRadPerS: 0.5, maxAssistanceTorqueNm: 10 }'), 'BEHAVIOR_REHAB_JOINT_UNKNOWN', 'prescription.elbow_left', '  elbow_left:'],
    ['a range whose min is not below its max', variant('  knee_left:', '  knee_left: { rangeRad: { min: 1.0, max: 0.5 }, maxSpeedRadPerS: 0.9, maxAssistanceTorqueNm: 40 }'), 'BEHAVIOR_REHAB_PRESCRIPTION_INVALID', 'prescription.knee_left.rangeRad.min', '  knee_left:'],
    ['a prescribed speed above the robot’s', variant('  knee_left:', '  knee_left: { rangeRad: { min: 0.0, max: 1.1 }, maxSpeedRadPerS: 9, maxAssistanceTorqueNm: 40 }'), 'BEHAVIOR_REHAB_PRESCRIPTION_INVALID', 'prescription.knee_left.maxSpeedRadPerS', '  knee_left:'],
    ['a prescribed torque above the robot’s', variant('  knee_left:', '  knee_left: { rangeRad: { min: 0.0, max: 1.1 }, maxSpeedRadPerS: 0.9, maxAssistanceTorqueNm: 200 }'), 'BEHAVIOR_REHAB_PRESCRIPTION_INVALID', 'prescription.knee_left.maxAssistanceTorqueNm', '  knee_left:'],
    ['an exercise beyond the prescribed range', variant('    range:', '    range: { fromRad: 0.3, toRad: 1.3 }'), 'BEHAVIOR_REHAB_EXCEEDS_PRESCRIPTION', 'exercises[0].range.toRad', '    range:'],
    ['a repetition faster than prescribed', variant('    durationS: 3', '    durationS: 1'), 'BEHAVIOR_REHAB_EXCEEDS_PRESCRIPTION', 'exercises[0].durationS', '    durationS:'],
    ['a calibration pose outside the prescription', variant('  pose:', '  pose: { hip_flexion_left: 0.9, knee_left: 0.3 }'), 'BEHAVIOR_REHAB_EXCEEDS_PRESCRIPTION', 'calibration.pose.hip_flexion_left', '  pose:'],
    ['a warm-up beyond the prescribed range', variant('warmUp:', 'warmUp: { cycles: 1, amplitudeRad: 0.9, periodS: 8 }'), 'BEHAVIOR_REHAB_EXCEEDS_PRESCRIPTION', 'warmUp.amplitudeRad', 'warmUp:'],
    ['a joint moved but not prescribed', variant('    side: left', '    side: both'), 'BEHAVIOR_REHAB_NOT_PRESCRIBED', 'exercises[0].kind', '    kind:'],
    ['gait in an active mode', variant('    kind: knee_flexion_extension', '    kind: gait'), 'BEHAVIOR_REHAB_PLAN_INVALID', 'exercises[0].side', '    side:'],
    ['active-assisted without a level', variant('    mode: passive', '    mode: active_assisted'), 'BEHAVIOR_REHAB_PLAN_INVALID', 'exercises[0].mode', '    mode:'],
    ['a level on a passive exercise', variant('    mode: passive', '    mode: passive\n    assistancePercent: 50'), 'BEHAVIOR_REHAB_PLAN_INVALID', 'exercises[0].assistancePercent', '    assistancePercent:'],
    ['an assistance level above 100 %', variant('    mode: passive', '    mode: active_assisted\n    assistancePercent: 120'), 'CONFIG_INVALID', 'exercises[0].assistancePercent', '    assistancePercent:'],
    ['a negative assistance level', variant('    mode: passive', '    mode: active_assisted\n    assistancePercent: -5'), 'CONFIG_INVALID', 'exercises[0].assistancePercent', '    assistancePercent:'],
    ['a progression with no step', variant('    repetitions: 2', '    repetitions: 2\n    progression: {}'), 'BEHAVIOR_REHAB_PLAN_INVALID', 'exercises[0].progression', '    progression:'],
    ['an assistance step on a passive exercise', variant('    repetitions: 2', '    repetitions: 2\n    progression: { assistanceStepPercent: 10 }'), 'BEHAVIOR_REHAB_PLAN_INVALID', 'exercises[0].progression.assistanceStepPercent', '    progression:'],
    ['both a duration and a speed', variant('    durationS: 3', '    durationS: 3\n    speedRadPerS: 0.5'), 'BEHAVIOR_REHAB_PLAN_INVALID', 'exercises[0].durationS', '    durationS:'],
    ['a hip left to a spring (no gravity compensation)', variant('    kind: knee_flexion_extension', '    kind: hip_flexion').replace('    mode: passive', '    mode: resistive').replace('{ fromRad: 0.3, toRad: 0.8 }', '{ fromRad: 0.3, toRad: 0.6 }'), 'BEHAVIOR_REHAB_MODE_UNSUPPORTED', 'exercises[0].mode', '    mode:'],
    ['a repetition that does not move', variant('    range:', '    range: { fromRad: 0.3, toRad: 0.3 }'), 'BEHAVIOR_REHAB_PLAN_INVALID', 'exercises[0].range.toRad', '    range:'],
  ])('refuses %s with its code, field and line', (_name, text, code, field, at) => {
    const line = lineOf(text, at);
    const e = thrown(() => parseRehabPlan(text, 'bad.plan.yaml'));
    expect(isKindredError(e), String(e)).toBe(true);
    if (!isKindredError(e)) return;
    expect(e.code).toBe(code);
    expect(e.context.file).toBe('bad.plan.yaml');
    expect(e.context.field).toBe(field);
    expect(e.context.line).toBe(line);
    expect(e.context.column).toBeGreaterThan(0);
    expect(e.message).toContain(field.split('.')[0]!.replace(/\[\d+\]$/, ''));
  });

  it('refuses sit-to-stand and gait in other modes than passive (both legs)', () => {
    const text = BASE.replace('  knee_left:', '  knee_right: { rangeRad: { min: 0.0, max: 1.1 }, maxSpeedRadPerS: 0.9, maxAssistanceTorqueNm: 40 }\n  hip_flexion_right: { rangeRad: { min: -0.1, max: 0.7 }, maxSpeedRadPerS: 0.6, maxAssistanceTorqueNm: 70 }\n  knee_left:')
      .replace('    kind: knee_flexion_extension', '    kind: sit_to_stand')
      .replace('    side: left', '    side: both')
      .replace('    mode: passive', '    mode: resistive');
    expect(() => parseRehabPlan(text, 'sts.yaml')).toThrow(expect.objectContaining({ code: 'BEHAVIOR_REHAB_MODE_UNSUPPORTED', context: expect.objectContaining({ field: 'exercises[0].mode', line: 18 }) }));
  });

  it('refuses a repeated exercise id at the second one', () => {
    const text = `${BASE}  - id: knee\n    name: again\n    kind: knee_flexion_extension\n    side: left\n    mode: passive\n    range: { fromRad: 0.3, toRad: 0.6 }\n    durationS: 3\n    repetitions: 1\n`;
    expect(() => parseRehabPlan(text, 'dup.yaml')).toThrow(expect.objectContaining({ code: 'BEHAVIOR_REHAB_PLAN_INVALID', context: expect.objectContaining({ field: 'exercises[1].id', line: 20 }) }));
  });

  it('reports a syntax error and a missing file with their codes', () => {
    expect(() => parseRehabPlan('kind: [', 'broken.yaml')).toThrow(expect.objectContaining({ code: 'YAML_SYNTAX' }));
    expect(() => loadRehabPlan('/nonexistent/plan.yaml')).toThrow(expect.objectContaining({ code: 'FILE_NOT_FOUND' }));
  });
});
