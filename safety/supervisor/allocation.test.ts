// V8's memory reducer collects on a timer when the process looks idle, which under a loaded machine
// lands inside the measured window without anything having been allocated there; it is off in the probe.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const probe = fileURLToPath(new URL('./scripts/supervisorAllocationProbe.ts', import.meta.url));

interface ProbeResult {
  readonly steady: { readonly normal: number; readonly stopped: number; readonly after: number };
  readonly transitionBytes: { readonly stop: number; readonly reset: number };
  readonly gcDuring: number;
  readonly events: number;
}

describe('allocation of the supervisor in the control cycle', () => {
  it.each([
    ['exo', 12],
    ['transfer', 18],
  ])('%s (%i joints): monitors + reactions + gate allocate nothing per cycle — nominal, in a stop, after a reset — and no GC runs through the first e-stop', (kind, joints) => {
    // A child process, because only a process started with --expose-gc can collect before measuring.
    const child = spawnSync(process.execPath, ['--expose-gc', '--no-memory-reducer', '--import', 'tsx', probe, String(kind), String(joints), '60000'], { encoding: 'utf8', timeout: 120_000 });
    expect(child.status, child.stderr).toBe(0);
    const r = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as ProbeResult;
    const f = (x: number): string => x.toFixed(3);
    console.log(
      `supervisor + gate, ${kind} ${joints} joints: ${f(r.steady.normal)} B/cycle nominal, ${f(r.steady.stopped)} in a category 1 stop, ${f(r.steady.after)} after reset; ` +
        `first e-stop ${(r.transitionBytes.stop / 1024).toFixed(0)} KiB, first reset + recovery ${(r.transitionBytes.reset / 1024).toFixed(0)} KiB (events, plans, V8 re-optimising new paths); GCs: ${r.gcDuring}`,
    );
    // The e-stop's fault, emergency stop, cause cleared, reset, recovery, normal: a nominal robot raises nothing else.
    expect(r.events).toBe(6);
    expect(r.steady.normal).toBeLessThan(1);
    expect(r.steady.stopped).toBeLessThan(1);
    expect(r.steady.after).toBeLessThan(1);
    expect(r.gcDuring).toBe(0);
  });
});
