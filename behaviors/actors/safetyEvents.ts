import { kindred_msgs } from '../../runtime/msgs/index.js';
import type { SafetyEvent, StopCategory } from '../core/index.js';

const S = kindred_msgs.SafetyState_Constants;
const F = kindred_msgs.SafetyFault_Constants;

/** Stop category of each SafetyFault reaction that stops. */
const CATEGORY_OF_REACTION: Readonly<Record<number, StopCategory>> = {
  [F.REACTION_STOP_CATEGORY_0]: 0,
  [F.REACTION_STOP_CATEGORY_1]: 1,
  [F.REACTION_STOP_CATEGORY_2]: 2,
};

function isStopped(state: number): boolean {
  return state === S.PROTECTIVE_STOP || state === S.EMERGENCY_STOP;
}

/** The fault that stops hardest (lowest category), first among equals. */
function worstFault(msg: kindred_msgs.SafetyState): kindred_msgs.SafetyFault | undefined {
  let worst: kindred_msgs.SafetyFault | undefined;
  for (const f of msg.active_faults) {
    if (CATEGORY_OF_REACTION[f.reaction] === undefined) continue;
    if (worst === undefined || f.reaction > worst.reaction) worst = f;
  }
  return worst;
}

/** The stop category in force: the message's own, else the worst fault's, else 0 (assume the worst). */
function categoryOf(msg: kindred_msgs.SafetyState): StopCategory {
  const c = msg.stop_category;
  if (c === 0 || c === 1 || c === 2) return c;
  const fault = worstFault(msg);
  return fault === undefined ? 0 : (CATEGORY_OF_REACTION[fault.reaction] ?? 0);
}

/** Who pressed or asked for the e-stop: the request's source, `button:<input>` for a button, else `unknown`. */
function estopSource(msg: kindred_msgs.SafetyState): string {
  const request = msg.active_faults.find((f) => f.monitor === 'estop_request');
  if (request !== undefined) return request.joint || 'unknown';
  const button = msg.active_faults.find((f) => f.monitor === 'estop_button');
  if (button !== undefined) return `button:${button.joint}`;
  return 'unknown';
}

/**
 * The behaviour events a change of `/safety/state` means (pure). `previous` undefined is the first
 * message seen: a robot already stopped then still yields its stop, so a behaviour started during a
 * stop knows it.
 *
 * - entering EMERGENCY_STOP → `safety.estop` with the source;
 * - entering PROTECTIVE_STOP, or its stop category changing there → `safety.stop` with the category
 *   and the code of the fault that stops hardest;
 * - leaving a stop state (an authorised reset was accepted: RECOVERY, or NORMAL/REDUCED_SPEED) →
 *   `safety.cleared`;
 * - anything else (reduced speed, recovery ending, the 1 Hz repeat of the same state) → nothing.
 */
export function safetyEventsFor(previous: kindred_msgs.SafetyState | undefined, next: kindred_msgs.SafetyState): SafetyEvent[] {
  const before = previous?.state;
  if (next.state === S.EMERGENCY_STOP) {
    return before === S.EMERGENCY_STOP ? [] : [{ type: 'safety.estop', source: estopSource(next) }];
  }
  if (next.state === S.PROTECTIVE_STOP) {
    if (before === S.PROTECTIVE_STOP && previous !== undefined && categoryOf(previous) === categoryOf(next)) return [];
    return [{ type: 'safety.stop', category: categoryOf(next), code: worstFault(next)?.code ?? 'unknown' }];
  }
  if (before !== undefined && isStopped(before)) return [{ type: 'safety.cleared' }];
  return [];
}
