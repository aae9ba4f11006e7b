// The embedded default as a user meets it: `kindred start`'s launch file (the simulated exoskeleton
// with its patient, the real-time worker, the viewer), in this process, with the viewer opened in
// Debian's Chromium. Real MuJoCo in the worker, real socket.io, real browser.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LAUNCH_FILE, loadLaunchFile } from '../launch/index.js';
import { Kindred } from '../runtime/cli/Kindred.js';
import { silentLogger } from '../runtime/logging/index.js';

const CHROMIUM = process.env['KINDRED_CHROMIUM'] ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`tests/simDefault.test.ts: the browser part is skipped: no Chromium at ${CHROMIUM}`);

let kindred: Kindred;
beforeAll(async () => {
  const launch = loadLaunchFile(DEFAULT_LAUNCH_FILE);
  // Headless Chromium rendering WebGL in software can starve this process on a 2-core machine: with
  // the defaults the worker would (correctly) hold the robot when the main thread stalls past 200 ms,
  // and the simulated drives would (correctly) trip when a cycle comes later than their watchdog.
  // This file tests the simulator and viewer, so it gives both more slack.
  const hardware = launch.hardware.type === 'sim' ? { ...launch.hardware, watchdogTimeoutMs: 1000 } : launch.hardware;
  kindred = await Kindred.start(
    { ...launch, hardware, loop: { ...launch.loop, stallTimeoutMs: 5000 }, services: { ...launch.services, http: { ...launch.services.http, port: 0 }, rosbridge: { ...launch.services.rosbridge, port: 0 }, foxglove: { ...launch.services.foxglove, port: 0 } } },
    { logger: silentLogger() },
  );
}, 60_000);
afterAll(() => kindred.stop());

const index = (name: string): number => {
  const i = kindred.loop.stateNames.indexOf(name);
  if (i < 0) throw new Error(`no state interface ${name}`);
  return i;
};

describe('the embedded default: simulated exoskeleton with its patient', () => {
  it('runs the loop on simulated hardware and says so in /healthz', async () => {
    const health = (await (await fetch(`${kindred.url}/healthz`)).json()) as {
      status: string;
      loop: { status: string; cycles: number };
      sim: { scene: string; people: string[]; viewer: boolean };
    };
    expect(health.loop.status).toBe('running');
    expect(health.sim).toMatchObject({ scene: 'exo_standing', people: ['patient'], viewer: true });
    expect((health as unknown as { safety: { state: string } }).safety.state).toBe('normal');
    expect(kindred.loop.stateNames).toEqual(expect.arrayContaining(['knee_left/position', 'thigh_cuff_left_ft/force.z', 'patient_cuff_thigh_left/force.z', 'imu/orientation.w']));
  });

  it('a knee set-point moves the simulated knee through the SafetyGate, against the patient’s leg', async () => {
    const knee = index('knee_left/position');
    const before = kindred.loop.latest().state[knee]!;
    kindred.loop.setSetpoints({ 'knee_left/position': 0.6 });
    await expect.poll(() => kindred.loop.latest().state[knee]!, { timeout: 10_000, interval: 100 }).toBeGreaterThan(0.5);
    expect(Math.abs(before)).toBeLessThan(0.2);
    // Flexing the knee drags the patient's shank along through the cuff: the cuff feels it.
    const cuff = index('patient_cuff_shank_left/magnitude');
    expect(kindred.loop.latest().state[cuff]!).toBeGreaterThan(0);
    // A set-point past the joint's range is clamped by the gate, never reaches the drive.
    kindred.loop.setSetpoints({ 'knee_left/position': 9 });
    await new Promise((r) => setTimeout(r, 300));
    expect(kindred.loop.latest().commands[kindred.loop.commandNames.indexOf('knee_left/position')]).toBeLessThanOrEqual(2.36);
    kindred.loop.setSetpoints({ 'knee_left/position': 0.1 });
    // A jump to the end of the range drags the neighbouring joints; if the supervisor stopped the
    // robot for it, the robot's own CLI resets once the cause is gone (a reset never restarts motion).
    await expect
      .poll(
        async () => {
          if (kindred.loop.safetyStatus().state !== 'normal') await kindred.loop.safetyReset({ source: 'cli' }).catch(() => undefined);
          return kindred.loop.safetyStatus().state;
        },
        { timeout: 15_000, interval: 250 },
      )
      .toBe('normal');
    await kindred.loop.releaseHold().catch(() => undefined);
  });

  it('a simulated drive whose commands stop arriving trips its own watchdog: torque off, brake on, until reset', async () => {
    const enabled = index('knee_right/drive_enabled');
    const brake = index('knee_right/brake_engaged');
    expect(kindred.loop.latest().state[enabled]).toBe(1);
    await kindred.loop.hardwareCommand('sim', { op: 'fault', id: 'starve', target: 'command', name: 'knee_right/position', kind: 'drop' });
    await expect.poll(() => kindred.loop.latest().state[enabled], { timeout: 5000, interval: 50 }).toBe(0);
    expect(kindred.loop.latest().state[brake]).toBe(1);
    await kindred.loop.hardwareCommand('sim', { op: 'clearFault', id: 'starve' });
    await new Promise((r) => setTimeout(r, 200));
    expect(kindred.loop.latest().state[enabled]).toBe(0); // fresh commands alone do not re-enable a tripped drive
    await kindred.loop.hardwareCommand('sim', { op: 'resetDrive', joint: 'knee_right' });
    await expect.poll(() => kindred.loop.latest().state[enabled], { timeout: 5000, interval: 50 }).toBe(1);
    expect(kindred.loop.latest().state[brake]).toBe(0);
  });

  describe.skipIf(!haveChromium)('in the browser', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
    }, 30_000);
    afterAll(() => browser?.close());

    it('the viewer at /sim shows the exoskeleton scene with live joint values and cuff forces', async () => {
      const page = await browser.newPage({ viewport: { width: 960, height: 600 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${kindred.url}/sim`);
      await page.waitForSelector('td[data-joint="knee_left"][data-value]', { timeout: 30_000 });
      // The overlay shows the simulated knee as the loop measures it, live: move the knee and watch the
      // page follow the loop's own reading (the robot may move slowly here: rendering WebGL in software
      // loads this 2-core machine, and the supervisor slows or stops a loop that cannot keep its rate).
      const value = async (): Promise<number> => Number(await page.getAttribute('td[data-joint="knee_left"]', 'data-value'));
      const measured = (): number => kindred.loop.latest().state[index('knee_left/position')]!;
      kindred.loop.setSetpoints({ 'knee_left/position': 0.4 });
      const simTime = async (): Promise<number> => Number(await page.getAttribute('#sim-time', 'data-time-s'));
      const t0 = await simTime();
      await expect.poll(simTime, { timeout: 15_000, interval: 200 }).toBeGreaterThan(t0 + 0.2);
      await expect.poll(async () => Math.abs((await value()) - measured()), { timeout: 10_000, interval: 100 }).toBeLessThan(0.02);
      expect(await page.textContent('td[data-joint="knee_left"]')).toMatch(/^\d+\.\d°$/);
      const canvas = await page.locator('#view canvas').screenshot();
      expect(canvas.length).toBeGreaterThan(5000);
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);
  });
});
