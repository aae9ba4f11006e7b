import { type Command, Option } from 'commander';
import { KindredError } from '../errors/index.js';
import { createLogger } from '../logging/index.js';
import { DEFAULT_BRIDGE_URL, recordRemote, replayRemote } from '../ros/bag/index.js';

const token = (): string | undefined => {
  const t = process.env['KINDRED_ROSBRIDGE_TOKEN'];
  return t === undefined || t === '' ? undefined : t;
};

function positiveNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new KindredError('CLI_USAGE', `${flag} is ${JSON.stringify(value)}; expected a positive number`, { field: flag, value });
  return n;
}

/** Ctrl+C ends the recording or replay in order (the file is closed properly). */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  return controller.signal;
}

/**
 * `kindred record` and `kindred replay`: rosbag2-style MCAP recordings of a running Kindred (or any
 * rosbridge_server), taken and played back over its rosbridge server.
 */
export function addBagCommands(program: Command, out: { code: number }): void {
  program
    .command('record')
    .description('record a running Kindred’s topics to MCAP (rosbag2 layout) / 将运行中的 Kindred 话题录制为 MCAP')
    .requiredOption('-o, --output <file>', 'the .mcap file to write')
    .addOption(new Option('--topics <topics...>', 'topics to record (default: all, including later ones)'))
    .addOption(new Option('--url <url>', 'the rosbridge server (or KINDRED_ROSBRIDGE_TOKEN for its token)').default(DEFAULT_BRIDGE_URL))
    .addOption(new Option('--duration <seconds>', 'stop after this long (default: Ctrl+C)'))
    .addOption(new Option('--compression <kind>', 'chunk compression').choices(['zstd', 'none']).default('zstd'))
    .action(async (opts: { output: string; topics?: string[]; url: string; duration?: string; compression: 'zstd' | 'none' }) => {
      const durationS = opts.duration === undefined ? undefined : positiveNumber('--duration', opts.duration);
      const t = token();
      console.error(`Recording from ${opts.url} to ${opts.output}; Ctrl+C stops / 正在录制，按 Ctrl+C 停止`);
      const summary = await recordRemote({
        url: opts.url,
        output: opts.output,
        compression: opts.compression,
        signal: interruptSignal(),
        logger: createLogger({ level: 'warn', destination: 2 }),
        ...(t === undefined ? {} : { token: t }),
        ...(opts.topics === undefined ? {} : { topics: opts.topics }),
        ...(durationS === undefined ? {} : { durationS }),
        onTopic: (topic, type) => console.error(`  + ${topic} [${type}]`),
        onSkipped: (topic, type) => console.error(`  - ${topic} [${type}]: no definition of this type in Kindred, not recorded / 类型未知，未录制`),
      });
      for (const t of summary.topics) console.log(`${t.topic}\t${t.type}\t${t.messageCount}`);
      console.log(`${summary.messageCount} messages written to ${summary.path ?? opts.output}${summary.droppedCount > 0 ? `, ${summary.droppedCount} dropped` : ''} / 已写入 ${summary.messageCount} 条消息`);
      out.code = 0;
    });

  program
    .command('replay')
    .description('publish an MCAP recording to a running Kindred / 将 MCAP 录制回放到运行中的 Kindred')
    .argument('<file>', 'the .mcap file (Kindred’s or rosbag2’s)')
    .addOption(new Option('--rate <factor>', 'playback speed, 1 = as recorded').default('1'))
    .addOption(new Option('--topics <topics...>', 'only these topics'))
    .addOption(new Option('--prefix <namespace>', 'publish under this namespace (e.g. /review), next to the live topics'))
    .addOption(new Option('--url <url>', 'the rosbridge server').default(DEFAULT_BRIDGE_URL))
    .action(async (file: string, opts: { rate: string; topics?: string[]; prefix?: string; url: string }) => {
      const t = token();
      const summary = await replayRemote({
        url: opts.url,
        input: file,
        rate: positiveNumber('--rate', opts.rate),
        signal: interruptSignal(),
        logger: createLogger({ level: 'warn', destination: 2 }),
        ...(t === undefined ? {} : { token: t }),
        ...(opts.topics === undefined ? {} : { topics: opts.topics }),
        ...(opts.prefix === undefined ? {} : { prefix: opts.prefix }),
      });
      console.log(`${summary.publishedCount} messages published on ${summary.topics.join(', ')}${summary.stopped ? ' (stopped early / 提前停止)' : ''} / 已发布 ${summary.publishedCount} 条消息`);
      for (const r of summary.refusals) console.error(`refused by ${opts.url} / 被拒绝: ${r.code ?? r.level}: ${r.msg}`);
      out.code = summary.refusals.length > 0 || summary.error !== undefined ? 1 : 0;
    });
}
