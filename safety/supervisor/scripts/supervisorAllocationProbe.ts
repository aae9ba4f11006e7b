/**
 * Allocation probe for one cycle's safety work — the supervisor's monitors and reactions, then the
 * SafetyGate — over a synthetic exoskeleton or transfer robot with its shipped supervisor defaults:
 * `node --expose-gc --import tsx safety/supervisor/scripts/supervisorAllocationProbe.ts [exo|transfer] [joints] [cycles]`.
 *
 * After the gate's and the supervisor's warm-ups (as the worker runs them) and 50 000 nominal cycles,
 * it runs, with garbage collection observed throughout: `cycles` nominal cycles; the supervisor's first
 * ever stop (a category 1 e-stop requested between cycles, as the worker does) and 2 000 cycles to
 * settle; `cycles` cycles in the stop; an authorised reset and the recovery (3 000 cycles); `cycles`
 * nominal cycles again. Heap growth is measured per window. Prints JSON `{ kind, joints, cycles,
 * steady: {normal, stopped, after} (B/cycle), transitionBytes: {stop, reset}, gcDuring, events }`.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { syntheticSupervised, type SyntheticKind } from '../testing/syntheticSupervised.js';

const kind = (process.argv[2] ?? 'transfer') as SyntheticKind;
const joints = Number(process.argv[3] ?? 18);
const cycles = Number(process.argv[4] ?? 30_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.log(JSON.stringify({ skipped: 'run node with --expose-gc' }));
  process.exit(0);
}
const rig = syntheticSupervised(kind, joints);
let k = 0;
const run = (n: number): void => {
  for (let i = 0; i < n; i++) {
    rig.prepare(k++);
    rig.cycle();
  }
};
/** Heap growth over `f`, bytes. */
const grown = (f: () => void): number => {
  const before = process.memoryUsage().heapUsed;
  f();
  return process.memoryUsage().heapUsed - before;
};
/**
 * Steady-state heap growth per cycle: the median over 8 chunks, so a stray allocation elsewhere in the
 * process (lazy compilation, the test runner's own work on a loaded machine) in one chunk does not read
 * as the cycle allocating; a cycle that allocates grows every chunk.
 */
const perCycle = (n: number): number => {
  const chunk = Math.max(1, Math.floor(n / 8));
  const rates: number[] = [];
  for (let c = 0; c < 8; c++) rates.push(grown(() => run(chunk)) / chunk);
  rates.sort((x, y) => x - y);
  return (rates[3]! + rates[4]!) / 2;
};
run(50_000);
const eventsBefore = rig.supervisor.events.lastSeq;

let gcDuring = 0;
const observer = new PerformanceObserver((list) => {
  gcDuring += list.getEntries().length;
});
gc();
gc();
observer.observe({ entryTypes: ['gc'] });
const normal = perCycle(cycles);
const stopBytes = grown(() => {
  rig.supervisor.estop('tablet');
  run(2000);
});
const stopped = perCycle(cycles);
// The worker hands the events to the main thread, whose log acknowledges them; then an authorised reset.
const drained = rig.supervisor.events.drain().length;
Atomics.store(rig.loggedSeq, 0, rig.supervisor.events.lastSeq);
const resetBytes = grown(() => {
  const reset = rig.supervisor.reset({ source: 'tablet', role: 'therapist' });
  if (!reset.accepted) throw new Error(`reset refused: ${reset.message}`);
  run(3000);
});
const after = perCycle(cycles);
setTimeout(() => {
  observer.disconnect();
  const events = rig.supervisor.events.lastSeq - eventsBefore;
  if (drained === 0) throw new Error('the e-stop raised no event');
  console.log(JSON.stringify({ kind, joints, cycles, steady: { normal, stopped, after }, transitionBytes: { stop: stopBytes, reset: resetBytes }, gcDuring, events }));
}, 50);
