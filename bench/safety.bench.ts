/**
 * The SafetyGate's enforce step per control cycle, for 12 and 18 joints (each with a position and an
 * effort command, as the shipped robots expose), next to a clamp-only reference measured in the same
 * run: the foundation gate's algorithm (interface min/max, NaN → hold), written out here. Two gate
 * configurations: with every limit set (hard + soft range, velocity, acceleration, jerk — so the jerk
 * window runs — and effort, as the exoskeleton's composed layers give) and without a safety block
 * (interface min/max only, through the same enforcer). Each cycle is timed on its own; p50/p99/p99.9
 * in ns. Heap growth per cycle (normal cycles, and the first category 1 stop after `warmUp`) is in
 * the notes.
 *
 * Then the whole safety work of a cycle — the supervisor's monitors and reactions, then the gate — for
 * the exoskeleton (12 joints, four cuff F/T sensors, IMU, e-stop) and the transfer robot (18 joints,
 * two forearm F/T sensors, eleven patient contact regions, IMU, e-stop) with their shipped supervisor
 * defaults, next to the gate alone on the same robot and to the 1 ms loop period.
 */
import { SafetyGate } from '../safety/index.js';
import { syntheticRobot, type SyntheticRobot } from '../safety/limits/testing/syntheticRobot.js';
import { syntheticSupervised, type SyntheticKind } from '../safety/supervisor/testing/syntheticSupervised.js';
import type { BenchOptions, BenchResult, BenchRow } from './types.js';

interface Percentiles {
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
}

const PERIOD_S = 0.001;
const INTERFACE_RANGE = 100;

function percentiles(samples: Float64Array): Percentiles {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99), p999: at(0.999) };
}

/** The foundation gate's clamp-only enforce: interface min/max, a non-finite request → the measured position or 0. */
class ClampOnly {
  readonly out: Float64Array;
  constructor(
    private readonly min: Float64Array,
    private readonly max: Float64Array,
    private readonly hold: Int32Array,
  ) {
    this.out = new Float64Array(min.length);
  }

  enforce(requested: Float64Array, state: Float64Array): number {
    let limited = 0;
    for (let i = 0; i < requested.length; i++) {
      const want = requested[i]!;
      let value = want;
      if (!Number.isFinite(want)) {
        const s = this.hold[i]!;
        value = s >= 0 ? state[s]! : 0;
        if (!Number.isFinite(value)) value = 0;
      }
      if (value < this.min[i]!) value = this.min[i]!;
      if (value > this.max[i]!) value = this.max[i]!;
      if (value !== want) limited++;
      this.out[i] = value;
    }
    return limited;
  }
}

interface Subject {
  readonly name: string;
  /** Fill the inputs for cycle k (untimed). */
  prepare(k: number): void;
  /** One enforce (timed). */
  cycle(): void;
}

/** Inputs of the synthetic robot's sweep (into the soft limits, efforts beyond the bounds), fed back from `out`. */
function sweep(robot: SyntheticRobot, joints: number, out: Readonly<Float64Array>): (k: number) => void {
  const { requested, state } = robot;
  return (k) => {
    const t = k * PERIOD_S;
    for (let i = 0; i < joints; i++) {
      const phase = t * (0.7 + 0.05 * i);
      requested[2 * i] = 0.25 + 1.4 * Math.sin(phase);
      requested[2 * i + 1] = 100 * Math.cos(phase);
      state[3 * i] = out[2 * i]!;
      state[3 * i + 1] = 1.4 * 0.7 * Math.cos(phase);
    }
  };
}

