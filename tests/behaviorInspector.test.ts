// Live inspection of a running behaviour in Kindred's own viewer (issue 8): the companion runs live
// (`kindred behavior start companion`), the page at /sim in Debian's headless Chromium shows its
// state, chart, tags, context and events as intents move it (POST /api/intents), and its Pause and
// Stop buttons drive the run through POST /api/behaviors/command. Asserted on what the page shows.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShippedBehavior } from '../behaviors/ShippedBehavior.js';
import { startLiveBehavior, type LiveBehavior } from '../runtime/cli/behaviorCommand.js';
import { silentLogger } from '../runtime/logging/index.js';

const CHROMIUM = process.env['KINDRED_CHROMIUM'] ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`tests/behaviorInspector.test.ts skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set KINDRED_CHROMIUM)`);

/** The demo's person without the day's reminders, so nothing but this test moves the conversation. */
const PLAN = `kind: companion_plan
people: [{ id: person1, name_zh: 王阿姨, name_en: Mrs Wang, consentToName: true }]
schedule: []
clockOffsetS: 32400
timing: { tickS: 10 }
`;

/** Mrs Wang walks to the sofa and sits there: no fall during the test. */
const SITTING = `kind: person_profile
name: Mrs Wang / 王阿姨
ageYears: 79
sex: female
heightM: 1.56
massKg: 58
start: { x: 1.0, y: 0.0, yawRad: 3.1416 }
places:
  sofa: { x: 0.4, y: 1.75, yawRad: -1.5708, surfaceHeightM: 0.44 }
script:
  - { atS: 1, do: walkTo, x: 1.3, y: 1.2 }
  - { atS: 8, do: sit, on: sofa }
`;

/**
 * The companion as \`kindred behavior start companion\` runs it, but in lock-step with a person who
 * does not fall: a real-time loop sharing two loaded CPU cores with Chromium's software WebGL misses
 * cycles, and its supervisor (rightly) stops on stale commands, which would turn this test into a
 * test of the machine's load. Lock-step runs far faster than real time, so the test asserts on
 * states that last (listening, the emergency's staying near, paused), not on a fleeting reply.
 */
function companionForTest(shipped: ShippedBehavior, profile: string): ShippedBehavior {
  return {
    ...shipped,
    prepare: (options) => {
      const { launch: _fallingPerson, ...prepared } = shipped.prepare(options);
      return {
        ...prepared,
        launch: (l) => ({ ...l, loop: { ...l.loop, mode: 'lockstep' }, hardware: l.hardware.type === 'sim' ? { ...l.hardware, profile } : l.hardware }),
      };
    },
  };
}

/** What the page-side callbacks use of the browser (this project compiles without the DOM types). */
interface PageGlobals {
  readonly kindredViewer: { behaviors: { command(runId: string, command: string): Promise<{ ok: boolean; code?: string }> } };
}

