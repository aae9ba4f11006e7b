import type { SupervisorConfigInput } from './supervisorConfig.js';

/** The robots Kindred ships supervisor defaults for (`generic`: any hardware, e.g. the mock). */
export const SUPERVISOR_PROFILES = ['generic', 'exo', 'transfer', 'companion'] as const;
/** One of SUPERVISOR_PROFILES. */
export type SupervisorProfile = (typeof SUPERVISOR_PROFILES)[number];

/** Options of the companion's speed and separation monitoring. */
export interface CompanionDefaultsOptions {
  /**
   * Where the robot base stands in the frame of `person/x|y`, m. The simulator's ground truth is in the
   * world frame with the base fixed at the scene's start (living room: x −0.6, y −0.9); perception
   * publishing positions relative to the base leaves it at 0, 0.
   */
  readonly baseXM?: number;
  readonly baseYM?: number;
}

const PLAUSIBLE_JOINT_READINGS = ['{joint}/position', '{joint}/velocity', '{joint}/effort'];

/**
 * Loop timing on a robot: a protective stop when more than 50 cycles a second overrun (at 500 Hz, a
 * tenth: the loop no longer keeps its rate); single missed cycles are warnings — the drives' watchdog
 * sees the gap in the heartbeat itself, and a general-purpose OS misses the odd cycle.
 */
const ROBOT_LOOP_TIMING = { maxOverruns: 50, windowS: 1, reaction: 'stop2', missedCyclesReaction: 'warn' } as const;

/** Reset authorisation for a clinic or a home: the tablet's clinical roles, and the CLI on the robot. */
const RESET_ALLOWED = [{ source: 'tablet', roles: ['therapist', 'caregiver', 'safety_tester'] }, { source: 'cli' }];

/**
 * The supervisor configuration Kindred ships per robot (plain data for `LoopConfig.supervisor`; a
 * launch file may override any field). What each default is and why is in safety/supervisor/README.md.
 *
 * - `generic`: e-stop inputs, stop requests, NaN/Inf in joint readings (category 0), the command
 *   watchdog and loop timing as warnings — what is safe to assume of any hardware.
 * - `exo`: the rehabilitation exoskeleton worn by a patient: cuff F/T sensors against the frail-elderly
 *   thigh/knee and lower-leg limits, tracking error, F/T and IMU freshness, joint range plausibility,
 *   main-thread stalls and a loop that cannot keep its rate as stops; e-stop category 1 (a controlled stop, then brakes: dropping a
 *   leg at once is itself a hazard).
 * - `transfer`: the patient-transfer robot: the patient's per-region contact forces (frail elderly)
 *   except the regions its padded forearms carry the patient by (back, pelvis, thighs), the forearm
 *   F/T sensors against their rated load, tracking error, freshness, plausibility; e-stop category 1.
 * - `companion`: speed and separation monitoring against the person at home, tracking error,
 *   IMU freshness, plausibility; e-stop category 1.
 */
/** The exoskeleton's actuated joints (both legs), each with a joint-side and a motor-side encoder. */
const EXO_JOINTS = ['left', 'right'].flatMap((side) => ['hip_abduction', 'hip_flexion', 'knee', 'ankle'].map((j) => `${j}_${side}`));