function subjects(joints: number): { full: Subject; clampMode: Subject; reference: Subject; fullGate: SafetyGate; robot: SyntheticRobot } {
  const robot = syntheticRobot(joints, PERIOD_S);
  const stateIndex = new Map(robot.stateNames.map((s, i) => [s, i]));
  const interfaces = robot.commandNames.map((name) => ({
    name,
    min: -INTERFACE_RANGE,
    max: INTERFACE_RANGE,
    ...(name.endsWith('/position') ? { holdStateIndex: stateIndex.get(name)! } : {}),
  }));
  const fullGate = new SafetyGate(interfaces, [], { limits: robot.table, stateNames: robot.stateNames, periodS: PERIOD_S });
  const clampGate = new SafetyGate(interfaces, [], { stateNames: robot.stateNames, periodS: PERIOD_S });
  const clamp = new ClampOnly(
    Float64Array.from(interfaces, (g) => g.min),
    Float64Array.from(interfaces, (g) => g.max),
    Int32Array.from(interfaces, (g) => g.holdStateIndex ?? -1),
  );
  const { requested, state } = robot;
  return {
    full: { name: 'gate, every limit', prepare: sweep(robot, joints, fullGate.enforcedValues), cycle: () => fullGate.enforce(requested, state) },
    clampMode: { name: 'gate, no safety block', prepare: sweep(robot, joints, clampGate.enforcedValues), cycle: () => clampGate.enforce(requested, state) },
    reference: { name: 'clamp only', prepare: sweep(robot, joints, clamp.out), cycle: () => clamp.enforce(requested, state) },
    fullGate,
    robot,
  };
}

/** Per-cycle time in ns, each cycle timed on its own, minus the timer's own median cost. */
function timeCycles(subject: Subject, cycles: number, from: number): Percentiles {
  const empty = new Float64Array(10_000);
  for (let k = 0; k < empty.length; k++) {
    const t0 = performance.now();
    empty[k] = performance.now() - t0;
  }
  const overheadMs = percentiles(empty).p50;
  const samples = new Float64Array(cycles);
  for (let k = 0; k < cycles; k++) {
    subject.prepare(from + k);
    const t0 = performance.now();
    subject.cycle();
    samples[k] = Math.max(1, (performance.now() - t0 - overheadMs) * 1e6);
  }
  return percentiles(samples);
}

/** Median heap growth per cycle over `chunks` chunks of `perChunk` cycles (a chunk with an unrelated GC does not skew it). */
function heapPerCycle(subject: Subject, perChunk: number, chunks: number, from: number): number {
  const deltas: number[] = [];
  for (let c = 0; c < chunks; c++) {
    const before = process.memoryUsage().heapUsed;
    for (let k = 0; k < perChunk; k++) {
      subject.prepare(from + c * perChunk + k);
      subject.cycle();
    }
    deltas.push((process.memoryUsage().heapUsed - before) / perChunk);
  }
  deltas.sort((a, b) => a - b);
  return deltas[chunks >> 1] ?? Number.NaN;
}

function rows(joints: number, label: string, kindred: Percentiles, reference: Percentiles): BenchRow[] {
  return (['p50', 'p99', 'p999'] as const).map((q) => {
    const aim = q === 'p99' && label === 'every limit' ? { aim: 'p99 ≤ 50 000 ns (5 % of a 1 ms cycle, for the gate and its monitors)', met: kindred[q] <= 50_000 } : {};
    const k = Math.round(kindred[q]);
    const r = Math.round(reference[q]);
    return {
      metric: `enforce, ${joints} joints (${2 * joints} commands), ${label}, ${q === 'p999' ? 'p99.9' : q}`,
      kindred: k,
      reference: r,
      referenceName: 'clamp only (foundation gate)',
      unit: 'ns/cycle',
      ratio: r / k,
      better: 'lower' as const,
      ...aim,
    };
  });
}

function supervisedRows(kind: SyntheticKind, joints: number, kindred: Percentiles, gateOnly: Percentiles): BenchRow[] {
  return (['p50', 'p99', 'p999'] as const).map((q) => {
    const k = Math.round(kindred[q]);
    const r = Math.round(gateOnly[q]);
    return {
      metric: `gate + monitors, ${kind} (${joints} joints), ${q === 'p999' ? 'p99.9' : q} (${((100 * kindred[q]) / (PERIOD_S * 1e9)).toFixed(2)} % of a 1 ms period)`,
      kindred: k,
      reference: r,
      referenceName: 'gate alone, same robot',
      unit: 'ns/cycle',
      ratio: r / k,
      better: 'lower' as const,
      ...(q === 'p99' ? { aim: 'p99 ≤ 50 000 ns (5 % of a 1 ms cycle)', met: kindred[q] <= 50_000 } : {}),
    };
  });
}

