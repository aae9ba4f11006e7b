import {
  GravityCompensator,
  JointImpedanceLaw,
  JointTrajectoryLaw,
} from '../../../motion/controllers/index.js';
import type { KinematicTree } from '../../../motion/index.js';
import { KindredError } from '../../errors/index.js';
import { AssistAsNeededController } from './AssistAsNeededController.js';
import { AssistLevelLaw } from './AssistLevelLaw.js';
import { JointEffortLawController } from './JointEffortLawController.js';
import { JointTrajectoryController } from './JointTrajectoryController.js';

/**
 * Builders from a launch file's `ControllerSpec`. Per-joint parameters take `key` for every joint and
 * `key.<joint>` to override one joint (e.g. `kp: 80`, `kp.knee_left: 60`). Unknown keys are rejected
 * so a misspelt gain never falls back silently. Gains have no defaults: a controller that moves a
 * person names its gains. Bad values throw MOTION_CONTROLLER_PARAM_INVALID.
 */

/**
 * The fields of `ControllerSpec` (controllerRegistry.ts) these builders read, restated here so the
 * registry can import the builders without an import cycle; every `ControllerSpec` is one.
 */
export interface LawControllerSpec {
  readonly name: string;
  readonly type: string;
  readonly joints: readonly string[];
  readonly interface: 'position' | 'velocity' | 'effort';
  readonly params: Readonly<Record<string, number>>;
}

type ControllerSpec = LawControllerSpec;

const GRAVITY_KEYS = ['gravity_x', 'gravity_y', 'gravity_z'] as const;

function bad(spec: ControllerSpec, key: string, value: unknown, expected: string): KindredError {
  return new KindredError('MOTION_CONTROLLER_PARAM_INVALID', `controller ${spec.name} (${spec.type}): ${key} is ${String(value)}; expected ${expected}`, {
    field: `controllers.${spec.name}.${key}`,
    value,
    expected,
  });
}

/** Rejects keys outside `allowed` (per-joint forms `key.<joint>` are allowed for `perJoint` keys). */
function checkKeys(spec: ControllerSpec, allowed: readonly string[], perJoint: readonly string[]): void {
  for (const key of Object.keys(spec.params)) {
    if (allowed.includes(key)) continue;
    const dot = key.indexOf('.');
    if (dot > 0 && perJoint.includes(key.slice(0, dot)) && spec.joints.includes(key.slice(dot + 1))) continue;
    throw bad(spec, key, 'an unknown parameter', `one of ${[...allowed, ...perJoint.map((k) => `${k}.<joint>`)].join(', ')}`);
  }
}

function requireInterface(spec: ControllerSpec, allowed: readonly ControllerSpec['interface'][]): void {
  if (!allowed.includes(spec.interface)) throw bad(spec, 'interface', spec.interface, allowed.join(' or '));
}

/** One value per joint from `key.<joint>`, then `key`, then `fallback` (undefined = required). */
function perJoint(spec: ControllerSpec, key: string, fallback?: number): number[] {
  return spec.joints.map((j) => {
    const v = spec.params[`${key}.${j}`] ?? spec.params[key] ?? fallback;
    if (v === undefined) throw bad(spec, key, 'missing', `a number for every joint (${key} or ${key}.${j})`);
    if (!Number.isFinite(v) || v < 0) throw bad(spec, spec.params[`${key}.${j}`] !== undefined ? `${key}.${j}` : key, v, 'a finite number ≥ 0');
    return v;
  });
}

function scalar(spec: ControllerSpec, key: string, fallback?: number): number {
  const v = spec.params[key] ?? fallback;
  if (v === undefined) throw bad(spec, key, 'missing', 'a number');
  return v;
}

/** Gravity in the model's root frame from `gravity_x/y/z` (default 0, 0, −9.81 m/s²). */
export function gravityFromSpec(spec: ControllerSpec, tree: KinematicTree): GravityCompensator {
  return new GravityCompensator(tree, spec.joints, [scalar(spec, 'gravity_x', 0), scalar(spec, 'gravity_y', 0), scalar(spec, 'gravity_z', -9.81)]);
}

/**
 * `joint_impedance`: τ = K·(q_ref − q) − D·q̇, params `stiffness`, `damping` (per joint). With a
 * `tree`, gravity compensation is added unless `gravity_compensation: 0`.
 */
export function jointImpedanceFromSpec(spec: ControllerSpec, tree?: KinematicTree): JointEffortLawController<JointImpedanceLaw> {
  requireInterface(spec, ['effort']);
  checkKeys(spec, ['stiffness', 'damping', ...(tree !== undefined ? ['gravity_compensation', ...GRAVITY_KEYS] : [])], ['stiffness', 'damping']);
  const gravity = tree !== undefined && scalar(spec, 'gravity_compensation', 1) !== 0 ? gravityFromSpec(spec, tree) : undefined;
  const law = new JointImpedanceLaw(spec.joints.length, {
    stiffness: perJoint(spec, 'stiffness'),
    damping: perJoint(spec, 'damping'),
    ...(gravity !== undefined ? { gravity } : {}),
  });
  return new JointEffortLawController(spec.name, spec.type, spec.joints, law, gravity);
}

