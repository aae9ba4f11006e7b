import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { parse as parseYamlText } from 'yaml';
import { readFileSync } from 'node:fs';
import { loadLaunchFile } from '../../launch/index.js';
import { SHIPPED_BEHAVIORS, shippedBehaviorIds } from '../../behaviors/catalog.js';
import type { ScriptedInput, ShippedBehavior } from '../../behaviors/ShippedBehavior.js';
import { BehaviorRunner, deliverScriptedInput, hostFromKindredParts, SimSpeech, type BehaviorResult } from '../../behaviors/runtime/index.js';
import { startHeadlessSession } from './headlessSession.js';
import { modelTestShipped } from './behaviorModelTest.js';
import { buildModelGraph, formatModelTestReport, generatePlan, PROBES, type ModelCase, type ModelTestReport, type Probe } from '../../behaviors/modeltest/index.js';

export { headlessLaunch } from './headlessSession.js';
import { formatReport, verifyBehavior } from '../../behaviors/verify/index.js';
import { KindredError } from '../errors/index.js';
import { createLogger, type Logger } from '../logging/index.js';
import type { SimClock } from '../time/index.js';
import { Kindred } from './Kindred.js';
import { postToRobot, refusalText, type RobotAnswer } from './robotApi.js';


async function loadShipped(id: string): Promise<ShippedBehavior> {
  const load = SHIPPED_BEHAVIORS[id];
  if (load === undefined) {
    throw new KindredError('CLI_USAGE', `no behaviour named ${JSON.stringify(id)}; expected one of ${shippedBehaviorIds().join(', ')}`, { value: id, expected: shippedBehaviorIds().join(' | ') });
  }
  return load();
}

export interface HeadlessRun {
  readonly result: BehaviorResult;
  readonly record: unknown;
  /** Simulated seconds the behaviour ran. */
  readonly simulatedS: number;
}

/**
 * Run a shipped behaviour headless against the simulator: Kindred in lock-step on the behaviour's
 * launch file, simulated speech, the script's inputs at their simulated times, the BehaviorRunner to
 * the end (or the behaviour's timeout, which stops it). Kindred is stopped in order afterwards.
 */
export async function runShippedBehavior(shipped: ShippedBehavior, options: { planFile?: string; script?: readonly ScriptedInput[]; logger: Logger }): Promise<HeadlessRun> {
  const session = await startHeadlessSession(shipped, options);
  const { kindred, runner, prepared, startNs } = session;
  const timers: { cancel(): void }[] = [];
  try {
    for (const input of options.script ?? prepared.script) {
      const at = startNs + BigInt(Math.round(input.atS * 1e9));
      timers.push(
        kindred.clock.setTimer(
          at - kindred.clock.now() > 0n ? at - kindred.clock.now() : 1n,
          () => void deliverScriptedInput({ bus: kindred.bus, clock: kindred.clock, loop: kindred.loop }, input, { behavior: shipped.definition.id, source: 'cli' }).catch((e: unknown) => options.logger.error({ err: e, input }, 'scripted input failed')),
          { oneShot: true },
        ),
      );
    }
    const timeoutNs = BigInt(Math.round(prepared.timeoutS * 1e9));
    const timedOut = new Promise<'timeout'>((resolve) => timers.push(kindred.clock.setTimer(timeoutNs, () => resolve('timeout'), { oneShot: true })));
    const outcome = await Promise.race([runner.done(), timedOut]);
    const result = outcome === 'timeout' ? await runner.stop() : outcome;
    if (outcome === 'timeout') options.logger.warn({ timeoutS: prepared.timeoutS }, 'behaviour did not finish in time; stopped');
    const simulatedS = Number(((kindred.clock as SimClock).now() - startNs) / 1_000_000n) / 1000;
    return { result, record: shipped.record === undefined ? result.output : shipped.record(result.output), simulatedS };
  } finally {
    for (const t of timers) t.cancel();
    await session.close();
  }
}

/** A behaviour running live in a running Kindred (`kindred behavior start`). */
export interface LiveBehavior {
  readonly kindred: Kindred;
  readonly runner: BehaviorRunner;
  /** Stops the behaviour (if still running), then Kindred, in order; resolves with the behaviour's result. */
  stop(reason?: string): Promise<BehaviorResult>;
}

