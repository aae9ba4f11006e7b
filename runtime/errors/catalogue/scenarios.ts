import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by the fault-injection scenario runner and its reports (scenarios/). */
export const scenariosErrors = {
  SCENARIO_FILE_INVALID: {
    en: 'A scenario file is not valid: a field is missing, misspelt, of the wrong type or out of range.',
    zh: '场景文件无效：字段缺失、拼写错误、类型错误或超出范围。',
  },
  SCENARIO_REPORT_WRITE: {
    en: 'A scenario report (junit.xml, results.json or report.html) could not be written to its directory.',
    zh: '无法将场景报告（junit.xml、results.json 或 report.html）写入目标目录。',
  },
  SCENARIO_REPORT_INVALID: {
    en: 'A results.json read back for re-rendering is not a scenario report written by Kindred.',
    zh: '读回用于重新生成报告的 results.json 不是 Kindred 写出的场景报告。',
  },
  SCENARIO_CRASH_RUN_FAILED: {
    en: 'A process-crash scenario could not run: Kindred did not come up, or an acknowledgement or the restart state never appeared.',
    zh: '进程崩溃场景无法运行：Kindred 未能启动，或未出现确认信息或重启后的状态。',
  },
} as const satisfies Record<string, CatalogueEntry>;
