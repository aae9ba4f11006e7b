/**
 * What every safety monitor is: a small object checked once per control cycle, after the hardware
 * read and before the controllers' commands reach the SafetyGate, that writes its verdict into
 * preallocated fault slots (`FaultSlots`) and never allocates, awaits or throws.
 */

/**
 * Slots of the supervisor's input vector, the numbers besides state and commands that monitors read.
 * They travel in one Float64Array rather than as arguments: a double passed to a call V8 does not
 * inline is boxed (a heap allocation per cycle); a typed-array cell is not.
 */
export const INPUT = {
  /** Loop time of this cycle, s. */
  TIME_S: 0,
  /** Nominal loop period, s. */
  PERIOD_S: 1,
  /** The reduced-speed factor in force (1 = full speed). */
  VELOCITY_SCALE: 2,
  /** 1 while the drives have torque (no category 0 stop, no finished category 1 stop), else 0. */
  TORQUE_ON: 3,
  /** Overruns of the loop period since start (cumulative, from the worker's statistics). */
  OVERRUNS: 4,
  /** Whole cycles the worker skipped since start (cumulative). */
  MISSED: 5,
  /** How long the main thread's heartbeat has been silent, s (0 in lock-step mode). */
  MAIN_SILENT_S: 6,
  /** Hardware components failed now: a read or write error this cycle, or disabled by an earlier one. */
  HARDWARE_FAULTS: 7,
  LENGTH: 8,
} as const;

/** A fresh, zeroed input vector (velocity scale 1, torque on). */
export function createInputs(periodS: number): Float64Array {
  const inputs = new Float64Array(INPUT.LENGTH);
  inputs[INPUT.PERIOD_S] = periodS;
  inputs[INPUT.VELOCITY_SCALE] = 1;
  inputs[INPUT.TORQUE_ON] = 1;
  return inputs;
}

/**
 * One safety monitor. `check` reads the measured state (one value per state interface), the commands
 * the SafetyGate last let through (one per command interface) and the input vector, writes every
 * fault slot it owns (tripped or not, with the measured value and the limit), and returns true when
 * any of them is tripped. `reset` forgets history (timers, counters) after an accepted reset.
 */
export interface Monitor {
  /** The monitor's name as it appears in safety events (`interaction_force`, `estop`). */
  readonly name: string;
  check(state: Float64Array, commands: Float64Array, inputs: Float64Array): boolean;
  reset(state: Float64Array, inputs: Float64Array): void;
  /**
   * Forget everything, also what an accepted reset keeps (e.g. the loop counters already seen): as if
   * just built. Configuration time, after a warm-up on scratch data. Absent: `reset` is enough.
   */
  restart?(state: Float64Array, inputs: Float64Array): void;
}