/**
 * Start Kindred on a behaviour's launch file as it is (real time, viewer, bridges, HTTP) and run the
 * behaviour live: people drive it with `kindred intent`, `POST /api/intents` (later voice and the tablet),
 * pause/resume/stop with `kindred behavior command`, and anyone can watch `/behavior/status` (Foxglove,
 * roslib). No script is played. Speech is simulated until the speech module exists.
 */
export async function startLiveBehavior(
  shipped: ShippedBehavior,
  options: { planFile?: string; logger: Logger; port?: number; bridgePorts?: { rosbridge?: number; foxglove?: number }; dataDir?: string },
): Promise<LiveBehavior> {
  const prepared = shipped.prepare(options.planFile === undefined ? {} : { planFile: options.planFile });
  const base = loadLaunchFile(shipped.launchFile);
  const launch = prepared.launch === undefined ? base : prepared.launch(base);
  const kindred = await Kindred.start(launch, {
    logger: options.logger,
    launchFile: shipped.launchFile,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.bridgePorts === undefined ? {} : { bridgePorts: options.bridgePorts }),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
  });
  const host = hostFromKindredParts({ bus: kindred.bus, clock: kindred.clock, logger: options.logger.child({ module: 'behavior' }), loop: kindred.loop, controllers: launch.controllers });
  const speech = new SimSpeech({ bus: kindred.bus, clock: kindred.clock, logger: options.logger.child({ module: 'sim_speech' }) });
  speech.start();
  const actors = shipped.actors?.(host);
  const runner = BehaviorRunner.start(shipped.definition, { host, input: prepared.input as never, ...(actors === undefined ? {} : { actors }) });
  let stopping: Promise<BehaviorResult> | undefined;
  return {
    kindred,
    runner,
    stop: (reason = 'stop') =>
      (stopping ??= (async () => {
        const result = runner.status === 'running' ? await runner.stop() : await runner.done();
        speech.stop();
        host.dispose();
        await kindred.stop(reason);
        return result;
      })()),
  };
}

function readScript(file: string): ScriptedInput[] {
  const data: unknown = parseYamlText(readFileSync(file, 'utf8'));
  if (!Array.isArray(data) || data.some((d) => typeof d !== 'object' || d === null || typeof (d as { atS?: unknown }).atS !== 'number')) {
    throw new KindredError('CLI_USAGE', `--script ${file}: expected a YAML list of inputs, each with atS (seconds) and one of intent, command, estop, safetyReset, patientSignal, sim`, { file, field: '--script' });
  }
  return data as ScriptedInput[];
}

function parseProbes(value: string | undefined): Probe[] {
  if (value === undefined) return [...PROBES];
  const list = value.split(',').map((p) => p.trim());
  for (const p of list) {
    if (!(PROBES as readonly string[]).includes(p)) throw new KindredError('CLI_USAGE', `--probe ${JSON.stringify(p)}; expected a comma-separated list of ${PROBES.join(', ')}`, { field: '--probe', value: p, expected: PROBES.join(' | ') });
  }
  return list as Probe[];
}

function portOf(value: string | undefined): number {
  const raw = value ?? process.env['KINDRED_PORT'] ?? '8080';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new KindredError('CLI_USAGE', `--port is ${JSON.stringify(raw)}; expected a whole number between 1 and 65535`, { field: '--port', value: raw });
  return n;
}

function printAnswer(r: RobotAnswer, out: { code: number }): void {
  if (r.status === 200) console.log(JSON.stringify(r.body));
  else console.error(refusalText(r));
  out.code = r.status === 200 ? 0 : 1;
}

