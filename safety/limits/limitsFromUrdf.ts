import type { Joint, RobotModel } from '../../urdf/index.js';
import type { BaseLimits, JointKind, JointLimits, SoftLimits } from './JointLimits.js';

function kindOf(joint: Joint): JointKind | undefined {
  return joint.type === 'revolute' || joint.type === 'continuous' || joint.type === 'prismatic' ? joint.type : undefined;
}

function softOf(joint: Joint): SoftLimits | undefined {
  const s = joint.safetyController;
  if (s === undefined) return undefined;
  return {
    ...(s.softLowerLimit === undefined ? {} : { lower: s.softLowerLimit }),
    ...(s.softUpperLimit === undefined ? {} : { upper: s.softUpperLimit }),
    ...(s.kPosition === undefined ? {} : { kPosition: s.kPosition }),
    kVelocity: s.kVelocity,
  };
}

/**
 * The base limit layer from a robot description: per one-degree-of-freedom joint, `<limit>` lower/upper
 * (absent for continuous joints), velocity and effort, and `<safety_controller>` soft limits with
 * k_position/k_velocity. URDF has no acceleration or jerk limits; later layers add them.
 */
export function limitsFromUrdf(model: RobotModel): BaseLimits {
  const joints: JointLimits[] = [];
  for (const joint of model.joints) {
    const kind = kindOf(joint);
    if (kind === undefined) continue;
    const limit = joint.limit;
    const soft = softOf(joint);
    const position =
      kind === 'continuous' || limit === undefined
        ? undefined
        : { ...(limit.lower === undefined ? {} : { lower: limit.lower }), ...(limit.upper === undefined ? {} : { upper: limit.upper }) };
    joints.push({
      joint: joint.name,
      kind,
      ...(position === undefined ? {} : { position }),
      ...(soft === undefined ? {} : { soft }),
      ...(limit === undefined ? {} : { velocity: limit.velocity, effort: limit.effort }),
    });
  }
  return { name: 'urdf', ...(model.source === undefined ? {} : { source: model.source }), joints };
}
