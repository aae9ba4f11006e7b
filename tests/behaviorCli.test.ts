// The shipped behaviours as CI and a behaviour developer run them (issue 8): `kindred behavior verify`
// proves all three, and each runs headless to its end in its simulated scene with its demo script.
import { describe, expect, it } from 'vitest';
import { SHIPPED_BEHAVIORS, shippedBehaviorIds } from '../behaviors/catalog.js';
import { runShippedBehavior } from '../runtime/cli/behaviorCommand.js';
import { silentLogger } from '../runtime/logging/index.js';
import { kindredCli } from './kindredCli.js';



describe('kindred behavior verify', () => {
  it('proves every shipped behaviour and exits 0', async () => {
    expect(shippedBehaviorIds()).toEqual(['companion', 'rehab', 'transfer']);
    const r = await kindredCli('behavior', 'verify');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const id of shippedBehaviorIds()) expect(r.stdout).toMatch(new RegExp(`behaviour ${id}: verified`));
  }, 120_000);

  it('names an unknown behaviour and the known ones', async () => {
    const r = await kindredCli('behavior', 'verify', 'dance');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dance.*companion, rehab, transfer/);
  }, 60_000);
});

describe('kindred behavior run: each shipped behaviour to its end in simulation', () => {
  it('rehab: the post-stroke knee demo session completes with a record of every repetition', async () => {
    const run = await runShippedBehavior(await SHIPPED_BEHAVIORS['rehab']!(), { logger: silentLogger() });
    expect(run.result.status).toBe('done');
    const record = run.record as { status: string; exercises: { repetitions?: unknown[]; sets?: { repetitions: unknown[] }[] }[]; pauses: unknown[] };
    expect(record.status).toBe('completed');
    expect(record.exercises.length).toBeGreaterThan(0);
    expect(record.pauses.length).toBe(1); // the demo script's therapist pause, then resume
  }, 120_000);

  it('transfer: the demo transfer completes with every precondition met', async () => {
    const run = await runShippedBehavior(await SHIPPED_BEHAVIORS['transfer']!(), { logger: silentLogger() });
    expect(run.result.status).toBe('done');
    expect((run.record as { outcome: string }).outcome).toBe('completed');
  }, 120_000);

  it('companion: the demo day ends with the fall alerted and resolved', async () => {
    const run = await runShippedBehavior(await SHIPPED_BEHAVIORS['companion']!(), { logger: silentLogger() });
    expect(run.result.status).toBe('done');
    const record = run.record as { alerts: { severity: string }[]; falls: unknown[] };
    expect(record.falls.length).toBeGreaterThan(0);
    expect(record.alerts.map((a) => a.severity)).toContain('urgent');
  }, 120_000);
});

describe('kindred behavior test', () => {
  it('--list prints the generated cases of each behaviour without running them', async () => {
    const r = await kindredCli('behavior', 'test', '--list', '--probe', 'pause');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('== rehab ==');
    expect(r.stdout).toMatch(/pause session\.running\.exercise\.moving/);
    expect(r.stdout).toMatch(/pause holding/);
    expect(r.stdout).not.toMatch(/^ {2}stop /m);
  }, 120_000);

  it('runs the cases of one state against the simulator, prints the report and exits 0', async () => {
    const r = await kindredCli('behavior', 'test', 'companion', '--probe', 'pause', '--target', 'conversation.listening');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/companion: 1\/1 model-based cases passed/);
    expect(r.stdout).toMatch(/PASS {2}pause conversation\.listening {2}\(reached at/);
  }, 120_000);

  it('refuses an unknown probe with the ones it knows', async () => {
    const r = await kindredCli('behavior', 'test', 'companion', '--probe', 'shake');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--probe "shake".*pause, stop, estop/);
  }, 60_000);
});

