import { KindredError, show } from '../../runtime/errors/index.js';
import { nsFromStamp, type sensor_msgs } from '../../runtime/msgs/index.js';
import { sFromNs } from '../../runtime/time/index.js';
import type { BehaviorHost } from '../runtime/BehaviorHost.js';

/**
 * Copies the positions of `joints` from `msg` into `out` (same order). Returns the first joint the
 * message does not report, or undefined when all were found.
 */
export function readPositions(msg: sensor_msgs.JointState, joints: readonly string[], out: Float64Array): string | undefined {
  for (let i = 0; i < joints.length; i++) {
    const at = msg.name.indexOf(joints[i]!);
    const p = at < 0 ? undefined : msg.position[at];
    if (p === undefined) return joints[i];
    out[i] = p;
  }
  return undefined;
}

/** How old a joint-state message is on the bus clock, ns (its header stamp against `nowNs`). */
export function jointStateAgeNs(msg: sensor_msgs.JointState, nowNs: bigint): bigint {
  return nowNs - nsFromStamp(msg.header.stamp);
}

/** The error a motion actor fails with when joint states are missing or older than `staleAfterNs`. */
export function staleJointStates(msg: sensor_msgs.JointState | undefined, nowNs: bigint, staleAfterNs: bigint): KindredError | undefined {
  if (msg === undefined) {
    return new KindredError('BEHAVIOR_ACTOR_JOINT_STATES_STALE', 'no message on /joint_states yet; a motion needs the measured joint positions', {
      field: '/joint_states',
      expected: `a message younger than ${sFromNs(staleAfterNs)} s`,
    });
  }
  const age = jointStateAgeNs(msg, nowNs);
  if (age <= staleAfterNs) return undefined;
  return new KindredError('BEHAVIOR_ACTOR_JOINT_STATES_STALE', `the latest /joint_states is ${sFromNs(age)} s old; expected at most ${sFromNs(staleAfterNs)} s`, {
    field: '/joint_states',
    value: sFromNs(age),
    expected: `≤ ${sFromNs(staleAfterNs)} s`,
  });
}

/**
 * The measured positions of `joints` now, from fresh joint states. Throws
 * BEHAVIOR_ACTOR_JOINT_STATES_STALE or BEHAVIOR_ACTOR_JOINT_UNKNOWN.
 */
export function measuredPositions(host: BehaviorHost, joints: readonly string[], staleAfterNs: bigint): Float64Array {
  const msg = host.jointStates();
  const stale = staleJointStates(msg, host.clock.now(), staleAfterNs);
  if (stale !== undefined || msg === undefined) throw stale;
  const out = new Float64Array(joints.length);
  const missing = readPositions(msg, joints, out);
  if (missing !== undefined) {
    throw new KindredError('BEHAVIOR_ACTOR_JOINT_UNKNOWN', `/joint_states does not report joint ${show(missing)} (it reports ${msg.name.join(', ')})`, {
      field: '/joint_states.name',
      value: missing,
      expected: msg.name.join(', '),
    });
  }
  return out;
}
