import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by Kindred's ROS 2 robot hardware link (runtime/ros/hardware): a robot driven through ROS 2 topics. */
export const rosHardwareErrors = {} as const satisfies Record<string, CatalogueEntry>;
