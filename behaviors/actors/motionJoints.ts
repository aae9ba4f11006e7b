import { KindredError, show } from '../../runtime/errors/index.js';

/**
 * Where each of `joints` sits in the controller's joint `order`. Throws BEHAVIOR_ACTOR_INPUT_INVALID
 * for an empty or repeated list and BEHAVIOR_ACTOR_JOINT_UNKNOWN for a joint the controller lacks.
 */
export function jointSlots(controller: string, order: readonly string[], joints: readonly string[]): number[] {
  if (joints.length === 0) {
    throw new KindredError('BEHAVIOR_ACTOR_INPUT_INVALID', `joints is empty; expected at least one joint of ${controller} (${order.join(', ')})`, {
      field: 'joints',
      value: joints,
      expected: `joints of ${controller}`,
    });
  }
  return joints.map((joint, k) => {
    const at = order.indexOf(joint);
    if (at < 0) {
      throw new KindredError('BEHAVIOR_ACTOR_JOINT_UNKNOWN', `controller ${controller} does not command joint ${show(joint)}; it commands ${order.join(', ')}`, {
        field: `joints[${k}]`,
        value: joint,
        expected: order.join(', '),
        controller,
      });
    }
    if (joints.indexOf(joint) !== k) {
      throw new KindredError('BEHAVIOR_ACTOR_INPUT_INVALID', `joint ${show(joint)} is listed twice in joints`, { field: `joints[${k}]`, value: joint, expected: 'each joint once' });
    }
    return at;
  });
}

/** Throws BEHAVIOR_ACTOR_INPUT_INVALID unless `values` has one finite number per joint. */
export function requireJointValues(field: string, values: readonly number[], joints: readonly string[]): void {
  if (values.length !== joints.length) {
    throw new KindredError('BEHAVIOR_ACTOR_INPUT_INVALID', `${field} has ${values.length} values for ${joints.length} joints (${joints.join(', ')})`, {
      field,
      value: values.length,
      expected: `${joints.length} values`,
    });
  }
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) {
      throw new KindredError('BEHAVIOR_ACTOR_INPUT_INVALID', `${field}[${i}] (${joints[i]}) is ${show(v)}; expected a finite number`, {
        field: `${field}[${i}]`,
        value: v,
        expected: 'a finite number',
      });
    }
  });
}
