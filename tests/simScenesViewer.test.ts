// Every scene in the viewer, as a developer opens it: the transfer robot at the bed and the companion
// robot in the living room (the exoskeleton is covered by tests/simDefault.test.ts), each launched in
// lock-step through Kindred with its person, then opened in Debian's headless Chromium.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYaml, validateLaunch } from '../launch/index.js';
import { Kindred } from '../runtime/cli/Kindred.js';
import { silentLogger } from '../runtime/logging/index.js';

const CHROMIUM = process.env['KINDRED_CHROMIUM'] ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`tests/simScenesViewer.test.ts skipped: no Chromium at ${CHROMIUM}`);

describe.skipIf(!haveChromium)('the other scenes in the viewer', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
  }, 30_000);
  afterAll(() => browser?.close());

  it.each([
    ['transfer_bed', 'kindred_transfer', 'torso_lift', 'patient_back/support_force'],
    ['companion_home', 'kindred_companion', 'head_pan', 'person/x'],
  ])('%s: the scene renders, its joints are listed, and its person is simulated', async (scene, robot, joint, signal) => {
    const launch = validateLaunch(
      parseYaml(`kind: launch\nname: ${scene}\nrobot: { name: ${robot} }\nhardware: { type: sim, scene: ${scene}, seed: 5 }\nloop: { rateHz: 500, mode: lockstep }\nservices: { http: { port: 0 } }\n`, `${scene}.launch.yaml`),
    );
    const kindred = await Kindred.start(launch, { logger: silentLogger() });
    try {
      expect(kindred.loop.stateNames).toContain(signal);
      const page = await browser.newPage({ viewport: { width: 800, height: 500 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${kindred.url}/sim`);
      await page.waitForSelector(`td[data-joint="${joint}"][data-value]`, { timeout: 30_000 });
      const png = await page.locator('#view canvas').screenshot();
      expect(png.length).toBeGreaterThan(5000);
      // Simulated time moves on in the overlay (lock-step, as fast as the machine allows).
      const time = async (): Promise<number> => Number(await page.getAttribute('#sim-time', 'data-time-s'));
      const t0 = await time();
      await expect.poll(time, { timeout: 10_000 }).toBeGreaterThan(t0);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await kindred.stop();
    }
  }, 90_000);
});
