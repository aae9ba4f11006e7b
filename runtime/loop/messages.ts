import type { ControllerStatus, ManagerEvent } from '../control/index.js';
import type { ErrorContext } from '../errors/index.js';

/** Commands from the main thread to the worker (polled by the worker between cycles). */
export type LoopCommand =
  | { readonly op: 'activate'; readonly id: number; readonly controller: string }
  | { readonly op: 'deactivate'; readonly id: number; readonly controller: string }
  | { readonly op: 'hold'; readonly id: number; readonly reason: string }
  | { readonly op: 'releaseHold'; readonly id: number }
  | { readonly op: 'stop'; readonly id: number }
  | { readonly op: 'hardware'; readonly id: number; readonly component: string; readonly payload: { readonly op: string } & Readonly<Record<string, unknown>> }
  | SafetyLoopCommand;

/**
 * The safety supervisor's primitives in the worker: begin a stop of IEC 60204-1 category 0, 1 or 2
 * (`stoppingTimeS` bounds the deceleration of categories 1 and 2), leave it, and set the reduced-speed
 * factor. The reply's `result` is `{ durationS }` for `safetyStop`.
 */
export type SafetyLoopCommand =
  | { readonly op: 'safetyStop'; readonly id: number; readonly category: 0 | 1 | 2; readonly stoppingTimeS: number }
  | { readonly op: 'safetyRelease'; readonly id: number }
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
  | { readonly op: 'reply'; readonly id: number; readonly ok: true; readonly controllers: readonly ControllerStatus[]; readonly result?: unknown }
  | { readonly op: 'reply'; readonly id: number; readonly ok: false; readonly error: SerializedError }
  | { readonly op: 'fatal'; readonly error: SerializedError }
  | { readonly op: 'stopped'; readonly hardware: readonly { name: string; state: string }[] };
