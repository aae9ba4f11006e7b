import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const probe = fileURLToPath(new URL('./scripts/allocationProbe.ts', import.meta.url));

describe('allocation in the control cycle', () => {
  it('enforces 200 000 cycles of an 18-joint robot, a category 2 stop included, without allocating', () => {
    // A child process, because only a process started with --expose-gc can collect before measuring.
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', probe, '18', '200000'], { encoding: 'utf8', timeout: 120_000 });
    expect(child.status, child.stderr).toBe(0);
    const result = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { bytes: number; cycles: number; bytesPerCycle: number; gcDuring: number };
    console.log(`limit enforcer, 18 joints × (position + effort): heap grew ${result.bytes} B over ${result.cycles} cycles = ${result.bytesPerCycle.toFixed(3)} B/cycle; garbage collections during the run: ${result.gcDuring}`);
    // No collection ran (so nothing was allocated and freed unseen), and what stayed is a one-off
    // (planning the stop, compiled code), not a per-cycle cost.
    expect(result.gcDuring).toBe(0);
    expect(result.bytesPerCycle).toBeLessThan(1);
  });
});
