/**
 * Control-loop timing: Kindred's real-time worker next to `cyclictest` (Debian rt-tests) at the same
 * rate and scheduling policy (SCHED_OTHER: neither is given real-time priority here), once with an
 * idle main thread and once while the main thread is busy with 20 ms blocks of work (a stand-in for
 * perception). Lateness = how long after its deadline a cycle started. The point is isolation: the
 * main thread's load must not show in the worker's lateness.
 */
import { execFile } from 'node:child_process';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { promisify } from 'node:util';
import { DEFAULT_LAUNCH_FILE, loadLaunchFile, toLoopConfig } from '../launch/index.js';
import { silentLogger } from '../runtime/logging/index.js';
import { LoopHost } from '../runtime/loop/index.js';
import type { BenchOptions, BenchResult, BenchRow } from './types.js';

const run = promisify(execFile);

interface Lateness {
  p50Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
  achievedHz: number;
}

/** Keep the main thread busy in 20 ms blocks until `untilMs`, yielding to the event loop between blocks. */
async function busyMainThread(untilMs: number): Promise<void> {
  while (performance.now() < untilMs) {
    const blockEnd = Math.min(untilMs, performance.now() + 20);
    let x = 0;
    while (performance.now() < blockEnd) x += Math.sqrt(x + 1);
    await yieldToLoop(x);
  }
}

async function keepMainThread(load: 'idle' | 'busy', durationS: number): Promise<void> {
  const until = performance.now() + durationS * 1000;
  if (load === 'busy') await busyMainThread(until);
  else await new Promise((r) => setTimeout(r, durationS * 1000));
}

async function kindredLoop(rateHz: number, load: 'idle' | 'busy', durationS: number): Promise<Lateness> {
  const config = { ...toLoopConfig(loadLaunchFile(DEFAULT_LAUNCH_FILE)), rateHz, stallTimeoutMs: 1000 };
  const host = await LoopHost.start(config, silentLogger());
  try {
    await keepMainThread(load, durationS);
    const s = host.stats();
    return { p50Us: s.latenessUs.p50, p99Us: s.latenessUs.p99, p999Us: s.latenessUs.p999, maxUs: s.latenessUs.max, achievedHz: s.achievedRateHz };
  } finally {
    await host.stop();
  }
}

/** Percentiles from cyclictest's histogram (1 µs buckets). */
function cyclictestPercentiles(output: string, rateHz: number, durationS: number): Lateness {
  const counts: [number, number][] = [];
  for (const line of output.split('\n')) {
    const m = /^(\d{6}) (\d+)\s*$/.exec(line);
    if (m) counts.push([Number(m[1]), Number(m[2])]);
  }
  const total = counts.reduce((a, [, c]) => a + c, 0);
  const maxLine = /# Max Latencies: (\d+)/.exec(output);
  const at = (q: number): number => {
    const rank = Math.ceil(q * total);
    let seen = 0;
    for (const [us, c] of counts) {
      seen += c;
      if (seen >= rank) return us + 1; // upper edge of the 1 µs bucket, as Kindred's histogram reports
    }
    return Number(maxLine?.[1] ?? 0);
  };
  return { p50Us: at(0.5), p99Us: at(0.99), p999Us: at(0.999), maxUs: Number(maxLine?.[1] ?? 0), achievedHz: total / durationS || rateHz };
}

async function cyclictest(rateHz: number, load: 'idle' | 'busy', durationS: number): Promise<Lateness> {
  const intervalUs = Math.round(1e6 / rateHz);
  const child = run('cyclictest', ['-t1', '-m', '-q', `-i${intervalUs}`, `-D${durationS}`, '-h20000'], { maxBuffer: 64 * 1024 * 1024 });
  await keepMainThread(load, durationS);
  const { stdout } = await child;
  return cyclictestPercentiles(stdout, rateHz, durationS);
}

async function haveCyclictest(): Promise<boolean> {
  try {
    await run('cyclictest', ['--help']);
    return true;
  } catch (e) {
    // cyclictest --help exits non-zero but prints usage; only ENOENT means it is missing.
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

export async function run_(options: BenchOptions): Promise<BenchResult> {
  const durationS = options.quick ? 3 : 60;
  const rows: BenchRow[] = [];
  const notes: string[] = [
    `${durationS} s per case; both sides SCHED_OTHER; main-thread load: 20 ms busy blocks back to back`,
    'lateness in µs, upper bucket edge (Kindred: 0.5 µs buckets below 200 µs; cyclictest: 1 µs buckets)',
  ];
  if (!(await haveCyclictest())) throw new Error('cyclictest (Debian rt-tests) is not installed; apt-get install rt-tests');
  for (const rateHz of [500, 1000]) {
    for (const load of ['idle', 'busy'] as const) {
      const k = await kindredLoop(rateHz, load, durationS);
      const c = await cyclictest(rateHz, load, durationS);
      const tag = `${rateHz} Hz, main thread ${load}`;
      for (const [label, key] of [['p50', 'p50Us'], ['p99', 'p99Us'], ['p99.9', 'p999Us'], ['max', 'maxUs']] as const) {
        const kv = Math.max(k[key], 0.5);
        const cv = Math.max(c[key], 0.5);
        const ratio = cv / kv;
        rows.push({
          metric: `lateness ${label} (${tag})`,
          kindred: kv,
          reference: cv,
          referenceName: 'cyclictest',
          unit: 'µs',
          ratio,
          better: 'lower',
          ...(label === 'p99' ? { aim: '≤ 2× cyclictest (ratio ≥ 0.5)', met: ratio >= 0.5 } : {}),
        });
      }
      rows.push({
        metric: `achieved rate (${tag})`,
        kindred: k.achievedHz,
        reference: rateHz,
        referenceName: 'nominal',
        unit: 'Hz',
        ratio: k.achievedHz / rateHz,
        better: 'higher',
        aim: '≥ 99.9 % of nominal',
        met: k.achievedHz / rateHz >= 0.999,
      });
    }
  }
  return { name: 'control loop lateness vs cyclictest', rows, notes };
}

export { run_ as run };
