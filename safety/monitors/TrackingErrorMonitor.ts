import type { SafetyReaction } from '../log/SafetyEvent.js';
import type { FaultSlots } from './FaultSlots.js';
import { INPUT, type Monitor } from './Monitor.js';

/** One tracked command: a position or velocity command interface and the state interface it should produce. */
export interface TrackedCommand {
  /** The command interface (`knee_left/position`): the event's subject. */
  readonly name: string;
  readonly commandIndex: number;
  readonly stateIndex: number;
  /** Largest |commanded − measured| allowed, in the interface's SI unit. */
  readonly tolerance: number;
  /** The events' quantity key (`positionErrorRad`, `positionErrorM`, `velocityErrorRadPerS`). */
  readonly quantity: string;
}

export interface TrackingErrorOptions {
  readonly commands: readonly TrackedCommand[];
  /** Consecutive cycles beyond tolerance before the fault trips. */
  readonly cycles: number;
  readonly reaction: SafetyReaction;
  /**
   * Per command interface (manager order): 1 while a controller claims it. An unclaimed interface
   * requests "hold" and is not judged (a joint moved by a person while nobody commands it is no fault).
   */
  readonly claimed: Uint8Array;
}

/**
 * Tracking error: the commands the SafetyGate let through last cycle against the state measured now.
 * A command beyond tolerance for `cycles` consecutive cycles trips its slot (value: |error|). Only
 * claimed interfaces with torque on are judged; the counter restarts whenever either is not the case.
 */
export class TrackingErrorMonitor implements Monitor {
  readonly name = 'tracking_error';
  private readonly base: number;
  private readonly n: number;
  private readonly cmd: Int32Array;
  private readonly st: Int32Array;
  private readonly tol: Float64Array;
  private readonly over: Int32Array;
  private readonly claimed: Uint8Array;
  private readonly cycles: number;

  constructor(
    private readonly slots: FaultSlots,
    o: TrackingErrorOptions,
  ) {
    this.n = o.commands.length;
    this.cmd = Int32Array.from(o.commands, (c) => c.commandIndex);
    this.st = Int32Array.from(o.commands, (c) => c.stateIndex);
    this.tol = Float64Array.from(o.commands, (c) => c.tolerance);
    this.over = new Int32Array(this.n);
    this.claimed = o.claimed;
    this.cycles = Math.max(1, Math.round(o.cycles));
    this.base = slots.size;
    for (const c of o.commands) slots.add({ monitor: this.name, code: 'SAFETY_TRACKING_ERROR', subject: c.name, quantity: c.quantity, reaction: o.reaction });
  }

  check(state: Float64Array, commands: Float64Array, inputs: Float64Array): boolean {
    const s = this.slots;
    const torqueOn = inputs[INPUT.TORQUE_ON] === 1;
    let any = false;
    for (let i = 0; i < this.n; i++) {
      const c = this.cmd[i]!;
      const e = Math.abs(commands[c]! - state[this.st[i]!]!);
      const k = this.base + i;
      s.value[k] = e;
      s.limit[k] = this.tol[i]!;
      if (torqueOn && this.claimed[c] === 1 && e > this.tol[i]!) this.over[i]! += 1;
      else this.over[i] = 0;
      const tripped = this.over[i]! >= this.cycles;
      s.tripped[k] = tripped ? 1 : 0;
      if (tripped) any = true;
    }
    return any;
  }

  reset(): void {
    this.over.fill(0);
  }
}
