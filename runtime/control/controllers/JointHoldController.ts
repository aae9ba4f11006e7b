import type { CycleStatus } from '../../../safety/index.js';
import type { Controller, LoanedInterfaces } from '../Controller.js';

export interface JointHoldGains {
  /** Proportional gain for effort interfaces, N·m/rad (or N/m). */
  readonly kp: number;
  /** Derivative gain for effort interfaces, N·m·s/rad (or N·s/m). */
  readonly kd: number;
}

/**
 * Holds every claimed joint where it was at activation: position interfaces get that position,
 * velocity interfaces zero, effort interfaces a PD law towards it. The manager switches to this
 * fallback when hardware fails or the main thread stalls.
 */
export class JointHoldController implements Controller {
  readonly type = 'joint_hold';
  private loans: LoanedInterfaces | undefined;
  private holdPosition: Float64Array = new Float64Array(0);
  /** Per claimed command: 0 position, 1 velocity, 2 effort. */
  private readonly mode: Int8Array;

  constructor(
    readonly name: string,
    private readonly commands: readonly string[],
    private readonly gains: JointHoldGains = { kp: 50, kd: 5 },
  ) {
    this.mode = Int8Array.from(commands, (c) => (c.endsWith('/position') ? 0 : c.endsWith('/velocity') ? 1 : 2));
  }

  commandInterfaces(): readonly string[] {
    return this.commands;
  }

  /** For each command: its joint's position then velocity. */
  stateInterfaces(): readonly string[] {
    return this.commands.flatMap((c) => {
      const joint = c.slice(0, c.lastIndexOf('/'));
      return [`${joint}/position`, `${joint}/velocity`];
    });
  }

  activate(loans: LoanedInterfaces): void {
    this.loans = loans;
    this.holdPosition = new Float64Array(this.commands.length);
    for (let k = 0; k < this.commands.length; k++) this.holdPosition[k] = loans.state[loans.stateIndex[2 * k]!]!;
  }

  deactivate(): void {
    this.loans = undefined;
  }

  update(): CycleStatus {
    const l = this.loans;
    if (l === undefined) return 'error';
    for (let k = 0; k < this.mode.length; k++) {
      const c = l.commandIndex[k]!;
      const m = this.mode[k];
      if (m === 0) l.command[c] = this.holdPosition[k]!;
      else if (m === 1) l.command[c] = 0;
      else {
        const q = l.state[l.stateIndex[2 * k]!]!;
        const qd = l.state[l.stateIndex[2 * k + 1]!]!;
        l.command[c] = this.gains.kp * (this.holdPosition[k]! - q) - this.gains.kd * qd;
      }
    }
    return 'ok';
  }
}
