import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by the rosbridge v2 server (runtime/ros/rosbridge). */
export const rosbridgeErrors = {
  ROSBRIDGE_CONFIG_INVALID: {
    en: 'A rosbridge server option (or a service/action name given to a registry) is not valid: an unknown key, a port outside 0–65535, a token shorter than 16 characters, an allow-list that is not a list of names, a node or service name that is not a ROS 2 name.',
    zh: 'rosbridge 服务器选项（或注册的服务/动作名）无效：未知键、端口超出 0–65535、令牌少于 16 个字符、允许列表不是名称列表、节点或服务名不是合法的 ROS 2 名称。',
  },
  ROSBRIDGE_TOKEN_REQUIRED: {
    en: 'The server was asked to listen on an interface other than loopback without a token.',
    zh: '服务器要在回环以外的接口上监听却未设置令牌；请设置 `token` 或监听 127.0.0.1。',
  },
  ROSBRIDGE_PORT_IN_USE: {
    en: 'The port is taken, usually by another rosbridge server (rosbridge_suite also uses 9090).',
    zh: '端口已被占用（通常是另一个 rosbridge 服务器，rosbridge_suite 也用 9090）；请停止它或换一个端口。',
  },
  ROSBRIDGE_BAD_FRAME: {
    en: 'A client sent a frame that is not a JSON (or CBOR) object.',
    zh: '客户端发送的帧不是 JSON（或 CBOR）对象；客户端收到状态消息，连接保持。',
  },
  ROSBRIDGE_UNKNOWN_OP: {
    en: 'A client sent an `op` the rosbridge v2 protocol does not have; the status lists the known ones.',
    zh: '客户端发送了 rosbridge v2 协议中不存在的 `op`；状态消息列出了支持的操作。',
  },
  ROSBRIDGE_FIELD_INVALID: {
    en: 'An op lacks a field it needs, has one of the wrong type (e.g.',
    zh: '操作缺少必需字段、字段类型错误，或话题/服务/动作名不是合法的 ROS 2 名称。',
  },
  ROSBRIDGE_NOT_AUTHENTICATED: {
    en: 'The server needs a token and the client has not presented it; the op was not run.',
    zh: '服务器需要令牌而客户端尚未提供，操作未执行；请发送 `auth` 或用 `?token=` 连接。',
  },
  ROSBRIDGE_AUTH_FAILED: {
    en: 'A client sent a wrong or missing token in `auth`; the connection is closed (1008).',
    zh: '客户端在 `auth` 中发送的令牌错误或缺失，连接已关闭（1008）。',
  },
  ROSBRIDGE_PUBLISH_NOT_ALLOWED: {
    en: 'A client tried to advertise or publish to a topic outside the bridge’s `allowPublish` list; nothing reached the bus.',
    zh: '客户端试图向不在 `allowPublish` 列表中的话题广播或发布，消息未进入总线；如需允许，请在启动文件的允许列表中添加该话题。',
  },
  ROSBRIDGE_TYPE_UNKNOWN: {
    en: 'A client named a message type Kindred has no definition of (or a topic whose type the bridge cannot convert).',
    zh: '客户端指定了 Kindred 没有定义的消息类型；请使用如 `sensor_msgs/msg/JointState` 的完整名称。',
  },
  ROSBRIDGE_TOPIC_UNKNOWN: {
    en: 'A subscription without `type` to a topic that does not exist, a publish without advertise to one, or an unsubscribe/unadvertise of a topic this client does not use.',
    zh: '订阅不存在的话题且未给出类型、未广播就发布到不存在的话题，或取消了本客户端未使用的话题。',
  },
  ROSBRIDGE_MESSAGE_INVALID: {
    en: 'A published message does not fit its type: the status names the first bad field, its value and what was expected (`msg.position[1] is "x"; expected float64`).',
    zh: '发布的消息与其类型不符：状态消息给出第一个错误字段、其值及期望值；消息未发布。',
  },
  ROSBRIDGE_COMPRESSION_UNSUPPORTED: {
    en: 'A subscription asked for `png`, an unknown compression, or `cbor-raw` on a server without a CDR encoder.',
    zh: '订阅请求了 `png`、未知压缩方式，或在没有 CDR 编码器的服务器上请求 `cbor-raw`；请使用 `none` 或 `cbor`。',
  },
  ROSBRIDGE_FRAGMENT_INVALID: {
    en: 'An incoming fragment is out of range, disagrees with earlier fragments of its message, or would exceed the bounds on unfinished fragmented messages; that message is dropped.',
    zh: '收到的分片超出范围、与同一消息的先前分片不一致，或超出未完成分片消息的限制；该消息被丢弃。',
  },
  ROSBRIDGE_SERVICE_DUPLICATE: {
    en: 'Kindred registered a service name twice, or a client tried to advertise a service Kindred provides (refused), or replaced another client’s service (warning).',
    zh: 'Kindred 重复注册了服务名，或客户端试图广播 Kindred 提供的服务（被拒绝），或替换了另一客户端的服务（警告）。',
  },
  ROSBRIDGE_SERVICE_UNKNOWN: {
    en: 'No service of that name is registered or advertised (the message lists those that are), or a `service_response` answered no waiting call.',
    zh: '没有注册或广播该名称的服务（消息列出现有服务），或 `service_response` 没有对应的等待中调用。',
  },
  ROSBRIDGE_SERVICE_FAILED: {
    en: 'The service’s handler threw, or the client providing it answered `result: false` or disconnected; the reason is in the message (and `context.reason`).',
    zh: '服务处理函数抛出异常，或提供服务的客户端返回 `result: false` 或已断开；原因见消息。',
  },
  ROSBRIDGE_SERVICE_TIMEOUT: {
    en: 'The service did not answer within the timeout (`serviceTimeoutMs`, or the call’s `timeout`).',
    zh: '服务未在超时时间内应答。',
  },
  ROSBRIDGE_ACTION_DUPLICATE: {
    en: 'Kindred registered an action name twice, or a client tried to advertise an action Kindred provides.',
    zh: 'Kindred 重复注册了动作名，或客户端试图广播 Kindred 提供的动作。',
  },
  ROSBRIDGE_ACTION_UNKNOWN: {
    en: 'No action of that name is offered, or a cancel/feedback/result named a goal that is not in progress.',
    zh: '没有提供该名称的动作，或取消/反馈/结果所指的目标不在进行中。',
  },
  ROSBRIDGE_ACTION_FAILED: {
    en: 'The action’s handler threw, or the client providing it went away; the goal ends aborted with the reason.',
    zh: '动作处理函数抛出异常或提供该动作的客户端已离开；目标以中止结束并附原因。',
  },
} as const satisfies Record<string, CatalogueEntry>;
