/**
 * A named state or command interface in ros2_control's shape: `<joint>/<interface>`, e.g.
 * `knee_left/position`. Values are in SI joint units: rad, rad/s, N·m for revolute joints; m, m/s, N
 * for prismatic ones.
 */
export interface InterfaceDescription {
  /** The joint, sensor or GPIO this interface belongs to. */
  readonly prefix: string;
  /** `position`, `velocity`, `effort`, `force.x`, … */
  readonly interfaceName: string;
  readonly min?: number;
  readonly max?: number;
  readonly initialValue?: number;
}

export function fullName(d: Pick<InterfaceDescription, 'prefix' | 'interfaceName'>): string {
  return `${d.prefix}/${d.interfaceName}`;
}
