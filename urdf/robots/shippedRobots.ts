import { fileURLToPath } from 'node:url';

const files = {
  kindred_exo: 'kindred_exo.urdf.xacro',
  kindred_transfer: 'kindred_transfer.urdf.xacro',
  kindred_companion: 'kindred_companion.urdf.xacro',
} as const;

export type ShippedRobotName = keyof typeof files;

const at = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

/** The robot descriptions Kindred ships: name → absolute path of the xacro file (`loadUrdfFile` expands it). */
export const shippedRobots: Readonly<Record<ShippedRobotName, string>> = Object.freeze({
  kindred_exo: at(files.kindred_exo),
  kindred_transfer: at(files.kindred_transfer),
  kindred_companion: at(files.kindred_companion),
});
