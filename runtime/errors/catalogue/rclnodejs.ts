import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by Kindred's native ROS 2 adapter over rclnodejs (runtime/ros/rclnodejs). */
export const rclnodejsErrors = {} as const satisfies Record<string, CatalogueEntry>;
