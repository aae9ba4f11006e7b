import { KindredError } from '../../runtime/errors/index.js';
import type { MotionChecks, SwitchControllerInput } from '../actors/index.js';
import { exerciseGroup } from './plan/exerciseMotion.js';
import type { ControlMode, PlanExercise } from './plan/rehabPlanSchema.js';

/** The controllers a non-passive mode runs on for one joint group (knees or hips). */
export interface GroupControllers {
  /** A position controller holding every other leg joint while the group is in a non-passive mode. */
  readonly hold: string;
  /** assist_as_needed on the group: follows the streamed repetition at the plan's assistance level (fixed through `setAssistance`). */
  readonly active_assisted: string;
  /** Damping only: the patient moves. Absent where the group cannot be left to the patient (the hips: see the launch file). */
  readonly active?: string;
  /** A spring to where the repetition starts: the patient moves against it. Absent likewise. */
  readonly resistive?: string;
}

/** The launch file's controllers, by role: what the session switches between. */
export interface RehabControllers {
  /** A position (forward_command) controller over all the leg joints: passive mode, calibration, warm-up, cool-down. */
  readonly position: string;
  readonly groups: { readonly knee: GroupControllers; readonly hip: GroupControllers };
}

/** The controllers of launch/rehab_exo.launch.yaml. */
export const REHAB_EXO_CONTROLLERS: RehabControllers = Object.freeze({
  position: 'legs_position',
  groups: {
    knee: { hold: 'hold_except_knees', active_assisted: 'knees_assist', active: 'knees_free', resistive: 'knees_resist' },
    hip: { hold: 'hold_except_hips', active_assisted: 'hips_assist' },
  },
});

/** Every controller name the table uses (for checking a launch file has them). */
export function controllerNames(c: RehabControllers): string[] {
  return [c.position, ...Object.values(c.groups).flatMap((g: GroupControllers) => [g.hold, g.active_assisted, ...(g.active === undefined ? [] : [g.active]), ...(g.resistive === undefined ? [] : [g.resistive])])];
}

/**
 * The controllers an exercise runs on: the position controller when passive, else the group's hold
 * plus the mode's law. Throws BEHAVIOR_REHAB_MODE_UNSUPPORTED when the table has no controller for
 * the mode (a plan the checks accepted never asks for one).
 */
export function modeControllers(c: RehabControllers, e: Pick<PlanExercise, 'kind' | 'mode'>): string[] {
  const group = exerciseGroup(e.kind);
  if (e.mode === 'passive' || group === 'legs') return [c.position];
  const g = c.groups[group];
  const law = g[e.mode];
  if (law === undefined) {
    throw new KindredError('BEHAVIOR_REHAB_MODE_UNSUPPORTED', `no controller realises ${e.mode} for ${e.kind}; the ${group} group offers ${['active_assisted', 'active', 'resistive'].filter((m) => g[m as keyof GroupControllers] !== undefined).join(', ')}`, {
      field: 'mode',
      value: e.mode,
      expected: 'a mode the launch file has controllers for',
    });
  }
  return [g.hold, law];
}

/** The controller a repetition streams its trajectory to, or undefined for modes where the patient moves alone (active, resistive). */
export function streamController(c: RehabControllers, e: Pick<PlanExercise, 'kind' | 'mode'>): string | undefined {
  const group = exerciseGroup(e.kind);
  if (e.mode === 'passive' || group === 'legs') return c.position;
  return e.mode === 'active_assisted' ? c.groups[group].active_assisted : undefined;
}

/** The switch from `active` to `needed` (deactivations first, in the loop), or undefined when they are the same set. */
export function switchBetween(active: readonly string[], needed: readonly string[]): SwitchControllerInput | undefined {
  const activate = needed.filter((n) => !active.includes(n));
  const deactivate = active.filter((a) => !needed.includes(a));
  return activate.length === 0 && deactivate.length === 0 ? undefined : { activate, deactivate };
}

/** How streamed motions are judged, per mode (see `MotionChecks`). */
export type RehabMotionChecks = Readonly<Record<Extract<ControlMode, 'passive' | 'active_assisted'>, MotionChecks>>;

/**
 * Defaults: passive motions on the position controller are judged as `moveJoints` does by default;
 * active-assisted ones follow a compliant law without gravity compensation at the prescribed level, so
 * the limb may lag and sag (more at low levels): a wider tolerance and tracking limit.
 */
export const DEFAULT_MOTION_CHECKS: RehabMotionChecks = Object.freeze({
  passive: { tolerance: 0.03, trackingLimit: 0.2, trackingGraceS: 0.2, settleTimeoutS: 1 },
  active_assisted: { tolerance: 0.25, trackingLimit: 0.4, trackingGraceS: 0.3, settleTimeoutS: 1 },
});