describe.skipIf(!haveChromium)('live behaviour inspection in the viewer (Chromium)', () => {
  let live: LiveBehavior;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindred-inspector-'));
    const planFile = join(dir, 'plan.yaml');
    writeFileSync(planFile, PLAN);
    const profile = join(dir, 'sitting.yaml');
    writeFileSync(profile, SITTING);
    const { companionBehavior } = await import('../behaviors/companion/index.js');
    [live, browser] = await Promise.all([
      startLiveBehavior(companionForTest(companionBehavior, profile), { planFile, logger: silentLogger(), port: 0, bridgePorts: { rosbridge: 0, foxglove: 0 } }),
      chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] }),
    ]);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`${m.text()} ${m.location().url}`);
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await live?.stop();
  });

  const card = (): string => `article.run[data-run-id="${live.runner.runId}"]`;
  const state = async (): Promise<string> => (await page.getAttribute(`${card()} .run-state`, 'data-state')) ?? '';
  const intent = async (name: string, role = 'patient'): Promise<void> => {
    const res = await fetch(`${live.kindred.url}/api/intents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, role }) });
    expect(res.status).toBe(200);
  };

  it('shows the companion’s state, chart, tags, context and events, follows intents, pauses and stops with one touch', async () => {
    await page.goto(`${live.kindred.url}/sim`);
    const run = page.locator(card());
    await run.waitFor({ timeout: 15_000 });
    expect(await run.getAttribute('data-behavior')).toBe('companion');
    expect(await run.locator('.run-description').textContent()).toContain('居家陪伴');
    expect(await run.locator('.run-status').getAttribute('data-status')).toBe('running');
    // The chart is a tree of the machine's states.
    for (const path of ['idle', 'greeting.speaking', 'conversation.listening', 'conversation.replying', 'paused', 'stopped']) {
      expect(await run.locator(`.chart-node[data-path="${path}"]`).count()).toBe(1);
    }

    // The person is there from the start: greeted, then listened to.
    await expect.poll(state, { timeout: 20_000 }).toBe('conversation.listening');
    expect(await run.locator('.chart-node[data-path="conversation.listening"]').getAttribute('data-active')).toBe('true');
    expect(await run.locator('.chart-node[data-path="conversation"]').getAttribute('data-active')).toBe('true');
    expect(await run.locator('.chart-node[data-path="idle"]').getAttribute('data-active')).toBe('false');
    expect(await run.locator('.run-tags .tag').evaluateAll((tags) => tags.map((t) => (t as unknown as { dataset: { tag: string } }).dataset.tag))).toEqual(['pausable', 'safe']);
    // The active state's events are listed under it.
    expect(await run.locator('.chart-node[data-path="conversation.listening"] > .chart-events').textContent()).toContain('intent.how_are_you → conversation.replying');
    // The context, pretty-printed: the person the companion is with.
    expect(JSON.parse((await run.locator('.run-context').textContent()) ?? '')).toMatchObject({ personId: 'person1' });

    // Buttons follow the tags: pausable, not resumable; Stop while running.
    const button = (command: string) => run.locator(`button[data-command="${command}"]`);
    expect([await button('pause').isEnabled(), await button('resume').isEnabled(), await button('stop').isEnabled()]).toEqual([true, false, true]);

    // "救命" (help): an urgent alert, then the companion stays near the person until a caregiver comes.
    await intent('help');
    await expect.poll(state, { timeout: 10_000 }).toBe('emergency.staying_near.with_person');
    const history = async (): Promise<string[]> => run.locator('.run-history li').allTextContents();
    expect(await history()).toContain('intent.help');
    expect((await history()).indexOf('intent.help')).toBeGreaterThan((await history()).indexOf('xstate.done.actor.alert')); // newest first
    expect(await run.locator('.chart-node[data-path="emergency"]').getAttribute('data-active')).toBe('true');
    expect(await run.locator('.chart-node[data-path="conversation"]').getAttribute('data-active')).toBe('false');
    expect(await run.locator('.run-tags .tag').allTextContents()).toEqual(['安全 safe']);
    expect(await button('pause').isEnabled()).toBe(false); // not pausable during an emergency
    // Stop is offered whenever the run is running; the emergency does not take it, and the page says so.
    await button('stop').click();
    const message = run.locator('.run-message');
    await expect.poll(() => message.getAttribute('data-code')).toBe('NOT_OFFERED');
    expect(await message.textContent()).toContain('does not offer it');
    expect(await state()).toBe('emergency.staying_near.with_person');

    // The caregiver resolves it: back to the conversation.
    await intent('resolved', 'caregiver');
    await expect.poll(state, { timeout: 10_000 }).toBe('conversation.listening');
    expect(await history()).toContain('intent.resolved');
    expect(await run.locator('.run-last-event').textContent()).not.toBe('–');
    await expect.poll(() => button('pause').isEnabled()).toBe(true);

    // A command Kindred refuses comes back coded, in both languages.
    const refused = await page.evaluate((runId) => (globalThis as unknown as PageGlobals).kindredViewer.behaviors.command(runId, 'jump'), live.runner.runId);
    expect(refused).toMatchObject({ ok: false, code: 'CONFIG_INVALID' });
    expect(await message.getAttribute('data-code')).toBe('CONFIG_INVALID');
    expect(await message.textContent()).toMatch(/指令被拒绝：[\u4e00-\u9fff].*Control refused: .*command/);

    await button('pause').click();
    await expect.poll(state, { timeout: 5000 }).toBe('paused');
    expect(await run.locator('.run-status').getAttribute('data-status')).toBe('running');
    await expect.poll(() => run.locator('.run-tags .tag[data-tag="resumable"]').count()).toBe(1);
    expect([await button('pause').isEnabled(), await button('resume').isEnabled(), await button('stop').isEnabled()]).toEqual([false, true, true]);
    expect(await message.getAttribute('data-code')).toBe('');
    expect(live.runner.snapshot().value).toBe('paused');

    // One touch, no confirmation dialog: the run ends.
    page.on('dialog', (d) => pageErrors.push(`unexpected dialog: ${d.message()}`));
    await button('stop').click();
    await expect.poll(() => run.getAttribute('data-status'), { timeout: 5000 }).toBe('done');
    expect(await state()).toBe('stopped');
    expect(await run.locator('.chart-node[data-path="stopped"]').getAttribute('data-active')).toBe('true'); // where it ended
    expect(await run.locator('.run-status').textContent()).toBe('已完成 Done');
    expect(await button('stop').isEnabled()).toBe(false);
    expect((await live.runner.done()).status).toBe('done');
    // The one error the page logged is the browser's note on the refused command (HTTP 400).
    expect(pageErrors).toEqual([expect.stringMatching(/400 \(Bad Request\).*\/api\/behaviors\/command$/)]);
  }, 60_000);
});
