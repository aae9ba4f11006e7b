/** Slots of `braking`'s in/out array. */
export const BRAKE_DISTANCE = 0;
export const BRAKE_LIMIT = 1;
export const BRAKE_PERIOD = 2;
export const BRAKE_OUT = 3;

/**
 * The largest velocity towards a bound `distance` d ≥ 0 away from which the command can still stop at
 * the bound decelerating at A per period h, moving this period included:
 * max(min(d/h, A·h), √(2·A·d) − A·h/2), or d/h without an acceleration limit. The discrete braking
 * sequence v, v − A·h, v − 2A·h, … travels at most (v + A·h/2)²/(2A), which gives the second term;
 * the first covers speeds that stop within one period. Both are recursively feasible: braking at A
 * from a velocity that satisfies the bound satisfies it again next period. (One derivative up, with
 * J for A, the same bound keeps a velocity command's acceleration able to reach zero at a velocity
 * limit.) In/out through `io` (distance, limit, period → result) so no double is boxed in the cycle.
 */
export function braking(io: Float64Array): void {
  const distance = io[BRAKE_DISTANCE]!;
  const limit = io[BRAKE_LIMIT]!;
  const h = io[BRAKE_PERIOD]!;
  if (!(distance > 0)) {
    // At or past the bound (or rounding just past it): nothing more towards it.
    io[BRAKE_OUT] = 0;
    return;
  }
  if (limit === Infinity) {
    io[BRAKE_OUT] = distance / h;
    return;
  }
  const dv = limit * h;
  const oneStep = distance / h < dv ? distance / h : dv;
  const brake = Math.sqrt(2 * limit * distance) - dv / 2;
  io[BRAKE_OUT] = oneStep > brake ? oneStep : brake;
}

const brakeScratch = new Float64Array(4);

/** `braking` as a plain function of numbers (see there), for tools and tests. */
export function brakingVelocity(distance: number, accel: number, periodS: number): number {
  brakeScratch[BRAKE_DISTANCE] = distance;
  brakeScratch[BRAKE_LIMIT] = accel;
  brakeScratch[BRAKE_PERIOD] = periodS;
  braking(brakeScratch);
  return brakeScratch[BRAKE_OUT]!;
}
