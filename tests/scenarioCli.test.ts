/**
 * `kindred scenario run` and `kindred check` as a safety tester uses them: exit 0 with the three
 * reports written when every expectation holds, exit 1 when a run fails (here: a fault that changes
 * nothing), exit 2 with file:line:column for a bad file, before anything runs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../runtime/cli/main.js';

const file = (p: string): string => fileURLToPath(new URL(`../scenarios/${p}`, import.meta.url));
let out: string[];
let dir: string;
beforeEach(() => {
  out = [];
  dir = mkdtempSync(join(tmpdir(), 'kindred-scenario-cli-'));
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('kindred scenario (CLI)', () => {
  it('runs a scenario, prints progress and a bilingual summary, writes JUnit, JSON and HTML, exits 0', async () => {
    const code = await main(['scenario', 'run', file('exo/thigh_cuff_force_offset.scenario.yaml'), '--report', dir]);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('[1/1] ✓ exo_thigh_cuff_force_offset');
    expect(text).toContain('PASS 通过');
    for (const f of ['junit.xml', 'results.json', 'report.html']) expect(existsSync(join(dir, f))).toBe(true);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('tests="1"');
  }, 60_000);

  it('exits 1 when a run fails, naming the failed expectation', async () => {
    const code = await main(['scenario', 'run', file('runner/fixtures/inert_offset.scenario.yaml')]);
    expect(code).toBe(1);
    expect(out.join('\n')).toContain('really took effect');
  }, 60_000);

  it('refuses a bad scenario file with exit 2 and its position, in run and in check', async () => {
    const bad = file('runner/fixtures/unknown_fault_type.scenario.yaml');
    expect(await main(['scenario', 'run', bad])).toBe(2);
    expect(out.join('\n')).toContain(`${bad}:9:`);
    out.length = 0;
    expect(await main(['check', bad, file('hazards.yaml'), file('exo/knee_spasm.scenario.yaml')])).toBe(2);
    const text = out.join('\n');
    expect(text).toContain('CONFIG_INVALID');
    expect(text).toContain('hazards.yaml: ok — 14 hazards');
    expect(text).toContain('knee_spasm.scenario.yaml: ok — scenario exo_knee_spasm');
  });
});
