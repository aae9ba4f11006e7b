// The "process crash and restart" fault (issue 6): the real `kindred launch` process with the simulated
// exoskeleton is killed with SIGKILL at seeded moments (after acknowledged safety events, during its own
// start-up) and restarted on the same data directory. Every event the API acknowledged must be in the
// durable safety log, the log must verify and never be rewritten, and a restart after an unclean end must
// come up in a latched protective stop that only an authorised reset lifts; an orderly stop (SIGTERM)
// ends the log with a `shutdown` marker and the next start is normal.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseYaml, validateLaunch } from '../launch/index.js';
import { Kindred } from '../runtime/cli/Kindred.js';
import { silentLogger } from '../runtime/logging/index.js';
import { listLogFiles, SafetyLog, type SafetyEventRecord, type SafetyLogRecord } from '../safety/log/index.js';
import { scanLogFiles } from '../safety/log/verifyLog.js';
import { seededRandom } from '../motion/kinematics/testing/randomRobotModel.js';

const root = new URL('..', import.meta.url).pathname;
const cli = ['--import', 'tsx', join(root, 'runtime/cli/main.ts')];
const work = mkdtempSync(join(tmpdir(), 'kindred-crash-'));
const dataDir = join(work, 'data');
const logDir = join(dataDir, 'safety-log');
const children = new Set<ChildProcessWithoutNullStreams>();
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

// The shipped default (simulated exoskeleton, real-time 500 Hz loop) without the browser viewer, on a
// free port, with drive-watchdog and stall timeouts that a loaded test machine does not trip.
const launchFile = join(work, 'crash.launch.yaml');
writeFileSync(
  launchFile,
  readFileSync(join(root, 'launch/exo_default.launch.yaml'), 'utf8')
    .replace('watchdogTimeoutMs: 100', 'watchdogTimeoutMs: 1000')
    .replace('viewer: true', 'viewer: false')
    .replace('stallTimeoutMs: 200', 'stallTimeoutMs: 2000')
    .replace(/port: \d+/g, 'port: 0'),
);


const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Run {
  readonly child: ChildProcessWithoutNullStreams;
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function launch(): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, KINDRED_DATA_DIR: dataDir };
  delete env['KINDRED_PORT'];
  const child = spawn(process.execPath, [...cli, 'launch', launchFile], { cwd: root, env });
  children.add(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => out, exited };
}

