import type { MjModel } from 'mujoco-js';

const decoder = new TextDecoder();

/**
 * The name of object `id` given its `name_*adr` table, or '' when unnamed. Reads `model.names`
 * directly because mujoco-js's `mj_id2name` returns stray bytes (not null) for unnamed objects.
 */
export function nameAt(model: MjModel, adrTable: Int32Array, id: number): string {
  const names = model.names as Int8Array;
  const start = adrTable[id];
  if (start === undefined || start < 0 || start >= names.length) return '';
  let end = start;
  while (end < names.length && names[end] !== 0) end++;
  return decoder.decode(new Uint8Array(names.buffer, names.byteOffset + start, end - start));
}

/** All body names, indexed by body id (body 0 is `world`). */
export function bodyNames(model: MjModel): string[] {
  const adr = model.name_bodyadr as Int32Array;
  return Array.from({ length: model.nbody }, (_, i) => nameAt(model, adr, i));
}

/** All joint names, indexed by joint id. */
export function jointNames(model: MjModel): string[] {
  const adr = model.name_jntadr as Int32Array;
  return Array.from({ length: model.njnt }, (_, i) => nameAt(model, adr, i));
}
