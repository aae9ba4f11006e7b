import type { GravityCompensator, JointTorqueLaw } from '../../../motion/controllers/index.js';
import type { CycleStatus } from '../../../safety/index.js';
import type { Controller, LoanedInterfaces } from '../Controller.js';

/**
 * Runs a joint-space effort law (PD + gravity, gravity compensation, impedance, assist-as-needed) on
 * loaned interfaces. It claims `<joint>/effort` for each joint and reads each joint's position and
 * velocity, plus the positions of the model's other joints when gravity is compensated. The
 * reference is the set-point slot of each effort interface, read as a position (rad or m); at
 * activation those slots are set to the measured positions, so the controller holds until told
 * otherwise. A non-finite measurement makes `update` return `'error'` without writing.
 */
export class JointEffortLawController<L extends JointTorqueLaw = JointTorqueLaw> implements Controller {
  private loans: LoanedInterfaces | undefined;
  private readonly q: Float64Array;
  private readonly qd: Float64Array;
  private readonly qRef: Float64Array;
  private readonly tau: Float64Array;
  private readonly others: Float64Array;

  constructor(
    readonly name: string,
    readonly type: string,
    private readonly joints: readonly string[],
    /** The law, exposed for telemetry (e.g. `AssistAsNeededLaw.assistance` for the session record). */
    readonly law: L,
    private readonly gravity?: GravityCompensator,
  ) {
    const n = joints.length;
    this.q = new Float64Array(n);
    this.qd = new Float64Array(n);
    this.qRef = new Float64Array(n);
    this.tau = new Float64Array(n);
    this.others = new Float64Array(gravity?.otherJoints.length ?? 0);
  }

  commandInterfaces(): readonly string[] {
    return this.joints.map((j) => `${j}/effort`);
  }

  /** Each joint's position then velocity, then the positions of the model's other joints. */
  stateInterfaces(): readonly string[] {
    return [...this.joints.flatMap((j) => [`${j}/position`, `${j}/velocity`]), ...(this.gravity?.otherJoints ?? []).map((j) => `${j}/position`)];
  }

  activate(loans: LoanedInterfaces): void {
    this.loans = loans;
    for (let k = 0; k < this.joints.length; k++) loans.setpoints[loans.commandIndex[k]!] = loans.state[loans.stateIndex[2 * k]!]!;
    this.law.reset();
  }

  deactivate(): void {
    this.loans = undefined;
  }

  update(_timeS: number, periodS: number): CycleStatus {
    const l = this.loans;
    if (l === undefined) return 'error';
    const n = this.joints.length;
    let finite = true;
    for (let k = 0; k < n; k++) {
      const q = l.state[l.stateIndex[2 * k]!]!;
      const qd = l.state[l.stateIndex[2 * k + 1]!]!;
      if (!Number.isFinite(q) || !Number.isFinite(qd)) finite = false;
      this.q[k] = q;
      this.qd[k] = qd;
      this.qRef[k] = l.setpoints[l.commandIndex[k]!]!;
    }
    for (let k = 0; k < this.others.length; k++) {
      const q = l.state[l.stateIndex[2 * n + k]!]!;
      if (!Number.isFinite(q)) finite = false;
      this.others[k] = q;
    }
    if (!finite) return 'error';
    if (this.gravity !== undefined) this.gravity.setOtherPositions(this.others);
    this.law.update(this.q, this.qd, this.qRef, periodS, this.tau);
    for (let k = 0; k < n; k++) l.command[l.commandIndex[k]!] = this.tau[k]!;
    return 'ok';
  }
}
