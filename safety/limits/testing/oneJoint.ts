import { composeLimits } from '../composeLimits.js';
import { JointLimitEnforcer } from '../JointLimitEnforcer.js';
import type { JointKind, JointLimitValues } from '../JointLimits.js';
import { compileLimits, type LimitTable } from '../LimitTable.js';

/** A one-joint enforcer (joint `j`, state `j/position`, `j/velocity`) for tests and benchmarks. */
export interface OneJoint {
  readonly table: LimitTable;
  readonly enforcer: JointLimitEnforcer;
  /** [measured position, measured velocity]. */
  readonly state: Float64Array;
  readonly requested: Float64Array;
  readonly out: Float64Array;
  /** Enforce one cycle with `request` for command 0 (others keep theirs); returns command 0's enforced value. */
  step(request: number): number;
}

export function oneJoint(
  values: JointLimitValues,
  interfaces: readonly ('position' | 'velocity' | 'effort')[] = ['position'],
  periodS = 0.001,
  kind: JointKind = 'revolute',
): OneJoint {
  const table = compileLimits(composeLimits([{ name: 'urdf', joints: [{ joint: 'j', kind, ...values }] }]));
  const enforcer = new JointLimitEnforcer({ limits: table, commands: interfaces.map((i) => ({ name: `j/${i}` })), stateNames: ['j/position', 'j/velocity'], periodS });
  const state = new Float64Array(2);
  const requested = new Float64Array(interfaces.length);
  const out = new Float64Array(interfaces.length);
  return {
    table,
    enforcer,
    state,
    requested,
    out,
    step(request: number): number {
      requested[0] = request;
      enforcer.enforce(requested, state, out);
      return out[0]!;
    },
  };
}
