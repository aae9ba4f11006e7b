/**
 * Per-joint limits as data. Every quantity is in SI joint units, fixed by the joint's kind:
 * revolute and continuous joints in rad, rad/s, rad/s², rad/s³ and N·m; prismatic joints in m, m/s,
 * m/s², m/s³ and N. A limit that is absent is not enforced (no NaN sentinels).
 */

/** The joint kinds that carry limits (fixed, floating and planar joints have none). */
export type JointKind = 'revolute' | 'continuous' | 'prismatic';

/** A position range; either side may be absent (continuous joints have neither). */
export interface PositionRange {
  readonly lower?: number;
  readonly upper?: number;
}

/**
 * URDF `<safety_controller>` soft limits with ros2_control semantics (see `softLimits.ts`):
 * near `lower`/`upper` the allowed velocity shrinks as `kPosition · distance`, and effort is bounded
 * by `kVelocity · (allowed velocity − measured velocity)`.
 */
export interface SoftLimits {
  readonly lower?: number;
  readonly upper?: number;
  /** Velocity allowed per unit of distance to a soft limit, 1/s. */
  readonly kPosition?: number;
  /** Effort allowed per unit of velocity margin, N·m·s/rad (N·s/m for prismatic joints). */
  readonly kVelocity?: number;
}

/** What one layer says about one joint: any subset of the limits. */
export interface JointLimitValues {
  /** Hard position range: commands never go beyond it. */
  readonly position?: PositionRange;
  readonly soft?: SoftLimits;
  /** Maximum |velocity|. */
  readonly velocity?: number;
  /** Maximum |acceleration| of the command sequence. */
  readonly acceleration?: number;
  /** Maximum |jerk| of the command sequence (needs an acceleration limit). */
  readonly jerk?: number;
  /** Maximum |effort|. */
  readonly effort?: number;
}

/** The limits of one joint after composition, with the joint's name and kind (which fixes its units). */
export interface JointLimits extends JointLimitValues {
  readonly joint: string;
  readonly kind: JointKind;
}

/** The standard layers, earliest first; each may only tighten what came before. */
export const LIMIT_LAYERS = ['urdf', 'robot', 'site', 'prescription'] as const;
export type LimitLayerName = (typeof LIMIT_LAYERS)[number];

/**
 * A layer after the base: the robot's safety configuration, the deployment site, or a patient's
 * prescription. It names only the joints and fields it sets.
 */
export interface LimitLayer {
  /** Named in errors, e.g. `prescription`. */
  readonly name: string;
  /** The file it came from, for errors. */
  readonly source?: string;
  readonly joints: Readonly<Record<string, JointLimitValues>>;
}

/** The first layer (from the URDF): it fixes the set of joints and their kinds. */
export interface BaseLimits {
  readonly name: string;
  readonly source?: string;
  readonly joints: readonly JointLimits[];
}

/** A dotted path to one limit field, as used in errors and provenance. */
export type LimitField =
  | 'position.lower'
  | 'position.upper'
  | 'soft.lower'
  | 'soft.upper'
  | 'soft.kPosition'
  | 'soft.kVelocity'
  | 'velocity'
  | 'acceleration'
  | 'jerk'
  | 'effort';

/** The result of `composeLimits`: per joint limits, and which layer set each field's value. */
export interface ComposedLimits {
  readonly joints: readonly JointLimits[];
  /** Layer names, earliest first. */
  readonly layers: readonly string[];
  /** joint → field → the layer whose value is in force. */
  readonly origin: Readonly<Record<string, Readonly<Partial<Record<LimitField, string>>>>>;
}

/** How each field tightens: a `lower` bound tightens upwards, every other field downwards. */
export interface LimitFieldSpec {
  readonly field: LimitField;
  readonly tightens: 'up' | 'down';
  /** Quantity, for the unit: position, gain, velocity, … */
  readonly quantity: 'position' | 'kPosition' | 'kVelocity' | 'velocity' | 'acceleration' | 'jerk' | 'effort';
  /** Must be > 0 (rates and gains); positions may be any finite number. */
  readonly positive: boolean;
}

/** Every field a layer can set, in the order errors and tables list them. */
export const LIMIT_FIELDS: readonly LimitFieldSpec[] = [
  { field: 'position.lower', tightens: 'up', quantity: 'position', positive: false },
  { field: 'position.upper', tightens: 'down', quantity: 'position', positive: false },
  { field: 'soft.lower', tightens: 'up', quantity: 'position', positive: false },
  { field: 'soft.upper', tightens: 'down', quantity: 'position', positive: false },
  { field: 'soft.kPosition', tightens: 'down', quantity: 'kPosition', positive: true },
  { field: 'soft.kVelocity', tightens: 'down', quantity: 'kVelocity', positive: true },
  { field: 'velocity', tightens: 'down', quantity: 'velocity', positive: true },
  { field: 'acceleration', tightens: 'down', quantity: 'acceleration', positive: true },
  { field: 'jerk', tightens: 'down', quantity: 'jerk', positive: true },
  { field: 'effort', tightens: 'down', quantity: 'effort', positive: true },
];

const ROTARY_UNITS: Readonly<Record<LimitFieldSpec['quantity'], string>> = {
  position: 'rad',
  kPosition: '1/s',
  kVelocity: 'N·m·s/rad',
  velocity: 'rad/s',
  acceleration: 'rad/s²',
  jerk: 'rad/s³',
  effort: 'N·m',
};
const LINEAR_UNITS: Readonly<Record<LimitFieldSpec['quantity'], string>> = {
  position: 'm',
  kPosition: '1/s',
  kVelocity: 'N·s/m',
  velocity: 'm/s',
  acceleration: 'm/s²',
  jerk: 'm/s³',
  effort: 'N',
};

/** The unit of a field for a joint kind, for messages (`rad`, `m/s²`, `N·m`). */
export function unitOf(kind: JointKind, quantity: LimitFieldSpec['quantity']): string {
  return (kind === 'prismatic' ? LINEAR_UNITS : ROTARY_UNITS)[quantity];
}

/** Read one field of a joint's values. */
export function getField(values: JointLimitValues, field: LimitField): number | undefined {
  switch (field) {
    case 'position.lower':
      return values.position?.lower;
    case 'position.upper':
      return values.position?.upper;
    case 'soft.lower':
      return values.soft?.lower;
    case 'soft.upper':
      return values.soft?.upper;
    case 'soft.kPosition':
      return values.soft?.kPosition;
    case 'soft.kVelocity':
      return values.soft?.kVelocity;
    case 'velocity':
      return values.velocity;
    case 'acceleration':
      return values.acceleration;
    case 'jerk':
      return values.jerk;
    case 'effort':
      return values.effort;
  }
}
