import type { CycleStatus } from '../../safety/index.js';

/**
 * The interfaces a controller was loaned at activation. `state[stateIndex[k]]` is the k-th state
 * interface the controller asked for; `command[commandIndex[k]]` the k-th command interface it
 * claimed. Both buffers are the manager's; a controller writes only its claimed command slots.
 */
export interface LoanedInterfaces {
  readonly state: Float64Array;
  readonly stateIndex: Int32Array;
  readonly command: Float64Array;
  readonly commandIndex: Int32Array;
  /** Set-points from the main thread's mailbox, one slot per command interface (same indices). */
  readonly setpoints: Float64Array;
}

/**
 * A controller in ros2_control's shape: it declares the interfaces it needs, is given loans of them at
 * activation, and computes commands in `update`. It never touches hardware.
 */
export interface Controller {
  readonly name: string;
  readonly type: string;
  /** Full names (`knee_left/effort`) of the command interfaces this controller claims exclusively. */
  commandInterfaces(): readonly string[];
  /** Full names of the state interfaces it reads. */
  stateInterfaces(): readonly string[];
  /** Outside the cycle: receive the loans and prepare (may allocate). */
  activate(loans: LoanedInterfaces): void;
  deactivate(): void;
  /** Inside the cycle: allocation-free, never throws. */
  update(timeS: number, periodS: number): CycleStatus;
  /**
   * Outside the cycle (between cycles, active or not): change the run-time parameters the controller
   * offers, never beyond what its launch-file parameters allow; `{}` restores the launch file's values.
   * Returns the values now in force. On refusal it throws a coded error (CONTROLLER_PARAM_REFUSED)
   * and the running values stay as they were. Absent: the controller takes no run-time parameters.
   */
  configure?(params: Readonly<Record<string, number>>): Readonly<Record<string, number>>;
}