/** The supervisor's monitors and reactions plus the gate, per cycle, for the exoskeleton and the transfer robot. */
function supervised(options: BenchOptions, out: BenchRow[], notes: string[]): void {
  const cycles = options.quick ? 20_000 : 200_000;
  const warm = options.quick ? 20_000 : 50_000;
  for (const [kind, joints] of [
    ['exo', 12],
    ['transfer', 18],
  ] as const) {
    const rig = syntheticSupervised(kind, joints, PERIOD_S);
    const whole: Subject = { name: 'gate + monitors', prepare: (k) => rig.prepare(k), cycle: () => rig.cycle() };
    const gateOnly: Subject = { name: 'gate alone', prepare: (k) => rig.prepare(k), cycle: () => rig.gate.enforce(rig.requested, rig.state) };
    for (let k = 0; k < warm; k++) {
      whole.prepare(k);
      whole.cycle();
    }
    const a = timeCycles(whole, cycles, warm);
    const g = timeCycles(gateOnly, cycles, warm + cycles);
    const b = timeCycles(whole, cycles, warm + 2 * cycles);
    const best: Percentiles = { p50: Math.min(a.p50, b.p50), p99: Math.min(a.p99, b.p99), p999: Math.min(a.p999, b.p999) };
    out.push(...supervisedRows(kind, joints, best, g));
    const chunk = options.quick ? 2_000 : 10_000;
    const heap = heapPerCycle(whole, chunk, 9, warm + 3 * cycles);
    const slots = rig.supervisor.slots.size;
    const events = rig.supervisor.events.lastSeq;
    notes.push(
      `${kind}, ${joints} joints, ${rig.stateNames.length} state interfaces, ${slots} fault slots: heap growth per cycle (gate + monitors, median of 9 chunks) ${heap.toFixed(2)} B; safety events raised during the run: ${events}`,
    );
  }
}

export async function run(options: BenchOptions): Promise<BenchResult> {
  const cycles = options.quick ? 20_000 : 200_000;
  const warm = options.quick ? 20_000 : 50_000;
  const out: BenchRow[] = [];
  const notes: string[] = [];
  for (const joints of [12, 18]) {
    const s = subjects(joints);
    s.fullGate.warmUp();
    for (const subject of [s.full, s.clampMode, s.reference]) {
      for (let k = 0; k < warm; k++) {
        subject.prepare(k);
        subject.cycle();
      }
    }
    // The reference runs before and after, so a slow patch of the machine does not land on one side only.
    const reference = timeCycles(s.reference, cycles, warm);
    const full = timeCycles(s.full, cycles, warm);
    const clampMode = timeCycles(s.clampMode, cycles, warm);
    const reference2 = timeCycles(s.reference, cycles, warm + cycles);
    const ref: Percentiles = { p50: Math.min(reference.p50, reference2.p50), p99: Math.min(reference.p99, reference2.p99), p999: Math.min(reference.p999, reference2.p999) };
    out.push(...rows(joints, 'every limit', full, ref), ...rows(joints, 'no safety block', clampMode, ref));
    const chunk = options.quick ? 2_000 : 10_000;
    const normal = heapPerCycle(s.full, chunk, 9, 2 * warm + cycles);
    s.fullGate.beginStop(1, 0.5, s.robot.state);
    const stop = heapPerCycle(s.full, 500, 9, 3 * warm + cycles);
    s.fullGate.endStop();
    const clampHeap = heapPerCycle(s.clampMode, chunk, 9, 2 * warm + cycles);
    const refHeap = heapPerCycle(s.reference, chunk, 9, 2 * warm + cycles);
    notes.push(
      `${joints} joints, heap growth per cycle (median of 9 chunks): every limit ${normal.toFixed(2)} B, during its first category 1 stop ${stop.toFixed(2)} B, no safety block ${clampHeap.toFixed(2)} B, clamp only ${refHeap.toFixed(2)} B`,
    );
  }
  supervised(options, out, notes);
  notes.push(
    `${cycles} cycles per case, each timed with performance.now() less the timer's median cost (figures below ~100 ns are at the timer's resolution); the reference is the better of two runs; node ${process.version}`,
    'synthetic robot: knee-like revolute joints, hard [−1, 1.5] + soft [−0.9, 1.4] rad (k_position 100, k_velocity 10), V 3 rad/s, A 20 rad/s², J 2000 rad/s³ (jerk window 20 cycles at 1 kHz), effort 80 N·m; requests sweep into the soft limits and ask for 100 N·m',
    'heap growth near 0 B per cycle means no allocation in the cycle; heapUsed also moves with unrelated background work, so read values of a few bytes as zero',
  );
  return { name: 'safety gate', rows: out, notes };
}
