/**
 * Allocation probe for a control cycle driving a ROS 2 robot:
 * `node --expose-gc --no-memory-reducer --import tsx runtime/ros/hardware/scripts/allocationProbe.ts [joints] [cycles]`.
 *
 * Builds the loop as the worker does (`buildLoop`: the plugin loaded by URL, a forward_command
 * position controller, the default supervisor, warm-ups) on this thread, and the same loop on the
 * built-in mock hardware as the reference. A stand-in for the main thread writes a new JointState into
 * the shared buffer every 4th cycle through the allocation-free `RosStateWriter`, and set-points
 * sweep past the joints' limits so the gate clamps. After 50 000 warm-up cycles, with garbage
 * collection observed throughout, it measures heap growth per cycle: nominal cycles (ROS and mock),
 * then the robot goes silent (the read fails, the hardware monitor's category 0 stop, the stop command)
 * and the failed component keeps being read. The component alone is measured too (fresh and stale
 * reads, writes). Prints JSON `{ joints, cycles, component: {fresh, stale}, ros, mock, failed,
 * failBytes, gcDuring, readErrors }` (B/cycle, except failBytes).
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { SafetyGate, type GatedCommands } from '../../../../safety/index.js';
import { INPUT } from '../../../../safety/monitors/index.js';
import type { ControllerManager } from '../../../control/index.js';
import { buildLoop } from '../../../loop/buildManager.js';
import type { LoopConfig } from '../../../loop/LoopConfig.js';
import { JOINT_FIELD, HW_CTRL } from '../rosHardwareLayout.js';
import { createHardware } from '../plugin.js';
import { prepareRosHardware } from '../RosHardwareLink.js';
import { RosStateWriter } from '../RosStateWriter.js';

const joints = Number(process.argv[2] ?? 6);
const cycles = Number(process.argv[3] ?? 40_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.log(JSON.stringify({ skipped: 'run node with --expose-gc' }));
  process.exit(0);
}
const periodS = 0.002;
const names = Array.from({ length: joints }, (_, j) => `joint_${j}`);
const { spec, link } = prepareRosHardware({
  name: 'robot',
  joints: names.map((name) => ({ name, command: ['position'], min: -1, max: 1 })),
  commandInterface: 'position',
  stateTimeoutMs: 50,
});
link.feedJointState({ name: names, position: names.map(() => 0), velocity: names.map(() => 0), effort: names.map(() => 0) });
const base = (hardware: LoopConfig['hardware'][number]): LoopConfig => ({
  rateHz: 1 / periodS,
  mode: 'lockstep',
  stallTimeoutMs: 100,
  spinUs: 50,
  hardware: [hardware],
  controllers: [{ name: 'fwd', type: 'forward_command', joints: names, interface: 'position', params: {}, autostart: true }],
});
const ros = await buildLoop(base(spec), { warmUp: true });
const mock = await buildLoop(base({ type: 'mock', name: 'robot', joints: names.map((name) => ({ name, command: ['position'], min: -1, max: 1 })) }), { warmUp: true });
const writer = new RosStateWriter((spec.config as { buffer: SharedArrayBuffer }).buffer);

let k = 0;
/** The main thread's share of a cycle, allocation-free: a JointState every 4th cycle while `publishing`. */
function robotPublishes(at: number): void {
  writer.begin();
  for (let j = 0; j < joints; j++) {
    writer.set(j, JOINT_FIELD.POSITION, 0.001 * j);
    writer.refresh(j, at);
  }
  writer.end();
}
function cycle(manager: ControllerManager, inputs: Float64Array, publishing: boolean): void {
  if (publishing && (k & 3) === 0) robotPublishes(k);
  const timeS = k * periodS;
  // Set-points sweep ±1.5: past the ±1 limits half the time.
  for (let c = 0; c < joints; c++) manager.setpoints[c] = 1.5 * Math.sin(timeS * (1 + 0.1 * c));
  inputs[INPUT.TIME_S] = timeS;
  manager.cycle(timeS, periodS);
  k++;
}
const run = (loop: typeof ros, n: number, publishing: boolean): void => {
  for (let i = 0; i < n; i++) cycle(loop.manager, loop.supervisor.inputs, publishing);
};
/** Heap growth per cycle: the median over 8 chunks (a stray allocation elsewhere in one chunk is not the cycle's). */
const perCycle = (loop: typeof ros, n: number, publishing: boolean): number => {
  const chunk = Math.max(1, Math.floor(n / 8));
  const rates: number[] = [];
  for (let c = 0; c < 8; c++) {
    const before = process.memoryUsage().heapUsed;
    run(loop, chunk, publishing);
    rates.push((process.memoryUsage().heapUsed - before) / chunk);
  }
  rates.sort((x, y) => x - y);
  return (rates[3]! + rates[4]!) / 2;
};

