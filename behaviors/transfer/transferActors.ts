import { unboundHost } from '../actors/index.js';
import type { BehaviorHost } from '../runtime/BehaviorHost.js';
import { transferMonitor, type TransferMonitorLogic } from './transferMonitor.js';

/**
 * The transfer's own actors, by the names its machine invokes them with (besides Kindred's shared
 * ones). A type alias so it fits `setup({ actors })`.
 */
export type TransferActors = {
  readonly transferMonitor: TransferMonitorLogic;
};

/**
 * The transfer's actors bound to a running Kindred: what a run passes to `BehaviorRunner.start` as
 * `actors` (the runner binds Kindred's shared actors itself).
 */
export function createTransferActors(host: BehaviorHost): TransferActors {
  return { transferMonitor: transferMonitor(host) };
}


/**
 * The same actors, unbound: what the machine declares in `setup({ actors })`. Started as they are,
 * the monitor fails with BEHAVIOR_ACTOR_UNBOUND; the machine then treats the patient as unwatched
 * (never lifts, lowers if already lifting). The verifier swaps them for stand-ins.
 */
export const unboundTransferActors: TransferActors = createTransferActors(unboundHost('the transfer actor transferMonitor is', 'pass createTransferActors(host) as BehaviorRunner.start(..., { actors })'));
