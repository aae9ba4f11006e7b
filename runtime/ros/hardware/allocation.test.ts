import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const probe = fileURLToPath(new URL('./scripts/allocationProbe.ts', import.meta.url));

interface ProbeResult {
  readonly component: { readonly fresh: number; readonly stale: number };
  readonly ros: number;
  readonly mock: number;
  readonly failed: number;
  readonly failBytes: number;
  readonly gcDuring: number;
  readonly readErrors: number;
}

describe('allocation of the ROS 2 hardware component in the control cycle', () => {
  it('read and write allocate nothing (fresh and stale state), and a loop driving a ROS 2 robot allocates no more per cycle than one on mock hardware', () => {
    // A child process, because only a process started with --expose-gc can collect before measuring.
    const child = spawnSync(process.execPath, ['--expose-gc', '--no-memory-reducer', '--import', 'tsx', probe, '6', '40000'], { encoding: 'utf8', timeout: 120_000 });
    expect(child.status, child.stderr).toBe(0);
    const r = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as ProbeResult;
    const f = (x: number): string => x.toFixed(3);
    console.log(
      `ROS 2 hardware, 6 joints: component read+write ${f(r.component.fresh)} B/cycle fresh, ${f(r.component.stale)} stale; ` +
        `whole cycle ${f(r.ros)} B/cycle (mock hardware: ${f(r.mock)}), after the robot fell silent ${f(r.failed)}; ` +
        `the failure and its stop ${(r.failBytes / 1024).toFixed(0)} KiB once; GCs: ${r.gcDuring}`,
    );
    expect(r.readErrors).toBeGreaterThan(0);
    expect(r.component.fresh).toBeLessThan(1);
    expect(r.component.stale).toBeLessThan(1);
    // The loop's own known cost (doubles across non-inlined calls, ARCHITECTURE.md) is the same either way.
    expect(Math.abs(r.ros - r.mock)).toBeLessThan(1);
    expect(Math.abs(r.failed - r.mock)).toBeLessThan(1);
  });
});
