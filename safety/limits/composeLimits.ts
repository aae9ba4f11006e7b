import type { ErrorContext } from '../../runtime/errors/index.js';
import {
  getField,
  LIMIT_FIELDS,
  unitOf,
  type BaseLimits,
  type ComposedLimits,
  type JointKind,
  type JointLimits,
  type JointLimitValues,
  type LimitField,
  type LimitFieldSpec,
  type LimitLayer,
} from './JointLimits.js';
import { limitsError } from './limitsError.js';

interface Working {
  readonly kind: JointKind;
  readonly values: Partial<Record<LimitField, number>>;
  readonly origin: Partial<Record<LimitField, string>>;
}

interface LayerInfo {
  readonly name: string;
  readonly source?: string;
}

const SPEC_OF = new Map<LimitField, LimitFieldSpec>(LIMIT_FIELDS.map((s) => [s.field, s]));

function spec(field: LimitField): LimitFieldSpec {
  return SPEC_OF.get(field)!;
}

function withUnit(value: number, kind: JointKind, field: LimitField): string {
  return `${value} ${unitOf(kind, spec(field).quantity)}`;
}

function where(layer: LayerInfo, joint: string, field: string, extra: Omit<ErrorContext, 'file' | 'field'>): ErrorContext {
  return { ...(layer.source === undefined ? {} : { file: layer.source }), field: `joints.${joint}.${field}`, layer: layer.name, joint, ...extra };
}

function checkValue(layer: LayerInfo, joint: string, kind: JointKind, s: LimitFieldSpec, value: number): void {
  const ok = typeof value === 'number' && Number.isFinite(value) && (!s.positive || value > 0);
  if (!ok) {
    const expected = s.positive ? `a finite number > 0 (${unitOf(kind, s.quantity)})` : `a finite number (${unitOf(kind, s.quantity)})`;
    throw limitsError('LIMITS_BAD_VALUE', `${layer.name}: ${joint}.${s.field} is ${String(value)}; expected ${expected}`, where(layer, joint, s.field, { value, expected }));
  }
}

function loosens(s: LimitFieldSpec, value: number, current: number): boolean {
  return s.tightens === 'up' ? value < current : value > current;
}

function checkOrder(layer: LayerInfo, joint: string, w: Working, lowerField: LimitField, upperField: LimitField): void {
  const lower = w.values[lowerField];
  const upper = w.values[upperField];
  if (lower === undefined || upper === undefined || lower <= upper) return;
  throw limitsError(
    'LIMITS_INCONSISTENT',
    `${layer.name}: ${joint}.${lowerField} ${withUnit(lower, w.kind, lowerField)} (set by ${w.origin[lowerField]}) is above ${upperField} ${withUnit(upper, w.kind, upperField)} (set by ${w.origin[upperField]})`,
    where(layer, joint, lowerField, { value: lower, expected: `≤ ${upperField} ${upper}` }),
  );
}

function checkConsistent(layer: LayerInfo, joint: string, w: Working): void {
  checkOrder(layer, joint, w, 'position.lower', 'position.upper');
  checkOrder(layer, joint, w, 'soft.lower', 'soft.upper');
  // The range commands may use is the hard range intersected with the soft range.
  const v = w.values;
  const lo = Math.max(v['position.lower'] ?? -Infinity, v['soft.lower'] ?? -Infinity);
  const hi = Math.min(v['position.upper'] ?? Infinity, v['soft.upper'] ?? Infinity);
  if (lo > hi) {
    throw limitsError(
      'LIMITS_INCONSISTENT',
      `${layer.name}: ${joint} has no position left to command: the soft range [${v['soft.lower'] ?? '-∞'}, ${v['soft.upper'] ?? '∞'}] and the hard range [${v['position.lower'] ?? '-∞'}, ${v['position.upper'] ?? '∞'}] ${unitOf(w.kind, 'position')} do not overlap`,
      where(layer, joint, 'soft', { value: { soft: [v['soft.lower'], v['soft.upper']], position: [v['position.lower'], v['position.upper']] }, expected: 'overlapping soft and hard ranges' }),
    );
  }
  if (v.jerk !== undefined && v.acceleration === undefined) {
    throw limitsError(
      'LIMITS_INCONSISTENT',
      `${layer.name}: ${joint}.jerk ${withUnit(v.jerk, w.kind, 'jerk')} is set but no layer sets ${joint}.acceleration; a jerk limit on position commands needs an acceleration limit`,
      where(layer, joint, 'acceleration', { value: undefined, expected: `an acceleration limit in ${unitOf(w.kind, 'acceleration')}` }),
    );
  }
}