export function supervisorDefaults(profile: SupervisorProfile, options: CompanionDefaultsOptions = {}): SupervisorConfigInput {
  switch (profile) {
    case 'generic':
      return {};
    case 'exo':
      return {
        stopTimeLimitS: 0.5,
        reset: { allowed: RESET_ALLOWED, requireLoggedEvents: true },
        estop: { reaction: 'stop1' },
        force: {
          profile: 'frail_elderly',
          channels: [
            { interface: 'thigh_cuff_left_ft', region: 'thigh_knee' },
            { interface: 'thigh_cuff_right_ft', region: 'thigh_knee' },
            { interface: 'shank_cuff_left_ft', region: 'lower_leg' },
            { interface: 'shank_cuff_right_ft', region: 'lower_leg' },
          ],
          quasiStaticReaction: 'stop1',
          transientReaction: 'stop0',
        },
        // A worn exoskeleton's joints carry the wearer's limb through compliant cuffs: a fast move of one
        // joint drags its neighbours by ~0.15 rad for a few tens of ms (measured in the simulator), so
        // "not following" is 0.2 rad sustained for 50 cycles (100 ms at 500 Hz).
        trackingError: { positionTolerance: 0.2, velocityTolerance: 0.5, cycles: 50, reaction: 'stop1' },
        freshness: { channels: [{ match: '*_ft/force.*', timeoutS: 0.05 }, { match: '*_ft/torque.*', timeoutS: 0.05 }, { match: 'imu/*', timeoutS: 0.05 }], reaction: 'stop1' },
        commandWatchdog: { reaction: 'stop2' },
        plausibility: {
          nonFinite: [...PLAUSIBLE_JOINT_READINGS, '*_ft/force.*', '*_ft/torque.*', 'imu/*'],
          jointPositionMargin: 0.1,
          ranges: [{ match: '*_ft/force.*', min: -2000, max: 2000 }],
          // Joint-side and motor-side encoders of every joint must agree (a slipped belt, a loose magnet).
          redundant: EXO_JOINTS.map((j) => ({ a: `${j}/position`, b: `${j}/motor_position`, tolerance: 0.05, cycles: 3 })),
        },
        loopOverrun: ROBOT_LOOP_TIMING,
      };
    case 'transfer': {
      const judged = ['head', 'chest', 'abdomen', 'upper_arm_left', 'upper_arm_right', 'forearm_left', 'forearm_right', 'hand_left', 'hand_right', 'shank_left', 'shank_right'] as const;
      const region = {
        head: 'skull_forehead',
        chest: 'chest',
        abdomen: 'abdomen',
        upper_arm_left: 'upper_arm_elbow',
        upper_arm_right: 'upper_arm_elbow',
        forearm_left: 'lower_arm_wrist',
        forearm_right: 'lower_arm_wrist',
        hand_left: 'hand_fingers',
        hand_right: 'hand_fingers',
        shank_left: 'lower_leg',
        shank_right: 'lower_leg',
      } as const;
      return {
        stopTimeLimitS: 0.8,
        reset: { allowed: RESET_ALLOWED, requireLoggedEvents: true },
        estop: { reaction: 'stop1' },
        force: {
          profile: 'frail_elderly',
          channels: [
            ...judged.map((r) => ({ interface: `patient_${r}/contact_force`, region: region[r] })),
            // Rated load of each forearm's F/T sensor (the padded forearm's own weight, ~220 N, plus half
            // a 120 kg patient, ~590 N, with margin): a collision with the bed or a pinch, not a body region.
            { interface: 'forearm_left_ft_sensor', quasiStaticN: 1000, transientN: 1300 },
            { interface: 'forearm_right_ft_sensor', quasiStaticN: 1000, transientN: 1300 },
          ],
          quasiStaticReaction: 'stop1',
          transientReaction: 'stop0',
        },
        // The lift carries the patient: 3 cm of unintended travel is already a hazard (0.1 is for the arms, in rad).
        trackingError: { positionTolerance: 0.1, velocityTolerance: 0.5, cycles: 25, reaction: 'stop1', joint: { torso_lift: { positionTolerance: 0.03 } } },
        freshness: { channels: [{ match: '*_ft_sensor/force.*', timeoutS: 0.05 }, { match: 'imu/*', timeoutS: 0.05 }], reaction: 'stop1' },
        commandWatchdog: { reaction: 'stop2' },
        plausibility: {
          nonFinite: [...PLAUSIBLE_JOINT_READINGS, '*_ft_sensor/force.*', '*_ft_sensor/torque.*', 'imu/*'],
          jointPositionMargin: 0.1,
          ranges: [{ match: '*_ft_sensor/force.*', min: -3000, max: 3000 }],
        },
        loopOverrun: ROBOT_LOOP_TIMING,
      };
    }
    case 'companion':
      return {
        stopTimeLimitS: 0.3,
        reset: { allowed: RESET_ALLOWED, requireLoggedEvents: true },
        estop: { reaction: 'stop1' },
        separation: {
          person: { type: 'position', x: 'person/x', y: 'person/y', baseXM: options.baseXM ?? 0, baseYM: options.baseYM ?? 0 },
          humanSpeedMPerS: 1.6,
          robotSpeedMPerS: 0.6,
          reactionTimeS: 0.1,
          intrusionDistanceM: 0,
          humanUncertaintyM: 0.1,
          robotUncertaintyM: 0.05,
          clearanceM: 0.45,
          warningMarginM: 0.3,
          hysteresisM: 0.1,
          warningReaction: 'reduced_speed',
          protectiveReaction: 'stop2',
        },
        trackingError: { positionTolerance: 0.1, velocityTolerance: 0.5, cycles: 25, reaction: 'stop1' },
        freshness: { channels: [{ match: 'imu/*', timeoutS: 0.05 }], reaction: 'stop1' },
        commandWatchdog: { reaction: 'stop2' },
        plausibility: { nonFinite: [...PLAUSIBLE_JOINT_READINGS, 'imu/*'], jointPositionMargin: 0.1 },
        loopOverrun: ROBOT_LOOP_TIMING,
      };
  }
}
