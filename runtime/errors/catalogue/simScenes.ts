import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised while turning robot descriptions into MuJoCo scenes (sim/mjcf, sim/scenes). */
export const simScenesErrors = {} as const satisfies Record<string, CatalogueEntry>;
