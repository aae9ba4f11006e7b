import { KindredError, show } from '../../runtime/errors/index.js';
import type { SeededRng } from '../rng.js';
import type { SensorModelParams } from './SensorModel.js';

/** Longest delay a channel may have, in physics steps (bounds the preallocated history). */
export const MAX_SENSOR_DELAY_STEPS = 10_000;

/**
 * The sensor models of every channel of a simulated system, in one preallocated structure.
 *
 * The owner calls `reset` once with the initial true values, `record` after every physics step when
 * `needsHistory` is true (some channel is delayed or sampled slower than physics), and `sample` when
 * the control loop reads. Sampling instants are physics-step numbers, so delays and rates are exact
 * in physics steps whatever the control rate. Nothing here allocates after construction.
 */
export class SensorBank {
  readonly size: number;
  /** True when some channel needs the true values of past physics steps. */
  readonly needsHistory: boolean;
  private readonly noiseStd: Float64Array;
  private readonly bias: Float64Array;
  private readonly driftStd: Float64Array;
  private readonly quantum: Float64Array;
  private readonly delay: Int32Array;
  private readonly holdSteps: Int32Array;
  private readonly ideal: Uint8Array;
  /** Per channel: offset into `ring` and its length (0 = no history kept). */
  private readonly ringOffset: Int32Array;
  private readonly ringLength: Int32Array;
  private readonly ring: Float64Array;
  /** Channels with a history, for `record`. */
  private readonly historyChannels: Int32Array;
  private readonly driftState: Float64Array;
  private readonly held: Float64Array;
  /** Physics step of each channel's latest sample; -1 before the first. */
  private readonly lastSample: Float64Array;
  private readonly physicsDtS: number;

  constructor(
    params: readonly SensorModelParams[],
    physicsHz: number,
    private readonly rng: SeededRng,
    names?: readonly string[],
  ) {
    const n = params.length;
    this.size = n;
    this.physicsDtS = 1 / physicsHz;
    this.noiseStd = new Float64Array(n);
    this.bias = new Float64Array(n);
    this.driftStd = new Float64Array(n);
    this.quantum = new Float64Array(n);
    this.delay = new Int32Array(n);
    this.holdSteps = new Int32Array(n);
    this.ideal = new Uint8Array(n);
    this.ringOffset = new Int32Array(n);
    this.ringLength = new Int32Array(n);
    this.driftState = new Float64Array(n);
    this.held = new Float64Array(n);
    this.lastSample = new Float64Array(n).fill(-1);
    const history: number[] = [];
    let ringSize = 0;
    params.forEach((p, c) => {
      checkParams(p, physicsHz, names?.[c] ?? `channel ${c}`);
      this.noiseStd[c] = p.noiseStd;
      this.bias[c] = p.bias;
      this.driftStd[c] = p.biasDriftStd;
      this.quantum[c] = p.quantum;
      this.delay[c] = p.delaySteps;
      const hold = p.rateHz > 0 ? Math.max(1, Math.round(physicsHz / p.rateHz)) : 1;
      this.holdSteps[c] = hold;
      const isIdeal = p.noiseStd === 0 && p.bias === 0 && p.biasDriftStd === 0 && p.quantum === 0 && p.delaySteps === 0 && hold === 1;
      this.ideal[c] = isIdeal ? 1 : 0;
      const len = p.delaySteps + hold;
      if (len > 1) {
        this.ringOffset[c] = ringSize;
        this.ringLength[c] = len;
        ringSize += len;
        history.push(c);
      }
    });
    this.ring = new Float64Array(ringSize);
    this.historyChannels = Int32Array.from(history);
    this.needsHistory = history.length > 0;
  }

  /** The channels whose true value `record` needs after every physics step (a copy). */
  historyChannelList(): Int32Array {
    return this.historyChannels.slice();
  }

  /** Start over from these true values: history filled with them, drifts back to zero, no sample taken yet. */
  reset(truth: Float64Array): void {
    for (let c = 0; c < this.size; c++) {
      const len = this.ringLength[c]!;
      const off = this.ringOffset[c]!;
      for (let k = 0; k < len; k++) this.ring[off + k] = truth[c]!;
      this.driftState[c] = 0;
      this.held[c] = truth[c]!;
      this.lastSample[c] = -1;
    }
  }

  /** Keep the true values of physics step `step` for delayed and held channels. */
  record(truth: Float64Array, step: number): void {
    const hc = this.historyChannels;
    for (let k = 0; k < hc.length; k++) {
      const c = hc[k]!;
      const len = this.ringLength[c]!;
      this.ring[this.ringOffset[c]! + (step % len)] = truth[c]!;
    }
  }

  /**
   * Fill `out` with what the sensors report at physics step `step`, given the current true values.
   * A channel sampled at an instant it already reported keeps its reading (no fresh noise).
   */
  sample(truth: Float64Array, step: number, out: Float64Array): void {
    for (let c = 0; c < this.size; c++) {
      if (this.ideal[c] === 1) {
        out[c] = truth[c]!;
        continue;
      }
      const hold = this.holdSteps[c]!;
      const instant = step - (step % hold);
      const last = this.lastSample[c]!;
      if (instant === last) {
        out[c] = this.held[c]!;
        continue;
      }
      let value: number;
      const len = this.ringLength[c]!;
      if (len > 1) {
        const src = instant - this.delay[c]!;
        value = this.ring[this.ringOffset[c]! + (((src % len) + len) % len)]!;
      } else {
        value = truth[c]!;
      }
      const drift = this.driftStd[c]!;
      if (drift > 0 && last >= 0) {
        this.driftState[c]! += drift * Math.sqrt((instant - last) * this.physicsDtS) * this.rng.gaussian();
      }
      value += this.bias[c]! + this.driftState[c]!;
      const std = this.noiseStd[c]!;
      if (std > 0) value += std * this.rng.gaussian();
      const q = this.quantum[c]!;
      if (q > 0) value = Math.round(value / q) * q;
      this.held[c] = value;
      this.lastSample[c] = instant;
      out[c] = value;
    }
  }
}

function checkParams(p: SensorModelParams, physicsHz: number, name: string): void {
  const bad = (field: keyof SensorModelParams, expected: string): never => {
    throw new KindredError('SIM_SENSOR_MODEL_INVALID', `sensor model of ${name}: ${field} is ${show(p[field])}; expected ${expected}`, {
      field: `sensors.${name}.${field}`,
      value: p[field],
      expected,
    });
  };
  const nonNegative = (f: 'noiseStd' | 'biasDriftStd' | 'quantum' | 'rateHz'): void => {
    if (!(Number.isFinite(p[f]) && p[f] >= 0)) bad(f, 'a finite number ≥ 0');
  };
  nonNegative('noiseStd');
  nonNegative('biasDriftStd');
  nonNegative('quantum');
  nonNegative('rateHz');
  if (!Number.isFinite(p.bias)) bad('bias', 'a finite number');
  if (!(Number.isInteger(p.delaySteps) && p.delaySteps >= 0 && p.delaySteps <= MAX_SENSOR_DELAY_STEPS)) {
    bad('delaySteps', `an integer number of physics steps between 0 and ${MAX_SENSOR_DELAY_STEPS}`);
  }
  if (p.rateHz > physicsHz) bad('rateHz', `at most the physics rate, ${physicsHz} Hz (0 = every physics step)`);
}
