import type { MjcfFragment } from '../humans/HumanModel.js';
import { attr, num } from './xml.js';

/** What a complete MJCF document is made of: global settings and the fragments to splice. */
export interface MjcfDocument {
  readonly model: string;
  /** Physics step, s (= 1 / physicsHz). */
  readonly timestepS: number;
  /**
   * Arena for MuJoCo's per-step data (contacts, constraints), MiB. Without it mujoco-js sizes every
   * MjData at about 13.6 MB; scenes size it to what they use plus headroom.
   */
  readonly memoryMiB: number;
  /** Fragments in order: environment, robot, people. Their sections are concatenated. */
  readonly fragments: readonly MjcfFragment[];
  /** Viewer hints: where the scene's centre is and how large it is (MJCF <statistic>). */
  readonly center?: readonly [number, number, number];
  readonly extentM?: number;
}

const SECTIONS = ['asset', 'tendon', 'equality', 'actuator', 'sensor', 'contact'] as const;

/**
 * Splice fragments into one MJCF document with Kindred's global settings: radians, implicit-fast
 * integration (stable with the stiff joint damping and velocity servos the scenes use, and cheaper
 * than full implicit), elliptic friction cones (no pyramid artefacts in the person's contacts),
 * sized arena memory, and lighting the viewer can use.
 */
export function assembleMjcf(doc: MjcfDocument): string {
  const join = (key: keyof MjcfFragment): string =>
    doc.fragments
      .map((f) => f[key])
      .filter((s): s is string => s !== undefined && s.trim() !== '')
      .join('\n');
  const section = (tag: string, body: string): string => (body === '' ? '' : `  <${tag}>\n${body}\n  </${tag}>\n`);
  const stat = doc.center === undefined ? '' : `  <statistic center="${doc.center.map(num).join(' ')}" extent="${num(doc.extentM ?? 3)}"/>\n`;
  return (
    `<mujoco model="${attr(doc.model)}">\n` +
    `  <compiler angle="radian" autolimits="true"/>\n` +
    `  <option timestep="${num(doc.timestepS)}" integrator="implicitfast" cone="elliptic"/>\n` +
    `  <size memory="${Math.ceil(doc.memoryMiB)}M"/>\n` +
    stat +
    `  <visual><headlight ambient="0.35 0.35 0.35" diffuse="0.5 0.5 0.5" specular="0.1 0.1 0.1"/><quality shadowsize="2048"/></visual>\n` +
    section('default', join('default')) +
    section('asset', join('asset')) +
    `  <worldbody>\n${join('worldbody')}\n  </worldbody>\n` +
    SECTIONS.filter((s) => s !== 'asset').map((s) => section(s, join(s))).join('') +
    `</mujoco>\n`
  );
}
