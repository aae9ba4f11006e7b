// The simulation viewer in a real browser: Debian's Chromium, headless, WebGL through SwiftShader
// (no GPU needed), driven by playwright-core against a DirectSimView of a small pendulum world.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../runtime/logging/index.js';
import { attachViewer, type AttachedViewer } from '../sim/viewer/attachViewer.js';
import { DirectSimView } from '../sim/viewer/DirectSimView.js';
import { CRATE_MASS_KG, PENDULUM_XML } from '../sim/viewer/fixtures/pendulum.js';

const CHROMIUM = process.env['KINDRED_CHROMIUM'] ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`tests/viewer.test.ts skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set KINDRED_CHROMIUM)`);

/** What the page-side callbacks below use of the browser (this project compiles without the DOM types). */
interface PageGlobals {
  readonly Image: new () => { src: string; readonly width: number; readonly height: number; decode(): Promise<void> };
  readonly document: {
    createElement(tag: 'canvas'): {
      width: number;
      height: number;
      getContext(kind: '2d'): { drawImage(image: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
    };
  };
  /** The page's developer handle (viewer.js). */
  readonly kindredViewer: {
    frames(): number;
    send(control: unknown): Promise<{ ok: boolean; code?: string }>;
    socket: { io: { engine: { close(): void } } };
  };
}

/** Pixel statistics of a PNG, decoded by the browser itself (no PNG library needed here). */
interface PixelStats {
  readonly colours: number;
  readonly dominantShare: number;
  readonly pixels: number;
}

describe.skipIf(!haveChromium)('the simulation viewer in Chromium (headless, SwiftShader WebGL)', () => {
  let sim: DirectSimView;
  let server: Server;
  let viewer: AttachedViewer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    sim = await DirectSimView.fromMjcf(PENDULUM_XML, 'fixtures/pendulum.xml', {
      name: 'pendulum',
      forces: [
        { name: 'crate_ok', body: 'crate', limitN: 100 },
        { name: 'crate_amber', body: 'crate', limitN: 25 },
        { name: 'crate_red', body: 'crate', limitN: 15 },
      ],
    });
    sim.setSafety('reduced_speed');
    sim.start();
    server = createServer((req, res) => {
      if (!viewer.handleViewerRequest(req, res)) {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    viewer = attachViewer(server, sim, { logger: silentLogger() });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // SwiftShader's software Vulkan behind ANGLE gives WebGL 2 with no GPU; no sandbox as root in CI.
      args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
    });
    page = await browser.newPage({ viewport: { width: 960, height: 600 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`${m.text()} ${m.location().url}`);
    });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/sim`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await viewer?.close();
    await new Promise((resolve) => server?.close(resolve));
    sim?.close();
  });

  const attr = async (selector: string, name: string): Promise<string> => (await page.getAttribute(selector, name)) ?? '';
  const num = async (selector: string, name: string): Promise<number> => Number(await attr(selector, name));

  async function stats(): Promise<PixelStats> {
    // The panel sits on the right; look at the 3D view left of it.
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: 540, height: 600 } });
    return page.evaluate(async (b64) => {
      const { Image, document } = globalThis as unknown as PageGlobals;
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d');
      if (ctx === null) throw new Error('no 2D context');
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, img.width, img.height).data;
      const counts = new Map<number, number>();
      for (let i = 0; i < data.length; i += 4) {
        const key = ((data[i] ?? 0) >> 3) * 1024 + ((data[i + 1] ?? 0) >> 3) * 32 + ((data[i + 2] ?? 0) >> 3);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const pixels = data.length / 4;
      return { colours: counts.size, dominantShare: Math.max(...counts.values()) / pixels, pixels };
    }, png.toString('base64'));
  }

  it('connects over socket.io and builds the overlay from the scene', async () => {
    await page.waitForSelector('#connection[data-connection="connected"]', { timeout: 20_000 });
    await page.waitForSelector('td[data-joint="swing"][data-value]', { timeout: 20_000 });
    expect(await page.title()).toContain('pendulum');
    expect(await page.textContent('#connection')).toContain('已连接');
    expect(await attr('#safety', 'data-safety')).toBe('reduced_speed');
    expect(await page.textContent('#safety')).toContain('减速');
    expect(await page.locator('#view canvas').count()).toBe(1);
  });

  it('renders a non-blank frame, and the picture moves as the pendulum swings', async () => {
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).kindredViewer.frames()), { timeout: 10_000 }).toBeGreaterThan(3);
    const a = await stats();
    expect(a.colours).toBeGreaterThan(8); // background, floor, grid, lit shapes: not a blank or cleared canvas
    expect(a.dominantShare).toBeLessThan(0.9);
    const png1 = await page.screenshot({ clip: { x: 0, y: 0, width: 540, height: 600 } });
    await page.waitForTimeout(400);
    const png2 = await page.screenshot({ clip: { x: 0, y: 0, width: 540, height: 600 } });
    expect(png1.equals(png2)).toBe(false);
  });

  it('shows the live joint value in degrees, changing over time', async () => {
    const cell = await page.$eval('td[data-joint="swing"]', (td) => ({ text: td.textContent, value: Number(td.getAttribute('data-value')) }));
    expect(cell.text).toBe(`${((cell.value * 180) / Math.PI).toFixed(1)}°`);
    const first = cell.value;
    await expect.poll(() => num('td[data-joint="swing"]', 'data-value'), { timeout: 5000 }).not.toBe(first);
    const time = await num('#sim-time', 'data-time-s');
    await expect.poll(() => num('#sim-time', 'data-time-s'), { timeout: 5000 }).toBeGreaterThan(time);
  });

  it('colours the crate’s contact force against each channel’s limit: green, amber, red', async () => {
    await expect.poll(() => attr('td[data-force="crate_red"]', 'data-level'), { timeout: 5000 }).toBe('red');
    expect(await attr('td[data-force="crate_ok"]', 'data-level')).toBe('ok');
    expect(await attr('td[data-force="crate_amber"]', 'data-level')).toBe('amber');
    expect(await num('td[data-force="crate_ok"]', 'data-force-n')).toBeCloseTo(CRATE_MASS_KG * 9.81, 0);
  });

  it('pauses: time stops advancing', async () => {
    await page.click('#play-pause');
    await page.waitForSelector('#run-state[data-running="false"]', { timeout: 5000 });
    expect(await page.textContent('#play-pause')).toContain('运行');
    const t = await num('#sim-time', 'data-time-s');
    await page.waitForTimeout(400);
    expect(await num('#sim-time', 'data-time-s')).toBe(t);
  });

  it('steps by the number of cycles asked for', async () => {
    const t = await num('#sim-time', 'data-time-s');
    await page.fill('#step-cycles', '50');
    await page.click('#step');
    await expect.poll(() => num('#sim-time', 'data-time-s'), { timeout: 5000 }).not.toBe(t);
    expect(await num('#sim-time', 'data-time-s')).toBeCloseTo(t + 50 * sim.timestepS, 9);
  });

  it('sets the joint from its slider', async () => {
    await page.fill('input[data-slider="swing"]', '1');
    await expect.poll(() => num('td[data-joint="swing"]', 'data-value'), { timeout: 5000 }).toBeCloseTo(1, 2);
    expect(sim.frame().joints[0]).toBeCloseTo(1, 2);
    expect(await page.textContent('td[data-joint="swing"]')).toMatch(/^57\.\d°$/);
  });

  it('shows a coded, bilingual refusal for a bad control and keeps working', async () => {
    const result = await page.evaluate(() => (globalThis as unknown as PageGlobals).kindredViewer.send({ op: 'warp' }));
    expect(result).toMatchObject({ ok: false, code: 'SIM_VIEWER_CONTROL_INVALID' });
    expect(await attr('#message', 'data-code')).toBe('SIM_VIEWER_CONTROL_INVALID');
    expect(await page.textContent('#message')).toMatch(/指令被拒绝.*Control refused/);
    await page.click('#play-pause');
    await page.waitForSelector('#run-state[data-running="true"]', { timeout: 5000 });
    expect(await attr('#message', 'data-code')).toBe('');
    const step = await page.evaluate(() => (globalThis as unknown as PageGlobals).kindredViewer.send({ op: 'step', cycles: 1 }));
    expect(step).toMatchObject({ ok: false, code: 'SIM_VIEWER_STEP_WHILE_RUNNING' });
    expect(await page.isDisabled('#step')).toBe(true);
  });

  it('runs at the chosen time scale', async () => {
    await page.selectOption('#time-scale', '0.5');
    await expect.poll(() => page.textContent('#run-state'), { timeout: 5000 }).toContain('0.5×');
    const t0 = await num('#sim-time', 'data-time-s');
    const w0 = performance.now();
    await page.waitForTimeout(1000);
    const rate = ((await num('#sim-time', 'data-time-s')) - t0) / ((performance.now() - w0) / 1000);
    expect(rate).toBeGreaterThan(0.3);
    expect(rate).toBeLessThan(0.7);
  });

  it('says when the connection is lost and when it is restored', async () => {
    await page.evaluate(() => (globalThis as unknown as PageGlobals).kindredViewer.socket.io.engine.close());
    await expect.poll(() => page.textContent('#connection'), { timeout: 15_000 }).toContain('连接已恢复');
    expect(await attr('#connection', 'data-connection')).toBe('connected');
    // The scene is sent again on reconnection; the rebuilt table fills from the next frames.
    await expect.poll(() => attr('td[data-joint="swing"]', 'data-value'), { timeout: 5000 }).not.toBe('');
  });

  it('logged no script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
