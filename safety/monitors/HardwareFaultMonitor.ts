import type { SafetyReaction } from '../log/SafetyEvent.js';
import type { FaultSlots } from './FaultSlots.js';
import { INPUT, type Monitor } from './Monitor.js';

/** A drive whose hardware reports whether it is enabled (`<joint>/drive_enabled`, 1 = power stage on). */
export interface DriveEnableInput {
  readonly joint: string;
  /** Index of its `drive_enabled` state interface. */
  readonly index: number;
}

/**
 * Hardware failures as safety faults:
 * - a component whose read or write reports an error (a fieldbus that lost its drives, a driver that
 *   lost its device) is deactivated by the controller manager in that cycle; SAFETY_HARDWARE_FAULT is
 *   raised in the cycle whose read failed (value: components failed; limit 0). The cause persists — a
 *   reset is refused — until the component is active again (a restart of Kindred today);
 * - a drive that turned its power stage off by itself while Kindred has torque on (its own watchdog
 *   tripped after commands stopped arriving, an over-current or over-temperature shutdown):
 *   SAFETY_DRIVE_DISABLED per joint (value: the enable reading; limit 1). Its joint is braked and no
 *   longer follows commands, so the rest of the robot is stopped too; the cause persists until the
 *   drive is enabled again (an accepted reset re-enables every drive).
 */
export class HardwareFaultMonitor implements Monitor {
  readonly name = 'hardware';
  private readonly k: number;
  private readonly driveSlot: Int32Array;
  private readonly driveIndex: Int32Array;

  constructor(
    private readonly slots: FaultSlots,
    reaction: SafetyReaction,
    drives: readonly DriveEnableInput[] = [],
    driveReaction: SafetyReaction = 'stop1',
  ) {
    this.k = slots.add({ monitor: this.name, code: 'SAFETY_HARDWARE_FAULT', subject: 'hardware', quantity: 'components', reaction });
    this.driveIndex = Int32Array.from(drives.map((d) => d.index));
    this.driveSlot = Int32Array.from(drives.map((d) => slots.add({ monitor: this.name, code: 'SAFETY_DRIVE_DISABLED', subject: d.joint, quantity: 'enabled', reaction: driveReaction })));
  }

  check(state: Float64Array, _commands: Float64Array, inputs: Float64Array): boolean {
    const failed = inputs[INPUT.HARDWARE_FAULTS]!;
    const s = this.slots;
    s.value[this.k] = failed;
    s.limit[this.k] = 0;
    let any = failed > 0;
    s.tripped[this.k] = any ? 1 : 0;
    // Judged only while torque should be on: a stop that removes torque disables the drives on purpose.
    const torqueOn = inputs[INPUT.TORQUE_ON] === 1 && failed === 0;
    for (let d = 0; d < this.driveSlot.length; d++) {
      const k = this.driveSlot[d]!;
      const enabled = state[this.driveIndex[d]!]!;
      s.value[k] = enabled;
      s.limit[k] = 1;
      const off = torqueOn && !(enabled >= 0.5);
      s.tripped[k] = off ? 1 : 0;
      if (off) any = true;
    }
    return any;
  }

  reset(): void {
    // Stateless: the controller manager counts failed components; drives report their own state.
  }
}
