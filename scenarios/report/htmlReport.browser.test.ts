// The HTML report in a real browser: Debian's Chromium, headless, driven by playwright-core, with every
// network request blocked and counted. Skipped, with the reason printed, where there is no Chromium.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlReport } from './htmlReport.js';
import { junitXml } from './junitXml.js';
import { campaignFixture } from './testing/fixture.js';
import { hostileCampaign, LONG_NAME, SCRIPT_NAME } from './testing/hostile.js';

const CHROMIUM = process.env['KINDRED_CHROMIUM'] ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`scenarios/report/htmlReport.browser.test.ts skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set KINDRED_CHROMIUM)`);

/** What the page-side callbacks use of the browser (this project compiles without the DOM types). */
interface PageGlobals {
  readonly kindredPwned?: unknown;
  readonly DOMParser: new () => { parseFromString(text: string, type: string): { getElementsByTagName(tag: string): { length: number } } };
  readonly document: { readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number } };
}

/** A page whose every request is recorded; anything but the file itself is aborted. */
interface Opened {
  readonly page: Page;
  readonly requests: string[];
  readonly errors: string[];
}

describe.skipIf(!haveChromium)('the HTML report in Chromium (offline, requests blocked)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let dir: string;

  async function open(name: string, html: string, width = 1200): Promise<Opened> {
    const file = join(dir, name);
    await writeFile(file, html);
    const url = pathToFileURL(file).href;
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => {
      if (r.url() !== url) requests.push(r.url());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
    });
    await page.goto(url);
    await page.waitForLoadState('load');
    return { page, requests, errors };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kindred-html-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    context = await browser.newContext({ offline: true });
    await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('counts requests (control: a page with an external image makes one)', async () => {
    const { page, requests } = await open('control.html', '<!DOCTYPE html><img src="http://example.invalid/x.png">');
    expect(requests).toEqual(['http://example.invalid/x.png']);
    await page.close();
  });

  describe('the fixture campaign', () => {
    let opened: Opened;
    let page: Page;
    beforeAll(async () => {
      opened = await open('report.html', htmlReport(campaignFixture()));
      page = opened.page;
    }, 30_000);

    it('makes no request other than the file itself, and logs no error (CSP accepts its own script)', () => {
      expect(opened.requests).toEqual([]);
      expect(opened.errors).toEqual([]);
    });

    it('shows the campaign verdict, big, at the top', async () => {
      const verdict = page.locator('#verdict');
      expect(await verdict.isVisible()).toBe(true);
      expect(await verdict.innerText()).toBe('✘ 未通过 FAIL');
      const box = await verdict.boundingBox();
      expect(box?.y).toBeLessThan(100);
      expect(await verdict.evaluate((el) => (el as unknown as { computedStyleMap(): { get(p: string): { toString(): string } } }).computedStyleMap().get('color').toString())).toBe('rgb(198, 40, 40)');
    });

    it('has the SVG plots of every run in its section', async () => {
      const counts = await Promise.all(['run-1', 'run-2', 'run-3', 'run-4'].map((id) => page.locator(`#${id} svg.plot`).count()));
      expect(counts).toEqual([5, 6, 1, 3]);
    });

    it('draws the prescribed range as limit lines and the knee excursion above the upper one in red', async () => {
      const knee = page.locator('#run-2 svg.plot').filter({ has: page.locator('title', { hasText: /^knee_left \(rad\)$/ }) });
      expect(await knee.count()).toBe(1);
      const limits = knee.locator('line.limit-range:has(title)');
      expect(await limits.count()).toBe(2);
      const upperY = Number(await limits.first().getAttribute('y1'));
      const marker = knee.locator('circle.violation');
      expect(await marker.count()).toBe(1);
      expect(Number(await marker.getAttribute('cy'))).toBeLessThan(upperY); // above the upper bound (SVG y grows downwards)
      expect(await marker.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { fill: string } }).getComputedStyle(el).fill)).toBe('rgb(224, 0, 27)');
      expect(await knee.locator('path.violation').count()).toBe(1);
      expect(await knee.locator('line.limit-range').first().evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { strokeDasharray: string } }).getComputedStyle(el).strokeDasharray)).toBe('6px, 4px');
      // The passing run's joints stay in range: nothing red there.
      expect(await page.locator('#run-1 .violation').count()).toBe(0);
    });

    it('draws force limits (quasi-static dashed, transient solid) and marks the NaN readings', async () => {
      const shank = page.locator('#run-2 svg.plot').filter({ has: page.locator('title', { hasText: /^cuff_shank_left/ }) });
      expect(await shank.locator('line.limit-transient:has(title)').count()).toBe(1);
      expect(await shank.locator('line.limit-quasi:has(title)').count()).toBe(1);
      expect(await shank.locator('circle.violation').count()).toBe(1);
      const ankle = page.locator('#run-2 svg.plot').filter({ has: page.locator('title', { hasText: /^ankle_left \(rad\)$/ }) });
      expect(await ankle.locator('rect.nan-marker:has(title)').count()).toBe(1);
    });

    it('marks every fault and detection on the safety-state timeline', async () => {
      const timeline = page.locator('#run-2 svg.timeline');
      expect(await timeline.locator('line.fault-marker').evaluateAll((els) => els.map((e) => (e as unknown as { getAttribute(n: string): string }).getAttribute('data-fault')))).toEqual(['ft', 'nan']);
      expect(await timeline.locator('.detection-marker').count()).toBe(2);
      expect(await timeline.locator('rect.state-band.state-emergency_stop').getAttribute('fill')).toBe('#d7301f');
      expect(await timeline.locator('.expect-marker').count()).toBe(3); // three failed expectations with a time
      const first = timeline.locator('line.fault-marker').first();
      expect(Number(await first.getAttribute('y2'))).toBeGreaterThan(Number(await first.getAttribute('y1')) + 40); // across the bands and lanes
    });

    it('opens a folded passing run when its summary link is followed', async () => {
      const details = page.locator('#run-1 > details');
      expect(await details.getAttribute('open')).toBeNull();
      await page.locator('#summary + table a[href="#run-1"]').click();
      // hashchange is dispatched after the navigation, asynchronously: wait for it (fails after 5 s).
      await page.locator('#run-1 > details[open]').waitFor({ state: 'attached', timeout: 5000 });
      expect(await details.getAttribute('open')).toBe('');
      expect(await page.locator('#run-1 svg.timeline').isVisible()).toBe(true);
    });

    it('prints every run unfolded, without the navigation', async () => {
      const p = await open('print.html', htmlReport(campaignFixture()));
      await p.page.emulateMedia({ media: 'print' });
      expect(await p.page.locator('nav.toc').isVisible()).toBe(false);
      expect(await p.page.locator('#run-4 svg.timeline').isVisible()).toBe(true); // folded on screen, shown in print
      await p.page.close();
    });

    it("parses the JUnit XML with the browser's strict XML parser", async () => {
      for (const xml of [junitXml(campaignFixture()), junitXml(hostileCampaign())]) {
        const errors = await page.evaluate((text) => {
          const g = globalThis as unknown as PageGlobals;
          return new g.DOMParser().parseFromString(text, 'application/xml').getElementsByTagName('parsererror').length;
        }, xml);
        expect(errors).toBe(0);
      }
      // Control: the same parser rejects a raw control character.
      const bad = await page.evaluate(() => {
        const g = globalThis as unknown as PageGlobals;
        return new g.DOMParser().parseFromString('<a>\u0001</a>', 'application/xml').getElementsByTagName('parsererror').length;
      });
      expect(bad).toBe(1);
    });
  });

  describe('hostile text', () => {
    it('shows a <script> name as text without running it, and wraps very long names', async () => {
      const { page, requests, errors } = await open('hostile.html', htmlReport(hostileCampaign()), 1000);
      expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).kindredPwned)).toBeUndefined();
      expect(await page.getByText(SCRIPT_NAME, { exact: true }).first().isVisible()).toBe(true);
      expect(await page.getByText(LONG_NAME, { exact: true }).first().isVisible()).toBe(true);
      const { scrollWidth, clientWidth } = await page.evaluate(() => {
        const d = (globalThis as unknown as PageGlobals).document.documentElement;
        return { scrollWidth: d.scrollWidth, clientWidth: d.clientWidth };
      });
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  });
});
