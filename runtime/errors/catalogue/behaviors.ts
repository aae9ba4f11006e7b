import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by Kindred's behaviours as XState statecharts (behaviors/). */
export const behaviorsErrors = {} as const satisfies Record<string, CatalogueEntry>;
