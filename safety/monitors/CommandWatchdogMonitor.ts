import type { SafetyReaction } from '../log/SafetyEvent.js';
import type { FaultSlots } from './FaultSlots.js';
import { INPUT, type Monitor } from './Monitor.js';

/**
 * Command freshness: the main thread (behaviours, the tablet, bridges: where commands come from) bumps
 * a heartbeat the real-time worker watches. The worker already replaces every controller by a hold when
 * the heartbeat is silent longer than the stall timeout; this monitor makes that stall a safety fault
 * with its own configurable reaction and an entry in the safety log. Value: how long the heartbeat
 * has been silent, s.
 */
export class CommandWatchdogMonitor implements Monitor {
  readonly name = 'command_watchdog';
  private readonly k: number;
  private readonly timeout: Float64Array;

  constructor(
    private readonly slots: FaultSlots,
    stallTimeoutS: number,
    reaction: SafetyReaction,
  ) {
    this.timeout = Float64Array.of(stallTimeoutS);
    this.k = slots.add({ monitor: this.name, code: 'SAFETY_COMMAND_STALE', subject: 'main_thread', quantity: 'silentS', reaction });
  }

  check(_state: Float64Array, _commands: Float64Array, inputs: Float64Array): boolean {
    const silent = inputs[INPUT.MAIN_SILENT_S]!;
    const s = this.slots;
    s.value[this.k] = silent;
    s.limit[this.k] = this.timeout[0]!;
    const stale = silent > this.timeout[0]!;
    s.tripped[this.k] = stale ? 1 : 0;
    return stale;
  }

  reset(): void {
    // Stateless: the worker measures the silence.
  }
}
