import type { CatalogueEntry } from '../CatalogueEntry.js';

/**
 * Error and warning codes of the durable safety event log (safety/log): raised when opening or
 * appending, carried by each problem `verify` finds in the files, and (SAFETY_LOG_UNCLEAN_SHUTDOWN)
 * by the warning Kindred logs when the log shows the previous run did not end in order.
 */
export const safetyLogErrors = {
  SAFETY_LOG_OPTIONS_INVALID: { en: 'A safety log option is missing, of the wrong type or out of range.', zh: '安全日志选项缺失、类型错误或超出范围。' },
  SAFETY_LOG_EVENT_INVALID: { en: 'A safety event handed to the log is incomplete or malformed.', zh: '提交给安全日志的安全事件不完整或格式错误。' },
  SAFETY_LOG_CLOSED: { en: 'The safety log was used after it was closed.', zh: '安全日志关闭后仍被使用。' },
  SAFETY_LOG_ALREADY_OPEN: { en: 'This process already has the safety log in this directory open for writing.', zh: '本进程已打开该目录的安全日志用于写入。' },
  SAFETY_LOG_IO: { en: 'Reading, writing or syncing a safety log file failed.', zh: '读取、写入或同步安全日志文件失败。' },
  SAFETY_LOG_SINCE_INVALID: { en: 'The --since value is neither an ISO date/time nor a duration such as 10m.', zh: '--since 的值既不是 ISO 日期时间，也不是 10m 这样的时长。' },
  SAFETY_LOG_NO_FILES: { en: 'There are no safety log files to read or verify.', zh: '没有可读取或校验的安全日志文件。' },
  SAFETY_LOG_FILE_NAME: { en: 'A file given as a safety log file does not have a safety log file name.', zh: '作为安全日志提交的文件名不符合安全日志文件命名。' },
  SAFETY_LOG_FILE_MISSING: { en: 'A safety log file between two kept files is missing.', zh: '两个保留的安全日志文件之间缺少一个文件。' },
  SAFETY_LOG_FILE_HEADER: { en: 'A safety log file does not start with a file-start record that names it and its predecessor.', zh: '安全日志文件的首条记录不是标明本文件及前一文件的文件起始记录。' },
  SAFETY_LOG_CHECKSUM: { en: 'A safety log record’s bytes do not match its SHA-256 hash: it was altered after it was written.', zh: '安全日志记录内容与其 SHA-256 哈希不符：写入后被改动。' },
  SAFETY_LOG_CHAIN_BREAK: { en: 'A safety log record does not follow the one before it: records are missing, reordered or inserted.', zh: '安全日志记录与前一条记录不衔接：有记录缺失、顺序被打乱或被插入。' },
  SAFETY_LOG_RECORD_CORRUPT: { en: 'Unreadable bytes in the middle of a safety log file.', zh: '安全日志文件中间存在无法读取的字节。' },
  SAFETY_LOG_RECORD_INVALID: { en: 'A safety log record has a correct checksum but fields this version does not understand.', zh: '安全日志记录校验和正确，但其字段无法被当前版本识别。' },
  SAFETY_LOG_TORN_TAIL: { en: 'The log ends in (or contained) a partly written record, left by a crash or power loss.', zh: '日志末尾（或曾经）有一条未写完的记录，由崩溃或断电造成。' },
  SAFETY_LOG_TORN_MARKER_INVALID: { en: 'A torn-tail record does not describe the bytes before it.', zh: '残缺尾部记录与其前面的字节不符。' },
  SAFETY_LOG_UNCLEAN_SHUTDOWN: {
    en: 'The previous Kindred run did not end in order (crash, kill or power cut, or unknown for a log without session markers): the robot starts in a protective stop until an authorised reset.',
    zh: '上次 Kindred 运行未有序停止（崩溃、强制终止或断电；日志无会话标记时无法判断）：机器人以保护性停止启动，须经授权复位。',
  },
} as const satisfies Record<string, CatalogueEntry>;
