import { z } from 'zod';

/** Strip wrappers that do not change what is expected at a location (optional, default, pipe...). */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  for (let i = 0; i < 64; i++) {
    if (
      s instanceof z.ZodOptional ||
      s instanceof z.ZodNullable ||
      s instanceof z.ZodDefault ||
      s instanceof z.ZodPrefault ||
      s instanceof z.ZodReadonly ||
      s instanceof z.ZodCatch ||
      s instanceof z.ZodNonOptional ||
      s instanceof z.ZodLazy
    ) {
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodPipe) {
      s = s.in as z.ZodType;
    } else {
      return s;
    }
  }
  return s;
}

/**
 * The schema that validates the value at `path` inside `schema`, or undefined where it cannot be
 * told without the data (inside unions and intersections). Wrappers at the end are kept, so the
 * result still describes defaults and nullability.
 */
export function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let s: z.ZodType = schema;
  for (const key of path) {
    const bare = unwrapSchema(s);
    let next: unknown;
    if (bare instanceof z.ZodObject) {
      const shape = bare.shape as Record<string, z.ZodType>;
      next = typeof key === 'string' && Object.hasOwn(shape, key) ? shape[key] : undefined;
      if (next === undefined) {
        const catchall = bare.def.catchall;
        next = catchall instanceof z.ZodNever ? undefined : catchall;
      }
    } else if (bare instanceof z.ZodArray) {
      next = bare.element;
    } else if (bare instanceof z.ZodTuple) {
      next = (typeof key === 'number' ? bare.def.items[key] : undefined) ?? bare.def.rest ?? undefined;
    } else if (bare instanceof z.ZodRecord) {
      next = bare.def.valueType;
    } else {
      return undefined;
    }
    if (!(next instanceof z.ZodType)) return undefined;
    s = next;
  }
  return s;
}

/** The keys an object schema at `path` accepts, or undefined when there is no object schema there. */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  const s = schemaAt(schema, path);
  if (s === undefined) return undefined;
  const bare = unwrapSchema(s);
  return bare instanceof z.ZodObject ? Object.keys(bare.shape as Record<string, unknown>) : undefined;
}
