import type { MjcfFragment } from '../../humans/HumanModel.js';
import { ENVIRONMENT_COLLISION } from '../../mjcf/collision.js';
import { num } from '../../mjcf/xml.js';

/** MJCF default class of every environment geom (static furniture, floor, frames). */
export const ENVIRONMENT_CLASS = 'environment';

/**
 * What every scene has: the environment's default class (collision bits, friction), the floor with
 * a checker material (so motion is visible in the viewer), and lights. `halfX`/`halfY` bound the
 * floor plane, which the viewer draws as a finite rectangle.
 */
export function baseEnvironment(halfX: number, halfY: number): MjcfFragment {
  return {
    default:
      `<default class="${ENVIRONMENT_CLASS}"><geom contype="${ENVIRONMENT_COLLISION.contype}" conaffinity="${ENVIRONMENT_COLLISION.conaffinity}" condim="3" friction="0.9 0.005 0.0001" group="0"/></default>`,
    asset:
      `<texture name="floor_checker" type="2d" builtin="checker" rgb1="0.80 0.80 0.78" rgb2="0.68 0.70 0.72" width="512" height="512" mark="edge" markrgb="0.6 0.6 0.6"/>\n` +
      `<material name="floor_checker" texture="floor_checker" texrepeat="2 2" texuniform="true" reflectance="0.05"/>`,
    worldbody:
      `<light name="key_light" directional="true" pos="0 0 6" dir="-0.3 0.25 -1" diffuse="0.7 0.7 0.7" specular="0.2 0.2 0.2" castshadow="true"/>\n` +
      `<light name="fill_light" directional="true" pos="0 0 6" dir="0.4 -0.3 -1" diffuse="0.3 0.3 0.3" specular="0 0 0" castshadow="false"/>\n` +
      `<geom name="floor" class="${ENVIRONMENT_CLASS}" type="plane" size="${num(halfX)} ${num(halfY)} 0.05" material="floor_checker"/>`,
  };
}
