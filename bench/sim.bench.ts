/**
 * The simulator's real-time factor per scene (issue #4): Kindred's full cycle in this process —
 * SimSystem read, a ControllerManager holding every joint, the SafetyGate, SimSystem write with
 * drives, people, sensor models and the viewer frame — against a bare MuJoCo loop stepping the same
 * compiled model on the same thread, alternating rounds in the same run.
 */
import { runSimBench, type SimBenchRow } from '../sim/bench.js';
import type { BenchOptions, BenchResult, BenchRow } from './types.js';

/** The aims: the exoskeleton ≥ 50× real time with ≤ 1.5× the bare loop's cost; the transfer robot ≥ 10×. */
const AIMS: Readonly<Record<string, { minRtf: number; maxOverhead?: number }>> = {
  exo_standing: { minRtf: 50, maxOverhead: 1.5 },
  transfer_bed: { minRtf: 10 },
};

function toRow(r: SimBenchRow): BenchRow {
  const aim = AIMS[r.scene];
  const base = {
    metric: `${r.scene} (${r.people.join(', ') || 'no people'}), loop ${r.rateHz} Hz, physics ${r.physicsHz} Hz: real-time factor`,
    kindred: r.kindredRtf,
    reference: r.bareRtf,
    referenceName: 'bare MuJoCo mj_step loop',
    unit: '× real time',
    ratio: r.kindredRtf / r.bareRtf,
    better: 'higher' as const,
  };
  if (aim === undefined) return base;
  const text = aim.maxOverhead === undefined ? `≥ ${aim.minRtf}× real time` : `≥ ${aim.minRtf}× real time, overhead ≤ ${aim.maxOverhead}× the bare loop`;
  return { ...base, aim: text, met: r.kindredRtf >= aim.minRtf && (aim.maxOverhead === undefined || r.overhead <= aim.maxOverhead) };
}

export async function run(options: BenchOptions): Promise<BenchResult> {
  const rows = await runSimBench({ quick: options.quick });
  return {
    name: 'sim',
    rows: rows.map(toRow),
    notes: [
      `median of ${rows[0]?.rounds ?? 0} alternating rounds of ${rows[0]?.simSeconds ?? 0} simulated s after a warm-up; same process, same thread`,
      'Kindred side: default sensor models (noise on), hold controller on every joint, viewer frame at 60 Hz of simulation time',
      ...rows.map((r) => `${r.scene}: overhead ${r.overhead.toFixed(2)}× the bare loop`),
      'the variant through the real-time worker (LoopHost lock-step) is measured by `kindred sim bench`',
    ],
  };
}
