import type { CartesianAdmittanceLaw } from '../../../motion/controllers/index.js';
import type { KinematicTree } from '../../../motion/index.js';
import type { CycleStatus } from '../../../safety/index.js';
import type { Controller, LoanedInterfaces } from '../Controller.js';

export interface CartesianAdmittanceControllerOptions {
  /** The tree's joints to move; they must be the law's `drivenJoints`. */
  readonly joints: readonly string[];
  /** `velocity`: command the law's joint velocities; `position`: integrate them from the activation position. */
  readonly interface: 'velocity' | 'position';
  /** Six full state-interface names giving [fx, fy, fz, τx, τy, τz] of the force/torque sensor, N and N·m. */
  readonly wrenchInterfaces: readonly string[];
}

/**
 * Hand guiding on loaned interfaces: reads every model joint's position and a force/torque sensor's
 * six state interfaces, runs a `CartesianAdmittanceLaw`, and commands the driven joints' velocities
 * (or positions integrated from them). A non-finite input commands rest (velocity 0, position held)
 * and returns `'error'`. Not in the spec registry: it needs the model and the sensor's interface names.
 */
export class CartesianAdmittanceController implements Controller {
  readonly type = 'cartesian_admittance';
  private loans: LoanedInterfaces | undefined;
  private readonly q: Float64Array;
  private readonly qd: Float64Array;
  private readonly wrench = new Float64Array(6);
  private readonly target: Float64Array;
  /** Driven joint k → index in the tree's vectors. */
  private readonly treeIndex: Int32Array;

  constructor(
    readonly name: string,
    private readonly tree: KinematicTree,
    readonly law: CartesianAdmittanceLaw,
    private readonly options: CartesianAdmittanceControllerOptions,
  ) {
    this.q = new Float64Array(tree.dofCount);
    this.qd = new Float64Array(tree.dofCount);
    this.treeIndex = Int32Array.from(options.joints, (j) => tree.jointIndex(j));
    this.target = new Float64Array(options.joints.length);
  }

  commandInterfaces(): readonly string[] {
    return this.options.joints.map((j) => `${j}/${this.options.interface}`);
  }

  /** Every model joint's position (tree order), then the six wrench interfaces. */
  stateInterfaces(): readonly string[] {
    return [...this.tree.jointNames.map((j) => `${j}/position`), ...this.options.wrenchInterfaces];
  }

  activate(loans: LoanedInterfaces): void {
    this.loans = loans;
    for (let k = 0; k < this.treeIndex.length; k++) this.target[k] = loans.state[loans.stateIndex[this.treeIndex[k]!]!]!;
    this.law.reset();
  }

  deactivate(): void {
    this.loans = undefined;
  }

  update(_timeS: number, periodS: number): CycleStatus {
    const l = this.loans;
    if (l === undefined) return 'error';
    const n = this.tree.dofCount;
    for (let i = 0; i < n; i++) this.q[i] = l.state[l.stateIndex[i]!]!;
    for (let i = 0; i < 6; i++) this.wrench[i] = l.state[l.stateIndex[n + i]!]!;
    const ok = this.law.update(this.q, this.wrench, periodS, this.qd);
    const dt = Number.isFinite(periodS) && periodS > 0 ? periodS : 0;
    const position = this.options.interface === 'position';
    for (let k = 0; k < this.treeIndex.length; k++) {
      const v = this.qd[this.treeIndex[k]!]!;
      if (position) this.target[k] = this.target[k]! + v * dt;
      l.command[l.commandIndex[k]!] = position ? this.target[k]! : v;
    }
    return ok ? 'ok' : 'error';
  }
}
