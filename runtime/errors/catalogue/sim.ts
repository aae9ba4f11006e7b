import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by the simulator core (sim/: MuJoCo loading, MJCF generation, SimSystem, sensors, drives, faults, scenes). */
export const simErrors = {
  SIM_MODEL_COMPILE: { en: 'MuJoCo could not compile the generated scene.', zh: 'MuJoCo 无法编译生成的场景。' },
} as const satisfies Record<string, CatalogueEntry>;
