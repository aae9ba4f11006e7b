/** The contract every `bench/*.bench.ts` file fulfils; `bench/run.ts` runs and prints them. */
export interface BenchRow {
  /** What was measured, e.g. `messages/s (1 subscriber)`. */
  readonly metric: string;
  readonly kindred: number;
  /** The reference measured in the same run (EventEmitter, cyclictest, KDL, bare MuJoCo …). */
  readonly reference: number;
  readonly referenceName: string;
  readonly unit: string;
  /** kindred / reference, or reference / kindred where smaller is better; `better` says which. */
  readonly ratio: number;
  readonly better: 'higher' | 'lower';
  /** The aim from the issue, in words, e.g. `≥ 0.5× EventEmitter`. */
  readonly aim?: string;
  readonly met?: boolean;
}

export interface BenchResult {
  readonly name: string;
  readonly rows: readonly BenchRow[];
  readonly notes: readonly string[];
}

export interface BenchOptions {
  /** Short run (seconds instead of minutes) for smoke tests and CI. */
  readonly quick: boolean;
}

export type BenchModule = { run(options: BenchOptions): Promise<BenchResult> };
