/**
 * Allocation probe for the SafetyGate's first stop:
 * `node --expose-gc --import tsx safety/limits/scripts/gateAllocationProbe.ts [joints] [stopCycles] [warm|cold]`.
 * Builds a gate over a synthetic robot (position + effort per joint, all limits set), runs normal
 * cycles (so that path is optimised by use), optionally runs `SafetyGate.warmUp()` first (`warm`, the
 * default, as the real-time worker does), then measures the heap over the gate's first ever category 1
 * stop and, after its release, a category 2 stop. Prints JSON
 * `{ joints, warm, cycles, bytes, bytesPerCycle, gcDuring }`.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { SafetyGate } from '../../SafetyGate.js';
import { syntheticRobot } from '../testing/syntheticRobot.js';

const joints = Number(process.argv[2] ?? 18);
const stopCycles = Number(process.argv[3] ?? 2000);
const warm = (process.argv[4] ?? 'warm') === 'warm';
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.log(JSON.stringify({ skipped: 'run node with --expose-gc' }));
  process.exit(0);
}
const robot = syntheticRobot(joints);
const stateIndex = new Map(robot.stateNames.map((s, i) => [s, i]));
const gate = new SafetyGate(
  robot.commandNames.map((name) => ({ name, ...(name.endsWith('/position') ? { holdStateIndex: stateIndex.get(name)! } : {}) })),
  [],
  { limits: robot.table, stateNames: robot.stateNames, periodS: 0.001 },
);
if (warm) gate.warmUp();
const requested = robot.requested;
const state = robot.state;
const out = gate.enforcedValues;
function cycle(k: number): void {
  const t = k * 0.001;
  for (let i = 0; i < joints; i++) {
    const phase = t * (0.7 + 0.05 * i);
    requested[2 * i] = 0.25 + 1.4 * Math.sin(phase);
    requested[2 * i + 1] = 100 * Math.cos(phase);
    state[3 * i] = out[2 * i]!;
  }
  gate.enforce(requested, state);
}
for (let k = 0; k < 50_000; k++) cycle(k);

let gcDuring = 0;
const observer = new PerformanceObserver((list) => {
  gcDuring += list.getEntries().length;
});
gc();
gc();
observer.observe({ entryTypes: ['gc'] });
const before = process.memoryUsage().heapUsed;
gate.beginStop(1, 0.5, state);
for (let k = 0; k < stopCycles; k++) cycle(50_000 + k);
gate.endStop();
gate.beginStop(2, 0.3, state);
for (let k = 0; k < stopCycles; k++) cycle(50_000 + stopCycles + k);
gate.endStop();
const after = process.memoryUsage().heapUsed;
setTimeout(() => {
  observer.disconnect();
  const bytes = after - before;
  const cycles = 2 * stopCycles;
  console.log(JSON.stringify({ joints, warm, cycles, bytes, bytesPerCycle: bytes / cycles, gcDuring }));
}, 50);
