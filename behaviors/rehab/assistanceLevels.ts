import type { ValidatedLaunch } from '../../launch/index.js';
import { KindredError } from '../../runtime/errors/index.js';
import type { PlanExercise, RehabPlanData } from './plan/rehabPlanSchema.js';
import { streamController, type RehabControllers } from './rehabControllers.js';

/**
 * What a plan's `assistancePercent` means on the exoskeleton, and the checks around it. "Assistance
 * 30 %" fixes the `assist_as_needed` law's level at 0.30: the torque is 0.30 × the launch file's full
 * assistance (Kp·(q_ref − q) − Kd·q̇), on every repetition, with no adaptation. The controller itself
 * (runtime/control/controllers/AssistAsNeededController.ts) refuses a level above the launch file's
 * `assist_max`; a plan asking for one is refused before the session starts.
 */

/** The run-time parameter of `assist_as_needed` that fixes its level (a fraction of full assistance). */
export const ASSIST_LEVEL_PARAM = 'assist_level';

/** The controller parameters that set a level in percent (`{}` for null: the launch file's own law). */
export function assistanceParams(percent: number | null): Readonly<Record<string, number>> {
  return percent === null ? {} : { [ASSIST_LEVEL_PARAM]: percent / 100 };
}

/** The level in force, in percent, from the controller's answer (null: the launch file's adaptive law). */
export function appliedPercent(inForce: Readonly<Record<string, number>>): number | null {
  const level = inForce[ASSIST_LEVEL_PARAM];
  return level === undefined ? null : Math.round(level * 100 * 1e6) / 1e6;
}

/**
 * The assistance after a set whose repetitions all reached the target: lowered by the exercise's
 * `progression.assistanceStepPercent`, not below 0 (the patient needs less help); unchanged without a step.
 */
export function progressedAssistance(e: Pick<PlanExercise, 'progression'>, percent: number): number {
  const step = e.progression?.assistanceStepPercent;
  if (step === undefined) return percent;
  return Math.max(0, Math.round((percent - step) * 1e6) / 1e6);
}

/**
 * Refuses a plan whose active-assisted exercise asks for more assistance than the launch file's
 * controller for it allows (`assist_max`), or whose controller is not `assist_as_needed`, with
 * BEHAVIOR_REHAB_ASSISTANCE_BEYOND_LAUNCH naming the plan file, the exercise's field, the level and the
 * bound. Returns the launch unchanged (so it composes with `withPrescription`).
 */
export function checkAssistanceAgainstLaunch(launch: ValidatedLaunch, plan: RehabPlanData, controllers: RehabControllers, planFile?: string): ValidatedLaunch {
  plan.exercises.forEach((e, i) => {
    if (e.mode !== 'active_assisted' || e.assistancePercent === undefined) return;
    const name = streamController(controllers, e);
    const spec = launch.controllers.find((c) => c.name === name);
    const field = `exercises[${i}].assistancePercent`;
    const where = planFile === undefined ? {} : { file: planFile };
    if (spec === undefined || spec.type !== 'assist_as_needed') {
      throw new KindredError(
        'BEHAVIOR_REHAB_ASSISTANCE_BEYOND_LAUNCH',
        `${field}: exercise ${e.id} needs controller ${String(name)} of type assist_as_needed in launch file ${launch.name}; it has ${spec === undefined ? 'none' : `one of type ${spec.type}`}`,
        { ...where, field, value: e.assistancePercent, expected: `an assist_as_needed controller ${String(name)}`, controller: name },
      );
    }
    const max = spec.params['assist_max'] ?? 1;
    if (e.assistancePercent > max * 100 + 1e-9) {
      throw new KindredError(
        'BEHAVIOR_REHAB_ASSISTANCE_BEYOND_LAUNCH',
        `${field}: ${e.assistancePercent} % for exercise ${e.id} is above what launch file ${launch.name} allows its controller ${spec.name} (assist_max ${max}, i.e. ${max * 100} %)`,
        { ...where, field, value: e.assistancePercent, expected: `≤ ${max * 100} (assist_max of ${spec.name})`, controller: spec.name },
      );
    }
  });
  return launch;
}
