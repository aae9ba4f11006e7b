import { describe, expect, it } from 'vitest';
import { isKindredError, type KindredError } from '../../runtime/errors/index.js';
import { loadUrdfFile, shippedRobots } from '../../urdf/index.js';
import { composeLimits } from './composeLimits.js';
import { getField, LIMIT_FIELDS, type BaseLimits, type JointLimitValues, type LimitField, type LimitLayer } from './JointLimits.js';
import { compileLimits } from './LimitTable.js';
import { limitsFromUrdf } from './limitsFromUrdf.js';

function thrown(f: () => unknown): KindredError {
  try {
    f();
  } catch (e) {
    if (isKindredError(e)) return e;
    throw e;
  }
  throw new Error('expected a KindredError, nothing was thrown');
}

/** A base where every field is set, for one revolute and one prismatic joint. */
const base: BaseLimits = {
  name: 'urdf',
  joints: [
    {
      joint: 'knee',
      kind: 'revolute',
      position: { lower: 0, upper: 2 },
      soft: { lower: 0.1, upper: 1.9, kPosition: 100, kVelocity: 10 },
      velocity: 4,
      acceleration: 20,
      jerk: 400,
      effort: 80,
    },
    {
      joint: 'lift',
      kind: 'prismatic',
      position: { lower: 0, upper: 0.5 },
      soft: { lower: 0.01, upper: 0.49, kPosition: 100, kVelocity: 2000 },
      velocity: 0.05,
      acceleration: 0.5,
      jerk: 5,
      effort: 3000,
    },
  ],
};

/** A layer setting one field of one joint. */
function layerSetting(name: string, joint: string, field: LimitField, value: number): LimitLayer {
  const [group, key] = field.split('.') as [string, string | undefined];
  const values = (key === undefined ? { [group]: value } : { [group]: { [key]: value } }) as JointLimitValues;
  return { name, joints: { [joint]: values } };
}

function current(joint: string, field: LimitField): number {
  return getField(base.joints.find((j) => j.joint === joint)!, field)!;
}

/** A value that tightens `field` (10 % of the way into the range for positions, 20 % lower for rates). */
function tighter(joint: string, field: LimitField): number {
  const v = current(joint, field);
  const spec = LIMIT_FIELDS.find((s) => s.field === field)!;
  if (spec.quantity === 'position') return spec.tightens === 'up' ? v + 0.01 : v - 0.01;
  return v * 0.8;
}

function looser(joint: string, field: LimitField): number {
  const v = current(joint, field);
  const spec = LIMIT_FIELDS.find((s) => s.field === field)!;
  if (spec.quantity === 'position') return spec.tightens === 'up' ? v - 0.01 : v + 0.01;
  return v * 1.25;
}

const fieldCases = LIMIT_FIELDS.flatMap((s) => [
  { joint: 'knee', field: s.field, unitRe: /rad|N·m|1\/s/ },
  { joint: 'lift', field: s.field, unitRe: /\bm\b|m\/s|N·s\/m|\bN\b|1\/s/ },
]);

describe('limitsFromUrdf', () => {
  it('reads hard, soft, velocity and effort limits of the exoskeleton', () => {
    const limits = limitsFromUrdf(loadUrdfFile(shippedRobots.kindred_exo));
    const knee = limits.joints.find((j) => j.joint === 'knee_left')!;
    expect(knee.kind).toBe('revolute');
    expect(knee.position?.lower).toBe(0);
    expect(knee.position?.upper).toBeCloseTo((135 * Math.PI) / 180, 12);
    // Gains from the URDF's rule (kindred_common.xacro): k_position = 2·V/margin, k_velocity = 4·E/V.
    // The knee's soft lower limit is its hard one: standing in full extension is the normal posture.
    expect(knee.soft).toEqual({ lower: 0, upper: expect.closeTo(2.356194490192345 - 0.0873, 12), kPosition: expect.closeTo((2 * 4) / 0.0873, 12), kVelocity: 80 });
    expect(knee.velocity).toBe(4);
    expect(knee.effort).toBe(80);
    expect(knee.acceleration).toBeUndefined();
    expect(limits.joints).toHaveLength(8);
  });

  it('gives continuous joints no position range and prismatic joints their kind', () => {
    const limits = limitsFromUrdf(loadUrdfFile(shippedRobots.kindred_transfer));
    const wheel = limits.joints.find((j) => j.joint === 'wheel_front_left_joint')!;
    expect(wheel.kind).toBe('continuous');
    expect(wheel.position).toBeUndefined();
    expect(wheel.velocity).toBe(5);
    expect(limits.joints.find((j) => j.joint === 'torso_lift')!.kind).toBe('prismatic');
  });
});

