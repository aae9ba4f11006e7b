import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by Kindred's behaviours as XState statecharts (behaviors/). */
export const behaviorsErrors = {
  BEHAVIOR_DEFINITION_INVALID: {
    en: 'A behaviour definition is malformed: its id, description, machine or exploration settings (safetyBound, maxDepth, maxStates, events) are missing or out of range.',
    zh: '行为定义格式错误：其标识、描述、状态机或探索设置（safetyBound、maxDepth、maxStates、events）缺失或超出范围。',
  },
  BEHAVIOR_EXPLORE_EVENTS_INVALID: {
    en: 'A behaviour’s explore.events function threw or did not return a list of events for some state.',
    zh: '行为的 explore.events 函数在某个状态下抛出异常，或未返回事件列表。',
  },
  BEHAVIOR_ACTOR_UNBOUND: {
    en: 'A behaviour started one of Kindred’s actors (moveJoints, speak, …) that was never bound to a running Kindred: run the machine with BehaviorRunner, or provide the actor with machine.provide.',
    zh: '行为启动了未绑定到运行中 Kindred 的 actor（moveJoints、speak 等）：请用 BehaviorRunner 运行状态机，或用 machine.provide 提供该 actor。',
  },
  BEHAVIOR_ACTOR_INPUT_INVALID: {
    en: 'An actor’s input is out of range: a target count that does not match the joints, a duration or time that is not a positive finite number, an empty list.',
    zh: 'actor 的输入超出范围：目标数与关节数不符、时长或时间不是正的有限数、列表为空等。',
  },
  BEHAVIOR_ACTOR_CONTROLLER_UNKNOWN: {
    en: 'An actor named a controller the running launch file does not have.',
    zh: 'actor 指定的控制器在当前启动文件中不存在。',
  },
  BEHAVIOR_ACTOR_JOINT_UNKNOWN: {
    en: 'An actor named a joint that the controller does not command, or that /joint_states does not report.',
    zh: 'actor 指定的关节不受该控制器控制，或 /joint_states 中没有该关节。',
  },
  BEHAVIOR_ACTOR_JOINT_STATES_STALE: {
    en: 'A motion actor stopped because /joint_states was missing or older than its freshness limit: it never commands motion without knowing where the joints are.',
    zh: '运动 actor 已停止：/joint_states 缺失或超过新鲜度限制；不知道关节位置时绝不下发运动指令。',
  },
  BEHAVIOR_ACTOR_COMMAND_TOPIC_UNMOUNTED: {
    en: 'A motion actor found nobody listening on the controller’s command topic (/<controller>/commands), so its set-points would go nowhere.',
    zh: '运动 actor 发现控制器指令话题（/<controller>/commands）无人订阅，设定点将无处可去。',
  },
  BEHAVIOR_ACTOR_TRACKING_FAILED: {
    en: 'A motion actor stopped because a joint stayed farther from its set-point than the tracking limit for longer than the grace time.',
    zh: '运动 actor 已停止：某关节偏离设定点超过跟踪限值的时间长于宽限时间。',
  },
  BEHAVIOR_ACTOR_TARGET_NOT_REACHED: {
    en: 'A motion actor finished its trajectory but a joint did not settle within the tolerance of its target before the settle timeout (e.g. the SafetyGate limited it).',
    zh: '运动 actor 轨迹已结束，但某关节在稳定超时前未到达目标容差范围内（例如被安全门限制）。',
  },
  BEHAVIOR_RUN_COMMAND_INVALID: {
    en: 'An operator command to a behaviour is not one of pause, resume or stop.',
    zh: '发给行为的操作员指令不是 pause、resume 或 stop 之一。',
  },
  BEHAVIOR_RUN_ENDED: {
    en: 'An event or command was sent to a behaviour run that has already ended (done, stopped or failed).',
    zh: '向已结束（完成、停止或失败）的行为运行发送了事件或指令。',
  },
  BEHAVIOR_RUN_FAILED: {
    en: 'A behaviour’s machine itself failed (an action or guard threw); the run ended in error with every actor stopped.',
    zh: '行为状态机本身出错（动作或守卫抛出异常）；运行以错误结束，所有 actor 已停止。',
  },
} as const satisfies Record<string, CatalogueEntry>;
