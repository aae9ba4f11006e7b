import { kindred_msgs, stampFromNs } from '../../runtime/msgs/index.js';
import { describeCode, type ErrorCode } from '../../runtime/errors/index.js';
import type { SafetyReaction } from '../log/SafetyEvent.js';
import { fmt } from './formatNumber.js';
import type { ActiveFault } from './SafetySupervisor.js';
import { SUPERVISOR_STATE, type SupervisorStateName } from './supervisor.machine.js';

const F = kindred_msgs.SafetyFault_Constants;

/** SafetyFault.msg has no warning level: a warning is published as REACTION_NONE (recorded only). */
const REACTION_CODE: Readonly<Record<SafetyReaction, number>> = {
  none: F.REACTION_NONE,
  warn: F.REACTION_NONE,
  reduced_speed: F.REACTION_REDUCE_SPEED,
  stop2: F.REACTION_STOP_CATEGORY_2,
  stop1: F.REACTION_STOP_CATEGORY_1,
  stop0: F.REACTION_STOP_CATEGORY_0,
};

/** What `/safety/state` is built from (`LoopHost.safetyStatus()` satisfies it). */
export interface SafetyStatusLike {
  readonly state: SupervisorStateName;
  /** -1 when no stop is in force. */
  readonly stopCategory: number;
  readonly velocityScale: number;
  readonly activeFaults: readonly ActiveFault[];
}

/**
 * `kindred_msgs/msg/SafetyState` for `/safety/state` from the supervisor's status: the state code,
 * stop category, active faults (latched or present, each with code, subject, value and limit in SI
 * units, reaction, when it tripped, both languages) and the speed scale (0 while stopped).
 */
export function safetyStateMessage(status: SafetyStatusLike, stampNs: bigint): kindred_msgs.SafetyState {
  const stopped = status.stopCategory >= 0;
  return {
    header: { stamp: stampFromNs(stampNs), frame_id: '' },
    state: SUPERVISOR_STATE[status.state],
    stop_category: status.stopCategory,
    active_faults: status.activeFaults.map((f) => {
      const text = describeCode(f.code as ErrorCode);
      return {
        monitor: f.monitor,
        code: f.code,
        joint: f.subject,
        value: f.value,
        limit: f.limit,
        reaction: REACTION_CODE[f.reaction as SafetyReaction] ?? F.REACTION_NONE,
        stamp: stampFromNs(f.sinceNs),
        message_en: `${f.subject}: ${fmt(f.value)} (limit ${fmt(f.limit)}). ${text.en}`,
        message_zh: `${f.subject}：${fmt(f.value)}（限值 ${fmt(f.limit)}）。${text.zh}`,
      };
    }),
    speed_scale: stopped ? 0 : status.velocityScale,
  };
}
