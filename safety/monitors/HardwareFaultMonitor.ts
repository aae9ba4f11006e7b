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
    const s = this.slots;
    const k0 = this.k;
    s.value[k0] = inputs[INPUT.HARDWARE_FAULTS]!;
    s.limit[k0] = 0;
    const failed = s.value[k0]! > 0;
    s.tripped[k0] = failed ? 1 : 0;
    return this.checkDrives(state, inputs, failed) || failed;
  }

  /** Judged only while torque should be on: a stop that removes torque disables the drives on purpose. */
  private checkDrives(state: Float64Array, inputs: Float64Array, failed: boolean): boolean {
    const n = this.driveSlot.length;
    if (n === 0) return false;
    const s = this.slots;
    const judge = inputs[INPUT.TORQUE_ON] === 1 && !failed;
    let any = false;
    for (let d = 0; d < n; d++) {
      const k = this.driveSlot[d]!;
      s.value[k] = state[this.driveIndex[d]!]!;
      s.limit[k] = 1;
      const off = judge && !(s.value[k]! >= 0.5);
      s.tripped[k] = off ? 1 : 0;
      if (off) any = true;
    }
    return any;
  }

  reset(): void {
    // Stateless: the controller manager counts failed components; drives report their own state.
  }
}
