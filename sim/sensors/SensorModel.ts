/**
 * What a simulated sensor does to the true value of one channel (one state interface), in the
 * channel's own SI unit. Applied in this order: delay, sample-and-hold at `rateHz`, bias (constant plus
 * random walk), Gaussian noise, quantisation.
 */
export interface SensorModelParams {
  /** Standard deviation of white Gaussian noise added to each sample. */
  readonly noiseStd: number;
  /** Constant offset. */
  readonly bias: number;
  /** Bias random walk: standard deviation of the bias change per √second. */
  readonly biasDriftStd: number;
  /** Resolution: samples are rounded to a multiple of it; 0 = continuous. */
  readonly quantum: number;
  /** Transport delay in physics steps: a sample shows the true value this many steps old. */
  readonly delaySteps: number;
  /** Sampling rate; between samples the reading is held. 0 = a fresh sample every physics step. */
  readonly rateHz: number;
}

/** The kinds of channel SimSystem exports, each with its own default model. */
export type SensorKind =
  | 'encoder'
  | 'linear_encoder'
  | 'velocity'
  | 'effort'
  | 'force'
  | 'torque'
  | 'orientation'
  | 'gyro'
  | 'accelerometer'
  | 'contact'
  /** Ground truth and discrete flags (people's signals, drive status, e-stop input): ideal by default. */
  | 'signal';

/** A perfect sensor: the true value, every physics step. */
export const IDEAL_SENSOR: SensorModelParams = Object.freeze({ noiseStd: 0, bias: 0, biasDriftStd: 0, quantum: 0, delaySteps: 0, rateHz: 0 });

const model = (p: Partial<SensorModelParams>): SensorModelParams => Object.freeze({ ...IDEAL_SENSOR, ...p });

/**
 * Defaults per kind, chosen to look like common hardware: a 17-bit absolute encoder, velocity from
 * the drive's estimator, current-based effort, a 6-axis strain-gauge F/T sensor one step late with
 * slowly drifting offsets, and a MEMS IMU sampled at 500 Hz.
 */
export const DEFAULT_SENSOR_MODELS: Readonly<Record<SensorKind, SensorModelParams>> = Object.freeze({
  encoder: model({ noiseStd: 1e-4, quantum: (2 * Math.PI) / 2 ** 17 }),
  linear_encoder: model({ noiseStd: 1e-5, quantum: 1e-6 }),
  velocity: model({ noiseStd: 2e-3 }),
  effort: model({ noiseStd: 0.05 }),
  force: model({ noiseStd: 0.3, biasDriftStd: 0.02, delaySteps: 1 }),
  torque: model({ noiseStd: 0.02, biasDriftStd: 0.002, delaySteps: 1 }),
  orientation: model({ noiseStd: 5e-4, rateHz: 500 }),
  gyro: model({ noiseStd: 3e-3, biasDriftStd: 2e-4, rateHz: 500 }),
  accelerometer: model({ noiseStd: 0.03, biasDriftStd: 2e-3, rateHz: 500 }),
  contact: model({ noiseStd: 0.2 }),
  signal: IDEAL_SENSOR,
});