/*
 * The component alone, without the manager whose double-valued call arguments cost the loop its
 * known ~16 B/cycle (ARCHITECTURE.md): read and write called with whole-number times, the gated
 * commands captured from a real SafetyGate's write (only the gate can make them).
 */
const alone = prepareRosHardware({ name: 'alone', joints: names.map((name) => ({ name, command: ['position'] })), commandInterface: 'position', stateInterfaces: ['position'], stateTimeoutMs: 2000 });
alone.link.feedJointState({ name: names, position: names.map(() => 0), velocity: [], effort: [] });
const hw = await createHardware('alone', alone.spec.config);
hw.configure(new Float64Array(hw.stateInterfaces().length));
hw.activate();
let gated: GatedCommands | undefined;
const gate = new SafetyGate(
  names.map((n) => ({ name: `${n}/position` })),
  [{ writer: { name: 'capture', write: (_t: number, _p: number, c: GatedCommands) => ((gated = c), 'ok' as const) }, offset: 0, length: joints }],
);
gate.write(0, periodS, ['ok'], Uint8Array.of(1));
const aloneWriter = new RosStateWriter((alone.spec.config as { buffer: SharedArrayBuffer }).buffer);
let t = 0;
function aloneCycle(publishing: boolean): void {
  if (publishing) {
    aloneWriter.begin();
    for (let j = 0; j < joints; j++) aloneWriter.refresh(j, t);
    aloneWriter.end();
  }
  hw.read(t, 1);
  hw.write(t, 1, gated!);
  t++;
}
/** Median heap growth per cycle over 8 chunks, as `perCycle` below. */
const aloneRun = (n: number, publishing: boolean): number => {
  const chunk = Math.max(1, Math.floor(n / 8));
  const rates: number[] = [];
  for (let c = 0; c < 8; c++) {
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < chunk; i++) aloneCycle(publishing);
    rates.push((process.memoryUsage().heapUsed - before) / chunk);
  }
  rates.sort((x, y) => x - y);
  return (rates[3]! + rates[4]!) / 2;
};

aloneRun(50_000, true);
run(ros, 50_000, true);
run(mock, 50_000, true);
let gcDuring = 0;
const observer = new PerformanceObserver((list) => {
  gcDuring += list.getEntries().length;
});
gc();
gc();
observer.observe({ entryTypes: ['gc'] });
const componentFresh = aloneRun(cycles, true);
const rosNominal = perCycle(ros, cycles, true);
const mockNominal = perCycle(mock, cycles, true);
const beforeFail = process.memoryUsage().heapUsed;
run(ros, 100, false);
const failBytes = process.memoryUsage().heapUsed - beforeFail;
const failed = perCycle(ros, cycles, false);
aloneRun(5000, false); // the read fails from here on (2 s without a refresh)
const componentStale = aloneRun(cycles, false);
const readErrors = Atomics.load(new Int32Array((spec.config as { buffer: SharedArrayBuffer }).buffer, 0, 16), HW_CTRL.READ_ERRORS);
const commands = link.readCommands();
setTimeout(() => {
  observer.disconnect();
  if (commands.torqueEnabled || commands.stops !== 1) throw new Error(`the silent robot was not stopped: ${JSON.stringify({ torque: commands.torqueEnabled, stops: commands.stops })}`);
  console.log(JSON.stringify({ joints, cycles, component: { fresh: componentFresh, stale: componentStale }, ros: rosNominal, mock: mockNominal, failed, failBytes, gcDuring, readErrors }));
}, 50);
