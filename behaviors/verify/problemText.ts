import type { BilingualText } from '../core/conventions.js';
import type { StopFailure } from './checkStops.js';

/** The bilingual explanations of verifier problems: what was seen and what to change. */
export const problemText = {
  safetyUnhandled(state: string, eventType: string): BilingualText {
    return {
      en: `state ${state} has no transition for ${eventType}: the behaviour would carry on as if nothing happened. Handle safety.* on the root (or on the top state that moves) so every state inherits it.`,
      zh: `状态 ${state} 没有处理 ${eventType} 的转移：行为会像什么都没发生一样继续。请在根状态（或负责运动的顶层状态）上处理 safety.*，使每个状态都继承该处理。`,
    };
  },

  /** `before` is the state the continuation left (for `left_stopping` and `resumed`). */
  stop(failure: StopFailure, from: string, eventType: string, at: string, before: string, bound: number): BilingualText {
    switch (failure) {
      case 'not_safe':
        return {
          en: `${eventType} in ${from} leads to ${at}, which is tagged neither 'safe' nor 'stopping'.`,
          zh: `在 ${from} 中收到 ${eventType} 后进入 ${at}，该状态既没有 'safe' 标签也没有 'stopping' 标签。`,
        };
      case 'left_stopping':
        return {
          en: `after ${eventType} in ${from}, stopping state ${before} can continue into ${at}, which is neither 'safe' nor 'stopping': motion resumes during a controlled stop.`,
          zh: `在 ${from} 中收到 ${eventType} 后，'stopping' 状态 ${before} 可以继续进入 ${at}，该状态既非 'safe' 也非 'stopping'：受控停止过程中恢复了运动。`,
        };
      case 'stuck':
        return {
          en: `after ${eventType} in ${from}, stopping state ${at} has no way on, so 'safe' is never reached. Give it a completion (an invoked actor's onDone, a timeout).`,
          zh: `在 ${from} 中收到 ${eventType} 后，'stopping' 状态 ${at} 没有任何后续转移，永远到不了 'safe'。请为其提供完成条件（被调用 actor 的 onDone 或超时）。`,
        };
      case 'too_long':
        return {
          en: `after ${eventType} in ${from}, ${at} is still not 'safe' after ${bound} transitions (safetyBound ${bound}); some continuation is longer, or stopping states form a cycle.`,
          zh: `在 ${from} 中收到 ${eventType} 后，经过 ${bound} 次转移（safetyBound 为 ${bound}）仍处于 ${at}，尚未 'safe'；存在更长的后续路径，或 'stopping' 状态构成了循环。`,
        };
      case 'resumed':
        return {
          en: `after ${eventType} in ${from} reached a safe state, ${before} leads on to ${at} (neither 'safe' nor 'stopping') without safety.cleared: only an authorised reset may lead back to motion.`,
          zh: `在 ${from} 中收到 ${eventType} 并到达安全状态后，未收到 safety.cleared，${before} 就进入了 ${at}（既非 'safe' 也非 'stopping'）：只有经授权的复位才能恢复运动。`,
        };
    }
  },

  deadEnd(state: string): BilingualText {
    return {
      en: `state ${state} is not final but no exploration event leaves it (safety stops not counted). Add the transition that ends it, mark it type: 'final', or add the missing sample event to explore.events.`,
      zh: `状态 ${state} 不是终止状态，但没有任何探索事件能离开它（安全停止事件不计）。请添加结束它的转移、将其声明为 type: 'final'，或在 explore.events 中补上缺少的示例事件。`,
    };
  },

  finalNotSafe(state: string): BilingualText {
    return {
      en: `the behaviour finishes in ${state}, which is not tagged 'safe': a finished behaviour must leave the robot at rest.`,
      zh: `行为在 ${state} 结束，但该状态没有 'safe' 标签：行为结束时机器人必须处于静止。`,
    };
  },

  actorNotCancelled(actorId: string, src: string, owner: string, state: string, evidence: string): BilingualText {
    return {
      en: `child actor ${actorId} (${src}), started in ${owner}, is still running in ${state} after ${owner} was left (${evidence}). Invoke it in ${owner} instead of spawning it, or stopChild('${actorId}') on exit.`,
      zh: `子 actor ${actorId}（${src}）在 ${owner} 中启动，离开 ${owner} 后在 ${state} 中仍在运行（${evidence}）。请改为在 ${owner} 中 invoke，或在退出时 stopChild('${actorId}')。`,
    };
  },

  actorErrorUnhandled(actorId: string, state: string): BilingualText {
    return {
      en: `in ${state}, a failure of child actor ${actorId} has no handler, so the whole behaviour fails. Add onError (to a safe or stopping state).`,
      zh: `在 ${state} 中，子 actor ${actorId} 失败时没有处理，整个行为因此失败。请添加 onError（转到安全或停止中的状态）。`,
    };
  },

  actorNotSwappable(how: string, state: string): BilingualText {
    return {
      en: `${how} in ${state} gives actor logic inline; name it in setup({ actors }) and refer to it by name, so tests and the verifier can replace it with machine.provide. Paths were not replayed on a real actor.`,
      zh: `${state} 中的 ${how} 直接内联了 actor 逻辑；请在 setup({ actors }) 中命名并按名称引用，以便测试和验证器用 machine.provide 替换。因此未在真实 actor 上重放路径。`,
    };
  },

  transitionError(state: string, eventType: string, message: string): BilingualText {
    return {
      en: `${eventType} in ${state} failed: ${message}`,
      zh: `在 ${state} 中处理 ${eventType} 时失败：${message}`,
    };
  },

  /** `leadsTo` is the state operator.pause leads to when it is not `resumable`; undefined when pause is not handled. */
  pauseUnhandled(state: string, leadsTo: string | undefined): BilingualText {
    return leadsTo === undefined
      ? { en: `state ${state} is tagged 'pausable' but does not handle operator.pause.`, zh: `状态 ${state} 带有 'pausable' 标签，但不处理 operator.pause。` }
      : {
          en: `state ${state} is tagged 'pausable' but operator.pause leads to ${leadsTo}, which is not tagged 'resumable'.`,
          zh: `状态 ${state} 带有 'pausable' 标签，但 operator.pause 进入的 ${leadsTo} 没有 'resumable' 标签。`,
        };
  },

  /** `stays` when operator.resume leads to a state still tagged `resumable`; false when resume is not handled. */
  resumeUnhandled(state: string, stays: boolean): BilingualText {
    return stays
      ? { en: `state ${state} is tagged 'resumable' but operator.resume does not leave the pause.`, zh: `状态 ${state} 带有 'resumable' 标签，但 operator.resume 没有离开暂停。` }
      : { en: `state ${state} is tagged 'resumable' but does not handle operator.resume.`, zh: `状态 ${state} 带有 'resumable' 标签，但不处理 operator.resume。` };
  },

  tagConflict(state: string, en: string, zh: string): BilingualText {
    return { en: `state ${state}: ${en}`, zh: `状态 ${state}：${zh}` };
  },

  replayDiverged(expected: string, actual: string): BilingualText {
    return {
      en: `a real actor replaying this path is in ${actual}, the pure transitions say ${expected}: the machine does something the exploration cannot see (events sent to itself, actions that fail at run time).`,
      zh: `在真实 actor 上重放该路径后处于 ${actual}，而纯转移计算结果为 ${expected}：状态机做了探索无法看到的事情（向自身发送事件、运行时失败的动作）。`,
    };
  },

  explorationIncomplete(limit: number): BilingualText {
    return {
      en: `exploration stopped at maxStates ${limit} with states left: the verdict is incomplete. Abstract context the behaviour does not branch on (explore.stateKey), trim sample events, or raise maxStates.`,
      zh: `探索在达到 maxStates ${limit} 时停止，仍有状态未访问：结论不完整。请抽象行为不据以分支的上下文（explore.stateKey）、精简示例事件或提高 maxStates。`,
    };
  },
};
