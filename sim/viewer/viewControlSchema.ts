import { z } from 'zod';
import type { ViewControl } from './SimViewSource.js';

/** Most physics cycles one `step` control may ask for (200 s at 500 Hz): a typo must not hang the sim. */
export const MAX_STEP_CYCLES = 100_000;
/** Largest time scale a viewer may ask for. */
export const MAX_TIME_SCALE = 100;

/**
 * What a viewer may send as `control`, checked before it reaches the simulation: unknown ops,
 * extra keys, non-finite numbers and out-of-range values are refused with SIM_VIEWER_CONTROL_INVALID.
 */
export const viewControlSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('play') }),
  z.strictObject({ op: z.literal('pause') }),
  z.strictObject({ op: z.literal('step'), cycles: z.number().int().min(1).max(MAX_STEP_CYCLES) }),
  z.strictObject({ op: z.literal('timeScale'), value: z.number().positive().max(MAX_TIME_SCALE) }),
  z.strictObject({ op: z.literal('setJoint'), joint: z.string().min(1).max(200), value: z.number() }),
]) satisfies z.ZodType<ViewControl>;
