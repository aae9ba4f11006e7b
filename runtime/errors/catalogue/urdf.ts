import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by `urdf/`. */
export const urdfErrors = {
} as const satisfies Record<string, CatalogueEntry>;