async function waitFor(run: Run, pattern: RegExp, timeoutMs = 40_000): Promise<RegExpExecArray> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const m = pattern.exec(run.output());
    if (m !== null) return m;
    if (run.child.exitCode !== null || run.child.signalCode !== null) throw new Error(`kindred exited before printing ${pattern}:\n${run.output()}`);
    if (Date.now() > until) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${run.output()}`);
    await sleep(50);
  }
}

const urlOf = async (run: Run): Promise<string> => (await waitFor(run, /(http:\/\/127\.0\.0\.1:\d+)\/healthz/))[1]!;

interface Fault {
  readonly monitor: string;
  readonly subject: string;
  readonly latched: boolean;
  readonly sinceNs: string;
  readonly seq: number;
}
interface State {
  readonly state: string;
  readonly stopCategory: number;
  readonly activeFaults: readonly Fault[];
  readonly lastEventSeq: number;
  readonly loggedSeq: number;
}
const getState = async (url: string): Promise<State> => (await (await fetch(`${url}/api/safety/state`)).json()) as State;
const post = async (url: string, path: string, body: unknown): Promise<number> =>
  (await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status;

/** What the API acknowledged and the log must hold: an e-stop fault (by source and loop time) or a reset (by operator). */
type Acked = { readonly kind: 'fault'; readonly subject: string; readonly timeNs: string } | { readonly kind: 'reset'; readonly operator: string };

/** E-stop from the tablet/API; acknowledged once /api/safety/state shows the fault and that it is logged. */
async function estop(url: string, source: string): Promise<Acked> {
  expect(await post(url, '/api/safety/estop', { source })).toBe(200);
  for (let i = 0; i < 100; i++) {
    const s = await getState(url);
    const f = s.activeFaults.find((x) => x.monitor === 'estop_request' && x.subject === source);
    if (f !== undefined && s.loggedSeq >= f.seq) return { kind: 'fault', subject: source, timeNs: f.sinceNs };
    await sleep(50);
  }
  throw new Error(`e-stop ${source} never shown as logged`);
}

/** Reset from the robot itself (what `kindred safety reset` posts); retried while the stop is still in progress. */
async function reset(url: string, operator: string): Promise<Acked> {
  for (let i = 0; i < 50; i++) {
    const status = await post(url, '/api/safety/reset', { operator });
    if (status === 200) return { kind: 'reset', operator };
    expect(status).toBe(409);
    await sleep(200);
  }
  throw new Error(`reset by ${operator} never accepted`);
}

const events = (): SafetyEventRecord[] => scanLogFiles(listLogFiles(logDir)).records.flatMap((r) => (r.record.type === 'event' ? [r.record] : []));
const snapshot = (): Map<string, Buffer> => new Map(listLogFiles(logDir).map((f) => [f, readFileSync(f)]));

function kindredCli(...args: string[]): { status: number | null; stdout: string } {
  const env = { ...process.env, KINDRED_DATA_DIR: dataDir };
  const r = spawnSync(process.execPath, [...cli, ...args], { cwd: root, encoding: 'utf8', timeout: 30_000, env });
  return { status: r.status, stdout: r.stdout + r.stderr };
}

/**
 * After a kill: the log verifies (with `kindred safety log --verify` when `viaCli`, else the same check
 * in this process, to keep the test short), holds every acknowledged event, and kept every earlier byte.
 */
function checkLog(acked: readonly Acked[], before: Map<string, Buffer>, when: string, viaCli = false): void {
  if (viaCli) {
    const verified = kindredCli('safety', 'log', '--verify');
    expect(verified.status, `${when}: ${verified.stdout}`).toBe(0);
    expect(verified.stdout).toContain('OK / 校验通过');
  } else {
    const report = scanLogFiles(listLogFiles(logDir)).report;
    expect(report.ok, `${when}: ${JSON.stringify(report.problems)}`).toBe(true);
  }
  const logged = events();
  for (const a of acked) {
    const found =
      a.kind === 'fault'
        ? logged.some((e) => e.kind === 'fault' && e.monitor === 'estop_request' && e.subject === a.subject && e.timeNs.toString() === a.timeNs)
        : logged.some((e) => e.kind === 'reset' && e.operator === a.operator && e.source === 'cli');
    expect(found, `${when}: acknowledged ${JSON.stringify(a)} missing from the safety log`).toBe(true);
  }
  for (const [file, bytes] of before) {
    const now = readFileSync(file);
    expect(now.subarray(0, bytes.length).equals(bytes), `${when}: ${file} was rewritten`).toBe(true);
  }
}

const lastStartup = (): SafetyEventRecord => events().findLast((e) => e.kind === 'startup')!;

async function expectUncleanRestart(url: string, when: string): Promise<void> {
  const s = await getState(url);
  expect(s.state, when).toBe('protective_stop');
  expect(s.stopCategory).toBe(2);
  expect(s.activeFaults).toContainEqual(expect.objectContaining({ monitor: 'stop_request', subject: 'unclean_shutdown', latched: true }));
  const health = (await (await fetch(`${url}/healthz`)).json()) as { status: string; safety: { state: string } };
  expect(health).toMatchObject({ status: 'ok', safety: { state: 'protective_stop', previousRun: 'unclean' } });
  const startup = lastStartup();
  expect(startup).toMatchObject({ monitor: 'runtime', reaction: 'none', values: { previousClean: 0 } });
  expect(startup.message?.en).toMatch(/did not end in order.*crashed, was killed or lost power.*protective stop/);
  expect(startup.message?.zh).toMatch(/未有序停止.*保护性停止/);
  // The stop itself is in the log, after the startup marker.
  expect(events().some((e) => e.seq > startup.seq && e.kind === 'fault' && e.monitor === 'stop_request' && e.subject === 'unclean_shutdown' && e.reaction === 'stop2')).toBe(true);
}

describe('crash and restart: Kindred killed with SIGKILL comes back in a protective stop, its safety log intact', () => {
  it('three seeded kills (after acknowledged events, during start-up, right after an acknowledgement), then reset, SIGTERM and a clean start', { timeout: 150_000 }, async () => {
    const random = seededRandom(20251123);
    const acked: Acked[] = [];
    const started = Date.now();
    const phases: string[] = [];
    const mark = (name: string): number => phases.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // 1. A first, clean start; e-stops and a reset acknowledged; SIGKILL a seeded moment after the last.
    let run = launch();
    let url = await urlOf(run);
    let s = await getState(url);
    expect(s.state).toBe('normal');
    expect(lastStartup().values).not.toHaveProperty('previousClean'); // a new log
    acked.push(await estop(url, 'crash_a'));
    acked.push(await reset(url, 'op_one'));
    acked.push(await estop(url, 'crash_b'));
    const delay1 = Math.floor(random() * 300);
    await sleep(delay1);
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    checkLog(acked, new Map(), 'kill 1', true);
    mark('kill 1');
    let before = snapshot();

    // 2. Restart, and SIGKILL during start-up: a seeded moment after the startup marker is written.
    run = launch();
    await waitFor(run, /SAFETY_LOG_UNCLEAN_SHUTDOWN/);
    const delay2 = Math.floor(random() * 1500);
    await sleep(delay2);
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    checkLog(acked, before, 'kill 2');
    mark('kill 2');
    before = snapshot();

    // 3. Restart: protective stop; reset, another e-stop, and SIGKILL the moment it is acknowledged.
    run = launch();
    url = await urlOf(run);
    await expectUncleanRestart(url, 'after kill 2');
    acked.push(await reset(url, 'op_two'));
    acked.push(await estop(url, 'crash_c'));
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    checkLog(acked, before, 'kill 3');
    mark('kill 3');
    before = snapshot();

    // 4. Restart: protective stop until `kindred safety reset` (the CLI, from the robot itself); SIGTERM.
    run = launch();
    url = await urlOf(run);
    await expectUncleanRestart(url, 'after kill 3');
    mark('restart 4');
    const port = /:(\d+)$/.exec(url)![1]!;
    let resetCli = kindredCli('safety', 'reset', '--port', port, '--operator', 'crash_test');
    // Retried while the stop is still in progress, or while a loaded machine keeps the real-time loop's
    // overrun count above its limit (a cause that persists, rightly refused).
    for (let i = 0; i < 30 && resetCli.status !== 0; i++) {
      await sleep(500);
      resetCli = kindredCli('safety', 'reset', '--port', port, '--operator', 'crash_test');
    }
    expect(resetCli.status, resetCli.stdout).toBe(0);
    mark('cli reset');
    expect(resetCli.stdout).toMatch(/^OK: safety state (recovery|normal)/);
    s = await getState(url);
    expect(s.activeFaults.some((f) => f.monitor === 'stop_request')).toBe(false);
    expect(s.stopCategory).toBe(-1);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
    checkLog([...acked, { kind: 'reset', operator: 'crash_test' }], before, 'SIGTERM');
    mark('reset + SIGTERM');
    const last = scanLogFiles(listLogFiles(logDir)).records.at(-1)!.record;
    expect(last).toMatchObject({ type: 'event', kind: 'shutdown', monitor: 'runtime', reaction: 'none', values: { uncleanStopPending: 0 } });
    expect((last as SafetyEventRecord).source).toMatch(/^(SIGTERM|stop)$/);

    // 5. A start after an orderly stop is normal: no stop, and its startup marker says the last run ended in order.
    run = launch();
    url = await urlOf(run);
    s = await getState(url);
    expect(s.state).toBe('normal');
    expect(s.stopCategory).toBe(-1);
    expect(s.activeFaults.some((f) => f.monitor === 'stop_request')).toBe(false);
    expect(lastStartup().values).toMatchObject({ previousClean: 1 });
    expect(lastStartup().message?.en).toContain('the previous session ended in order');
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
    expect(kindredCli('safety', 'log', '--verify').status).toBe(0);
    const sessions = events().filter((e) => e.kind === 'startup' || e.kind === 'shutdown').map((e) => `${e.kind}:${e.values['previousClean'] ?? '-'}`);
    expect(sessions).toEqual(['startup:-', 'startup:0', 'startup:0', 'startup:0', 'shutdown:-', 'startup:1', 'shutdown:-']);
    mark('clean start + SIGTERM');
    console.log(`crash/restart: kills at +${delay1} ms after an ack, +${delay2} ms into start-up, and at an ack; ${acked.length + 1} acknowledged events all logged; ${phases.join(', ')}`);
  });
});

describe('crash and restart in process: a log from before session markers counts as an unclean end', () => {
  const mockLaunch = validateLaunch(
    parseYaml(
      `kind: launch
