import { num, vec } from '../../mjcf/xml.js';

/** RGBA colours of the furniture and fittings (muted, so robots and people stand out in the viewer). */
export const COLORS = {
  metal: [0.62, 0.64, 0.67, 1],
  darkMetal: [0.25, 0.26, 0.28, 1],
  mattress: [0.86, 0.9, 0.95, 1],
  bedFrame: [0.78, 0.8, 0.82, 1],
  wood: [0.55, 0.4, 0.27, 1],
  lightWood: [0.72, 0.58, 0.42, 1],
  fabric: [0.42, 0.5, 0.58, 1],
  cushion: [0.62, 0.52, 0.44, 1],
  wall: [0.93, 0.91, 0.86, 1],
  rubber: [0.08, 0.08, 0.08, 1],
  belt: [0.12, 0.12, 0.13, 1],
} as const satisfies Record<string, readonly [number, number, number, number]>;

type Rgba = readonly [number, number, number, number];
type V3 = readonly [number, number, number];

/** A box geom from its FULL dimensions (MJCF takes half sizes) centred at `pos`. */
export function box(name: string, dims: V3, pos: V3, rgba: Rgba, extra = ''): string {
  return `<geom name="${name}" type="box" size="${vec(dims.map((d) => d / 2))}" pos="${vec(pos)}" rgba="${vec(rgba)}"${extra === '' ? '' : ` ${extra}`}/>`;
}

/** A vertical cylinder from `zFrom` to `zTo` at (x, y). */
export function post(name: string, radius: number, x: number, y: number, zFrom: number, zTo: number, rgba: Rgba, extra = ''): string {
  return `<geom name="${name}" type="cylinder" size="${num(radius)} ${num((zTo - zFrom) / 2)}" pos="${vec([x, y, (zFrom + zTo) / 2])}" rgba="${vec(rgba)}"${extra === '' ? '' : ` ${extra}`}/>`;
}

/** A cylinder lying along the body's y axis (a wheel), centred at `pos`. */
export function wheel(name: string, radius: number, width: number, pos: V3, rgba: Rgba): string {
  return `<geom name="${name}" type="cylinder" size="${num(radius)} ${num(width / 2)}" pos="${vec(pos)}" quat="0.7071067811865476 0.7071067811865476 0 0" rgba="${vec(rgba)}"/>`;
}

/** MJCF quaternion of a rotation by `yaw` about z. */
export function yawQuat(yaw: number): string {
  return vec([Math.cos(yaw / 2), 0, 0, Math.sin(yaw / 2)]);
}

/** Attributes of a geom that is only seen, never touched. */
export const VISUAL_ONLY = 'contype="0" conaffinity="0"';
