import type { JointTrajectoryLaw, JointTrajectoryStatus } from '../../../motion/controllers/index.js';
import type { JointTrajectoryLike } from '../../../motion/index.js';
import type { CycleStatus } from '../../../safety/index.js';
import type { Controller, LoanedInterfaces } from '../Controller.js';

/**
 * ros2_control's joint_trajectory_controller on loaned interfaces: claims `<joint>/position` (the
 * desired position is commanded) or `<joint>/effort` (the law's PD towards the desired state), and
 * reads each joint's position and velocity. It holds the activation position until `setTrajectory`.
 * Set-points are not used. A non-finite measurement aborts the trajectory (the law holds) and makes
 * `update` return `'error'`.
 */
export class JointTrajectoryController implements Controller {
  readonly type = 'joint_trajectory';
  private loans: LoanedInterfaces | undefined;
  private readonly q: Float64Array;
  private readonly qd: Float64Array;

  constructor(
    readonly name: string,
    private readonly joints: readonly string[],
    private readonly interfaceName: 'position' | 'effort',
    readonly law: JointTrajectoryLaw,
  ) {
    this.q = new Float64Array(joints.length);
    this.qd = new Float64Array(joints.length);
  }

  get status(): JointTrajectoryStatus {
    return this.law.status;
  }

  /** Follow `traj` from `startTimeS` on the manager's clock (outside the cycle; may throw on a bad message). */
  setTrajectory(traj: JointTrajectoryLike, startTimeS: number): void {
    this.law.setTrajectory(traj, startTimeS);
  }

  /** Decelerate to a stop and hold. */
  cancel(): void {
    this.law.cancel();
  }

  commandInterfaces(): readonly string[] {
    return this.joints.map((j) => `${j}/${this.interfaceName}`);
  }

  stateInterfaces(): readonly string[] {
    return this.joints.flatMap((j) => [`${j}/position`, `${j}/velocity`]);
  }

  activate(loans: LoanedInterfaces): void {
    this.loans = loans;
    this.read(loans);
    this.law.reset(this.q);
  }

  deactivate(): void {
    this.loans = undefined;
  }

  update(timeS: number, periodS: number): CycleStatus {
    const l = this.loans;
    if (l === undefined) return 'error';
    const finite = this.read(l);
    this.law.update(timeS, periodS, this.q, this.qd);
    const out = this.interfaceName === 'position' ? this.law.desiredPosition : this.law.effort;
    for (let k = 0; k < this.joints.length; k++) l.command[l.commandIndex[k]!] = out[k]!;
    return finite ? 'ok' : 'error';
  }

  private read(l: LoanedInterfaces): boolean {
    let finite = true;
    for (let k = 0; k < this.joints.length; k++) {
      const q = l.state[l.stateIndex[2 * k]!]!;
      const qd = l.state[l.stateIndex[2 * k + 1]!]!;
      if (!Number.isFinite(q) || !Number.isFinite(qd)) finite = false;
      this.q[k] = q;
      this.qd[k] = qd;
    }
    return finite;
  }
}
