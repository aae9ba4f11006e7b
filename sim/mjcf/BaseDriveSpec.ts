/** How the wheels of a planar-mounted robot move its base (see `PlanarBaseDrive`). */
export interface BaseDriveSpec {
  readonly kind: 'differential' | 'mecanum';
  /** Wheel joints: differential [left, right]; mecanum [front_left, front_right, rear_left, rear_right]. */
  readonly wheelJoints: readonly string[];
  readonly wheelRadiusM: number;
  /** Differential: distance between the wheels. Mecanum: 2·(half wheelbase + half track) summed as lx + ly. */
  readonly wheelSeparationM: number;
  /** Mecanum only: half wheelbase lx and half track ly (m). */
  readonly halfWheelbaseM: number;
  readonly halfTrackM: number;
  /** The base's planar joints and their velocity servos. */
  readonly xJoint: string;
  readonly yJoint: string;
  readonly yawJoint: string;
  readonly xActuator: string;
  readonly yActuator: string;
  readonly yawActuator: string;
  /** World yaw when the yaw joint reads 0 (the mount pose's yaw), rad. */
  readonly yawOffsetRad: number;
}
