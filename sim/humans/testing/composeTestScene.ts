import type { MjcfFragment } from '../HumanModel.js';

/** What a test scene holds besides the people: a timestep, gravity and extra MJCF of the test's own. */
export interface TestSceneParts {
  readonly timestepS?: number;
  readonly gravity?: boolean;
  readonly memory?: string;
  /** Extra worldbody, actuator, equality, sensor and contact XML written by the test. */
  readonly worldbody?: string;
  readonly actuator?: string;
  readonly equality?: string;
  readonly sensor?: string;
  readonly contact?: string;
  readonly fragments: readonly MjcfFragment[];
}

/**
 * A complete MJCF document for tests: the people's fragments spliced next to the test's own floor,
 * bed or mock exoskeleton, the way the scene composer (sim/scenes) does it for real scenes.
 */
export function composeTestScene(parts: TestSceneParts): string {
  const pick = (key: keyof MjcfFragment): string => parts.fragments.map((f) => f[key] ?? '').join('\n');
  const section = (tag: string, own: string | undefined, key: keyof MjcfFragment): string => {
    const body = [own ?? '', pick(key)].join('\n').trim();
    return body === '' ? '' : `<${tag}>\n${body}\n</${tag}>`;
  };
  return [
    '<mujoco model="kindred_humans_test">',
    `<option timestep="${parts.timestepS ?? 0.001}" gravity="0 0 ${parts.gravity === false ? 0 : -9.81}"/>`,
    `<size memory="${parts.memory ?? '8M'}"/>`,
    '<compiler angle="radian" autolimits="true"/>',
    section('asset', undefined, 'asset'),
    section('default', undefined, 'default'),
    section('worldbody', parts.worldbody, 'worldbody'),
    section('tendon', undefined, 'tendon'),
    section('equality', parts.equality, 'equality'),
    section('actuator', parts.actuator, 'actuator'),
    section('sensor', parts.sensor, 'sensor'),
    section('contact', parts.contact, 'contact'),
    '</mujoco>',
  ].join('\n');
}
