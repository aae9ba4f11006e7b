import type { ControllerSpec } from '../control/index.js';
import type { MockJoint, PluginHardwareSpec } from '../control/index.js';
import type { LimitsSpec } from '../../safety/index.js';
import type { SupervisorConfigInput } from '../../safety/supervisor/index.js';

/**
 * Hardware the worker builds inside its own thread (plain data, so it crosses the thread boundary):
 * the built-in mock, or a plugin module loaded by URL (the simulator, real drives).
 */
export type HardwareSpec = { readonly type: 'mock'; readonly name: string; readonly joints: readonly MockJoint[] } | PluginHardwareSpec;

/** Everything the real-time worker needs, as plain cloneable data. */
export interface LoopConfig {
  readonly rateHz: number;
  /** `realtime`: sleep to a wall-clock schedule. `lockstep`: run cycles only when the sim clock asks. */
  readonly mode: 'realtime' | 'lockstep';
  readonly hardware: readonly HardwareSpec[];
  readonly controllers: readonly ControllerSpec[];
  /** How long the main thread's heartbeat may be silent before the worker holds the robot. */
  readonly stallTimeoutMs: number;
  /** How long before each deadline the worker stops sleeping and spins. */
  readonly spinUs: number;
  /**
   * The per-joint limits the SafetyGate enforces, in layers: the base (the robot description file with
   * its xacro arguments, or precomputed limits), then e.g. `robot`, `site` and `prescription` layers
   * (files or inline), each of which may only tighten. Composed on the main thread before anything
   * starts (a loosening is LIMITS_LOOSENED there). Absent: each command interface's own min/max only.
   */
  readonly safety?: LimitsSpec;
  /**
   * The safety supervisor: monitors, their reactions, the stopping-time limit, who may reset
   * (`safety/supervisor/supervisorConfig.ts`; per-robot defaults from `supervisorDefaults`). Validated
   * on the main thread before anything starts (SAFETY_SUPERVISOR_CONFIG_INVALID). Absent: the generic
   * defaults (e-stop inputs, stop requests, NaN/Inf in joint readings, warnings for stalls and overruns).
   */
  readonly supervisor?: SupervisorConfigInput;
}

export const LOOP_RATE_MIN_HZ = 10;
export const LOOP_RATE_MAX_HZ = 2000;
