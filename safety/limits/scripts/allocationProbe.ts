/**
 * Allocation probe for the limit enforcer: `node --expose-gc --import tsx safety/limits/scripts/allocationProbe.ts [joints] [cycles]`.
 * Warms up, collects garbage, then runs the cycles with no collection in between and prints the heap
 * growth as JSON ({ joints, cycles, bytes, bytesPerCycle, gcDuring }). A collection during the run
 * would hide allocations, so it is counted and reported.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { syntheticRobot } from '../testing/syntheticRobot.js';

const joints = Number(process.argv[2] ?? 18);
const cycles = Number(process.argv[3] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.log(JSON.stringify({ skipped: 'run node with --expose-gc' }));
  process.exit(0);
}
const robot = syntheticRobot(joints);
for (let k = 0; k < 50_000; k++) robot.cycle(k);
// A category 1 stop and its release, so the stop path is warm too.
robot.enforcer.beginStop(1, 0.5, robot.state);
for (let k = 0; k < 1000; k++) robot.cycle(k);
robot.enforcer.endStop();

let gcDuring = 0;
const observer = new PerformanceObserver((list) => {
  gcDuring += list.getEntries().length;
});
gc();
gc();
observer.observe({ entryTypes: ['gc'] });
const before = process.memoryUsage().heapUsed;
for (let k = 0; k < cycles; k++) {
  robot.cycle(k);
  if (k === cycles >> 1) robot.enforcer.beginStop(2, 0.3, robot.state);
}
robot.enforcer.endStop();
const after = process.memoryUsage().heapUsed;
setTimeout(() => {
  observer.disconnect();
  const bytes = after - before;
  console.log(JSON.stringify({ joints, cycles, bytes, bytesPerCycle: bytes / cycles, gcDuring }));
}, 50);
