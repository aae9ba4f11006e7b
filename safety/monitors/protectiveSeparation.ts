/**
 * The protective separation distance of speed and separation monitoring (ISO/TS 15066:2016, 5.5.4):
 *
 *   S_p = S_h + S_r + S_s + C + Z_d + Z_r
 *
 * - S_h = v_h (T_r + T_s): how far the person moves while the robot reacts and stops (v_h the person's
 *   speed towards the robot; ISO 13855 uses 1.6 m/s where it is not measured);
 * - S_r = v_r T_r: how far the robot moves during its reaction time T_r (detection, the loop, the drives);
 * - S_s: the robot's stopping distance; with a constant deceleration from v_r to rest in T_s,
 *   S_s = v_r T_s − a T_s²/2 with a = v_r/T_s, i.e. v_r T_s / 2;
 * - C: intrusion distance (how far a body part can reach past the detected position);
 * - Z_d, Z_r: position uncertainty of the person (the sensor) and of the robot.
 *
 * All in SI units: m, m/s, s.
 */
export interface SeparationTerms {
  /** v_h, m/s. */
  readonly humanSpeedMPerS: number;
  /** v_r, m/s (the robot's speed now: its maximum times the velocity scale in force). */
  readonly robotSpeedMPerS: number;
  /** T_r, s. */
  readonly reactionTimeS: number;
  /** T_s, s. */
  readonly stoppingTimeS: number;
  /** C, m. */
  readonly intrusionDistanceM: number;
  /** Z_d, m. */
  readonly humanUncertaintyM: number;
  /** Z_r, m. */
  readonly robotUncertaintyM: number;
}

/** S_p for the given terms, m (see the module comment). Configuration time and tests; the monitor inlines it. */
export function protectiveSeparationM(t: SeparationTerms): number {
  const sh = t.humanSpeedMPerS * (t.reactionTimeS + t.stoppingTimeS);
  const sr = t.robotSpeedMPerS * t.reactionTimeS;
  const ss = (t.robotSpeedMPerS * t.stoppingTimeS) / 2;
  return sh + sr + ss + t.intrusionDistanceM + t.humanUncertaintyM + t.robotUncertaintyM;
}
