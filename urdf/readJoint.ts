import type { Joint, JointLimit, JointType, SafetyController, Vec3 } from './RobotModel.js';
import { elementError } from './xml/elementError.js';
import { numberAttribute, originOf, requiredAttribute, requiredChild, requiredNumber, vec3Attribute } from './xml/readAttributes.js';
import { firstChild, type XmlElement } from './xml/XmlElement.js';

export const JOINT_TYPES: readonly JointType[] = ['revolute', 'continuous', 'prismatic', 'fixed', 'floating', 'planar'];

function isJointType(s: string): s is JointType {
  return (JOINT_TYPES as readonly string[]).includes(s);
}

function readLimit(el: XmlElement, type: JointType, jointEl: XmlElement): JointLimit {
  const effort = requiredNumber(el, 'effort');
  const velocity = requiredNumber(el, 'velocity');
  for (const [attr, v] of [['effort', effort], ['velocity', velocity]] as const) {
    if (!(v > 0)) {
      throw elementError('URDF_LIMIT_NONPOSITIVE', jointEl, `has <limit ${attr}="${v}">`, {
        field: `joint[name=${jointEl.attributes.get('name') ?? ''}].limit.${attr}`,
        value: v,
        expected: `${attr} > 0 (${attr === 'effort' ? 'N·m or N' : 'rad/s or m/s'})`,
      });
    }
  }
  if (type !== 'revolute' && type !== 'prismatic') return { effort, velocity };
  // urdfdom's defaults: an absent lower or upper bound is 0.
  const lower = numberAttribute(el, 'lower', 0);
  const upper = numberAttribute(el, 'upper', 0);
  if (lower > upper) {
    throw elementError('URDF_LIMIT_ORDER', jointEl, `has <limit lower="${lower}" upper="${upper}">`, {
      field: `joint[name=${jointEl.attributes.get('name') ?? ''}].limit`,
      value: { lower, upper },
      expected: 'lower ≤ upper',
    });
  }
  return { lower, upper, effort, velocity };
}

function readSafetyController(el: XmlElement, jointEl: XmlElement): SafetyController {
  const kVelocity = requiredNumber(el, 'k_velocity');
  const softLowerLimit = numberAttribute(el, 'soft_lower_limit');
  const softUpperLimit = numberAttribute(el, 'soft_upper_limit');
  const kPosition = numberAttribute(el, 'k_position');
  if (softLowerLimit !== undefined && softUpperLimit !== undefined && softLowerLimit > softUpperLimit) {
    throw elementError('URDF_LIMIT_ORDER', jointEl, `has <safety_controller soft_lower_limit="${softLowerLimit}" soft_upper_limit="${softUpperLimit}">`, {
      field: `joint[name=${jointEl.attributes.get('name') ?? ''}].safety_controller`,
      value: { softLowerLimit, softUpperLimit },
      expected: 'soft_lower_limit ≤ soft_upper_limit',
    });
  }
  return {
    kVelocity,
    ...(softLowerLimit === undefined ? {} : { softLowerLimit }),
    ...(softUpperLimit === undefined ? {} : { softUpperLimit }),
    ...(kPosition === undefined ? {} : { kPosition }),
  };
}

function unitAxis(el: XmlElement | undefined, type: JointType, jointEl: XmlElement): Vec3 {
  if (el === undefined) return [1, 0, 0];
  const [x, y, z] = vec3Attribute(el, 'xyz', [1, 0, 0]);
  const n = Math.hypot(x, y, z);
  if (n === 0) {
    if (type === 'fixed' || type === 'floating') return [1, 0, 0];
    throw elementError('URDF_BAD_AXIS', jointEl, `has <axis xyz="${x} ${y} ${z}">`, { value: [x, y, z], expected: 'a non-zero axis vector' });
  }
  return [x / n, y / n, z / n];
}

/** A `<joint>` element: its type, links, origin, unit axis and optional limit/dynamics/calibration/mimic/safety_controller. */
export function readJoint(el: XmlElement): Joint {
  const name = requiredAttribute(el, 'name');
  const typeText = requiredAttribute(el, 'type');
  if (!isJointType(typeText)) {
    throw elementError('URDF_BAD_JOINT_TYPE', el, `has type="${typeText}"`, { value: typeText, expected: `one of ${JOINT_TYPES.join(', ')}` });
  }
  const type = typeText;
  const parent = requiredAttribute(requiredChild(el, 'parent'), 'link');
  const child = requiredAttribute(requiredChild(el, 'child'), 'link');
  const limitEl = firstChild(el, 'limit');
  if (limitEl === undefined && (type === 'revolute' || type === 'prismatic')) {
    throw elementError('URDF_LIMIT_MISSING', el, `is ${type} but has no <limit>`, {
      expected: '<limit lower="..." upper="..." effort="..." velocity="..."/>',
    });
  }
  const dynamicsEl = firstChild(el, 'dynamics');
  const calibrationEl = firstChild(el, 'calibration');
  const mimicEl = firstChild(el, 'mimic');
  const safetyEl = firstChild(el, 'safety_controller');
  const rising = calibrationEl === undefined ? undefined : numberAttribute(calibrationEl, 'rising');
  const falling = calibrationEl === undefined ? undefined : numberAttribute(calibrationEl, 'falling');
  return {
    name,
    type,
    parent,
    child,
    origin: originOf(el),
    axis: unitAxis(firstChild(el, 'axis'), type, el),
    ...(limitEl === undefined ? {} : { limit: readLimit(limitEl, type, el) }),
    ...(dynamicsEl === undefined
      ? {}
      : { dynamics: { damping: numberAttribute(dynamicsEl, 'damping', 0), friction: numberAttribute(dynamicsEl, 'friction', 0) } }),
    ...(calibrationEl === undefined
      ? {}
      : { calibration: { ...(rising === undefined ? {} : { rising }), ...(falling === undefined ? {} : { falling }) } }),
    ...(mimicEl === undefined
      ? {}
      : {
          mimic: {
            joint: requiredAttribute(mimicEl, 'joint'),
            multiplier: numberAttribute(mimicEl, 'multiplier', 1),
            offset: numberAttribute(mimicEl, 'offset', 0),
          },
        }),
    ...(safetyEl === undefined ? {} : { safetyController: readSafetyController(safetyEl, el) }),
  };
}
