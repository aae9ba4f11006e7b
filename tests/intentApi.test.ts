// Text intents and behaviour commands over Kindred's HTTP API (issue 8): until voice and the tablet
// exist, `kindred intent` and `POST /api/intents` put what a person says on /intents, where behaviours
// listen; bad bodies are refused with the field named and nothing published.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYaml, validateLaunch } from '../launch/index.js';
import { Kindred } from '../runtime/cli/Kindred.js';
import { silentLogger } from '../runtime/logging/index.js';
import type { kindred_msgs } from '../runtime/msgs/index.js';

let kindred: Kindred;
const intents: kindred_msgs.Intent[] = [];
const commands: kindred_msgs.BehaviorCommand[] = [];
beforeAll(async () => {
  kindred = await Kindred.start(
    validateLaunch(parseYaml(`kind: launch\nname: intents\nrobot: { name: t }\nhardware: { type: mock, joints: [{ name: j }] }\nservices: { http: { port: 0 } }\n`, 'intents.launch.yaml')),
    { logger: silentLogger() },
  );
  kindred.bus.subscribe('/intents', 'kindred_msgs/msg/Intent', (m) => intents.push(m));
  kindred.bus.subscribe('/behavior/command', 'kindred_msgs/msg/BehaviorCommand', (m) => commands.push(m));
}, 30_000);
afterAll(() => kindred.stop());

const post = async (path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
  const res = await fetch(`${kindred.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('POST /api/intents and /api/behaviors/command', () => {
  it('publishes an intent with its role, words and language', async () => {
    const r = await post('/api/intents', { name: 'yes', role: 'patient', text: '好', language: 'zh' });
    expect(r.status).toBe(200);
    expect(intents.at(-1)).toMatchObject({ name: 'yes', role: 'patient', text: '好', language: 'zh', source: 'api', confidence: 1 });
  });

  it('refuses a bad intent naming the field, and publishes nothing', async () => {
    const before = intents.length;
    const r = await post('/api/intents', { name: 'Yes Please', role: 'patient' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: 'CONFIG_INVALID' });
    expect(String(r.body['en'])).toMatch(/name/);
    const r2 = await post('/api/intents', { name: 'confirm', role: 'doctor' });
    expect(r2.status).toBe(400);
    expect(String(r2.body['en'])).toMatch(/role/);
    expect(intents.length).toBe(before);
  });

  it('publishes a behaviour command for the running behaviours', async () => {
    const r = await post('/api/behaviors/command', { command: 'pause' });
    expect(r.status).toBe(200);
    expect(commands.at(-1)).toMatchObject({ command: 'pause', behavior: '', run_id: '', source: 'api' });
    expect((await post('/api/behaviors/command', { command: 'jump' })).status).toBe(400);
  });
});

describe('kindred intent (the CLI)', () => {
  it('posts to the running Kindred and the intent reaches the bus', async () => {
    const root = new URL('..', import.meta.url).pathname;
    const port = new URL(kindred.url).port;
    const before = intents.length;
    // Not spawnSync: that would block this process's event loop, where Kindred's HTTP server runs.
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'runtime/cli/main.ts'), 'intent', 'confirm', '--role', 'caregiver', '--text', '继续', '--port', port], { cwd: root });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('close', (code) => resolve({ code, stdout }));
    });
    expect(result.code).toBe(0);
    expect(intents.length).toBe(before + 1);
    expect(intents.at(-1)).toMatchObject({ name: 'confirm', role: 'caregiver', text: '继续', source: 'api' });
  }, 30_000);
});
