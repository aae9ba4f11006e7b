import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const cli = ['--import', 'tsx', join(root, 'runtime/cli/main.ts')];
const dir = mkdtempSync(join(tmpdir(), 'kindred-cli-'));

const good = `kind: launch
name: test
robot: { name: r }
hardware:
  type: mock
  joints:
    - { name: knee, command: [position], min: 0, max: 2 }
loop: { rateHz: 500 }
controllers:
  - { name: fwd, type: forward_command, joints: [knee] }
services:
  http: { port: 0 }
`;

const simLaunch = `kind: launch
name: sim-test
robot: { name: kindred_exo }
hardware:
  type: sim
  scene: exo_standing
  seed: 7
loop: { rateHz: 500 }
controllers:
  - { name: fwd, type: forward_command, joints: [knee_left] }
services:
  http: { port: 0 }
`;

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function kindred(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...cli, ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('kindred check: the bad-input table (exit 2, file:line:column, nothing started)', () => {
  it.each([
    ['malformed YAML', 'bad-syntax.yaml', good.replace('robot: { name: r }', 'robot: { name: r'), /bad-syntax\.yaml:\d+:\d+: YAML_SYNTAX /],
    ['an unknown key', 'unknown-key.yaml', good.replace('loop: { rateHz: 500 }', 'loop: { rateHz: 500, rateHZ: 1 }'), /unknown-key\.yaml:8:\d+: CONFIG_UNKNOWN_KEY .*rateHZ/],
    ['a wrong type', 'wrong-type.yaml', good.replace('loop: { rateHz: 500 }', 'loop: { rateHz: fast }'), /wrong-type\.yaml:8:17: CONFIG_INVALID loop\.rateHz .*"fast".*number/],
    ['a bad rate', 'bad-rate.yaml', good.replace('loop: { rateHz: 500 }', 'loop: { rateHz: 5000 }'), /bad-rate\.yaml:8:17: CONFIG_INVALID loop\.rateHz is 5000; expected a number between 10 and 2000/],
    ['a controller on a missing joint', 'bad-joint.yaml', good.replace('joints: [knee] }', 'joints: [ankle] }'), /bad-joint\.yaml:10:\d+: CONFIG_INVALID controllers\[0\]\.joints\[0\] is "ankle"/],
    ['an unknown hardware type', 'bad-hw.yaml', good.replace('type: mock', 'type: warp'), /bad-hw\.yaml:5:\d+: CONFIG_INVALID hardware\.type .*"warp".*mock/],
    ['an unknown scene', 'bad-scene.yaml', simLaunch.replace('scene: exo_standing', 'scene: moon'), /bad-scene\.yaml:6:\d+: CONFIG_INVALID hardware\.scene .*"moon".*exo_standing/],
    ['a robot the scene does not hold', 'bad-robot.yaml', simLaunch.replace('name: kindred_exo', 'name: kindred_companion'), /bad-robot\.yaml:3:\d+: CONFIG_INVALID robot\.name is "kindred_companion" but scene exo_standing holds kindred_exo/],
    ['a sim controller on a joint the robot lacks', 'bad-sim-joint.yaml', simLaunch.replace('joints: [knee_left]', 'joints: [elbow]'), /bad-sim-joint\.yaml:\d+:\d+: CONFIG_INVALID controllers\[0\]\.joints\[0\] is "elbow"; expected one of the hardware joints: .*knee_left/],
    ['a profile for another scene', 'bad-profile-kind.yaml', simLaunch.replace('seed: 7', `seed: 7\n  profile: ${join(root, 'sim/profiles/person_default.yaml')}`), /bad-profile-kind\.yaml:8:\d+: CONFIG_INVALID hardware\.profile .* is a person_profile; scene exo_standing takes a patient_profile/],
    ['a profile with a bad value', 'bad-profile-value.yaml', simLaunch.replace('seed: 7', `seed: 7\n  profile: ${file('bad.profile.yaml', readFileSync(join(root, 'sim/profiles/exo_patient_default.yaml'), 'utf8').replace(/massKg: [0-9.]+/, 'massKg: -3'))}`), /bad\.profile\.yaml:\d+:\d+: CONFIG_INVALID massKg/],
    ['a prescription that loosens the robot description', 'loosen.yaml', simLaunch.replace('services:', 'safety:\n  layers:\n    - { name: prescription, joints: { knee_left: { position: { upper: 3.0 } } } }\nservices:'), /loosen\.yaml:13:\d+: LIMITS_LOOSENED prescription: knee_left\.position\.upper 3 rad loosens .*2\.35\d* rad/],
    ['a mock key on sim hardware', 'bad-sim-key.yaml', simLaunch.replace('seed: 7', 'seed: 7\n  joints: []'), /bad-sim-key\.yaml:\d+:\d+: CONFIG_UNKNOWN_KEY .*joints/],
  ])('rejects %s', (_label, name, text, expected) => {
    const r = kindred('check', file(name, text));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
  });

  it('rejects a missing file', () => {
    const r = kindred('check', join(dir, 'nope.yaml'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('FILE_NOT_FOUND cannot read');
    expect(r.stderr).toContain('nope.yaml');
  });

  it('accepts the shipped default launch file and robots', () => {
    const r = kindred('check', 'launch/exo_default.launch.yaml', 'launch/transfer_bed.launch.yaml', 'launch/companion_home.launch.yaml', 'urdf/robots/kindred_exo.urdf.xacro', 'urdf/robots/kindred_transfer.urdf.xacro');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/exo_default\.launch\.yaml: ok — launch exo-default, simulated exo_standing \(seed 1\)/);
    expect(r.stdout).toMatch(/kindred_transfer\.urdf\.xacro: ok — robot kindred_transfer/);
    expect(r.stdout).toMatch(/transfer_bed\.launch\.yaml: ok — launch transfer-bed, simulated transfer_bed/);
    expect(r.stdout).toMatch(/companion_home\.launch\.yaml: ok — launch companion-home, simulated companion_home/);
  });

  it('launch with a bad file exits 2 before starting anything', () => {
    const r = kindred('launch', file('bad-launch.yaml', good.replace('rateHz: 500', 'rateHz: 1')));
    expect(r.status).toBe(2);
    expect(r.stdout).not.toContain('running');
  });

  it('every command has --help', () => {
    for (const cmd of [[], ['start'], ['launch'], ['check'], ['urdf'], ['urdf', 'fk']]) {
      const r = kindred(...cmd, '--help');
      expect(r.status, cmd.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Usage: kindred/);
    }
    // Six CLI starts (~2 s each here, several times that while the rest of the suite loads the machine).
  }, 120_000);

  it('urdf fk prints link poses for the given joint values', () => {
    const r = kindred('urdf', 'fk', 'urdf/robots/kindred_exo.urdf.xacro', '--q', 'knee_left=0.5', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { q: Record<string, number>; links: { link: string; positionM: number[] }[] };
    expect(out.q['knee_left']).toBe(0.5);
    expect(out.links.map((l) => l.link)).toContain('shank_left');
    const bad = kindred('urdf', 'fk', 'urdf/robots/kindred_exo.urdf.xacro', '--q', 'elbow=1');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('CLI_USAGE');
  });
});

describe('kindred launch: runs, answers /healthz, and shuts down in order on SIGINT', () => {
  it('starts, serves health, stops with exit 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kindred-data-'));
    const child = spawn(process.execPath, [...cli, 'launch', file('run.yaml', good)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, KINDRED_DATA_DIR: dataDir },
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${stdout}`)), 20_000);
      child.stdout.on('data', () => {
        const m = /(http:\/\/[^\s]+)\/healthz/.exec(stdout);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const health = (await (await fetch(`${url}/healthz`)).json()) as {
      status: string;
      components: { name: string; state: string }[];
      loop: { rateHz: number; status: string; latenessUs: { p99: number }; overruns: number };
    };
    expect(health.components.map((c) => [c.name, c.state])).toEqual([
      ['control_loop', 'active'],
      ['state_publisher', 'active'],
      ['command_topics', 'active'],
      ['rclnodejs', 'active'],
      ['http', 'active'],
    ]);
    expect(health.loop.rateHz).toBe(500);
    expect(health.loop.status).toBe('running');
    expect(typeof health.loop.latenessUs.p99).toBe('number');
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const log = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string });
    const order = log.map((l) => l.msg).filter((m) => ['shutting down', 'control loop: hold_engaged', 'hardware deactivated', 'control loop stopped'].includes(m));
    expect(order).toEqual(['shutting down', 'control loop: hold_engaged', 'hardware deactivated', 'control loop stopped']);
    // The run kept a durable safety log in its data directory, closed cleanly and intact.
    const verified = kindred('safety', 'log', '--dir', join(dataDir, 'safety-log'), '--verify');
    expect(verified.status).toBe(0);
    expect(verified.stdout).toContain('OK');
  });
});

describe('kindred safety log: lists and verifies the durable safety event log', () => {
  it('lists events, verifies the chain, and exits 1 when a record was tampered with', async () => {
    const { SafetyLog } = await import('../safety/log/index.js');
    const logDir = mkdtempSync(join(tmpdir(), 'kindred-safety-log-'));
    const log = SafetyLog.open(logDir, {});
    log.append({
      timeNs: 5_000_000n,
      kind: 'fault',
      monitor: 'cuff_force',
      subject: 'thigh_cuff_left',
      values: { forceN: 152 },
      limit: { forceN: 140 },
      reaction: 'stop1',
      message: { en: 'thigh cuff force above limit', zh: '大腿绑带力超限' },
    });
    const path = log.currentFile;
    log.close();
    const listed = kindred('safety', 'log', '--dir', logDir);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('cuff_force');
    expect(listed.stdout).toContain('152');
    const ok = kindred('safety', 'log', '--dir', logDir, '--verify');
    expect(ok.status).toBe(0);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"forceN":152', '"forceN":120'));
    const bad = kindred('safety', 'log', '--dir', logDir, '--verify');
    expect(bad.status).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/SAFETY_LOG_\w+/);
  });
});
