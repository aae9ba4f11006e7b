import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by Kindred's Foxglove WebSocket server (runtime/ros/foxglove). */
export const foxgloveErrors = {} as const satisfies Record<string, CatalogueEntry>;
