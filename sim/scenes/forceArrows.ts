import { ISO_TS_15066_QUASI_STATIC_N, type BodyRegion } from '../../safety/monitors/index.js';
import type { HumanModel } from '../humans/HumanModel.js';
import type { ComposedScene, SceneSensor } from './types.js';

/**
 * Quasi-static contact force limits per body region, N: the safety supervisor's ISO/TS 15066 table
 * (safety/monitors/bodyRegionLimits.ts), one table for the whole project. The viewer colours arrows
 * against these; the supervisor applies its own (stricter, frail-elderly) profile.
 */
export const BODY_REGION_LIMITS_N = ISO_TS_15066_QUASI_STATIC_N;

export type { BodyRegion };

/** Name fragments → region, most specific first (`upper_arm` before `arm`, `forearm` before `arm`). */
const REGION_KEYWORDS: readonly (readonly [RegExp, BodyRegion])[] = [
  [/upper_?arm|elbow|deltoid|humerus/, 'upper_arm_elbow'],
  [/fore_?arm|lower_?arm|wrist/, 'lower_arm_wrist'],
  [/hand|finger|palm/, 'hand_fingers'],
  [/thigh|knee/, 'thigh_knee'],
  [/shank|shin|calf|lower_?leg/, 'lower_leg'],
  [/skull|forehead|head/, 'skull_forehead'],
  [/face|cheek|jaw/, 'face'],
  [/neck/, 'neck'],
  [/back|shoulder|lumbar/, 'back_shoulders'],
  [/chest|sternum|thorax/, 'chest'],
  [/abdomen|belly/, 'abdomen'],
  [/pelvis|hip|buttock/, 'pelvis'],
];

/** The body region a sensor or body name refers to, by the words in it; undefined when none matches. */
export function bodyRegionOf(name: string): BodyRegion | undefined {
  const lower = name.toLowerCase();
  return REGION_KEYWORDS.find(([re]) => re.test(lower))?.[1];
}

/**
 * Arrows for the viewer: one per robot force/torque sensor whose name or frame names a body region
 * (exoskeleton cuffs: thigh 220 N, shank 130 N; transfer forearms 160 N), at the sensor frame's body,
 * and one per force triple a person reports (`<part>/force.x|y|z`), anchored at the robot sensor frame
 * with the same words (`patient_cuff_thigh_left` → the exo's `thigh_cuff_left`, the frame the exo
 * patient expresses cuff forces in), else at the body or site of that person's MJCF named `<part>` or
 * with the same words in another order. A triple with no such anchor or no
 * recognisable body region gets no arrow.
 */
export function forceArrows(sensors: readonly SceneSensor[], humans: readonly HumanModel[]): ComposedScene['forceArrows'] {
  const out: { name: string; body: string; limitN: number }[] = [];
  for (const s of sensors) {
    if (s.kind !== 'force_torque') continue;
    const region = bodyRegionOf(s.name) ?? bodyRegionOf(s.site);
    if (region !== undefined) out.push({ name: s.name, body: s.site, limitN: BODY_REGION_LIMITS_N[region] });
  }
  for (const h of humans) {
    const anchors = [...h.mjcf().worldbody.matchAll(/<(?:body|site)\b[^>]*\bname="([^"]+)"/g)].map((m) => m[1] ?? '');
    const names = new Set(h.signals().map((s) => s.name));
    for (const n of names) {
      const m = /^(.+)\/force\.x$/.exec(n);
      if (m === null) continue;
      const part = m[1] ?? '';
      if (!names.has(`${part}/force.y`) || !names.has(`${part}/force.z`)) continue;
      const region = bodyRegionOf(part);
      // A person's force measured at a robot frame (the exo patient's cuff forces are reported in the
      // exo cuff site's frame) is drawn there, so the arrow turns with the frame it is expressed in.
      const local = part.startsWith(`${h.prefix}_`) ? part.slice(h.prefix.length + 1) : part;
      const robotFrame = sensors.map((s) => s.site).find((site) => sameWords(site, local));
      const anchor = robotFrame ?? anchors.find((a) => a === part) ?? anchors.find((a) => sameWords(a, part));
      if (region !== undefined && anchor !== undefined) out.push({ name: `${part}/force`, body: anchor, limitN: BODY_REGION_LIMITS_N[region] });
    }
  }
  return out;
}

function sameWords(a: string, b: string): boolean {
  const words = (s: string): string => s.split('_').sort().join('_');
  return words(a) === words(b);
}
