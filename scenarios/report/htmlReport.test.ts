import { describe, expect, it } from 'vitest';
import { htmlReport } from './htmlReport.js';
import { campaignFixture, campaignOf, errorRun, noForceRun } from './testing/fixture.js';
import { hostileCampaign, LONG_NAME, SCRIPT_NAME } from './testing/hostile.js';

/** The HTML of one run's `<section>`. */
function section(html: string, id: string): string {
  const start = html.indexOf(`<section class="run`, html.indexOf(`id="${id}"`) - 80);
  const end = html.indexOf('</section>', start);
  expect(start).toBeGreaterThan(0);
  return html.slice(start, end);
}

const count = (text: string, needle: RegExp): number => (text.match(needle) ?? []).length;

describe('htmlReport (as text)', () => {
  const html = htmlReport(campaignFixture());

  it('loads nothing from anywhere: no src, no external href, no url(), no @import', () => {
    expect(html).not.toMatch(/\ssrc=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/<link\b/i);
    for (const m of html.matchAll(/\shref="([^"]*)"/g)) expect(m[1]).toMatch(/^#/);
    // The only http: text is the SVG namespace name, which is never fetched.
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:/);
    expect(html).toContain(`Content-Security-Policy" content="default-src 'none'`);
  });

  it('puts failed and errored runs first and links each from the summary', () => {
    const order = [...html.matchAll(/<section class="run run-(\w+)" id="(run-\d+)"/g)].map((m) => `${m[2]}:${m[1]}`);
    expect(order).toEqual(['run-2:fail', 'run-3:error', 'run-1:pass', 'run-4:pass']);
    const summary = html.slice(html.indexOf('id="summary"'), html.indexOf('id="hazards"'));
    expect([...summary.matchAll(/href="#(run-\d+)"/g)].map((m) => m[1])).toEqual(['run-2', 'run-3', 'run-1', 'run-4']);
  });

  it('draws a timeline, a plot per joint and per force channel, and the speed plot for each run', () => {
    // failing: timeline + 2 joints + 2 forces + speed; error (empty traces): timeline only;
    // passing: timeline + 2 joints + 1 force + speed; companion (no forces): timeline + 1 joint + speed.
    expect(count(section(html, 'run-2'), /<svg /g)).toBe(6);
    expect(count(section(html, 'run-3'), /<svg /g)).toBe(1);
    expect(count(section(html, 'run-1'), /<svg /g)).toBe(5);
    expect(count(section(html, 'run-4'), /<svg /g)).toBe(3);
    expect(section(html, 'run-3')).toContain('No trace data was recorded.');
    expect(section(html, 'run-4')).toContain('No force channels in this run.');
  });

  it('never writes a non-finite coordinate into the SVG, though a trace holds NaN', () => {
    expect(html).not.toMatch(/\s(?:d|x|y|x1|x2|y1|y2|cx|cy|width|height)="[^"]*(?:NaN|Infinity)/);
    expect(section(html, 'run-2')).toContain('class="nan-marker"');
  });

  it('shows the verdict, the counts and bilingual labels in the header', () => {
    expect(html).toMatch(/<div class="big-verdict" id="verdict">✘ 未通过 FAIL<\/div>/);
    expect(html).toContain('4 — 通过 passed 2 · 未通过 failed 1 · 错误 errored 1');
    expect(html).toContain('实时倍数 Real-time factor');
    expect(html).toContain('<html lang="zh-CN">');
  });

  it('escapes a scenario name that holds a script tag', () => {
    const hostile = htmlReport(hostileCampaign());
    expect(hostile).not.toContain(SCRIPT_NAME);
    expect(hostile).toContain('&lt;script&gt;globalThis.kindredPwned=1&lt;/script&gt;');
    expect(count(hostile, /<script>/g)).toBe(1); // the report's own
    expect(hostile).toContain(LONG_NAME);
  });

  it('renders a campaign with no runs, no hazards file and no mutation test', () => {
    const empty = htmlReport(campaignOf([]));
    expect(empty).toContain('No scenario was run.');
    expect(empty).toContain('No hazards file was used.');
    expect(empty).toContain('The mutation test was not run.');
    expect(empty).not.toContain('<section class="run');
    expect(empty).toContain('✔ 通过 PASS');
  });

  it('marks an injection that never took effect and a fault that was not detected', () => {
    const s = section(htmlReport(campaignOf([errorRun(), noForceRun()])), 'run-1');
    expect(s).toContain('<tr class="row-warn">');
    expect(s).toContain('未生效 inert');
    expect(s).toContain('未检出 not detected');
    expect(s).toContain('fault-bar fault-inert');
  });
});