/** `pd_gravity`: τ = kp·(q_ref − q) − kd·q̇ + g(q), params `kp`, `kd` (per joint), `gravity_x/y/z`. */
export function pdGravityFromSpec(spec: ControllerSpec, tree: KinematicTree): JointEffortLawController<JointImpedanceLaw> {
  requireInterface(spec, ['effort']);
  checkKeys(spec, ['kp', 'kd', ...GRAVITY_KEYS], ['kp', 'kd']);
  const gravity = gravityFromSpec(spec, tree);
  const law = new JointImpedanceLaw(spec.joints.length, { stiffness: perJoint(spec, 'kp'), damping: perJoint(spec, 'kd'), gravity });
  return new JointEffortLawController(spec.name, spec.type, spec.joints, law, gravity);
}

/** `gravity_compensation`: τ = g(q) only — the robot floats and the user moves it freely. */
export function gravityCompensationFromSpec(spec: ControllerSpec, tree: KinematicTree): JointEffortLawController<JointImpedanceLaw> {
  requireInterface(spec, ['effort']);
  checkKeys(spec, GRAVITY_KEYS, []);
  const gravity = gravityFromSpec(spec, tree);
  const law = new JointImpedanceLaw(spec.joints.length, { stiffness: 0, damping: 0, gravity });
  return new JointEffortLawController(spec.name, spec.type, spec.joints, law, gravity);
}

/**
 * `assist_as_needed`: params `kp`, `kd` (per joint, full assistance), `assist_min`, `assist_max`,
 * `assist_initial` (default assist_min), `assist_gain_rate` (1/(rad·s)), `error_tolerance` (rad),
 * `forgetting_rate` (1/s). With a `tree`, gravity compensation is added (`gravity_x/y/z`).
 * `controller.law.assistance` is the current level; at run time `configure({ assist_level })` fixes
 * it within [0, assist_max] (`AssistAsNeededController`).
 */
export function assistAsNeededFromSpec(spec: ControllerSpec, tree?: KinematicTree): AssistAsNeededController {
  requireInterface(spec, ['effort']);
  const keys = ['kp', 'kd', 'assist_min', 'assist_max', 'assist_initial', 'assist_gain_rate', 'error_tolerance', 'forgetting_rate'];
  checkKeys(spec, [...keys, ...(tree !== undefined ? GRAVITY_KEYS : [])], ['kp', 'kd']);
  const gravity = tree !== undefined ? gravityFromSpec(spec, tree) : undefined;
  const initial = spec.params['assist_initial'];
  const law = new AssistLevelLaw(spec.joints.length, {
    kp: perJoint(spec, 'kp'),
    kd: perJoint(spec, 'kd'),
    assistMin: scalar(spec, 'assist_min'),
    assistMax: scalar(spec, 'assist_max'),
    ...(initial !== undefined ? { assistInitial: initial } : {}),
    gainRatePerRadS: scalar(spec, 'assist_gain_rate'),
    errorToleranceRad: scalar(spec, 'error_tolerance'),
    forgettingRatePerS: scalar(spec, 'forgetting_rate'),
    ...(gravity !== undefined ? { gravity } : {}),
  });
  return new AssistAsNeededController(spec.name, spec.type, spec.joints, law, gravity);
}

/**
 * `joint_trajectory` on position or effort interfaces: params `path_tolerance`, `goal_tolerance`
 * (per joint, 0 = unchecked), `goal_time_tolerance` (s, 0 = no limit), `stop_deceleration` (per
 * joint, rad/s², default 2), and for effort `kp`, `kd` (per joint, required).
 */
export function jointTrajectoryFromSpec(spec: ControllerSpec): JointTrajectoryController {
  requireInterface(spec, ['position', 'effort']);
  const effort = spec.interface === 'effort';
  const perJointKeys = ['path_tolerance', 'goal_tolerance', 'stop_deceleration', ...(effort ? ['kp', 'kd'] : [])];
  checkKeys(spec, [...perJointKeys, 'goal_time_tolerance'], perJointKeys);
  const law = new JointTrajectoryLaw(spec.joints, {
    pathToleranceRad: perJoint(spec, 'path_tolerance', 0),
    goalToleranceRad: perJoint(spec, 'goal_tolerance', 0),
    goalTimeToleranceS: scalar(spec, 'goal_time_tolerance', 0),
    stopDecelerationRadPerS2: perJoint(spec, 'stop_deceleration', 2),
    ...(effort ? { kp: perJoint(spec, 'kp'), kd: perJoint(spec, 'kd') } : {}),
  });
  return new JointTrajectoryController(spec.name, spec.joints, effort ? 'effort' : 'position', law);
}