name: legacy-log
robot: { name: r }
hardware:
  type: mock
  joints:
    - { name: knee, command: [position], min: 0, max: 2 }
loop: { rateHz: 500, mode: lockstep }
controllers:
  - { name: fwd, type: forward_command, joints: [knee] }
services: { http: { enabled: false } }
`,
      'legacy-log.launch.yaml',
    ),
  );

  it('starts in a protective stop (unclean_shutdown) that an orderly restart does not lift; after a reset and an orderly stop the next start is normal', { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindred-legacy-'));
    const logIn = join(dir, 'safety-log');
    const records = (): SafetyLogRecord[] => scanLogFiles(listLogFiles(logIn)).records.map((r) => r.record);
    const unclean = (k: Kindred): void => {
      expect(k.loop.safetyStatus()).toMatchObject({ state: 'protective_stop', stopCategory: 2 });
      expect(k.loop.safetyStatus().activeFaults).toContainEqual(expect.objectContaining({ monitor: 'stop_request', subject: 'unclean_shutdown', latched: true }));
    };
    try {
      const legacy = SafetyLog.open(logIn);
      legacy.append({ timeNs: 1n, kind: 'fault', monitor: 'estop_request', subject: 'tablet', values: { requests: 1 }, limit: { requests: 0 }, reaction: 'stop1' });
      legacy.close();

      // A log from before markers: unknown, so a protective stop.
      let k = await Kindred.start(mockLaunch, { logger: silentLogger(), dataDir: dir, launchFile: 'legacy-log.launch.yaml' });
      expect(k.previousSession).toMatchObject({ status: 'unknown', reason: 'no_markers' });
      unclean(k);
      await k.stop('SIGTERM');
      expect(records().at(-1)).toMatchObject({ type: 'event', kind: 'shutdown', source: 'SIGTERM', subject: 'legacy-log.launch.yaml', values: { uncleanStopPending: 1 } });
      const startup = records().find((r) => r.type === 'event' && r.kind === 'startup') as SafetyEventRecord;
      expect(startup.message?.en).toContain('no session markers');

      // Stopped in order but never reset: a restart is no reset, the stop holds again.
      k = await Kindred.start(mockLaunch, { logger: silentLogger(), dataDir: dir });
      expect(k.previousSession).toMatchObject({ status: 'unclean', reason: 'stop_not_reset' });
      unclean(k);
      await expect.poll(async () => k.loop.safetyReset({ source: 'cli', operator: 'nurse' }).then(() => 'accepted', (e: Error) => e.message), { timeout: 10_000, interval: 100 }).toBe('accepted');
      expect(k.loop.safetyStatus().activeFaults.some((f) => f.monitor === 'stop_request')).toBe(false);
      await k.stop('SIGINT');
      expect(records().at(-1)).toMatchObject({ type: 'event', kind: 'shutdown', source: 'SIGINT', values: { uncleanStopPending: 0 } });

      // Reset, then stopped in order: the next start is normal.
      k = await Kindred.start(mockLaunch, { logger: silentLogger(), dataDir: dir });
      expect(k.previousSession).toMatchObject({ status: 'clean', reason: 'shutdown' });
      expect(k.loop.safetyStatus()).toMatchObject({ state: 'normal', stopCategory: -1 });
      await k.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
