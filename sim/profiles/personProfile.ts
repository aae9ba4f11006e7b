import { z } from 'zod';
import type { DeepReadonly } from '../../runtime/params/index.js';
import { personBasics } from './common.js';

const coordinate = z.number().min(-50).max(50);
const atS = z.number().min(0).max(7 * 86_400).describe('sim time at which the activity starts');
const placeName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a place name of letters, digits and _');

/** A place to sit or lie on: where to stand before using it, which way to face, and its surface height. */
const place = z.strictObject({
  x: coordinate,
  y: coordinate,
  yawRad: z.number().min(-7).max(7).default(0).describe('the direction the person faces when seated (head direction when lying)'),
  surfaceHeightM: z.number().min(0).max(1.2).describe('seat or mattress height'),
});

/** One activity of the daily script; each starts at `atS` (sim time) and interrupts the previous one. */
const activity = z.discriminatedUnion('do', [
  z.strictObject({ atS, do: z.literal('walkTo'), x: coordinate, y: coordinate }),
  z.strictObject({ atS, do: z.literal('sit'), on: placeName.optional().describe('a key of places; omitted: a chair where the person stands') }),
  z.strictObject({ atS, do: z.literal('stand') }),
  z.strictObject({ atS, do: z.literal('lieDown'), on: placeName.optional().describe('a key of places; omitted: on the floor') }),
  z.strictObject({ atS, do: z.literal('fall'), direction: z.enum(['forward', 'backward', 'left', 'right']) }),
], { error: 'one of walkTo | sit | stand | lieDown | fall' });

/**
 * `kind: person_profile`: the person at home with the companion robot. Comfortable gait speed of
 * older adults is about 0.6–1.2 m/s (below 0.8 m/s flags a risk of falls).
 */
export const personProfileSchema = z.strictObject({
  kind: z.literal('person_profile'),
  ...personBasics,
  name: z.string().min(1).max(80),
  walkingSpeedMPerS: z.number().min(0.1).max(2).default(0.8),
  start: z.strictObject({ x: coordinate.default(0), y: coordinate.default(0), yawRad: z.number().min(-7).max(7).default(0) }).prefault({}),
  places: z.record(placeName, place).default({}),
  script: z.array(activity).max(10_000).default([]),
});

/** A validated, frozen person profile. */
export type PersonProfile = DeepReadonly<z.output<typeof personProfileSchema>>;
/** One activity of a person's daily script. */
export type PersonActivity = PersonProfile['script'][number];
