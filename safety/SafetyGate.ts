import { brandGated, type CycleStatus, type GatedCommands, type GatedWriter } from './GatedCommands.js';

/** One command interface as the gate sees it: its name and the limits that apply (SI joint units). */
export interface GatedInterface {
  /** `joint/interface`, e.g. `knee_left/effort`. */
  readonly name: string;
  readonly min?: number;
  readonly max?: number;
  /**
   * What the gate commands when the requested value is unusable (NaN/Inf): for position interfaces the
   * state interface to hold at, otherwise zero.
   */
  readonly holdStateIndex?: number;
}

/** A hardware component and the contiguous slice of the command buffer it owns. */
export interface GatedTarget {
  readonly writer: GatedWriter;
  readonly offset: number;
  readonly length: number;
}

/** Counters the gate keeps; read by the loop's statistics (no allocation per cycle). */
export interface GateCounters {
  /** Per command interface: cycles in which the requested value was changed by the gate. */
  readonly limitedCycles: Float64Array;
  /** Per command interface: largest |requested − enforced| seen. */
  readonly maxCorrection: Float64Array;
  /** Per command interface: non-finite requests replaced by the hold value. */
  readonly nonFinite: Float64Array;
}

/**
 * The single path from controllers to hardware `write`.
 *
 * Foundation scope (issue 2): per-interface min/max clamps from the robot description and
 * replacement of non-finite requests by a safe hold value, counted per interface. The full
 * supervisor (position/velocity/acceleration/jerk/effort limits in layers, monitors, stop categories)
 * is `safety/`'s own issue and slots in here: the cycle already calls `enforce` between the
 * controllers' update and the hardware write, and nothing else can produce `GatedCommands`.
 */
export class SafetyGate {
  readonly counters: GateCounters;
  private readonly enforced: Float64Array;
  private readonly views: readonly GatedCommands[];

  constructor(
    private readonly interfaces: readonly GatedInterface[],
    private readonly targets: readonly GatedTarget[],
  ) {
    const n = interfaces.length;
    this.enforced = new Float64Array(n);
    this.counters = { limitedCycles: new Float64Array(n), maxCorrection: new Float64Array(n), nonFinite: new Float64Array(n) };
    this.views = targets.map((t) => brandGated(this.enforced.subarray(t.offset, t.offset + t.length)));
  }

  /** The last enforced command vector (read-only use: statistics, tests). */
  get enforcedValues(): Readonly<Float64Array> {
    return this.enforced;
  }

  /**
   * Enforce the requested commands into the gate's own buffer. Returns how many interfaces were
   * changed this cycle. Allocation-free.
   */
  enforce(requested: Float64Array, state: Float64Array): number {
    let limited = 0;
    const { limitedCycles, maxCorrection, nonFinite } = this.counters;
    for (let i = 0; i < this.interfaces.length; i++) {
      const spec = this.interfaces[i]!;
      const want = requested[i]!;
      let value = want;
      if (!Number.isFinite(want)) {
        value = spec.holdStateIndex === undefined ? 0 : state[spec.holdStateIndex]!;
        if (!Number.isFinite(value)) value = 0;
        nonFinite[i]! += 1;
      }
      if (spec.min !== undefined && value < spec.min) value = spec.min;
      if (spec.max !== undefined && value > spec.max) value = spec.max;
      if (value !== want) {
        limited++;
        limitedCycles[i]! += 1;
        const correction = Number.isFinite(want) ? Math.abs(want - value) : Infinity;
        if (correction > maxCorrection[i]!) maxCorrection[i] = correction;
      }
      this.enforced[i] = value;
    }
    return limited;
  }

  /**
   * Write the enforced commands to every enabled hardware component; the only call site of `write`.
   * `status[k]` receives target k's result (untouched for disabled targets).
   */
  write(timeS: number, periodS: number, status: CycleStatus[], enabled: Uint8Array): void {
    for (let k = 0; k < this.targets.length; k++) {
      if (enabled[k] === 1) status[k] = this.targets[k]!.writer.write(timeS, periodS, this.views[k]!);
    }
  }
}
