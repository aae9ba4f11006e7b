import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by simulated people and their profiles (sim/humans, sim/profiles). */
export const simHumansErrors = {} as const satisfies Record<string, CatalogueEntry>;