describe('composeLimits: a later layer may only tighten', () => {
  it('names the layer, joint, field and both values when a prescription loosens the robot limit', () => {
    const urdf = limitsFromUrdf(loadUrdfFile(shippedRobots.kindred_exo));
    const robot: LimitLayer = { name: 'robot', source: 'config/exo_safety.yaml', joints: { knee_left: { position: { upper: 2.36 } } } };
    const prescription: LimitLayer = { name: 'prescription', joints: { knee_left: { position: { upper: 2.4 } } } };
    // 2.36 itself loosens the URDF's 2.356 (135°): the robot layer is rejected first.
    expect(thrown(() => composeLimits([urdf, robot])).message).toBe('robot: knee_left.position.upper 2.36 rad loosens urdf limit 2.356194490192345 rad');
    const robotOk: LimitLayer = { ...robot, joints: { knee_left: { position: { upper: 2.3 } } } };
    const e = thrown(() => composeLimits([urdf, robotOk, prescription]));
    expect(e.code).toBe('LIMITS_LOOSENED');
    expect(e.message).toBe('prescription: knee_left.position.upper 2.4 rad loosens robot limit 2.3 rad');
    expect(e.context).toMatchObject({ field: 'joints.knee_left.position.upper', value: 2.4, limit: 2.3, limitLayer: 'robot' });
  });

  it.each(fieldCases)('$joint.$field: tightening is accepted and recorded', ({ joint, field }) => {
    const value = tighter(joint, field);
    const composed = composeLimits([base, layerSetting('prescription', joint, field, value)]);
    expect(getField(composed.joints.find((j) => j.joint === joint)!, field)).toBe(value);
    expect(composed.origin[joint]?.[field]).toBe('prescription');
    expect(composed.layers).toEqual(['urdf', 'prescription']);
  });

  it.each(fieldCases)('$joint.$field: loosening is rejected with both values and units', ({ joint, field, unitRe }) => {
    const value = looser(joint, field);
    const e = thrown(() => composeLimits([base, layerSetting('site', joint, field, value)]));
    expect(e.code).toBe('LIMITS_LOOSENED');
    expect(e.message).toContain(`site: ${joint}.${field} ${value} `);
    expect(e.message).toContain(`loosens urdf limit ${current(joint, field)} `);
    expect(e.message).toMatch(unitRe);
    expect(e.context).toMatchObject({ value, limit: current(joint, field), limitLayer: 'urdf', joint, layer: 'site' });
  });

  it('checks a layer against the tightest earlier value, naming the layer that set it', () => {
    const site = layerSetting('site', 'knee', 'velocity', 2);
    const e = thrown(() => composeLimits([base, site, layerSetting('prescription', 'knee', 'velocity', 3)]));
    expect(e.message).toBe('prescription: knee.velocity 3 rad/s loosens site limit 2 rad/s');
    const composed = composeLimits([base, layerSetting('robot', 'knee', 'velocity', 3), site, layerSetting('prescription', 'knee', 'velocity', 2)]);
    expect(composed.joints[0]!.velocity).toBe(2);
    expect(composed.origin.knee?.velocity).toBe('prescription');
    expect(composed.origin.knee?.effort).toBe('urdf');
  });

  it('lets a layer add a limit the earlier layers lacked (acceleration, a continuous joint’s range)', () => {
    const urdf = limitsFromUrdf(loadUrdfFile(shippedRobots.kindred_transfer));
    const composed = composeLimits([
      urdf,
      { name: 'robot', joints: { wheel_front_left_joint: { position: { lower: -100, upper: 100 }, acceleration: 10 }, elbow_left: { acceleration: 5, jerk: 50 } } },
    ]);
    const wheel = composed.joints.find((j) => j.joint === 'wheel_front_left_joint')!;
    expect(wheel.position).toEqual({ lower: -100, upper: 100 });
    expect(wheel.acceleration).toBe(10);
    expect(compileLimits(composed).jerk[compileLimits(composed).indexOf.get('elbow_left')!]).toBe(50);
  });

  it('rejects a tightening that leaves lower above upper, naming both values and layers', () => {
    const e = thrown(() => composeLimits([base, layerSetting('robot', 'knee', 'position.upper', 1), layerSetting('prescription', 'knee', 'position.lower', 1.2)]));
    expect(e.code).toBe('LIMITS_INCONSISTENT');
    expect(e.message).toBe('prescription: knee.position.lower 1.2 rad (set by prescription) is above position.upper 1 rad (set by robot)');
  });

  it('rejects soft and hard ranges that no longer overlap', () => {
    const e = thrown(() => composeLimits([base, { name: 'prescription', joints: { knee: { position: { upper: 0.05 } } } }]));
    expect(e.code).toBe('LIMITS_INCONSISTENT');
    expect(e.message).toContain('knee has no position left to command');
  });

  it('rejects a jerk limit without an acceleration limit', () => {
    const urdf = limitsFromUrdf(loadUrdfFile(shippedRobots.kindred_exo));
    const e = thrown(() => composeLimits([urdf, { name: 'robot', joints: { knee_left: { jerk: 100 } } }]));
    expect(e.code).toBe('LIMITS_INCONSISTENT');
    expect(e.message).toContain('knee_left.jerk 100 rad/s³ is set but no layer sets knee_left.acceleration');
  });

  it.each([
    ['velocity', 0],
    ['velocity', -1],
    ['effort', Number.NaN],
    ['acceleration', Number.POSITIVE_INFINITY],
    ['soft.kPosition', 0],
    ['position.upper', Number.NaN],
  ] as const)('rejects %s = %s as LIMITS_BAD_VALUE', (field, value) => {
    const e = thrown(() => composeLimits([base, layerSetting('site', 'knee', field, value)]));
    expect(e.code).toBe('LIMITS_BAD_VALUE');
    expect(e.message).toContain(`site: knee.${field} is ${value}; expected a finite number`);
  });

  it('rejects a joint the robot does not have, listing the known ones', () => {
    const e = thrown(() => composeLimits([base, { name: 'prescription', source: 'p.yaml', joints: { knee_lft: { velocity: 1 } } }]));
    expect(e.code).toBe('LIMITS_JOINT_UNKNOWN');
    expect(e.message).toBe('prescription: no joint named knee_lft in urdf; known joints: knee, lift');
    expect(e.context.file).toBe('p.yaml');
  });
});
