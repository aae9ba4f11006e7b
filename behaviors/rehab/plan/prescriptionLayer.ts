import type { ValidatedLaunch } from '../../../launch/index.js';
import type { JointLimitValues } from '../../../safety/index.js';
import type { RehabPlanData } from './rehabPlanSchema.js';

/** The SafetyGate layer a plan's prescription becomes: range → position, max speed → velocity, max assistance torque → effort. */
export interface PrescriptionLayer {
  readonly name: 'prescription';
  readonly joints: Readonly<Record<string, JointLimitValues>>;
}

/** The plan's prescription as the SafetyGate's `prescription` limit layer (tighten-only, checked when composed). */
export function prescriptionLayer(plan: Pick<RehabPlanData, 'prescription'>): PrescriptionLayer {
  const joints: Record<string, JointLimitValues> = {};
  for (const [joint, p] of Object.entries(plan.prescription)) {
    joints[joint] = { position: { lower: p.rangeRad.min, upper: p.rangeRad.max }, velocity: p.maxSpeedRadPerS, effort: p.maxAssistanceTorqueNm };
  }
  return { name: 'prescription', joints };
}

/**
 * The launch for a session: the same launch with the plan's prescription added as the last safety
 * layer (replacing a `prescription` layer the launch file may already have), so for this run the
 * SafetyGate clamps every command to the therapist's range, speed and torque.
 */
export function withPrescription(launch: ValidatedLaunch, plan: Pick<RehabPlanData, 'prescription'>): ValidatedLaunch {
  const layer = prescriptionLayer(plan);
  const safety = launch.safety ?? { description: { args: {} }, layers: [] };
  const layers = [...safety.layers.filter((l) => l.name !== 'prescription'), { name: layer.name, joints: layer.joints }];
  return { ...launch, safety: { ...safety, layers } } as ValidatedLaunch;
}
