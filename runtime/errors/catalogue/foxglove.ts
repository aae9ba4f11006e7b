import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by Kindred's Foxglove WebSocket server (runtime/ros/foxglove). */
export const foxgloveErrors = {
  FOXGLOVE_CONFIG_INVALID: {
    en: 'A Foxglove server option is not valid: an unknown key, a port outside 0–65535, a token shorter than 16 characters, an allow-list that is not a list of names, a limit that is not a positive whole number.',
    zh: 'Foxglove 服务器选项无效：未知键、端口超出 0–65535、令牌少于 16 个字符、允许列表不是名称列表，或限值不是正整数。',
  },
  FOXGLOVE_TOKEN_REQUIRED: {
    en: 'The Foxglove server was asked to listen on an interface other than loopback without a token.',
    zh: 'Foxglove 服务器要在回环以外的接口上监听却未设置令牌；请设置 `token` 或监听 127.0.0.1。',
  },
  FOXGLOVE_PORT_IN_USE: {
    en: 'The port is taken, usually by another Foxglove bridge (foxglove_bridge also uses 8765).',
    zh: '端口已被占用（通常是另一个 Foxglove 桥，foxglove_bridge 也用 8765）；请停止它或换一个端口。',
  },
  FOXGLOVE_AUTH_FAILED: {
    en: 'A client connected without the token (or with a wrong one); the upgrade was answered 401 and no connection was made.',
    zh: '客户端连接时未提供令牌或令牌错误；升级请求以 401 拒绝，未建立连接。',
  },
  FOXGLOVE_SUBPROTOCOL_REQUIRED: {
    en: 'A client connected without offering the subprotocol foxglove.websocket.v1; the upgrade was answered 400.',
    zh: '客户端连接时未提供子协议 foxglove.websocket.v1；升级请求以 400 拒绝。',
  },
  FOXGLOVE_BAD_FRAME: {
    en: 'A client sent a text frame that is not a JSON object, or a binary frame too short for its opcode or with an unknown opcode; the connection stays open.',
    zh: '客户端发送的文本帧不是 JSON 对象，或二进制帧长度不足、操作码未知；连接保持。',
  },
  FOXGLOVE_UNKNOWN_OP: {
    en: 'A client sent an `op` the Foxglove WebSocket protocol does not have.',
    zh: '客户端发送了 Foxglove WebSocket 协议中不存在的 `op`。',
  },
  FOXGLOVE_FIELD_INVALID: {
    en: 'An op lacks a field it needs or has one of the wrong type (ids must be whole numbers from 0 to 2^32−1, names strings).',
    zh: '操作缺少必需字段或字段类型错误（id 须为 0 到 2^32−1 的整数，名称须为字符串）。',
  },
  FOXGLOVE_CAPABILITY_UNAVAILABLE: {
    en: 'A client used a feature this server did not announce in serverInfo (parameters, services, client publishing, connection graph, assets).',
    zh: '客户端使用了服务器未在 serverInfo 中声明的功能（参数、服务、客户端发布、连接图或资源）。',
  },
  FOXGLOVE_CHANNEL_UNKNOWN: {
    en: 'A subscribe named a channel id the server has not advertised (or has withdrawn), or client data arrived on a channel the client has not advertised.',
    zh: '订阅的频道 id 未被服务器广播（或已撤销），或客户端在未广播的频道上发送了数据。',
  },
  FOXGLOVE_SUBSCRIPTION_INVALID: {
    en: 'A subscribe reused a subscription id still in use or subscribed to a channel twice, or an unsubscribe named an id that is not subscribed.',
    zh: '订阅复用了仍在使用的订阅 id 或重复订阅同一频道，或取消订阅的 id 未在订阅中。',
  },
  FOXGLOVE_PUBLISH_NOT_ALLOWED: {
    en: 'A client advertised a topic outside the server’s `allowPublish` list; nothing reaches the bus from it.',
    zh: '客户端广播的话题不在服务器的 `allowPublish` 列表中，其消息不会进入总线；如需允许，请在启动文件的允许列表中添加该话题。',
  },
  FOXGLOVE_ENCODING_UNSUPPORTED: {
    en: 'A client channel or service call used an encoding this server does not take (it takes cdr and json; services without a ROS 2 definition take json only).',
    zh: '客户端频道或服务调用使用了不支持的编码（支持 cdr 和 json；没有 ROS 2 定义的服务只支持 json）。',
  },
  FOXGLOVE_TYPE_UNKNOWN: {
    en: 'A client advertised a schemaName that is not a Kindred message type, or a topic whose bus type differs.',
    zh: '客户端广播的 schemaName 不是 Kindred 的消息类型，或与该话题在总线上的类型不同。',
  },
  FOXGLOVE_MESSAGE_INVALID: {
    en: 'Client message data (or a service request) does not decode as its type: the status names the topic and the first bad field or byte offset. Nothing was published.',
    zh: '客户端消息数据（或服务请求）无法按其类型解码：状态消息给出话题及第一个错误字段或字节偏移；消息未发布。',
  },
  FOXGLOVE_TOPIC_NOT_ENCODABLE: {
    en: 'A bus topic carries a type Kindred cannot encode as CDR (no definition, or wstring fields); it is not offered as a channel (logged once).',
    zh: '总线话题的类型无法编码为 CDR（无定义或含 wstring 字段），因此未作为频道提供（仅记录一次日志）。',
  },
  FOXGLOVE_CLIENT_CONGESTED: {
    en: 'A client’s socket held more unsent bytes than `maxBufferedBytes`; topic messages to it are dropped (and counted) until it catches up.',
    zh: '客户端套接字中未发送的数据超过 `maxBufferedBytes`；在其赶上之前，发往该客户端的话题消息被丢弃（并计数）。',
  },
  FOXGLOVE_SERVICE_UNKNOWN: {
    en: 'A service call named a service id the server has not advertised (or has withdrawn).',
    zh: '服务调用的服务 id 未被服务器广播（或已撤销）。',
  },
  FOXGLOVE_PARAMETER_INVALID: {
    en: 'A setParameters entry cannot be applied as sent: no value (Kindred’s parameters cannot be unset), or a byte_array value that is not base64.',
    zh: 'setParameters 中的条目无法按原样应用：缺少值（Kindred 的参数不能删除），或 byte_array 的值不是 base64。',
  },
} as const satisfies Record<string, CatalogueEntry>;
