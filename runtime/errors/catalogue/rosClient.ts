import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by Kindred's rosbridge client and topic/service/action mapping (runtime/ros/client). */
export const rosClientErrors = {
  ROS_CLIENT_CONFIG_INVALID: {
    en: 'A rosbridge client option is not valid: a URL that is not ws:// or wss://, a back-off that shrinks, a timeout that is not a positive number, an empty token, or an unknown key.',
    zh: 'rosbridge 客户端选项无效：URL 不是 ws:// 或 wss://、退避时间不递增、超时不是正数、令牌为空，或出现未知键。',
  },
  ROS_CLIENT_ARGUMENT_INVALID: {
    en: 'A topic, service or action name given to the client is not a ROS 2 name, or a type name is not `pkg/msg/Type` (`pkg/srv/Type`, `pkg/action/Type`).',
    zh: '传给客户端的话题、服务或动作名不是合法的 ROS 2 名称，或类型名不是 `pkg/msg/Type`（`pkg/srv/Type`、`pkg/action/Type`）形式。',
  },
  ROS_CLIENT_REGISTRATION_CONFLICT: {
    en: 'The client already advertises that topic with another type, or already answers that service.',
    zh: '客户端已以另一种类型广播该话题，或已在应答该服务。',
  },
  ROS_CLIENT_NOT_CONNECTED: {
    en: 'A service call or action goal was made while the client is not connected to the rosbridge server (connecting or backing off).',
    zh: '客户端未连接到 rosbridge 服务器（正在连接或退避等待）时发起了服务调用或动作目标。',
  },
  ROS_CLIENT_DISCONNECTED: {
    en: 'The connection to the rosbridge server dropped while a service call or action goal was waiting; its outcome on the robot is unknown.',
    zh: '服务调用或动作目标等待期间与 rosbridge 服务器的连接断开；其在机器人上的结果未知。',
  },
  ROS_CLIENT_CLOSED: {
    en: 'The client was closed: calls and goals still waiting fail, and nothing more can be sent through it.',
    zh: '客户端已关闭：仍在等待的调用和目标失败，之后无法再通过它发送任何内容。',
  },
  ROS_CLIENT_CALL_TIMEOUT: {
    en: 'A service call got no answer from the rosbridge server within its timeout.',
    zh: '服务调用在超时时间内未收到 rosbridge 服务器的应答。',
  },
  ROS_CLIENT_SERVICE_FAILED: {
    en: 'The rosbridge server answered a service call with `result: false` (the service failed, does not exist, or the request did not fit its type), or refused the call with an error status.',
    zh: 'rosbridge 服务器以 `result: false` 应答服务调用（服务失败、不存在或请求与类型不符），或以错误状态拒绝了调用。',
  },
  ROS_CLIENT_ACTION_FAILED: {
    en: 'The rosbridge server ended an action goal with `result: false` (unknown action, goal rejected, server error) or refused it with an error status.',
    zh: 'rosbridge 服务器以 `result: false` 结束了动作目标（动作不存在、目标被拒绝或服务器出错），或以错误状态拒绝了它。',
  },
  ROS_CLIENT_AUTH_FAILED: {
    en: 'The rosbridge server refused the client’s token (HTTP 401, or the connection was closed with 1008 after `auth`).',
    zh: 'rosbridge 服务器拒绝了客户端的令牌（HTTP 401，或在 `auth` 之后以 1008 关闭连接）。',
  },
  ROS_CLIENT_MAPPING_INVALID: {
    en: 'The rosbridge mapping does not fit its schema or its rules: the message names the field (e.g. `topicsIn[0].type`), the value and what was expected.',
    zh: 'rosbridge 映射配置不符合其模式或规则：消息给出字段（如 `topicsIn[0].type`）、取值及期望值。',
  },
  ROS_CLIENT_UNGATED_COMMAND: {
    en: 'A mapping would send actuator commands to the robot without the SafetyGate: a bus topic on the caller’s command-topic deny list, or a ROS name or type that looks like a ros2_control command topic or trajectory action.',
    zh: '映射会绕过安全门（SafetyGate）向机器人发送执行器指令：总线话题在指令话题禁止列表中，或 ROS 名称/类型看起来是 ros2_control 指令话题或轨迹动作。',
  },
  ROS_CLIENT_GATED_NOT_ALLOWED: {
    en: 'A mapping entry is marked `gated: true` but whoever built the mapping did not allow gated entries (only the hardware link that sends the SafetyGate’s output may).',
    zh: '映射条目标记为 `gated: true`，但构建映射者未允许此类条目（只有发送安全门输出的硬件链路可以）。',
  },
  ROS_CLIENT_HANDLER_MISSING: {
    en: 'A `servicesOut` entry names a handler that was not supplied when the mapping was built.',
    zh: '`servicesOut` 条目指定的处理函数在构建映射时未提供。',
  },
  ROS_CLIENT_NAME_UNKNOWN: {
    en: '`call` or `sendGoal` named a service or action that the mapping does not list.',
    zh: '`call` 或 `sendGoal` 指定的服务或动作不在映射中。',
  },
} as const satisfies Record<string, CatalogueEntry>;
