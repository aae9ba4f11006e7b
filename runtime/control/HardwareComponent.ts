import type { CycleStatus, GatedCommands, GatedWriter } from '../../safety/index.js';
import type { InterfaceDescription } from './InterfaceDescription.js';

/**
 * A hardware component (ros2_control's SystemInterface): exports state and command interfaces, and
 * takes part in the cycle through `read` and `write`. `write` accepts only `GatedCommands`, which only
 * the SafetyGate produces.
 *
 * Inside the cycle nothing throws and nothing allocates; `configure`/`activate`/`deactivate` run
 * outside the cycle and may throw a KindredError.
 */
export interface HardwareComponent extends GatedWriter {
  readonly name: string;
  stateInterfaces(): readonly InterfaceDescription[];
  commandInterfaces(): readonly InterfaceDescription[];
  /**
   * Called once before the loop starts, with this component's own slice of the state buffer
   * (one value per state interface, in declared order), which `read` fills each cycle.
   */
  configure(state: Float64Array): void;
  activate(): void;
  /** Command the drives to hold (brakes on / zero torque as the hardware defines); used at shutdown. */
  deactivate(): void;
  read(timeS: number, periodS: number): CycleStatus;
  write(timeS: number, periodS: number, commands: GatedCommands): CycleStatus;
  /**
   * Optional out-of-cycle command (pause a simulation, inject a fault, press a simulated button).
   * Runs in the worker between cycles; returns a cloneable reply or throws a KindredError.
   */
  command?(payload: { readonly op: string } & Readonly<Record<string, unknown>>): unknown;
  /**
   * Optional (ros2_control's perform_command_mode_switch): called outside the cycle when a controller
   * starts claiming command interfaces (`start`, full names such as `knee_left/position`) or releases
   * them (`stop`), so hardware whose drives have modes (position / velocity / torque) can switch.
   * Throws a KindredError to refuse; the controller then stays inactive.
   */
  performCommandModeSwitch?(start: readonly string[], stop: readonly string[]): void;
  /** Optional: release what the component holds outside the JS heap (WebAssembly memory, handles). */
  dispose?(): void;
}