function apply(layer: LayerInfo, joint: string, w: Working, values: JointLimitValues, isBase: boolean): void {
  for (const s of LIMIT_FIELDS) {
    const value = getField(values, s.field);
    if (value === undefined) continue;
    checkValue(layer, joint, w.kind, s, value);
    const current = w.values[s.field];
    if (!isBase && current !== undefined && loosens(s, value, current)) {
      const by = w.origin[s.field] ?? 'an earlier layer';
      const bound = s.tightens === 'up' ? '≥' : '≤';
      throw limitsError(
        'LIMITS_LOOSENED',
        `${layer.name}: ${joint}.${s.field} ${withUnit(value, w.kind, s.field)} loosens ${by} limit ${withUnit(current, w.kind, s.field)}`,
        where(layer, joint, s.field, { value, expected: `${bound} ${current} (set by ${by})`, limit: current, limitLayer: by }),
      );
    }
    w.values[s.field] = value;
    w.origin[s.field] = layer.name;
  }
  checkConsistent(layer, joint, w);
}

function build(joint: string, w: Working): JointLimits {
  const v = w.values;
  const position = { ...(v['position.lower'] === undefined ? {} : { lower: v['position.lower'] }), ...(v['position.upper'] === undefined ? {} : { upper: v['position.upper'] }) };
  const soft = {
    ...(v['soft.lower'] === undefined ? {} : { lower: v['soft.lower'] }),
    ...(v['soft.upper'] === undefined ? {} : { upper: v['soft.upper'] }),
    ...(v['soft.kPosition'] === undefined ? {} : { kPosition: v['soft.kPosition'] }),
    ...(v['soft.kVelocity'] === undefined ? {} : { kVelocity: v['soft.kVelocity'] }),
  };
  return Object.freeze({
    joint,
    kind: w.kind,
    ...(Object.keys(position).length === 0 ? {} : { position: Object.freeze(position) }),
    ...(Object.keys(soft).length === 0 ? {} : { soft: Object.freeze(soft) }),
    ...(v.velocity === undefined ? {} : { velocity: v.velocity }),
    ...(v.acceleration === undefined ? {} : { acceleration: v.acceleration }),
    ...(v.jerk === undefined ? {} : { jerk: v.jerk }),
    ...(v.effort === undefined ? {} : { effort: v.effort }),
  });
}

/**
 * Compose limit layers, earliest first: the URDF base, then the robot's safety configuration, the
 * deployment site and a patient's prescription (any number of layers; each names only what it sets).
 *
 * A later layer may only tighten: raise a lower bound, lower an upper bound, a rate or a gain. A
 * loosening throws LIMITS_LOOSENED naming the layer, joint, field and both values, e.g.
 * `prescription: knee_left.position.upper 2.4 rad loosens urdf limit 2.356 rad`. After each layer the
 * joint must still be consistent (LIMITS_INCONSISTENT) and every value finite, rates and gains > 0
 * (LIMITS_BAD_VALUE). A joint the base does not know is LIMITS_JOINT_UNKNOWN.
 */
export function composeLimits(layers: readonly [BaseLimits, ...LimitLayer[]]): ComposedLimits {
  const [base, ...rest] = layers;
  const working = new Map<string, Working>();
  for (const j of base.joints) {
    const w: Working = { kind: j.kind, values: {}, origin: {} };
    working.set(j.joint, w);
    apply(base, j.joint, w, j, true);
  }
  for (const layer of rest) {
    for (const [joint, values] of Object.entries(layer.joints)) {
      const w = working.get(joint);
      if (w === undefined) {
        const known = [...working.keys()];
        throw limitsError('LIMITS_JOINT_UNKNOWN', `${layer.name}: no joint named ${joint} in ${base.name}; known joints: ${known.join(', ') || 'none'}`, {
          ...(layer.source === undefined ? {} : { file: layer.source }),
          field: `joints.${joint}`,
          value: joint,
          expected: `one of ${known.join(', ')}`,
        });
      }
      apply(layer, joint, w, values, false);
    }
  }
  const joints = [...working].map(([joint, w]) => build(joint, w));
  const origin = Object.fromEntries([...working].map(([joint, w]) => [joint, Object.freeze({ ...w.origin })]));
  return Object.freeze({ joints: Object.freeze(joints), layers: Object.freeze(layers.map((l) => l.name)), origin: Object.freeze(origin) });
}
