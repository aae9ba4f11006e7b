import { parseYaml, readText, type YamlSource } from '../../../launch/index.js';
import { KindredError, isKindredError, show, type ErrorCode } from '../../../runtime/errors/index.js';
import { validateConfig } from '../../../runtime/params/index.js';
import { resolveLimits } from '../../../safety/index.js';
import { loadUrdfFile, shippedRobots } from '../../../urdf/index.js';
import { exerciseJoints, repetitionBreach, trajectoryExtent, warmUpMotion, type PrescriptionBreach } from './exerciseMotion.js';
import { prescriptionLayer } from './prescriptionLayer.js';
import { rehabPlanSchema, type PlanExercise, type RehabPlanData } from './rehabPlanSchema.js';

/** A validated plan and the file it came from. */
export interface RehabPlan {
  readonly file: string;
  readonly data: RehabPlanData;
}

type Path = readonly (string | number)[];

function fieldOf(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function locate(source: YamlSource, path: Path): { line: number; column: number } | Record<string, never> {
  for (let n = path.length; n >= 0; n--) {
    const at = source.locate(path.slice(0, n));
    if (at !== undefined) return at;
  }
  return {};
}

function planError(code: ErrorCode, source: YamlSource, path: Path, message: string, value: unknown, expected: string): KindredError {
  const field = fieldOf(path);
  return new KindredError(code, `${field}: ${message}`, { file: source.file, ...locate(source, path), field, value, expected });
}

let legJointsCache: readonly string[] | undefined;

/** The exoskeleton's actuated joints (its ros2_control joints), read once from the shipped description. */
export function exoJointNames(): readonly string[] {
  legJointsCache ??= loadUrdfFile(shippedRobots.kindred_exo).ros2Control.flatMap((rc) => rc.joints.map((j) => j.name));
  return legJointsCache;
}

const LIMIT_FIELD_TO_PLAN: Readonly<Record<string, string>> = {
  'position.lower': 'rangeRad.min',
  'position.upper': 'rangeRad.max',
  velocity: 'maxSpeedRadPerS',
  effort: 'maxAssistanceTorqueNm',
};

function checkPrescription(plan: RehabPlanData, source: YamlSource): void {
  const joints = Object.keys(plan.prescription);
  if (joints.length === 0) {
    throw planError('BEHAVIOR_REHAB_PLAN_INVALID', source, ['prescription'], 'is empty; expected the prescribed joints', {}, 'at least one joint');
  }
  const known = exoJointNames();
  for (const joint of joints) {
    if (!known.includes(joint)) {
      throw planError('BEHAVIOR_REHAB_JOINT_UNKNOWN', source, ['prescription', joint], `${show(joint)} is not a joint of the exoskeleton; expected one of ${known.join(', ')}`, joint, known.join(' | '));
    }
    const r = plan.prescription[joint]!.rangeRad;
    if (!(r.min < r.max)) {
      throw planError('BEHAVIOR_REHAB_PRESCRIPTION_INVALID', source, ['prescription', joint, 'rangeRad', 'min'], `min ${r.min} rad is not below max ${r.max} rad`, r.min, `< ${r.max}`);
    }
  }
  try {
    resolveLimits({ base: { type: 'description', file: shippedRobots.kindred_exo }, layers: [{ type: 'inline', ...prescriptionLayer(plan), source: source.file }] });
  } catch (e) {
    if (!isKindredError(e) || e.code !== 'LIMITS_LOOSENED') throw e;
    const joint = String(e.context['joint'] ?? '');
    const limitField = String(e.context.field ?? '').split('.').slice(2).join('.');
    const planField = LIMIT_FIELD_TO_PLAN[limitField] ?? limitField;
    throw new KindredError(
      'BEHAVIOR_REHAB_PRESCRIPTION_INVALID',
      `prescription.${joint}.${planField}: ${e.message}; a prescription may only tighten the exoskeleton's own limits`,
      { file: source.file, ...locate(source, ['prescription', joint, ...planField.split('.')]), field: `prescription.${joint}.${planField}`, value: e.context.value, expected: e.context.expected ?? 'within the robot’s limits' },
      { cause: e },
    );
  }
}

/** A pose's joints are the exoskeleton's, within the prescription where prescribed, and reachable from standing (0) within the prescribed speed. */
function checkPose(plan: RehabPlanData, source: YamlSource, at: 'calibration' | 'coolDown', pose: Readonly<Record<string, number>>, durationS: number): void {
  const known = exoJointNames();
  for (const [joint, angle] of Object.entries(pose)) {
    const path = [at, 'pose', joint];
    if (!known.includes(joint)) {
      throw planError('BEHAVIOR_REHAB_JOINT_UNKNOWN', source, path, `${show(joint)} is not a joint of the exoskeleton; expected one of ${known.join(', ')}`, joint, known.join(' | '));
    }
    const p = plan.prescription[joint];
    if (p === undefined) continue;
    if (angle < p.rangeRad.min || angle > p.rangeRad.max) {
      throw planError('BEHAVIOR_REHAB_EXCEEDS_PRESCRIPTION', source, path, `${angle} rad is outside the prescribed range [${p.rangeRad.min}, ${p.rangeRad.max}] rad`, angle, `within [${p.rangeRad.min}, ${p.rangeRad.max}]`);
    }
    const [extent] = trajectoryExtent([0], [{ positions: [angle], timeFromStartS: durationS }]);
    if (extent!.peakSpeedRadPerS > p.maxSpeedRadPerS) {
      throw planError(
        'BEHAVIOR_REHAB_EXCEEDS_PRESCRIPTION',
        source,
        [at, 'durationS'],
        `${durationS} s moves ${joint} from standing (0) to ${angle} rad at up to ${extent!.peakSpeedRadPerS.toFixed(3)} rad/s, above the prescribed ${p.maxSpeedRadPerS} rad/s`,
        durationS,
        `≥ ${((durationS * extent!.peakSpeedRadPerS) / p.maxSpeedRadPerS).toFixed(2)} s`,
      );
    }
  }
}

function breachError(source: YamlSource, path: Path, b: PrescriptionBreach, what: string): KindredError {
  return b.what === 'range'
    ? planError('BEHAVIOR_REHAB_EXCEEDS_PRESCRIPTION', source, path, `${what} takes ${b.joint} to ${b.value.toFixed(3)} rad, beyond its prescribed limit ${b.limit} rad`, b.value, `within the prescription of ${b.joint}`)
    : planError('BEHAVIOR_REHAB_EXCEEDS_PRESCRIPTION', source, path, `${what} moves ${b.joint} at up to ${b.value.toFixed(3)} rad/s, above its prescribed ${b.limit} rad/s`, b.value, `≤ ${b.limit} rad/s`);
}

function checkExercise(plan: RehabPlanData, source: YamlSource, e: PlanExercise, i: number): void {
  const at = (...rest: (string | number)[]): Path => ['exercises', i, ...rest];
  if ((e.kind === 'sit_to_stand' || e.kind === 'gait') && e.mode !== 'passive') {
    throw planError('BEHAVIOR_REHAB_MODE_UNSUPPORTED', source, at('mode'), `${e.kind} can be run only passive on this exoskeleton (the pelvis is held by the frame; no controller shares a whole-leg motion with the patient); got ${e.mode}`, e.mode, 'passive');
  }
  if (e.kind === 'hip_flexion' && (e.mode === 'active' || e.mode === 'resistive')) {
    throw planError(
      'BEHAVIOR_REHAB_MODE_UNSUPPORTED',
      source,
      at('mode'),
      `hip_flexion can be run passive or active_assisted only: the exoskeleton's compliant hip controllers have no gravity compensation, so in ${e.mode} mode the leg would drop; got ${e.mode}`,
      e.mode,
      'passive | active_assisted',
    );
  }
  if ((e.kind === 'sit_to_stand' || e.kind === 'gait') && e.side !== 'both') {
    throw planError('BEHAVIOR_REHAB_PLAN_INVALID', source, at('side'), `${e.kind} moves both legs; got side ${e.side}`, e.side, 'both');
  }
  if (e.mode === 'active_assisted' && e.assistancePercent === undefined) {
    throw planError('BEHAVIOR_REHAB_PLAN_INVALID', source, at('mode'), 'active_assisted needs assistancePercent (0–100)', undefined, 'assistancePercent');
  }
  if (e.mode !== 'active_assisted' && e.assistancePercent !== undefined) {
    throw planError('BEHAVIOR_REHAB_PLAN_INVALID', source, at('assistancePercent'), `is given for a ${e.mode} exercise; only active_assisted takes an assistance level`, e.assistancePercent, 'no assistancePercent');
  }
  if (e.progression !== undefined && e.progression.rangeStepRad === undefined && e.progression.assistanceStepPercent === undefined) {
    throw planError('BEHAVIOR_REHAB_PLAN_INVALID', source, at('progression'), 'names no step; give rangeStepRad, assistanceStepPercent or both', {}, 'rangeStepRad and/or assistanceStepPercent');
  }
  if (e.mode !== 'active_assisted' && e.progression?.assistanceStepPercent !== undefined) {
    throw planError(
      'BEHAVIOR_REHAB_PLAN_INVALID',
      source,
      at('progression', 'assistanceStepPercent'),
      `is given for a ${e.mode} exercise; only active_assisted has an assistance level to lower`,
      e.progression.assistanceStepPercent,
      'no assistanceStepPercent',
    );
  }
  if ((e.durationS === undefined) === (e.speedRadPerS === undefined)) {
    throw planError('BEHAVIOR_REHAB_PLAN_INVALID', source, at('durationS'), 'give exactly one of durationS and speedRadPerS per repetition', e.durationS, 'durationS or speedRadPerS');
  }
  if (e.kind === 'gait' && e.kneeToRad === undefined) {
    throw planError('BEHAVIOR_REHAB_PLAN_INVALID', source, at('kneeToRad'), 'gait needs kneeToRad (knee flexion at mid-swing)', undefined, 'kneeToRad');
  }
  if (e.kind !== 'gait' && e.kneeToRad !== undefined) {
    throw planError('BEHAVIOR_REHAB_PLAN_INVALID', source, at('kneeToRad'), `is given for ${e.kind}; only gait takes it`, e.kneeToRad, 'no kneeToRad');
  }
  if (e.range.fromRad === e.range.toRad) {
    throw planError('BEHAVIOR_REHAB_PLAN_INVALID', source, at('range', 'toRad'), `equals fromRad (${e.range.fromRad} rad): the repetition would not move`, e.range.toRad, `≠ ${e.range.fromRad}`);
  }
  for (const joint of exerciseJoints(e)) {
    if (plan.prescription[joint] === undefined) {
      throw planError('BEHAVIOR_REHAB_NOT_PRESCRIBED', source, at('kind'), `${e.kind} (side ${e.side}) moves ${joint}, which the prescription does not cover`, joint, `prescription.${joint}`);
    }
  }
  const breach = repetitionBreach(e, e.range.toRad, plan.prescription);
  if (breach !== undefined) {
    const path = breach.what === 'range' ? at('range', 'toRad') : at(e.durationS !== undefined ? 'durationS' : 'speedRadPerS');
    throw breachError(source, path, breach, `a repetition of ${e.id}`);
  }
}

/**
 * Checks a plan beyond its schema: every joint is the exoskeleton's and prescribed where it moves;
 * the prescription is consistent and only tightens the robot's limits; every pose, warm-up and
 * repetition (the path actually streamed, overshoot included) stays within the prescribed range and
 * speed; modes fit the exercises; ids are unique. Throws BEHAVIOR_REHAB_* with the file, line and
 * column of the offending field.
 */
export function checkRehabPlan(plan: RehabPlanData, source: YamlSource): void {
  checkPrescription(plan, source);
  checkPose(plan, source, 'calibration', plan.calibration.pose, plan.calibration.durationS);
  if (plan.coolDown.pose !== undefined) checkPose(plan, source, 'coolDown', plan.coolDown.pose, plan.coolDown.durationS);
  plan.exercises.forEach((e, i) => {
    const first = plan.exercises.findIndex((x) => x.id === e.id);
    if (first !== i) {
      throw planError('BEHAVIOR_REHAB_PLAN_INVALID', source, ['exercises', i, 'id'], `${show(e.id)} is already the id of exercises[${first}]`, e.id, 'a unique id');
    }
    checkExercise(plan, source, e, i);
  });
  const warm = warmUpMotion(plan);
  if (warm !== undefined) {
    const extent = trajectoryExtent(warm.start, warm.points);
    warm.joints.forEach((joint, k) => {
      const p = plan.prescription[joint]!;
      const x = extent[k]!;
      if (x.maxRad > p.rangeRad.max || x.minRad < p.rangeRad.min) {
        throw breachError(source, ['warmUp', 'amplitudeRad'], { joint, what: 'range', value: x.maxRad > p.rangeRad.max ? x.maxRad : x.minRad, limit: x.maxRad > p.rangeRad.max ? p.rangeRad.max : p.rangeRad.min }, 'the warm-up');
      }
      if (x.peakSpeedRadPerS > p.maxSpeedRadPerS) {
        throw breachError(source, ['warmUp', 'periodS'], { joint, what: 'speed', value: x.peakSpeedRadPerS, limit: p.maxSpeedRadPerS }, 'the warm-up');
      }
    });
  }
}

/** Validate plan data parsed from `source`: the schema (CONFIG_* codes), then `checkRehabPlan` (BEHAVIOR_REHAB_*). */
export function validateRehabPlan(source: YamlSource): RehabPlan {
  const data = validateConfig(rehabPlanSchema, source.data, { file: source.file, locate: (p) => source.locate(p) }) as RehabPlanData;
  checkRehabPlan(data, source);
  return { file: source.file, data };
}

/** Parse and validate a plan's text (YAML or JSON); `file` names it in errors. */
export function parseRehabPlan(text: string, file: string): RehabPlan {
  return validateRehabPlan(parseYaml(text, file));
}

/** Read, parse and validate a plan file; every problem is a coded error with file:line:column. */
export function loadRehabPlan(file: string): RehabPlan {
  return parseRehabPlan(readText(file), file);
}
