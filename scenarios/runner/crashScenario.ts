import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parse, stringify } from 'yaml';
import { KindredError } from '../../runtime/errors/index.js';
import { listLogFiles, type SafetyEventRecord } from '../../safety/log/index.js';
import { scanLogFiles } from '../../safety/log/verifyLog.js';
import type { LoadedScenario } from './loadScenario.js';
import { timelineEvents } from './timeline.js';
import type { ExpectationResult, FaultRecord, OperatorRecord, ScenarioRunResult, StateChange, TimelineEvent } from './result.js';

/** The `kindred` CLI as a child process: the built JS in production, the sources through tsx in development. */
function cliArgs(): string[] {
  const self = import.meta.url;
  if (self.endsWith('.ts')) return ['--import', 'tsx', fileURLToPath(new URL('../../runtime/cli/main.ts', self))];
  return [fileURLToPath(new URL('../../runtime/cli/main.js', self))];
}

interface Child {
  readonly process: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function launch(file: string, dataDir: string): Child {
  const env: NodeJS.ProcessEnv = { ...process.env, KINDRED_DATA_DIR: dataDir };
  delete env['KINDRED_PORT'];
  const child = spawn(process.execPath, [...cliArgs(), 'launch', file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { process: child, output: () => out, exited };
}

async function urlOf(c: Child, timeoutMs = 60_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const m = /(http:\/\/127\.0\.0\.1:\d+)\/healthz/.exec(c.output());
    if (m !== null) return m[1]!;
    if (c.process.exitCode !== null || c.process.signalCode !== null || Date.now() > until) {
      throw new KindredError('SCENARIO_CRASH_RUN_FAILED', `kindred did not come up: ${c.output().slice(-800)}`, { expected: 'a running kindred launch' });
    }
    await sleep(50);
  }
}

interface ApiFault {
  readonly monitor: string;
  readonly subject: string;
  readonly seq: number;
}
interface ApiState {
  readonly state: string;
  readonly stopCategory: number;
  readonly activeFaults: readonly ApiFault[];
  readonly loggedSeq: number;
}
const stateOf = async (url: string): Promise<ApiState> => (await (await fetch(`${url}/api/safety/state`)).json()) as ApiState;

/** Poll the API until `ok` holds (or fail after `timeoutMs`). */
async function until(url: string, ok: (s: ApiState) => boolean, what: string, timeoutMs = 10_000): Promise<ApiState> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await stateOf(url);
    if (ok(s)) return s;
    if (Date.now() > end) throw new KindredError('SCENARIO_CRASH_RUN_FAILED', `${what}: not seen within ${timeoutMs} ms; last state ${JSON.stringify(s)}`, { expected: what });
    await sleep(50);
  }
}

/** The launch file the crash runs use: the scenario's, without the viewer, on a free port, with timeouts a loaded machine does not trip. */
function crashLaunchFile(loaded: LoadedScenario, dir: string): string {
  const data = parse(readFileSync(loaded.launchFile, 'utf8')) as Record<string, Record<string, unknown>>;
  data['hardware'] = { ...data['hardware'], viewer: false, watchdogTimeoutMs: 1000, seed: loaded.scenario.seed };
  data['loop'] = { ...data['loop'], stallTimeoutMs: 2000 };
  // Every server on a free port, so crash runs in parallel (and a Kindred the developer runs) never collide.
  const services = { ...data['services'] } as Record<string, Record<string, unknown>>;
  for (const [name, service] of Object.entries(services)) services[name] = { ...service, port: 0 };
  data['services'] = { ...services, http: { enabled: true, host: '127.0.0.1', port: 0 } };
  if (data['hardware']!['profile'] !== undefined || loaded.profile !== undefined) data['hardware']!['profile'] = loaded.profile ?? join(loaded.launchFile, '..', String(data['hardware']!['profile']));
  const file = join(dir, 'crash.launch.yaml');
  writeFileSync(file, stringify(data));
  return file;
}

