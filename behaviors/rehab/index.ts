import { fileURLToPath } from 'node:url';
import type { BehaviorHost } from '../runtime/index.js';
import type { RunOptions, ShippedBehavior } from '../ShippedBehavior.js';
import { checkAssistanceAgainstLaunch } from './assistanceLevels.js';
import { rehabDefinition } from './definition.js';
import { demoScript, sessionTimeoutS } from './demoScript.js';
import { loadRehabPlan } from './plan/loadRehabPlan.js';
import { withPrescription } from './plan/prescriptionLayer.js';
import { createRehabActors, type RehabActors } from './rehabActors.js';
import type { RehabInput } from './rehabContext.js';
import { REHAB_EXO_CONTROLLERS } from './rehabControllers.js';

/** The launch file rehab sessions run in (the simulated exoskeleton with one controller set per mode). */
export const REHAB_LAUNCH_FILE = fileURLToPath(new URL('../../launch/rehab_exo.launch.yaml', import.meta.url));

/** The demo plans. */
export const REHAB_DEMO_PLANS = Object.freeze({
  post_stroke_knee: fileURLToPath(new URL('./plans/post_stroke_knee.plan.yaml', import.meta.url)),
  hip_flexion: fileURLToPath(new URL('./plans/hip_flexion.plan.yaml', import.meta.url)),
});

/**
 * `kindred behavior run rehab [--plan <file>]`: loads and checks the plan (default: the post-stroke
 * knee demo), checks its assistance levels against the launch file's controllers
 * (BEHAVIOR_REHAB_ASSISTANCE_BEYOND_LAUNCH), adds its prescription to the launch as the SafetyGate's `prescription` layer, and gives
 * the machine its input, the demo script (the patient says "好"; the therapist pauses and resumes
 * during the first exercise) and a timeout. `record` is the session record; `actors` binds the
 * session's own actors (the joint-state watcher, the record publisher, the bus-clock timer).
 */
export const rehabBehavior: ShippedBehavior = {
  definition: rehabDefinition,
  launchFile: REHAB_LAUNCH_FILE,
  prepare(options: RunOptions) {
    const plan = loadRehabPlan(options.planFile ?? REHAB_DEMO_PLANS.post_stroke_knee);
    const input: RehabInput = { plan: plan.data, controllers: REHAB_EXO_CONTROLLERS };
    return {
      input,
      // A level above the launch file's bound is refused here, before anything starts (the controller refuses it as well).
      launch: (launch) => withPrescription(checkAssistanceAgainstLaunch(launch, plan.data, REHAB_EXO_CONTROLLERS, plan.file), plan.data),
      script: options.script ?? demoScript(plan.data),
      timeoutS: sessionTimeoutS(plan.data),
    };
  },
  record: (output) => output,
  actors: (host: BehaviorHost): RehabActors => createRehabActors(host),
};

export { rehabDefinition } from './definition.js';
export { rehabMachine } from './rehab.machine.js';
export type { RehabEvent, RehabIntentName } from './rehab.machine.js';
export { initialContext, sessionRecordOf } from './rehabContext.js';
export type { RehabContext, RehabInput } from './rehabContext.js';
export { REHAB_EXO_CONTROLLERS, DEFAULT_MOTION_CHECKS, modeControllers, streamController } from './rehabControllers.js';
export type { RehabControllers, GroupControllers, RehabMotionChecks } from './rehabControllers.js';
export { createRehabActors, unboundRehabActors, watchJoints, publishSessionRecord, sessionTimer, setAssistance } from './rehabActors.js';
export type { JointsTick, RehabActors, WatchJointsInput, SessionTimerInput, SetAssistanceInput, AppliedAssistance } from './rehabActors.js';
export { ASSIST_LEVEL_PARAM, checkAssistanceAgainstLaunch, progressedAssistance } from './assistanceLevels.js';
export { loadRehabPlan, parseRehabPlan, validateRehabPlan } from './plan/loadRehabPlan.js';
export type { RehabPlan } from './plan/loadRehabPlan.js';
export { rehabPlanSchema, EXERCISE_KINDS, CONTROL_MODES } from './plan/rehabPlanSchema.js';
export type { RehabPlanData, PlanExercise, ControlMode, ExerciseKind } from './plan/rehabPlanSchema.js';
export { prescriptionLayer, withPrescription } from './plan/prescriptionLayer.js';
export { demoScript, sessionTimeoutS } from './demoScript.js';
export { SESSION_RECORD_TOPIC, sessionRecordMessage } from './sessionRecordMessage.js';
export { STOP_REASON_TEXT } from './sessionRecord.js';
export type { SessionRecord, ExerciseRecord, RepetitionRecord, PauseRecord, SafetyEventRecord, StopReason } from './sessionRecord.js';
