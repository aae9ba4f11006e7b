import type { FaultRecord, ForceTrace, JointTrace, Traces } from '../../runner/result.js';
import { formatNumber } from '../formatNumber.js';
import { lineChart, type Judgement } from './lineChart.js';

function faultStarts(faults: readonly FaultRecord[]): { id: string; startS: number }[] {
  return faults.map((f) => ({ id: f.id, startS: f.startS }));
}

/**
 * A joint's position against its prescribed range: the range's bounds as dashed lines, the commanded
 * position (when given) dashed, and every sample outside the range drawn in red with a marker where
 * each excursion starts.
 */
export function jointPlot(joint: JointTrace, traces: Traces, xMaxS: number, faults: readonly FaultRecord[]): string {
  const lower = joint.lower;
  const upper = joint.upper;
  const judge = (v: number): Judgement => (Number.isFinite(v) && (v < lower || v > upper) ? 'violation' : undefined);
  return lineChart({
    title: `${joint.name} (${joint.unit})`,
    timeS: traces.timeS,
    xMaxS,
    series: [
      { label: `位置 position (${joint.unit})`, values: joint.position, className: 'series-position' },
      ...(joint.command === undefined ? [] : [{ label: `指令 command (${joint.unit})`, values: joint.command, className: 'series-command' }]),
    ],
    references: [
      { value: upper, label: `上限 upper ${formatNumber(upper)} ${joint.unit}`, className: 'limit-line limit-range' },
      { value: lower, label: `下限 lower ${formatNumber(lower)} ${joint.unit}`, className: 'limit-line limit-range' },
    ],
    judge,
    faults: faultStarts(faults),
  });
}

/**
 * A force channel against its body region's limits (ISO/TS 15066): the quasi-static limit dashed, the
 * transient limit solid; samples above the transient limit are red, above the quasi-static limit orange.
 */
export function forcePlot(force: ForceTrace, traces: Traces, xMaxS: number, faults: readonly FaultRecord[]): string {
  const transient = force.transientLimitN;
  const quasi = force.quasiStaticLimitN;
  const judge = (v: number): Judgement => (!Number.isFinite(v) ? undefined : v > transient ? 'violation' : v > quasi ? 'caution' : undefined);
  return lineChart({
    title: `${force.channel} — ${force.region} (N)`,
    timeS: traces.timeS,
    xMaxS,
    series: [{ label: '力 force (N)', values: force.forceN, className: 'series-force' }],
    references: [
      { value: transient, label: `瞬态限值 transient ${formatNumber(transient, 1)} N`, className: 'limit-line limit-transient' },
      { value: quasi, label: `准静态限值 quasi-static ${formatNumber(quasi, 1)} N`, className: 'limit-line limit-quasi' },
    ],
    judge,
    faults: faultStarts(faults),
  });
}

/** The largest joint speed over all joints at each sample. */
export function speedPlot(traces: Traces, xMaxS: number, faults: readonly FaultRecord[]): string {
  return lineChart({
    title: '最大关节速度 Max joint speed (rad/s | m/s)',
    timeS: traces.timeS,
    xMaxS,
    series: [{ label: '最大速度 max speed', values: traces.maxSpeed, className: 'series-speed' }],
    references: [],
    faults: faultStarts(faults),
    widthPx: 1000,
  });
}
