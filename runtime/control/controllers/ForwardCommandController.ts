import type { CycleStatus } from '../../../safety/index.js';
import type { Controller, LoanedInterfaces } from '../Controller.js';

/**
 * Forwards the main thread's set-points for its claimed interfaces (ros2_control's
 * forward_command_controller). Until a set-point arrives it holds what the state reported at
 * activation for position interfaces and commands zero otherwise.
 */
export class ForwardCommandController implements Controller {
  readonly type = 'forward_command';
  private loans: LoanedInterfaces | undefined;

  constructor(
    readonly name: string,
    private readonly joints: readonly string[],
    private readonly interfaceName: string,
  ) {}

  commandInterfaces(): readonly string[] {
    return this.joints.map((j) => `${j}/${this.interfaceName}`);
  }

  stateInterfaces(): readonly string[] {
    return this.interfaceName === 'position' ? this.joints.map((j) => `${j}/position`) : [];
  }

  activate(loans: LoanedInterfaces): void {
    this.loans = loans;
    for (let k = 0; k < loans.commandIndex.length; k++) {
      const c = loans.commandIndex[k]!;
      const holdAt = this.interfaceName === 'position' ? loans.state[loans.stateIndex[k]!]! : 0;
      loans.setpoints[c] = holdAt;
    }
  }

  deactivate(): void {
    this.loans = undefined;
  }

  update(): CycleStatus {
    const l = this.loans;
    if (l === undefined) return 'error';
    for (let k = 0; k < l.commandIndex.length; k++) {
      const c = l.commandIndex[k]!;
      l.command[c] = l.setpoints[c]!;
    }
    return 'ok';
  }
}