const readLog = (logDir: string): { ok: boolean; problem?: string; events: SafetyEventRecord[] } => {
  const scan = scanLogFiles(listLogFiles(logDir));
  const events = scan.records.map((r) => r.record).filter((r): r is SafetyEventRecord => r.type === 'event');
  return { ok: scan.report.ok, ...(scan.report.ok ? {} : { problem: scan.report.problems.map((p) => p.message).join('; ') }), events };
};

/**
 * A process crash and restart (`compute.crash`), for real: the scenario's launch runs as a `kindred
 * launch` child process with its own data folder; the operator's e-stop requests go through the HTTP
 * API and count as acknowledged once the API shows them logged; at the fault's time the process is
 * killed with SIGKILL. The durable safety log must then verify and hold every acknowledged event;
 * restarted on the same data, Kindred must come up in a latched protective stop (the unclean-shutdown
 * stop request) that only a reset lifts, and stop in order on SIGTERM.
 */
export async function runCrashScenario(loaded: LoadedScenario, atS: number): Promise<Omit<ScenarioRunResult, 'scenario' | 'seed' | 'sampled' | 'disabledMonitors'>> {
  const started = performance.now();
  const s = loaded.scenario;
  const crash = s.faults[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'kindred-crash-scenario-'));
  const logDir = join(dir, 'data', 'safety-log');
  const children: Child[] = [];
  try {
    const file = crashLaunchFile(loaded, dir);
    const first = launch(file, join(dir, 'data'));
    children.push(first);
    const url = await urlOf(first);
    const t0 = performance.now();
    const operator: OperatorRecord[] = [];
    const acked: { source: string; seq: number }[] = [];
    for (const o of s.operator) {
      const at = typeof o.atS === 'number' ? o.atS : o.atS.min;
      const wait = at * 1000 - (performance.now() - t0);
      if (wait > 0) await sleep(wait);
      if (o.action !== 'estop_request') throw new KindredError('SCENARIO_FILE_INVALID', `a crash scenario takes estop_request operator actions only (through the HTTP API); got ${o.action}`, { field: 'operator', value: o.action, expected: 'estop_request' });
      const res = await fetch(`${url}/api/safety/estop`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: o.source }) });
      const st = await until(url, (x) => x.activeFaults.some((f) => f.monitor === 'estop_request' && f.subject === o.source && x.loggedSeq >= f.seq), `e-stop from ${o.source} acknowledged as logged`);
      acked.push({ source: o.source, seq: st.activeFaults.find((f) => f.subject === o.source)!.seq });
      operator.push({ ...(o.id === undefined ? {} : { id: o.id }), atS: (performance.now() - t0) / 1000, action: o.action, source: o.source, outcome: res.ok ? 'accepted' : 'refused', ok: res.ok });
    }
    const wait = atS * 1000 - (performance.now() - t0);
    if (wait > 0) await sleep(wait);
    const killedAt = (performance.now() - t0) / 1000;
    first.process.kill('SIGKILL');
    const exit = await first.exited;

    const afterKill = readLog(logDir);
    const missing = acked.filter((a) => !afterKill.events.some((e) => e.kind === 'fault' && e.monitor === 'estop_request' && e.subject === a.source));

    const second = launch(file, join(dir, 'data'));
    children.push(second);
    const url2 = await urlOf(second);
    let restarted: ApiState | undefined;
    let restartProblem: string | undefined;
    try {
      restarted = await until(url2, (x) => x.activeFaults.some((f) => f.subject === 'unclean_shutdown'), 'the unclean-shutdown stop after restart');
    } catch (e) {
      restartProblem = (e as Error).message;
    }
    second.process.kill('SIGTERM');
    const exit2 = await second.exited;
    const final = readLog(logDir);

    const fault: FaultRecord = {
      id: crash.id,
      type: crash.type,
      target: crash.target,
      startS: killedAt,
      injected: exit.signal === 'SIGKILL',
      appliedCycles: exit.signal === 'SIGKILL' ? 1 : 0,
      evidence: {
        en: `kindred process ${first.process.pid} ended by ${exit.signal ?? `exit code ${exit.code}`} ${killedAt.toFixed(2)} s after it was up; restarted as ${second.process.pid}, which stopped on SIGTERM with exit code ${exit2.code}`,
        zh: `kindred 进程 ${first.process.pid} 在就绪 ${killedAt.toFixed(2)} 秒后被 ${exit.signal ?? `退出码 ${exit.code}`} 终止；重启为 ${second.process.pid}，收到 SIGTERM 后以退出码 ${exit2.code} 停止`,
      },
    };
    const expectations: ExpectationResult[] = [
      {
        index: 0,
        type: 'log_after_crash',
        description: { en: 'after the kill the safety log verifies and holds every event the API acknowledged', zh: '强制终止后安全日志校验通过，且包含 API 已确认的全部事件' },
        verdict: afterKill.ok && missing.length === 0 ? 'pass' : 'fail',
        measured: {
          en: `${afterKill.events.length} events, chain ${afterKill.ok ? 'verifies' : `broken (${afterKill.problem ?? ''})`}; ${acked.length - missing.length}/${acked.length} acknowledged events present`,
          zh: `${afterKill.events.length} 条事件，哈希链${afterKill.ok ? '校验通过' : '损坏'}；已确认事件 ${acked.length - missing.length}/${acked.length} 条在日志中`,
        },
        atS: killedAt,
      },
      {
        index: 1,
        type: 'restart_stopped',
        description: { en: 'restarted after the crash, the robot is in a latched protective stop until an authorised reset', zh: '崩溃后重启，机器人处于锁存的保护性停止，直至授权复位' },
        verdict: restarted !== undefined && restarted.state === 'protective_stop' && restarted.stopCategory === 2 ? 'pass' : 'fail',
        measured: restarted === undefined ? { en: restartProblem ?? 'no state', zh: restartProblem ?? '无状态' } : { en: `state ${restarted.state}, category ${restarted.stopCategory}, fault stop_request/unclean_shutdown`, zh: `状态 ${restarted.state}，${restarted.stopCategory} 类停止，故障 stop_request/unclean_shutdown` },
      },
      {
        index: 2,
        type: 'orderly_stop',
        description: { en: 'the restarted Kindred stops in order on SIGTERM and the log ends with its shutdown marker', zh: '重启后的 Kindred 收到 SIGTERM 有序停止，日志以关机标记结束' },
        verdict: exit2.code === 0 && final.ok && final.events.at(-1)?.kind === 'shutdown' ? 'pass' : 'fail',
        measured: { en: `exit code ${exit2.code}; last record ${final.events.at(-1)?.kind ?? 'none'}; chain ${final.ok ? 'verifies' : 'broken'}`, zh: `退出码 ${exit2.code}；最后一条记录 ${final.events.at(-1)?.kind ?? '无'}` },
      },
    ];
    for (const e of s.expect) {
      if (e.type !== 'no_faults') continue;
      const raised = timelineEvents(final.events).filter((ev) => ev.kind === 'fault' && !e.except.includes(ev.monitor));
      expectations.push({
        index: expectations.length,
        type: e.type,
        description: { en: `no safety fault besides ${e.except.join(', ') || 'none'}`, zh: `除 ${e.except.join('、') || '无'} 外无安全故障` },
        verdict: raised.length === 0 ? 'pass' : 'fail',
        measured: { en: raised.length === 0 ? 'none in the log' : raised.map((r) => r.monitor).join(', '), zh: raised.length === 0 ? '日志中无' : raised.map((r) => r.monitor).join('、') },
      });
    }
    const events: TimelineEvent[] = timelineEvents(final.events);
    const states: StateChange[] = [{ timeS: 0, state: 'normal' }, ...(restarted === undefined ? [] : [{ timeS: killedAt, state: restarted.state }])];
    return {
      verdict: expectations.every((e) => e.verdict === 'pass') && fault.injected && operator.every((o) => o.ok) ? 'pass' : 'fail',
      wallMs: performance.now() - started,
      simS: 0,
      faults: [fault],
      operator,
      expectations,
      events,
      states,
      traces: { timeS: [], joints: [], forces: [], maxSpeed: [] },
      log: { records: final.events.length, verified: final.ok, ...(final.problem === undefined ? {} : { problem: final.problem }) },
    };
  } finally {
    for (const c of children) if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    rmSync(dir, { recursive: true, force: true });
  }
}
