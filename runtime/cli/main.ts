/**
 * The `kindred` command line: start, launch, check, urdf, sim, safety, scenario. Configuration errors print as
 * `file:line:column: CODE message (中文)` and exit with code 2, with nothing started.
 */
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_LAUNCH_FILE, loadLaunchFile, readYamlFile, SIM_SCENES, validateLaunch } from '../../launch/index.js';
import { compileKinematics } from '../../motion/index.js';
import { validateHazards } from '../../scenarios/runner/hazards.js';
import { validateScenario } from '../../scenarios/runner/loadScenario.js';
import { safetyLogCommand } from '../../safety/log/index.js';
import { runSimBenchReport } from '../../sim/bench.js';
import { checkHumanProfile, HUMAN_PROFILE_KINDS, isHumanProfileKind } from '../../sim/profiles/index.js';
import type { SceneId } from '../../sim/scenes/types.js';
import { viewMjcfFile } from '../../sim/viewer/index.js';
import { formatUrdfTree, loadUrdfFile, robotModelToJson } from '../../urdf/index.js';
import { isKindredError, KindredError } from '../errors/index.js';
import { createLogger } from '../logging/index.js';
import { Kindred } from './Kindred.js';
import { addScenarioCommands } from './scenarioCommand.js';
import { addBagCommands } from './bagCommands.js';
import { addBehaviorCommands } from './behaviorCommand.js';
import { postToRobot, refusalText } from './robotApi.js';

export const EXIT_CONFIG = 2;

function parsePort(value: string, flag = '--port'): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new KindredError('CLI_USAGE', `${flag} is ${JSON.stringify(value)}; expected a whole number between 0 and 65535`, { field: flag, value });
  }
  return n;
}

/** A port from the command line, else from the environment variable, else undefined (the launch file's). */
function portOption(value: string | undefined, flag: string, variable: string): number | undefined {
  if (value !== undefined) return parsePort(value, flag);
  const env = process.env[variable];
  return env === undefined || env === '' ? undefined : parsePort(env, variable);
}

interface PortOptions {
  readonly port?: string;
  readonly rosbridgePort?: string;
  readonly foxglovePort?: string;
}

