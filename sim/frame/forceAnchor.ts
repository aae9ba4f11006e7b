import type { MjModel } from 'mujoco-js';
import { KindredError } from '../../runtime/errors/index.js';
import type { MujocoModule } from '../mujoco/types.js';

/** Where a force arrow is drawn: a body, and the site it sits at when the scene named a site. */
export interface ForceAnchor {
  readonly body: number;
  /** -1 when the anchor is the body's origin. */
  readonly site: number;
}

/**
 * Resolve a force arrow's `body` from the scene: an MJCF body of that name, or else an MJCF site
 * (robot sensor frames become sites), anchored at the site on the site's body. Throws
 * SIM_SCENE_NAME_MISSING when the model has neither.
 */
export function resolveForceAnchor(mujoco: MujocoModule, model: MjModel, arrow: { readonly name: string; readonly body: string }, sceneId: string): ForceAnchor {
  const body = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_BODY.value, arrow.body);
  if (body >= 0) return { body, site: -1 };
  const site = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_SITE.value, arrow.body);
  if (site >= 0) return { body: (model.site_bodyid as Int32Array)[site]!, site };
  throw new KindredError(
    'SIM_SCENE_NAME_MISSING',
    `scene ${sceneId}: force arrow ${arrow.name} is anchored at ${JSON.stringify(arrow.body)}, which is neither a body nor a site of the compiled model`,
    { field: `forceArrows.${arrow.name}.body`, value: arrow.body, expected: 'an MJCF body or site name' },
  );
}
