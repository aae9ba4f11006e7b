import { estimateSpeechDurationS } from '../actors/index.js';
import type { ScriptedInput } from '../ShippedBehavior.js';
import { PATIENT_CONTACT_TOPIC } from './patientContact.js';
import { parseTransferInput, type TransferInput, type TransferInputData } from './transferInput.js';
import { TRANSFER_TEXT } from './transferText.js';

const both = (joint: string, value: number): [string, number][] => [
  [`${joint}_left`, value],
  [`${joint}_right`, value],
];

function pose(pairs: readonly [string, number][], durationS: number, tolerance?: number): TransferInputData['poses']['approach'] {
  return { joints: pairs.map((p) => p[0]), targets: pairs.map((p) => p[1]), durationS, ...(tolerance === undefined ? {} : { tolerance }) };
}

/**
 * The demo transfer in the `transfer_bed` scene (kindred_transfer beside the bed, the simulated
 * patient lying on it), with poses measured to run in that simulation without a safety stop.
 *
 * What the scene supports, honestly: behaviours cannot drive the base (Kindred has no velocity
 * actor yet), so the robot stays parked at the bed where the scene starts it; the simulated
 * mattress and the patient's trunk are rigid boxes, so the padded forearms cannot slide between
 * them (a pad at mattress height is stopped at the mattress edge), and the simulated drives of the
 * shoulder yaw and wrist joints oscillate once an elbow is bent much past 0.4 rad. The demo therefore
 * keeps the arms near hanging, clear of the patient: "approach" brings the arms forward, "position
 * arms" lowers the torso to the bed's working height, "insert" reaches the forearms in beside the
 * bed, the lift raises the torso in three 15 mm stages, the carry draws the arms in, the lower sets
 * the torso down at the wheelchair's (lower) working height. Every check runs on the real simulated
 * signals (the patient's per-region contact forces and posture), which stay near zero because the
 * arms never carry the patient. Heights are torso_lift positions: bed -0.06 m, wheelchair -0.08 m.
 * Every target stays inside the description's soft limits, which the SafetyGate enforces: the torso
 * tops out at -0.01 m and the elbows bottom out at about 0.09 rad (the scene parks them at 0).
 */
export const DEMO_TRANSFER_INPUT: TransferInputData = {
  patientId: 'patient',
  direction: 'bed_to_wheelchair',
  autonomy: 'supervised',
  controller: 'arms_position',
  torsoJoint: 'torso_lift',
  supports: { bed: { torsoM: -0.06 }, wheelchair: { torsoM: -0.08 } },
  poses: {
    approach: pose([...both('shoulder_pitch', 0.15), ...both('elbow', 0.2)], 2.5),
    positionArms: pose([['torso_lift', -0.06]], 2.5),
    insert: pose([...both('shoulder_pitch', 0.22), ...both('elbow', 0.15)], 1.5),
    carry: pose(both('shoulder_pitch', 0.15), 1.5),
    release: pose([...both('shoulder_pitch', 0.1), ...both('elbow', 0.25)], 1.5),
    retreat: pose([['torso_lift', -0.01], ...both('shoulder_pitch', 0), ...both('elbow', 0.1)], 3, 0.05),
  },
  lift: { stages: 3, stageRiseM: 0.015, stageDurationS: 1, settleS: 0.3 },
  holdS: 1,
  placeSpeedMPerS: 0.04,
  loweringSpeedMPerS: 0.02,
  limits: {
    // Below the supervisor's frail-elderly ISO/TS 15066 limits (safety/supervisor defaults) for the
    // regions that must not be pressed; the regions the forearms carry by get a carrying limit.
    contactN: {
      head: 30,
      chest: 40,
      abdomen: 30,
      upper_arm_left: 45,
      upper_arm_right: 45,
      forearm_left: 45,
      forearm_right: 45,
      hand_left: 40,
      hand_right: 40,
      shank_left: 40,
      shank_right: 40,
      back: 400,
      pelvis: 400,
      thigh_left: 300,
      thigh_right: 300,
    },
    defaultContactN: 40,
    maxTrunkRollRad: 0.2,
    maxSlumped: 0.2,
  },
  monitor: { topic: PATIENT_CONTACT_TOPIC, tickS: 0.1, staleAfterS: 0.5 },
  timeouts: { identifyS: 3, answerS: 8, attempts: 2, confirmS: 20 },
};

/** How long the motion actor needs beyond a motion's duration to see it settle (a few joint-state samples), s. */
const SETTLE_S = 0.4;
/** How long after the robot's question ends the scripted person answers, s. */
const ANSWER_AFTER_S = 1;
/** How long after the robot reaches a step the scripted caregiver confirms it, s. */
const CONFIRM_AFTER_S = 2.5;

/**
 * The people's side of the demo transfer, in time order: the patient's consent and the caregiver's
 * confirmations of presence, bed height and brakes, each after the robot's question (timed with the
 * simulated speech's estimate), then — the first lift at any autonomy, carry and lower at supervised —
 * the caregiver's confirmation a little after the robot reaches each step (estimated from the
 * input's durations, late rather than early: a confirmation before the step is not an approval).
 */
export function demoTransferScript(data: TransferInputData = DEMO_TRANSFER_INPUT): ScriptedInput[] {
  const input: TransferInput = parseTransferInput(data, 'demo transfer');
  const caregiver = (atS: number, name: string, text: string): ScriptedInput => ({ atS, intent: { name, role: 'caregiver', text, language: 'zh' } });
  const spoken = (text: { readonly zh: string }): number => estimateSpeechDurationS(text.zh) + ANSWER_AFTER_S;
  const script: ScriptedInput[] = [];
  let t = input.monitor.tickS;
  t += spoken(TRANSFER_TEXT.consent(input.direction));
  script.push({ atS: t, intent: { name: '好', role: 'patient', text: '好', language: 'zh' } });
  t += spoken(TRANSFER_TEXT.caregiver);
  script.push(caregiver(t, '继续', '我在，继续'));
  t += spoken(TRANSFER_TEXT.bedHeight);
  script.push(caregiver(t, 'bed_height_ok', '床的高度合适'));
  t += spoken(TRANSFER_TEXT.brakes);
  script.push(caregiver(t, 'brakes_on', '轮椅刹车已锁好'));
  const motion = (durationS: number): void => {
    t += durationS + SETTLE_S;
  };
  for (const p of [input.poses.approach, input.poses.positionArms, input.poses.insert]) motion(p.durationS);
  t += CONFIRM_AFTER_S;
  script.push(caregiver(t, '继续', '可以抬起'));
  for (let k = 0; k < input.lift.stages; k++) motion(input.lift.stageDurationS + input.lift.settleS);
  motion(input.holdS);
  if (input.autonomy === 'supervised') {
    t += CONFIRM_AFTER_S;
    script.push(caregiver(t, '继续', '可以移送'));
  }
  motion(input.poses.carry.durationS);
  if (input.autonomy === 'supervised') {
    t += CONFIRM_AFTER_S;
    script.push(caregiver(t, '继续', '可以放下'));
  }
  return script;
}
