// The safety supervisor as a user meets it through Kindred: the simulated exoskeleton in lock-step, the
// e-stop over HTTP (the tablet's stop button will post the same), the simulated hardware e-stop button,
// a reset refused while its cause persists and accepted after, /safety/state on the bus, and every
// event durably in the safety log.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYaml, validateLaunch } from '../launch/index.js';
import { ESTOP_TOPIC, Kindred } from '../runtime/cli/Kindred.js';
import { silentLogger } from '../runtime/logging/index.js';
import type { kindred_msgs } from '../runtime/msgs/index.js';
import { verifyLogFiles, listLogFiles } from '../safety/log/index.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kindred-safety-'));
const launch = validateLaunch(
  parseYaml(
    `kind: launch
name: safety-test
robot: { name: kindred_exo }
hardware: { type: sim, scene: exo_standing, seed: 3, viewer: false }
loop: { rateHz: 500, mode: lockstep }
controllers:
  - { name: legs, type: forward_command, interface: position, joints: [hip_flexion_left, knee_left, hip_flexion_right, knee_right] }
safety: { layers: [] }
services: { http: { port: 0 } }
`,
    'safety-test.launch.yaml',
  ),
);

let kindred: Kindred;
const states: kindred_msgs.SafetyState[] = [];
beforeAll(async () => {
  kindred = await Kindred.start(launch, { logger: silentLogger(), dataDir });
  kindred.bus.subscribe('/safety/state', 'kindred_msgs/msg/SafetyState', (m) => states.push(m));
}, 60_000);
afterAll(() => kindred.stop());

const post = async (path: string, body: unknown = {}): Promise<{ status: number; body: Record<string, unknown> }> => {
  const r = await fetch(`${kindred.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const safetyState = async (): Promise<string> => ((await (await fetch(`${kindred.url}/api/safety/state`)).json()) as { state: string }).state;

describe('the safety supervisor through Kindred', () => {
  it('starts normal and publishes /safety/state', async () => {
    expect(await safetyState()).toBe('normal');
    await expect.poll(() => states.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(states.at(-1)?.state).toBe(0);
  });

  it('an e-stop from the tablet/API stops the robot; a reset from the robot itself is accepted once the stop is done', async () => {
    const stopped = await post('/api/safety/estop', { source: 'tablet' });
    expect(stopped.status).toBe(200);
    await expect.poll(safetyState, { timeout: 5000 }).toBe('emergency_stop');
    expect(states.at(-1)?.state).toBe(3);
    // A reset from the network (not this machine) would be 403; from this machine it is the robot's CLI.
    await expect.poll(async () => (await post('/api/safety/reset', { operator: 'test' })).status, { timeout: 10_000, interval: 200 }).toBe(200);
    await expect.poll(safetyState, { timeout: 10_000 }).toMatch(/^(recovery|normal)$/);
  });

  it('a reset is refused (409, coded, both languages) while the hardware e-stop button is still pressed', async () => {
    await kindred.loop.hardwareCommand('sim', { op: 'estopButton', pressed: true });
    await expect.poll(safetyState, { timeout: 5000 }).toBe('emergency_stop');
    await new Promise((r) => setTimeout(r, 1000));
    const refused = await post('/api/safety/reset');
    expect(refused.status).toBe(409);
    expect(refused.body['error']).toBe('SAFETY_RESET_CAUSE_PERSISTS');
    expect(String(refused.body['zh'])).toMatch(/[\u4e00-\u9fff]/);
    expect(await safetyState()).toBe('emergency_stop');
    await kindred.loop.hardwareCommand('sim', { op: 'estopButton', pressed: false });
    await expect.poll(async () => (await post('/api/safety/reset')).status, { timeout: 10_000, interval: 200 }).toBe(200);
  });

  it('an e-stop request on the bus (the tablet button and the voice "停" intent publish there) stops the robot', async () => {
    await expect.poll(safetyState, { timeout: 5000 }).toMatch(/^(recovery|normal)$/);
    kindred.bus.advertise(ESTOP_TOPIC, 'std_msgs/msg/String').publish({ data: 'voice' });
    await expect.poll(safetyState, { timeout: 5000 }).toBe('emergency_stop');
    await expect.poll(async () => (await post('/api/safety/reset')).status, { timeout: 10_000, interval: 200 }).toBe(200);
  });

  it('every event is in the durable safety log, and the log verifies', async () => {
    const files = listLogFiles(join(dataDir, 'safety-log'));
    const report = verifyLogFiles(files);
    expect(report.ok).toBe(true);
    expect(report.events).toBeGreaterThanOrEqual(4); // two stops, a refusal, two resets
  });
});
