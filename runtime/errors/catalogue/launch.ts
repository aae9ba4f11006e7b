import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised while reading launch files and other Kindred files (`kindred check`). */
export const launchErrors = {
  FILE_NOT_FOUND: { en: 'The file does not exist or cannot be read.', zh: '文件不存在或无法读取。' },
  FILE_UNKNOWN_KIND: { en: 'The file is not a kind of file Kindred knows how to check.', zh: 'Kindred 无法识别该文件的类型。' },
  YAML_SYNTAX: { en: 'The file is not well-formed YAML.', zh: '文件不是格式正确的 YAML。' },
  CONFIG_UNKNOWN_KEY: { en: 'A configuration key is not recognised.', zh: '无法识别的配置键。' },
  CONFIG_INVALID: { en: 'A configuration value has the wrong type or is out of range.', zh: '配置值类型错误或超出范围。' },
  CONFIG_MISSING_KEY: { en: 'A required configuration key is missing.', zh: '缺少必需的配置键。' },
  CLI_USAGE: { en: 'The command line is not valid.', zh: '命令行参数无效。' },
} as const satisfies Record<string, CatalogueEntry>;
