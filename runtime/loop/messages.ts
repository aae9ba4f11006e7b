import type { ControllerStatus, ManagerEvent } from '../control/index.js';
import type { ErrorContext } from '../errors/index.js';
import type { ActiveFault, SequencedSafetyEvent } from '../../safety/supervisor/index.js';

/** Commands from the main thread to the worker (polled by the worker between cycles). */
export type LoopCommand =
  | { readonly op: 'activate'; readonly id: number; readonly controller: string }
  | { readonly op: 'deactivate'; readonly id: number; readonly controller: string }
  | { readonly op: 'hold'; readonly id: number; readonly reason: string }
  | { readonly op: 'releaseHold'; readonly id: number }
  | { readonly op: 'stop'; readonly id: number }
  | { readonly op: 'hardware'; readonly id: number; readonly component: string; readonly payload: { readonly op: string } & Readonly<Record<string, unknown>> }
  /** A controller's run-time parameters (`Controller.configure`), applied between cycles; the reply's result is the values in force. */
  | { readonly op: 'configure'; readonly id: number; readonly controller: string; readonly params: Readonly<Record<string, number>> }
  | SafetyLoopCommand
  | TimingFaultCommand;

/** The kinds of compute fault a lock-step loop can be given (fault injection; see `LoopHost.injectTimingFault`). */
export const TIMING_FAULT_KINDS = ['overrun', 'stall', 'main_stall'] as const;
export type TimingFaultKind = (typeof TIMING_FAULT_KINDS)[number];

/**
 * Fault injection into the lock-step loop's virtual timing (a lock-step loop has no wall-clock deadline
 * of its own, so compute faults are modelled on its simulated clock):
 * - `overrun`: each of the next `cycles` cycles takes `ms` of execution time; one longer than the period
 *   counts as an overrun, as a real-time loop would count it;
 * - `stall`: the worker stops for `ms` before its next cycle — the loop's clock jumps, the skipped cycles
 *   are counted as missed, and the next cycle sees the long period (the hardware's world goes on and the
 *   drives' own watchdog judges the gap, exactly as after a real stall);
 * - `main_stall`: the main thread's heartbeat falls silent for the next `ms` of loop time (the worker's
 *   stall hold and the command watchdog judge it as they judge a real silence).
 */
export interface TimingFaultCommand {
  readonly op: 'timingFault';
  readonly id: number;
  readonly kind: TimingFaultKind;
  readonly ms: number;
  readonly cycles?: number;
}

/**
 * The safety supervisor's commands, handled between cycles:
 * - `estop`: a software emergency stop from `source` (tablet button, voice "stop"/"停", bridge, API);
 *   latched and in force before the next write; never refused. Reply: `{ stopCategory, state }`.
 * - `safetyStop`: a protective stop of IEC 60204-1 category 0, 1 or 2, latched like a monitor's stop;
 *   `stoppingTimeS` (capped at the configured limit) bounds the deceleration. Reply: `{ durationS, stopCategory }`.
 * - `safetyReset`: leave a stop; refused with a SAFETY_RESET_* code unless authorised and every cause is gone.
 * - `velocityScale`: the operator's speed override (the supervisor's reduced speed can only lower it).
 */
export type SafetyLoopCommand =
  | { readonly op: 'estop'; readonly id: number; readonly source: string }
  | { readonly op: 'safetyStop'; readonly id: number; readonly category: 0 | 1 | 2; readonly stoppingTimeS: number; readonly source?: string }
  | { readonly op: 'safetyReset'; readonly id: number; readonly source: string; readonly role?: string; readonly operator?: string }
  | { readonly op: 'velocityScale'; readonly id: number; readonly scale: number };

export interface SerializedError {
  readonly code: string;
  readonly message: string;
  readonly context: ErrorContext;
}

/** Messages from the worker to the main thread. */
export type WorkerMessage =
  | { readonly op: 'ready'; readonly stateNames: readonly string[]; readonly commandNames: readonly string[]; readonly controllers: readonly ControllerStatus[] }
  | { readonly op: 'events'; readonly events: readonly ManagerEvent[] }
  /** Safety events since the last message (only sent when something changed), and the faults active after them. */
  | { readonly op: 'safety'; readonly events: readonly SequencedSafetyEvent[]; readonly activeFaults: readonly ActiveFault[] }
  | { readonly op: 'reply'; readonly id: number; readonly ok: true; readonly controllers: readonly ControllerStatus[]; readonly result?: unknown }
  | { readonly op: 'reply'; readonly id: number; readonly ok: false; readonly error: SerializedError }
  | { readonly op: 'fatal'; readonly error: SerializedError }
  | { readonly op: 'stopped'; readonly hardware: readonly { name: string; state: string }[] };
