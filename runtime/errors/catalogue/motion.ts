import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by `motion/`. */
export const motionErrors = {
} as const satisfies Record<string, CatalogueEntry>;
