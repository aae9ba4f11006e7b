import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by Kindred's rosbridge client and topic/service/action mapping (runtime/ros/client). */
export const rosClientErrors = {} as const satisfies Record<string, CatalogueEntry>;
