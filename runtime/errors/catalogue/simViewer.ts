import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by the browser viewer (sim/viewer). */
export const simViewerErrors = {} as const satisfies Record<string, CatalogueEntry>;
