import { KindredError } from '../../runtime/errors/index.js';

/**
 * Copies a per-joint parameter (one number for every joint, or one per joint) into a new array,
 * checking each entry is finite and ≥ `min`. Throws MOTION_CONTROLLER_PARAM_INVALID naming the field.
 */
export function perJointParam(field: string, value: number | ArrayLike<number>, jointCount: number, min = 0): Float64Array {
  const out = new Float64Array(jointCount);
  if (typeof value === 'number') {
    out.fill(checkScalarParam(field, value, min));
    return out;
  }
  if (value.length !== jointCount) {
    throw new KindredError('MOTION_CONTROLLER_PARAM_INVALID', `${field} has ${value.length} entries; expected one per joint (${jointCount})`, {
      field,
      value: value.length,
      expected: `${jointCount} entries`,
    });
  }
  for (let j = 0; j < jointCount; j++) out[j] = checkScalarParam(`${field}[${j}]`, value[j] ?? Number.NaN, min);
  return out;
}

/** Checks one parameter is finite and ≥ `min` (and ≤ `max` when given); returns it. */
export function checkScalarParam(field: string, value: number, min = 0, max = Number.POSITIVE_INFINITY): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `a finite number ≥ ${min}` : `a number in [${min}, ${max}]`;
    throw new KindredError('MOTION_CONTROLLER_PARAM_INVALID', `${field} is ${String(value)}; expected ${range}`, { field, value, expected: range });
  }
  return value;
}
