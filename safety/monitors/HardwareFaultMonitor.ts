import type { SafetyReaction } from '../log/SafetyEvent.js';
import type { FaultSlots } from './FaultSlots.js';
import { INPUT, type Monitor } from './Monitor.js';

/**
 * Hardware failures as safety faults: a component whose read or write reports an error (a fieldbus
 * that lost its drives, a driver that lost its device) is deactivated by the controller manager in that
 * cycle; this monitor makes it a latched safety fault with a reaction for everything else and an entry
 * in the safety log, judged in the cycle whose read failed. Value: components failed; limit 0. The cause
 * persists until the component is active again (a restart of Kindred today), so a reset is refused.
 */
export class HardwareFaultMonitor implements Monitor {
  readonly name = 'hardware';
  private readonly k: number;

  constructor(
    private readonly slots: FaultSlots,
    reaction: SafetyReaction,
  ) {
    this.k = slots.add({ monitor: this.name, code: 'SAFETY_HARDWARE_FAULT', subject: 'hardware', quantity: 'components', reaction });
  }

  check(_state: Float64Array, _commands: Float64Array, inputs: Float64Array): boolean {
    const failed = inputs[INPUT.HARDWARE_FAULTS]!;
    const s = this.slots;
    s.value[this.k] = failed;
    s.limit[this.k] = 0;
    const tripped = failed > 0;
    s.tripped[this.k] = tripped ? 1 : 0;
    return tripped;
  }

  reset(): void {
    // Stateless: the controller manager counts failed components.
  }
}
