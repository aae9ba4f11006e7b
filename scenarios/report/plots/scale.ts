/**
 * Axis arithmetic for the report's SVG plots: a linear map from data to pixels and "nice" tick
 * values (1, 2, 5 × 10^k), robust to empty, flat or non-finite data.
 */

/** A closed numeric interval. */
export interface Extent {
  readonly min: number;
  readonly max: number;
}

/** The extent of the finite values among `groups`, or undefined when there are none. */
export function finiteExtent(...groups: readonly (readonly number[])[]): Extent | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const g of groups) {
    for (const v of g) {
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? { min, max } : undefined;
}

/** `e` widened by `fraction` of its span on both sides; a flat extent gets a unit (or 10 %) span. */
export function padExtent(e: Extent, fraction = 0.06): Extent {
  const span = e.max - e.min;
  if (span <= 0) {
    const half = Math.abs(e.min) > 0 ? Math.abs(e.min) * 0.1 : 0.5;
    return { min: e.min - half, max: e.max + half };
  }
  return { min: e.min - span * fraction, max: e.max + span * fraction };
}

/** A linear map from `domain` to the pixel range [r0, r1] (r1 < r0 for a y axis). */
export function linear(domain: Extent, r0: number, r1: number): (v: number) => number {
  const span = domain.max - domain.min;
  const k = span === 0 ? 0 : (r1 - r0) / span;
  return (v) => r0 + (v - domain.min) * k;
}

/** About `count` round tick values inside `e`. */
export function niceTicks(e: Extent, count = 5): number[] {
  const span = e.max - e.min;
  if (!(span > 0) || !Number.isFinite(span)) return [e.min];
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / mag;
  const step = (unit >= 5 ? 10 : unit >= 2 ? 5 : unit >= 1 ? 2 : 1) * mag;
  const first = Math.ceil(e.min / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = first; v <= e.max + step * 1e-9 && ticks.length < 50; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

/** A pixel coordinate as compact SVG text (one decimal). */
export function px(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}
