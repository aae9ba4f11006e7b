import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by Kindred's native ROS 2 adapter over rclnodejs (runtime/ros/rclnodejs). */
export const rclnodejsErrors = {
  RCLNODEJS_CONFIG_INVALID: {
    en: 'An rclnodejs adapter option is not valid: an unknown key, a node name or namespace ROS 2 would reject, a topic name that is not a ROS 2 name, or a message type Kindred has no definition of.',
    zh: 'rclnodejs 适配器选项无效：未知键、ROS 2 不接受的节点名或命名空间、不合法的话题名，或 Kindred 没有定义的消息类型。',
  },
  RCLNODEJS_UNAVAILABLE: {
    en: 'The native ROS 2 path was asked for but rclnodejs cannot be used: ROS_DISTRO or AMENT_PREFIX_PATH is not set (source /opt/ros/<distro>/setup.bash), rclnodejs is not installed, or it failed to load.',
    zh: '需要原生 ROS 2 通道但无法使用 rclnodejs：未设置 ROS_DISTRO 或 AMENT_PREFIX_PATH（请先 source /opt/ros/<发行版>/setup.bash）、未安装 rclnodejs，或加载失败。',
  },
  RCLNODEJS_INIT_FAILED: {
    en: 'rclnodejs could not initialise its context or create Kindred’s node (a bad ROS argument, a domain id out of range, or a middleware error); nothing was started.',
    zh: 'rclnodejs 无法初始化上下文或创建 Kindred 节点（ROS 参数错误、域 ID 超出范围或中间件错误），未启动任何内容。',
  },
  RCLNODEJS_PUBLISH_NOT_ALLOWED: {
    en: 'A configured ROS topic would publish onto a bus topic outside the adapter’s `allowPublish` list; the adapter did not start. Remote publishers reach actuators only through allowed command topics and the SafetyGate.',
    zh: '配置的 ROS 话题将发布到不在 `allowPublish` 列表中的总线话题，适配器未启动；远程发布者只能经允许的命令话题和 SafetyGate 到达执行器。',
  },
  RCLNODEJS_TYPE_UNAVAILABLE: {
    en: 'The ROS 2 installation has no interface of that type (e.g. kindred_msgs is not built in the sourced workspace), so the topic, service or action could not be created natively.',
    zh: '已加载的 ROS 2 环境中没有该接口类型（例如工作空间中未构建 kindred_msgs），无法原生创建该话题、服务或动作。',
  },
  RCLNODEJS_MESSAGE_INVALID: {
    en: 'A message could not be converted between Kindred’s and rclnodejs’s form (e.g. a 64-bit integer field holding a fraction); it was dropped and counted, the bridge goes on.',
    zh: '消息无法在 Kindred 与 rclnodejs 的表示之间转换（例如 64 位整数字段含小数），已丢弃并计数，桥接继续运行。',
  },
  RCLNODEJS_PARAMETER_REFUSED: {
    en: 'A parameter change made through ROS 2 (ros2 param set, a parameter client) was refused by Kindred’s ParameterStore; the reason returned to the caller names the parameter, the value and what was expected, and nothing changed.',
    zh: '通过 ROS 2（ros2 param set、参数客户端）修改参数被 Kindred 的 ParameterStore 拒绝；返回给调用方的原因给出参数名、取值及期望值，参数未改变。',
  },
  RCLNODEJS_SERVICE_FAILED: {
    en: 'A native service call failed: Kindred’s handler for a ROS caller threw (no response is sent, as in ROS 2), or a service Kindred called natively is not available or failed.',
    zh: '原生服务调用失败：Kindred 为 ROS 调用方提供的处理函数抛出异常（与 ROS 2 一样不发送响应），或 Kindred 调用的原生服务不可用或失败。',
  },
  RCLNODEJS_SERVICE_TIMEOUT: {
    en: 'A native service or action server did not become available, or did not answer, within the timeout.',
    zh: '原生服务或动作服务器未在超时时间内可用或应答。',
  },
  RCLNODEJS_ACTION_FAILED: {
    en: 'A goal Kindred sent to a native action server was rejected, or the action server is not available.',
    zh: 'Kindred 发送给原生动作服务器的目标被拒绝，或该动作服务器不可用。',
  },
  RCLNODEJS_NOT_STARTED: {
    en: 'The adapter was used before `start()` finished or after `stop()`, or `start()` was called twice.',
    zh: '在 `start()` 完成前或 `stop()` 之后使用了适配器，或重复调用了 `start()`。',
  },
} as const satisfies Record<string, CatalogueEntry>;
