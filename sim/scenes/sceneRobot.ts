import { loadUrdfFile, shippedRobots, type RobotModel } from '../../urdf/index.js';
import { describeScene } from './sceneCatalog.js';
import type { SceneId } from './types.js';

/** Whether the scene's robot is composed with the scene's person (or people) or alone. */
export interface SceneRobotOptions {
  readonly withPeople: boolean;
}

/**
 * The xacro args a scene's shipped robot is expanded with. The exoskeleton worn by a simulated
 * patient carries only its own masses (`inertia:=device`): the patient's legs carry theirs, and the
 * wearer's segment inertias that the shipped description gives its links (what the controllers see)
 * would count the legs twice. Without a patient it keeps the wearer's inertias, so the exoskeleton
 * alone still swings like a leg. The other robots take no args.
 */
export function sceneRobotArgs(id: SceneId, options: SceneRobotOptions): Readonly<Record<string, string>> {
  if (describeScene(id).robot !== 'kindred_exo') return {};
  return { inertia: options.withPeople ? 'device' : 'wearer' };
}

const loaded = new Map<string, RobotModel>();

/**
 * The robot a scene is composed around when the caller gives none: the scene's shipped robot,
 * expanded with `sceneRobotArgs`, loaded once per thread and variant (the person built on it and the
 * scene then share one model, so their joint geometry matches).
 */
export function sceneRobot(id: SceneId, options: SceneRobotOptions): RobotModel {
  const name = describeScene(id).robot;
  const args = sceneRobotArgs(id, options);
  const key = `${name}?${new URLSearchParams(args).toString()}`;
  let model = loaded.get(key);
  if (model === undefined) {
    model = loadUrdfFile(shippedRobots[name], { args });
    loaded.set(key, model);
  }
  return model;
}