/** `kindred behavior list|verify|run|command` and `kindred intent`. */
export function addBehaviorCommands(program: Command, out: { code: number }): void {
  const behavior = program.command('behavior').description('behaviours as statecharts: verify, run headless in simulation / 行为（状态图）：验证与仿真运行');

  behavior
    .command('list')
    .description('the shipped behaviours / 已内置的行为')
    .action(async () => {
      for (const id of shippedBehaviorIds()) {
        const s = await loadShipped(id);
        console.log(`${id}\t${s.definition.description.zh} / ${s.definition.description.en}`);
      }
      out.code = 0;
    });

  behavior
    .command('verify')
    .description('prove every shipped behaviour safe-stoppable, free of dead ends, cancelling its actors / 验证行为的安全停止、无死锁与 actor 取消')
    .argument('[ids...]', 'behaviours to verify (default: all)')
    .action(async (ids: string[]) => {
      const chosen = ids.length > 0 ? ids : shippedBehaviorIds();
      let failed = 0;
      for (const id of chosen) {
        const s = await loadShipped(id);
        const report = verifyBehavior(s.definition);
        console.log(`== ${id} ==`);
        console.log(formatReport(report));
        if (!report.ok) failed++;
      }
      console.log(failed === 0 ? `All ${chosen.length} behaviour(s) verified / 全部 ${chosen.length} 个行为验证通过` : `${failed} behaviour(s) failed verification / ${failed} 个行为验证失败`);
      out.code = failed === 0 ? 0 : 1;
    });

  behavior
    .command('test')
    .description('model-based tests: paths generated from each machine, run against the simulator (pause, stop, e-stop in every state that offers them) / 基于模型的测试：由状态图生成路径并在仿真中运行')
    .argument('[ids...]', 'behaviours to test (default: all)')
    .addOption(new Option('--probe <probes>', 'comma-separated: pause, stop, estop (default: all)'))
    .addOption(new Option('--target <state>', 'only cases on state values starting with this'))
    .addOption(new Option('--plan <file>', 'session plan (rehab)'))
    .addOption(new Option('--list', 'print the generated cases without running them'))
    .addOption(new Option('--parallel <n>', 'simulator runs at once (default 1)'))
    .addOption(new Option('--out <file>', 'also write the reports (JSON) here'))
    .action(async (ids: string[], opts: { probe?: string; target?: string; plan?: string; list?: boolean; parallel?: string; out?: string }) => {
      const probes = parseProbes(opts.probe);
      const parallel = opts.parallel === undefined ? 1 : Number(opts.parallel);
      if (!Number.isInteger(parallel) || parallel < 1 || parallel > 8) throw new KindredError('CLI_USAGE', `--parallel is ${JSON.stringify(opts.parallel)}; expected a whole number from 1 to 8`, { field: '--parallel', value: opts.parallel });
      const filter = (c: ModelCase): boolean => opts.target === undefined || c.target.startsWith(opts.target);
      const chosen = ids.length > 0 ? ids : shippedBehaviorIds();
      const reports: ModelTestReport[] = [];
      let failed = 0;
      for (const id of chosen) {
        const shipped = await loadShipped(id);
        if (opts.list === true) {
          const plan = generatePlan(buildModelGraph(shipped.definition, { input: shipped.prepare(opts.plan === undefined ? {} : { planFile: opts.plan }).input }), probes);
          console.log(`== ${id} ==`);
          for (const c of plan.runs.flat().filter(filter)) console.log(`  ${c.probe.padEnd(5)} ${c.target}`);
          for (const n of plan.notGenerated.filter((x) => filter({ behaviorId: id, probe: x.probe, target: x.target }))) console.log(`  (not generated) ${n.probe} ${n.target}: ${n.reason.en} / ${n.reason.zh}`);
          continue;
        }
        const logger = createLogger({ level: 'fatal', destination: 2 });
        const report = await modelTestShipped(shipped, { logger, probes, filter, parallel, ...(opts.plan === undefined ? {} : { planFile: opts.plan }), onResult: (r) => console.error(`${r.ok ? 'PASS' : 'FAIL'} ${id} ${r.case.probe} ${r.case.target}`) });
        reports.push(report);
        console.log(formatModelTestReport(report));
        if (!report.ok) failed++;
      }
      if (opts.out !== undefined) writeFileSync(opts.out, `${JSON.stringify(reports, null, 2)}\n`);
      if (opts.list !== true) console.log(failed === 0 ? `All model-based tests passed / 基于模型的测试全部通过` : `${failed} behaviour(s) failed model-based tests / ${failed} 个行为未通过基于模型的测试`);
      out.code = failed === 0 ? 0 : 1;
    });

  behavior
    .command('command')
    .description('pause, resume or stop the running behaviour(s) of a running Kindred / 暂停、继续或停止正在运行的行为')
    .argument('<command>', 'pause | resume | stop')
    .addOption(new Option('--behavior <id>', 'only this behaviour (default: all running)'))
    .addOption(new Option('--port <port>', 'HTTP port of the running Kindred (default 8080, or KINDRED_PORT)'))
    .action(async (command: string, opts: { behavior?: string; port?: string }) => {
      printAnswer(await postToRobot(portOf(opts.port), '/api/behaviors/command', { command, ...(opts.behavior === undefined ? {} : { behavior: opts.behavior }) }), out);
    });

  program
    .command('intent')
    .description('say something to the running behaviours as text (as voice and the tablet will) / 以文本形式向行为发出意图')
    .argument('<name>', 'intent: yes, no, stop, help, ready, confirm, ack, how_are_you, time, …')
    .addOption(new Option('--role <role>', 'who says it').choices(['patient', 'caregiver', 'therapist']).default('patient'))
    .addOption(new Option('--text <text>', 'the words, e.g. 好'))
    .addOption(new Option('--language <lang>', 'zh or en').choices(['zh', 'en']).default('zh'))
    .addOption(new Option('--port <port>', 'HTTP port of the running Kindred (default 8080, or KINDRED_PORT)'))
    .action(async (name: string, opts: { role: string; text?: string; language: string; port?: string }) => {
      printAnswer(await postToRobot(portOf(opts.port), '/api/intents', { name, role: opts.role, language: opts.language, ...(opts.text === undefined ? {} : { text: opts.text }) }), out);
    });

  behavior
    .command('start')
    .description('run a behaviour live on a running Kindred (its launch file: viewer, bridges, HTTP); drive it with kindred intent / 在运行中的 Kindred 上实时运行行为')
    .argument('<id>', 'rehab, transfer or companion')
    .addOption(new Option('--plan <file>', 'session plan (rehab)'))
    .addOption(new Option('--port <port>', 'HTTP port (default: the launch file’s, or KINDRED_PORT)'))
    .addOption(new Option('--out <file>', 'write the record (JSON) here when the behaviour ends'))
    .action(async (id: string, opts: { plan?: string; port?: string; out?: string }) => {
      const shipped = await loadShipped(id);
      const logger = createLogger({ level: 'info', destination: 2 });
      const port = opts.port === undefined && process.env['KINDRED_PORT'] === undefined ? undefined : portOf(opts.port);
      const live = await startLiveBehavior(shipped, { logger, ...(opts.plan === undefined ? {} : { planFile: opts.plan }), ...(port === undefined ? {} : { port }) });
      console.error(`${id} is running live / 行为正在运行: ${live.kindred.url}/healthz; kindred intent <name> --role <role> to talk to it, Ctrl+C to stop / 按 Ctrl+C 停止`);
      for (const line of live.kindred.bridgeSummary()) console.error(`  ${line}`);
      const interrupted = new Promise<string>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      const ended = await Promise.race([live.runner.done().then(() => 'done'), interrupted]);
      const result = await live.stop(ended);
      const record = shipped.record === undefined ? result.output : shipped.record(result.output);
      const text = JSON.stringify(record, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
      console.log(text);
      if (opts.out !== undefined) writeFileSync(opts.out, `${text}\n`);
      console.error(`${id}: ${result.status} in state ${result.state} / 结果 ${result.status}，最终状态 ${result.state}`);
      out.code = result.status === 'done' ? 0 : 1;
    });

  behavior
    .command('run')
    .description('run a behaviour headless against the simulator and print its record / 在仿真中无界面运行行为并输出记录')
    .argument('<id>', 'rehab, transfer or companion')
    .addOption(new Option('--plan <file>', 'session plan (rehab)'))
    .addOption(new Option('--script <file>', 'timed inputs (YAML) replacing the behaviour’s demo script'))
    .addOption(new Option('--out <file>', 'also write the record (JSON) here'))
    .action(async (id: string, opts: { plan?: string; script?: string; out?: string }) => {
      const shipped = await loadShipped(id);
      // The record goes to stdout (for piping into a file or jq); logs to stderr.
      const logger = createLogger({ level: 'warn', destination: 2 });
      const run = await runShippedBehavior(shipped, { logger, ...(opts.plan === undefined ? {} : { planFile: opts.plan }), ...(opts.script === undefined ? {} : { script: readScript(opts.script) }) });
      const text = JSON.stringify(run.record, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
      console.log(text);
      if (opts.out !== undefined) writeFileSync(opts.out, `${text}\n`);
      console.error(
        `${id}: ${run.result.status} in state ${run.result.state} after ${run.simulatedS.toFixed(1)} s simulated / 结果 ${run.result.status}，最终状态 ${run.result.state}，仿真 ${run.simulatedS.toFixed(1)} 秒`,
      );
      out.code = run.result.status === 'done' ? 0 : 1;
    });
}