/** Start from a launch file and run until SIGINT/SIGTERM; resolves with the exit code. */
async function run(file: string, opts: PortOptions): Promise<number> {
  const launch = loadLaunchFile(file);
  const logger = createLogger({ level: launch.logging.level });
  const port = portOption(opts.port, '--port', 'KINDRED_PORT');
  const rosbridge = portOption(opts.rosbridgePort, '--rosbridge-port', 'KINDRED_ROSBRIDGE_PORT');
  const foxglove = portOption(opts.foxglovePort, '--foxglove-port', 'KINDRED_FOXGLOVE_PORT');
  const kindred = await Kindred.start(launch, {
    logger,
    dataDir: dataDir(),
    launchFile: file,
    ...(port === undefined ? {} : { port }),
    bridgePorts: { ...(rosbridge === undefined ? {} : { rosbridge }), ...(foxglove === undefined ? {} : { foxglove }) },
  });
  console.log(`Kindred is running “${launch.name}” (${launch.robot.name}, ${launch.hardware.type} hardware, ${launch.loop.rateHz} Hz loop).`);
  console.log(`Kindred 已启动：${launch.name}（${launch.robot.name}，${launch.loop.rateHz} Hz 控制回路）`);
  console.log(`  Health / 健康检查: ${kindred.url}/healthz`);
  if (kindred.viewerUrl !== undefined) console.log(`  Simulator viewer / 仿真三维视图: ${kindred.viewerUrl}`);
  for (const line of kindred.bridgeSummary()) console.log(`  ${line}`);
  console.log('  Ctrl+C stops in order / 按 Ctrl+C 有序停止');
  return new Promise<number>((resolve) => {
    const stop = (signal: string): void => {
      logger.info({ signal }, 'shutting down');
      void kindred.stop(signal).then(() => resolve(0));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

/** Check one Kindred file without starting anything; returns a one-line summary. */
function checkFile(file: string): string {
  if (/\.(urdf|xacro)$/.test(file)) {
    const model = loadUrdfFile(file);
    return `${file}: ok — robot ${model.name}, ${model.links.length} links, ${model.joints.length} joints`;
  }
  if (/\.ya?ml$/.test(file)) {
    const source = readYamlFile(file);
    const kind = (source.data as { kind?: unknown } | null)?.kind;
    if (kind === 'launch') {
      const launch = validateLaunch(source);
      const h = launch.hardware;
      const hw = h.type === 'mock' ? `${h.joints.length} mock joints` : h.type === 'sim' ? `simulated ${h.scene} (seed ${h.seed})` : `ROS 2 robot at ${h.url} (${h.joints.length} joints, ${h.controller.type} ${h.controller.name})`;
      return `${file}: ok — launch ${launch.name}, ${hw}, ${launch.controllers.length} controllers, ${launch.loop.rateHz} Hz`;
    }
    if (isHumanProfileKind(kind)) return checkHumanProfile(source);
    if (kind === 'scenario') {
      const { scenario: s } = validateScenario(source);
      return `${file}: ok — scenario ${s.name} in ${s.scene}, ${s.faults.length} fault(s), ${s.operator.length} operator action(s), ${s.expect.length} expectation(s), seed ${s.seed}`;
    }
    if (kind === 'hazards') {
      const h = validateHazards(source);
      return `${file}: ok — ${h.hazards.length} hazards, ${new Set(h.hazards.flatMap((x) => x.scenarios)).size} verifying scenarios`;
    }
    const kinds = ['launch', ...HUMAN_PROFILE_KINDS, 'scenario', 'hazards'];
    throw new KindredError('FILE_UNKNOWN_KIND', `top-level kind is ${JSON.stringify(kind ?? null)}; expected one of ${kinds.join(', ')}`, {
      file,
      ...source.locate(['kind']),
      field: 'kind',
      value: kind,
      expected: kinds.join(' | '),
    });
  }
  throw new KindredError('FILE_UNKNOWN_KIND', `cannot tell what kind of file ${file} is; expected .yaml (with kind:), .urdf or .xacro`, { file });
}

function parseJointValues(pairs: readonly string[]): Map<string, number> {
  const values = new Map<string, number>();
  for (const p of pairs) {
    const m = /^([^=]+)=(.+)$/.exec(p);
    const v = m === null ? Number.NaN : Number(m[2]);
    if (m === null || !Number.isFinite(v)) {
      throw new KindredError('CLI_USAGE', `--q ${JSON.stringify(p)}; expected joint=value with a number in rad or m`, { field: '--q', value: p });
    }
    values.set(m[1]!, v);
  }
  return values;
}

function buildProgram(out: { code: number }): Command {
  const program = new Command('kindred')
    .description('On-board runtime for eldercare robots / 养老护理机器人机载运行时')
    .exitOverride()
    .enablePositionalOptions()
    .showHelpAfterError();

  program
    .command('start')
    .description('start on the embedded default: mock exoskeleton, loop and HTTP on localhost / 以内置默认配置启动')
    .addOption(new Option('--port <port>', 'HTTP port (default 8080, or KINDRED_PORT)'))
    .addOption(new Option('--rosbridge-port <port>', 'rosbridge v2 port (default 9090, or KINDRED_ROSBRIDGE_PORT)'))
    .addOption(new Option('--foxglove-port <port>', 'Foxglove WebSocket port (default 8765, or KINDRED_FOXGLOVE_PORT)'))
    .addOption(new Option('--launch <file>', 'launch file to use instead of the default').default(DEFAULT_LAUNCH_FILE, 'the embedded default'))
    .action(async (opts: PortOptions & { launch: string }) => {
      out.code = await run(opts.launch, opts);
    });

  program
    .command('launch')
    .description('start from a launch file / 按启动文件启动')
    .argument('<file>', 'launch file (YAML)')
    .addOption(new Option('--port <port>', 'HTTP port, overriding the launch file'))
    .addOption(new Option('--rosbridge-port <port>', 'rosbridge v2 port, overriding the launch file (or KINDRED_ROSBRIDGE_PORT)'))
    .addOption(new Option('--foxglove-port <port>', 'Foxglove WebSocket port, overriding the launch file (or KINDRED_FOXGLOVE_PORT)'))
    .action(async (file: string, opts: PortOptions) => {
      out.code = await run(file, opts);
    });

  program
    .command('check')
    .description('validate Kindred files (launch YAML, URDF/xacro) without starting anything / 校验文件，不启动')
    .argument('<files...>', 'files to check')
    .action((files: string[]) => {
      let failed = 0;
      for (const f of files) {
        try {
          console.log(checkFile(f));
        } catch (e) {
          if (!isKindredError(e)) throw e;
          console.error(e.format());
          failed++;
        }
      }
      out.code = failed > 0 ? EXIT_CONFIG : 0;
    });

  const urdf = program
    .command('urdf')
    .description('print a robot description as a tree with every joint’s limits (like check_urdf) / 打印机器人描述树')
    .argument('<file>', 'URDF or xacro file')
    .option('--json', 'print the parsed RobotModel as JSON')
    .enablePositionalOptions()
    .action((file: string, opts: { json?: boolean }) => {
      const model = loadUrdfFile(file);
      console.log(opts.json === true ? JSON.stringify(robotModelToJson(model), null, 2) : formatUrdfTree(model));
    });

  urdf
    .command('fk')
    .description('print every link’s pose in the root frame for joint values / 计算正运动学')
    .argument('<file>', 'URDF or xacro file')
    .option('--q <joint=value...>', 'joint values (rad or m); unnamed joints are 0', [])
    .option('--json', 'print JSON')
    .action((file: string, opts: { q: string[]; json?: boolean }) => {
      const model = loadUrdfFile(file);
      const tree = compileKinematics(model);
      const values = parseJointValues(opts.q);
      for (const name of values.keys()) {
        if (!tree.jointNames.includes(name)) {
          throw new KindredError('CLI_USAGE', `--q names joint ${JSON.stringify(name)}, which ${model.name} does not have; movable joints: ${tree.jointNames.join(', ')}`, {
            field: '--q',
            value: name,
          });
        }
      }
      const q = Float64Array.from(tree.jointNames, (n) => values.get(n) ?? 0);
      const poses = tree.fk(q, tree.createLinkPoses());
      const rows = tree.linkNames.map((link, i) => {
        const r = poses.rotation.subarray(9 * i, 9 * i + 9);
        const p = [...poses.positionM.subarray(3 * i, 3 * i + 3)];
        return { link, positionM: p, rotation: [...r] };
      });
      if (opts.json === true) console.log(JSON.stringify({ robot: model.name, q: Object.fromEntries(tree.jointNames.map((n, i) => [n, q[i]])), links: rows }, null, 2));
      else for (const row of rows) console.log(`${row.link.padEnd(32)} xyz=[${row.positionM.map((v) => v.toFixed(6)).join(', ')}]`);
    });

  const sim = program.command('sim').description('simulator tools / 仿真工具');
  sim
    .command('bench')
    .description('real-time factor of the full Kindred loop vs a bare MuJoCo loop, per scene / 仿真实时倍率基准')
    .option('--quick', 'one simulated second per round, three rounds')
    .option('--scene <id...>', `scenes to measure (default exo_standing transfer_bed; any of ${Object.keys(SIM_SCENES).join(', ')})`)
    .option('--json', 'print JSON: per scene its name, Kindred’s real-time factor and the bare MuJoCo loop’s')
    .action(async (opts: { quick?: boolean; scene?: string[]; json?: boolean }) => {
      for (const s of opts.scene ?? []) {
        if (!(s in SIM_SCENES)) {
          throw new KindredError('CLI_USAGE', `--scene ${JSON.stringify(s)} is not a scene; expected one of ${Object.keys(SIM_SCENES).join(', ')}`, { field: '--scene', value: s });
        }
      }
      const rows = await runSimBenchReport({ quick: opts.quick === true, ...(opts.scene === undefined ? {} : { scenes: opts.scene as SceneId[] }) });
      if (opts.json === true) {
        console.log(JSON.stringify(rows, null, 2));
        return;
      }
      console.log('scene / 场景              loop Hz  Kindred RTF  in-thread RTF  bare MuJoCo RTF  overhead / 开销');
      for (const r of rows) {
        const f = (x: number): string => `${x.toFixed(1)}×`.padStart(11);
        console.log(`${`${r.scene} (${r.people.join(', ') || '—'})`.padEnd(26)}${String(r.rateHz).padStart(7)}  ${f(r.kindredRtf)}  ${f(r.inThreadRtf).padStart(13)}  ${f(r.bareMujocoRtf).padStart(15)}  ${r.overhead.toFixed(2)}×`);
      }
      console.log('RTF = simulated seconds per wall-clock second / 实时倍率 = 每秒墙钟时间内仿真的秒数');
    });
  sim
    .command('view')
    .description('view an MJCF file in the browser, simulated on this thread / 在浏览器中查看 MJCF 模型')
    .argument('<file>', 'MJCF (.xml) file')
    .addOption(new Option('--port <port>', 'HTTP port').default('8090'))
    .action(async (file: string, opts: { port: string }) => {
      const logger = createLogger();
      const viewer = await viewMjcfFile(file, { port: parsePort(opts.port), host: '127.0.0.1', logger });
      console.log(`Viewer / 三维视图: ${viewer.url}  (Ctrl+C to stop / 按 Ctrl+C 停止)`);
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      await viewer.close();
    });

  addScenarioCommands(program, out);
  addBagCommands(program, out);
  addBehaviorCommands(program, out);

  const safety = program.command('safety').description('safety supervisor tools / 安全监控工具');
  const onRobot = (path: string, body: unknown) => async (opts: { port?: string }): Promise<void> => {
    const port = portOption(opts.port, '--port', 'KINDRED_PORT') ?? 8080;
    const answer = await postToRobot(port, path, body);
    if (answer.status === 200) {
      const status = answer.body['status'] as { state?: string } | undefined;
      console.log(`OK: safety state ${String(answer.body['state'] ?? status?.state ?? '?')} / 安全状态`);
      return;
    }
    console.error(refusalText(answer));
    out.code = 1;
  };
  safety
    .command('estop')
    .description('emergency stop of the running Kindred on this robot / 紧急停止')
    .option('--port <port>', 'HTTP port of the running Kindred (default KINDRED_PORT or 8080)')
    .action(onRobot('/api/safety/estop', { source: 'cli' }));
  safety
    .command('reset')
    .description('leave a safety stop (refused while its cause persists) / 安全复位（原因未消除时拒绝）')
    .option('--port <port>', 'HTTP port of the running Kindred (default KINDRED_PORT or 8080)')
    .option('--operator <name>', 'who resets, for the safety log')
    .action(async (opts: { port?: string; operator?: string }) => onRobot('/api/safety/reset', { ...(opts.operator === undefined ? {} : { operator: opts.operator }) })(opts));
  safety
    .command('log')
    .description('list and verify the durable safety event log / 查看并校验安全事件日志')
    .option('--dir <dir>', 'safety log directory (default: $KINDRED_DATA_DIR/safety-log, or ~/.kindred/safety-log)', defaultSafetyLogDir())
    .option('--since <time>', 'ISO date/time, or a duration back from now (10m, 2h, 7d)')
    .option('--verify', 'verify every record’s hash and the chain across files; exit 1 on an error')
    .option('--json', 'print JSON')
    .action((opts: { dir: string; since?: string; verify?: boolean; json?: boolean }) => {
      const r = safetyLogCommand(opts.dir, { ...(opts.since === undefined ? {} : { since: opts.since }), verify: opts.verify === true, json: opts.json === true });
      console.log(r.text);
      out.code = r.exitCode;
    });

  return program;
}

/** Where Kindred keeps its durable records (safety log, session records): KINDRED_DATA_DIR or ~/.kindred. */
function dataDir(): string {
  const env = process.env['KINDRED_DATA_DIR'];
  return env === undefined || env === '' ? join(homedir(), '.kindred') : env;
}

function defaultSafetyLogDir(): string {
  return join(dataDir(), 'safety-log');
}

/** Run the CLI; resolves with the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const out = { code: 0 };
  const program = buildProgram(out);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return out.code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_CONFIG;
    if (isKindredError(e)) {
      console.error(e.format());
      return EXIT_CONFIG;
    }
    console.error(e);
    return 1;
  }
}

// Run when executed directly (tsx runtime/cli/main.ts …); bin/kindred.js imports `main` instead.
const invoked = process.argv[1];
if (invoked !== undefined && realpathSync(invoked) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
