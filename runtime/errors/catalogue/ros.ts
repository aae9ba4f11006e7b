import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by Kindred's ROS 2 interop: CDR codecs (runtime/ros/cdr) and MCAP recording and replay (runtime/ros/mcap). */
export const rosErrors = {
  ROS_CDR_UNKNOWN_TYPE: {
    en: 'No CDR codec can be made for this message type: Kindred has no definition of it.',
    zh: '无法为该消息类型创建 CDR 编解码器：Kindred 没有该类型的定义。',
  },
  ROS_CDR_SCHEMA_INVALID: {
    en: 'A ros2msg message definition could not be parsed, or names a type it does not define.',
    zh: 'ros2msg 消息定义无法解析，或引用了其中未定义的类型。',
  },
  ROS_CDR_UNSUPPORTED: {
    en: 'A message definition uses a field type Kindred cannot encode or decode in CDR (wstring).',
    zh: '消息定义使用了 Kindred 无法以 CDR 编解码的字段类型（wstring）。',
  },
  ROS_CDR_ENCODE_FAILED: {
    en: 'A message could not be encoded as CDR: a field is missing, of the wrong type, out of range or of the wrong length.',
    zh: '消息无法编码为 CDR：某字段缺失、类型错误、超出范围或长度不符。',
  },
  ROS_CDR_DECODE_FAILED: {
    en: 'Bytes could not be decoded as a CDR message of the expected type: too short, a bad length or an unsupported encapsulation.',
    zh: '字节无法按预期类型解码为 CDR 消息：数据过短、长度字段错误或封装格式不受支持。',
  },
  ROS_REMOTE_UNREACHABLE: {
    en: 'No rosbridge server answered at the given address: kindred record/replay need a running Kindred or rosbridge_server.',
    zh: '指定地址没有 rosbridge 服务器响应：kindred record/replay 需要一个正在运行的 Kindred 或 rosbridge_server。',
  },
  ROS_MCAP_OPTIONS_INVALID: {
    en: 'A recorder or replayer option is not valid (chunk size, compression, rate or topic list).',
    zh: '录制器或回放器的选项无效（块大小、压缩方式、速率或话题列表）。',
  },
  ROS_MCAP_WRITE_FAILED: {
    en: 'An MCAP recording could not be written: the file could not be opened or a write failed.',
    zh: '无法写入 MCAP 录制文件：文件无法打开或写入失败。',
  },
  ROS_MCAP_READ_FAILED: {
    en: 'An MCAP file could not be read: it is missing, not an MCAP file, or damaged.',
    zh: '无法读取 MCAP 文件：文件不存在、不是 MCAP 文件或已损坏。',
  },
  ROS_MCAP_COMPRESSION_UNSUPPORTED: {
    en: 'An MCAP file uses a chunk compression Kindred cannot decompress (only zstd and none are supported).',
    zh: 'MCAP 文件使用了 Kindred 无法解压的块压缩方式（仅支持 zstd 与无压缩）。',
  },
  ROS_MCAP_ENCODING_UNSUPPORTED: {
    en: 'An MCAP channel uses a schema or message encoding Kindred cannot decode (it reads ros2msg schemas with cdr messages, and json messages).',
    zh: 'MCAP 通道使用了 Kindred 无法解码的模式或消息编码（支持 ros2msg 模式加 cdr 消息，以及 json 消息）。',
  },
  ROS_MCAP_REPLAY_TYPE_MISMATCH: {
    en: 'A recorded topic cannot be replayed onto the bus: the bus carries another type on it, or the recorded definition differs from Kindred’s.',
    zh: '录制的话题无法回放到总线：总线上该话题为其他类型，或录制的定义与 Kindred 的定义不同。',
  },
  ROS_MCAP_STATE: {
    en: 'A recorder or replayer was used in the wrong state (started twice, or used after it stopped).',
    zh: '录制器或回放器在错误的状态下被使用（重复启动，或停止后仍被使用）。',
  },
} as const satisfies Record<string, CatalogueEntry>;
