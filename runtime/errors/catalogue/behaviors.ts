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
  BEHAVIOR_COMPANION_INPUT_INVALID: {
    en: 'The companion’s input (or its --plan file) is inconsistent: a person or reminder id used twice, or a quiet window that does not end after it starts.',
    zh: '陪伴行为的输入（或其 --plan 文件）不一致：人员或提醒的标识重复，或安静时段的结束时间不晚于开始时间。',
  },
  BEHAVIOR_TRANSFER_INPUT_INVALID: {
    en: 'The patient transfer’s input is invalid: a field is missing or out of range (a pose with a target per joint, lift stages within the torso’s travel and rated speed, limits, timeouts).',
    zh: '患者转移行为的输入无效：某字段缺失或超出范围（姿态的目标数与关节数、升降分段不超出躯干行程与额定速度、限值、超时）。',
  },
  BEHAVIOR_TRANSFER_FORCE_LIMIT: {
    en: 'During a transfer the contact force on one of the patient’s body regions passed the behaviour’s limit for that region; the patient is lowered onto the nearest support.',
    zh: '转移过程中患者某身体部位的接触力超过行为设定的该部位限值；患者被缓慢放回最近的支撑面。',
  },
  BEHAVIOR_TRANSFER_POSTURE_UNSTABLE: {
    en: 'During a transfer the patient’s posture changed, their upper body rolled or they lost tone beyond the limits; the patient is lowered onto the nearest support.',
    zh: '转移过程中患者姿势改变、上身翻转或肌张力丧失超出限值；患者被缓慢放回最近的支撑面。',
  },
  BEHAVIOR_TRANSFER_CONTACT_STALE: {
    en: 'The transfer stopped receiving the patient’s contact forces (kindred_msgs/PatientContact) in time: it never lifts an unwatched patient, and lowers one it holds.',
    zh: '转移行为未能及时收到患者接触力数据（kindred_msgs/PatientContact）：不会抬起无人监测的患者，已抬起的会被放下。',
  },
  BEHAVIOR_TRANSFER_STOP_REQUESTED: {
    en: 'A person (“stop”, “停”, the patient’s “no”) or the operator stopped the transfer; with the patient on the arms it lowers them slowly onto the nearest support.',
    zh: '有人（“stop”“停”，或患者说“不”）或操作员停止了转移；若患者在手臂上，则缓慢放回最近的支撑面。',
  },
  BEHAVIOR_TRANSFER_STAGE_CHECK_FAILED: {
    en: 'A lift stage’s or the hold’s check of the patient failed (a force, the posture, or no fresh contact data after the motion).',
    zh: '抬升某一阶段或保持阶段对患者的检查未通过（接触力、姿势，或运动后没有新的接触数据）。',
  },
  BEHAVIOR_TRANSFER_CONFIRMATION_TIMEOUT: {
    en: 'The caregiver did not confirm a step of the transfer in time; nothing more is lifted or carried.',
    zh: '护理人员未在规定时间内确认转移步骤；不再继续抬升或移送。',
  },
  BEHAVIOR_REHAB_PLAN_INVALID: {
    en: 'A rehab session plan passed its schema but is inconsistent: an empty prescription, a repeated exercise id, an assistance level on a mode that takes none (or none on active_assisted), both or neither of durationS and speedRadPerS, a gait without kneeToRad, a repetition that does not move.',
    zh: '康复训练计划通过了格式检查但不一致：处方为空、练习标识重复、非主动助力模式给出了助力水平（或主动助力模式缺少）、durationS 与 speedRadPerS 同时给出或都未给出、步态缺少 kneeToRad、动作范围为零等。',
  },
  BEHAVIOR_REHAB_JOINT_UNKNOWN: {
    en: 'A rehab session plan names a joint (in the prescription or a pose) that the exoskeleton does not have.',
    zh: '康复训练计划（处方或姿态中）指定了外骨骼没有的关节。',
  },
  BEHAVIOR_REHAB_PRESCRIPTION_INVALID: {
    en: 'A rehab prescription is inconsistent (a range whose min is not below its max) or would loosen the exoskeleton’s own limits (range, speed or torque beyond the robot description): a prescription may only tighten.',
    zh: '康复处方不一致（范围下限不小于上限），或会放宽外骨骼自身的限位（范围、速度或力矩超出机器人描述）：处方只能收紧。',
  },
  BEHAVIOR_REHAB_NOT_PRESCRIBED: {
    en: 'A rehab exercise moves a joint that the plan’s prescription does not cover; every joint an exercise moves needs a prescribed range, speed and torque.',
    zh: '康复练习会移动计划处方未覆盖的关节；练习移动的每个关节都需要处方规定的范围、速度和力矩。',
  },
  BEHAVIOR_REHAB_EXCEEDS_PRESCRIPTION: {
    en: 'A rehab plan’s pose, warm-up or repetition would take a joint outside its prescribed range or faster than its prescribed speed (checked on the path actually streamed, overshoot included).',
    zh: '康复计划中的姿态、热身或单次动作会使关节超出处方范围或处方速度（按实际下发的轨迹检查，包括过冲）。',
  },
  BEHAVIOR_REHAB_MODE_UNSUPPORTED: {
    en: 'A rehab exercise asks for a controller mode the exoskeleton cannot realise for it: sit-to-stand and gait run only passive (the pelvis is held by the frame); hip flexion only passive or active-assisted (no gravity compensation, the leg would drop).',
    zh: '康复练习要求的控制模式外骨骼无法实现：坐站转换和步态只能被动进行（骨盆由支架固定）；髋关节屈曲只能被动或主动助力（无重力补偿，腿会下坠）。',
  },
  BEHAVIOR_REHAB_ASSISTANCE_BEYOND_LAUNCH: {
    en: 'A rehab plan asks for more assistance on an active-assisted exercise than the launch file’s assist-as-needed controller allows (its assist_max), or the launch file has no such controller for the exercise.',
    zh: '康复计划中主动助力练习要求的助力水平超过启动文件中按需助力控制器允许的上限（assist_max），或启动文件没有该练习所需的按需助力控制器。',
  },
  BEHAVIOR_REHAB_ASSISTANCE_UNAVAILABLE: {
    en: 'The rehab session could not set the assistance level: the behaviour host has no control loop to set controller parameters through.',
    zh: '康复训练无法设置助力水平：行为宿主没有可设置控制器参数的控制回路。',
  },
} as const satisfies Record<string, CatalogueEntry>;
