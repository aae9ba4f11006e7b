import { brandGated, type CycleStatus, type GatedCommands, type GatedWriter } from './GatedCommands.js';
import { JointLimitEnforcer } from './limits/JointLimitEnforcer.js';
import { LIMIT_FLAG_NAMES, LimitFlag, type LimitFlagName } from './limits/LimitFlag.js';
import { compileLimits, type LimitTable } from './limits/LimitTable.js';
import { limitsFromInterfaces } from './limits/resolveLimits.js';
import type { StopCategory } from './limits/stopProfile.js';

/** One command interface as the gate sees it: its name and its own range (SI joint units). */
export interface GatedInterface {
  /** `joint/interface`, e.g. `knee_left/effort`. */
  readonly name: string;
  readonly min?: number;
  readonly max?: number;
  /**
   * Index of the joint's measured position in the state buffer, for position interfaces. Used to name
   * the state buffer when `SafetyGateOptions.stateNames` is not given (the enforcer starts each position
   * command from the measured position).
   */
  readonly holdStateIndex?: number;
}

/** A hardware component and the contiguous slice of the command buffer it owns. */
export interface GatedTarget {
  readonly writer: GatedWriter;
  readonly offset: number;
  readonly length: number;
}

export interface SafetyGateOptions {
  /**
   * The composed per-joint limits (URDF → robot → site → prescription, `compileLimits`). Absent: each
   * joint has no limit of its own and only the interfaces' min/max apply (clamp-only), through the same
   * enforcer.
   */
  readonly limits?: LimitTable;
  /** State interface names in buffer order (`joint/position`, `joint/velocity` are used). Default: from `holdStateIndex`. */
  readonly stateNames?: readonly string[];
  /**
   * The loop's nominal period, s: velocity, acceleration and jerk of the command sequence are per this
   * period. Default 0.002 s (500 Hz); it changes nothing when no rate limit is set.
   */
  readonly periodS?: number;
}

/** The counter blocks of `GateCounters.buffer`, in order; each block has one slot per command interface. */
export const GATE_COUNTER_BLOCKS: readonly ('limitedCycles' | 'maxCorrection' | LimitFlagName)[] = ['limitedCycles', 'maxCorrection', ...LIMIT_FLAG_NAMES];

/** Counters the gate keeps, per command interface; read by the loop's statistics (no allocation per cycle). */
export interface GateCounters {
  /** Cycles in which the gate changed the requested value (or flagged it: a stop, a non-finite request). */
  readonly limitedCycles: Float64Array;
  /** Largest |requested − enforced| seen (+∞ once a non-finite request was replaced). */
  readonly maxCorrection: Float64Array;
  /** Non-finite requests replaced by a hold (the same array as `byKind.nonfinite`). */
  readonly nonFinite: Float64Array;
  /** Per limit kind: cycles in which that limit changed the command (a cycle may count under several). */
  readonly byKind: Readonly<Record<LimitFlagName, Float64Array>>;
  /**
   * Every counter above, as views of this one buffer: block b of `GATE_COUNTER_BLOCKS` holds slots
   * [b·n, (b+1)·n). The real-time worker publishes it to the main thread with one copy.
   */
  readonly buffer: Float64Array;
}

/** One command interface's counters, decoded (main thread, tools, tests). */
export interface GateCounterRow {
  readonly interface: string;
  readonly limitedCycles: number;
  /** Cycles limited, per kind of limit. */
  readonly limited: Readonly<Record<LimitFlagName, number>>;
  readonly maxCorrection: number;
}

/** Decode a `GateCounters.buffer` (or a copy of it) for `names`, the command interfaces in buffer order. */
export function decodeGateCounters(buffer: Float64Array, names: readonly string[]): GateCounterRow[] {
  const n = names.length;
  return names.map((name, c) => ({
    interface: name,
    limitedCycles: buffer[c] ?? 0,
    maxCorrection: buffer[n + c] ?? 0,
    limited: Object.fromEntries(LIMIT_FLAG_NAMES.map((kind, k) => [kind, buffer[(2 + k) * n + c] ?? 0])) as Record<LimitFlagName, number>,
  }));
}

const KINDS = LIMIT_FLAG_NAMES.length;
const DEFAULT_PERIOD_S = 0.002;

function stateNamesFrom(interfaces: readonly GatedInterface[]): string[] {
  const names: string[] = [];
  for (const g of interfaces) {
    if (g.holdStateIndex === undefined) continue;
    const slash = g.name.lastIndexOf('/');
    names[g.holdStateIndex] = `${slash < 0 ? g.name : g.name.slice(0, slash)}/position`;
  }
  return Array.from(names, (n, i) => n ?? `#${i}`);
}

/**
 * The single path from controllers to hardware `write`, and the per-joint limit enforcer.
 *
 * Each cycle `enforce` runs the allocation-free `JointLimitEnforcer` over the requested commands:
 * hard and soft position limits (URDF `<safety_controller>` semantics), velocity (times the
 * reduced-speed factor), acceleration, jerk, effort, and a hold for non-finite requests, with the
 * limits of every layer composed beforehand. It counts, per command interface, the cycles each kind of
 * limit acted and the largest correction. Categories 1 and 2 stops (`beginStop`) replace position and
 * velocity requests by a monotone deceleration to standstill; the ControllerManager removes torque at
 * the end of a category 1 stop. Then `write` hands the enforced values, branded `GatedCommands`, to the
 * hardware: nothing else can produce them.
 */
export class SafetyGate {
  readonly counters: GateCounters;
  /** The limits in force (the reduced-speed factor lives here). */
  readonly limits: LimitTable;
  readonly periodS: number;
  private readonly enforcer: JointLimitEnforcer;
  private readonly enforced: Float64Array;
  private readonly views: readonly GatedCommands[];
  private readonly stateNames: readonly string[];
  /** [0]: bumped (wrapping) whenever a counter changes, so a publisher copies only after a change. */
  private readonly version = new Int32Array(1);
  /** Per command: the state index of its joint's measured position (position commands), else -1. */
  private readonly holdIndex: Int32Array;
  private readonly minOf: Float64Array;
  private readonly maxOf: Float64Array;

  constructor(
    private readonly interfaces: readonly GatedInterface[],
    private readonly targets: readonly GatedTarget[],
    options: SafetyGateOptions = {},
  ) {
    const n = interfaces.length;
    this.periodS = options.periodS ?? DEFAULT_PERIOD_S;
    this.stateNames = options.stateNames ?? stateNamesFrom(interfaces);
    this.limits = options.limits ?? compileLimits(limitsFromInterfaces(interfaces.map((g) => g.name)));
    this.enforcer = new JointLimitEnforcer({
      limits: this.limits,
      commands: interfaces.map((g) => ({ name: g.name, ...(g.min === undefined ? {} : { min: g.min }), ...(g.max === undefined ? {} : { max: g.max }) })),
      stateNames: this.stateNames,
      periodS: this.periodS,
    });
    this.enforced = new Float64Array(n);
    const stateIndex = new Map(this.stateNames.map((name, i) => [name, i]));
    this.holdIndex = Int32Array.from(interfaces, (g) => (g.name.endsWith('/position') ? (stateIndex.get(g.name) ?? -1) : -1));
    this.minOf = Float64Array.from(interfaces, (g) => g.min ?? -Infinity);
    this.maxOf = Float64Array.from(interfaces, (g) => g.max ?? Infinity);
    const buffer = new Float64Array(GATE_COUNTER_BLOCKS.length * n);
    const block = (b: number): Float64Array => buffer.subarray(b * n, (b + 1) * n);
    const byKind = Object.fromEntries(LIMIT_FLAG_NAMES.map((kind, k) => [kind, block(2 + k)])) as Record<LimitFlagName, Float64Array>;
    this.counters = { limitedCycles: block(0), maxCorrection: block(1), nonFinite: byKind.nonfinite, byKind, buffer };
    this.views = targets.map((t) => brandGated(this.enforced.subarray(t.offset, t.offset + t.length)));
  }

  /** The last enforced command vector (read-only use: statistics, tests). */
  get enforcedValues(): Readonly<Float64Array> {
    return this.enforced;
  }

  /** Changes (wrapping) whenever a counter changed; compare with the value at the last publication. */
  get countersVersion(): number {
    return this.version[0]!;
  }

  /**
   * Enforce the requested commands (one per command interface) into the gate's own buffer, given the
   * measured state (one per state interface). Returns how many interfaces were limited this cycle.
   * Allocation-free; never throws.
   */
  enforce(requested: Float64Array, state: Float64Array): number {
    const e = this.enforcer;
    const out = this.enforced;
    e.enforce(requested, state, out);
    const flags = e.flags;
    const correction = e.correction;
    const buffer = this.counters.buffer;
    const n = flags.length;
    let limited = 0;
    for (let c = 0; c < n; c++) {
      let f = flags[c]!;
      let x = correction[c]!;
      const value = out[c]!;
      if (value - value !== 0) {
        // Last line: the enforcer never yields NaN/±∞ by design; if it ever did, hold (the measured
        // position, or zero) within the interface's range and restart that command from the state.
        const s = this.holdIndex[c]!;
        let hold = s >= 0 ? state[s]! : 0;
        if (hold - hold !== 0) hold = 0;
        out[c] = hold < this.minOf[c]! ? this.minOf[c]! : hold > this.maxOf[c]! ? this.maxOf[c]! : hold;
        e.resetCommand(c);
        f |= LimitFlag.nonfinite;
        x = Infinity;
      }
      if (f === 0 && x === 0) continue;
      limited++;
      buffer[c]! += 1;
      if (x > buffer[n + c]!) buffer[n + c] = x;
      for (let k = 0; k < KINDS; k++) if ((f & (1 << k)) !== 0) buffer[(2 + k) * n + c]! += 1;
    }
    if (limited > 0) this.version[0] = (this.version[0]! + 1) | 0;
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

  /**
   * Set the reduced-speed factor s ∈ (0, 1] every velocity limit is multiplied by. Returns false (and
   * keeps the factor) otherwise. Faster commands decelerate to the new limit within their acceleration
   * and jerk limits. Without velocity limits (no robot description) it has nothing to scale.
   */
  setVelocityScale(s: number): boolean {
    return this.limits.setVelocityScale(s);
  }

  /**
   * Begin a category 1 or 2 stop from the commands' current motion: from the next `enforce`, position
   * and velocity commands decelerate monotonically to standstill within `stoppingTimeS`, whatever is
   * requested; effort commands keep their limits. Returns the planned duration, s. Allocation-free.
   */
  beginStop(category: StopCategory, stoppingTimeS: number, state: Float64Array): number {
    return this.enforcer.beginStop(category, stoppingTimeS, state);
  }

  /** Leave the stop: position commands resume at rest where the stop left them. */
  endStop(): void {
    this.enforcer.endStop();
  }

  /** True from `beginStop` until `endStop`. */
  get stopping(): boolean {
    return this.enforcer.stopping;
  }

  /** True once every joint of the stop in force has reached standstill. */
  get stopFinished(): boolean {
    return this.enforcer.stopFinished;
  }

  /** Restart every command from the measured state at the next cycle (after torque was off). */
  reset(): void {
    this.enforcer.reset();
  }

  /**
   * Run the enforcer's every path — normal limiting, non-finite requests, category 1 and 2 stops and
   * their release — on scratch request and state buffers, so the JIT has optimised them before the first
   * real cycle; then restore the gate as it was built (counters zero, every command restarting from the
   * measured state, no stop). A path that never ran executes unoptimised and boxes doubles (kilobytes
   * per cycle) exactly when a stop is needed. It runs on this gate rather than a scratch copy because
   * optimised code that saw a scratch object is thrown away when that object is collected.
   * Configuration time only; must not run while the gate is in use.
   */
  warmUp(cycles = 1000): void {
    const state = new Float64Array(this.stateNames.length);
    const requested = new Float64Array(this.interfaces.length);
    const positionOf = Int32Array.from(this.interfaces, (g) => {
      const slash = g.name.lastIndexOf('/');
      return g.name.endsWith('/position') ? this.stateNames.indexOf(`${g.name.slice(0, slash)}/position`) : -1;
    });
    const run = (count: number): void => {
      for (let k = 0; k < count; k++) {
        for (let c = 0; c < requested.length; c++) requested[c] = k % 101 === 50 ? Number.NaN : 2 * Math.sin(0.003 * k + c);
        this.enforce(requested, state);
        for (let c = 0; c < requested.length; c++) if (positionOf[c]! >= 0) state[positionOf[c]!] = this.enforced[c]!;
      }
    };
    const stopCycles = Math.max(1, cycles >> 2);
    run(cycles);
    for (let round = 0; round < 6; round++) {
      this.beginStop(round % 2 === 0 ? 1 : 2, 0.05 + 0.05 * round, state);
      run(stopCycles);
      this.endStop();
      run(stopCycles >> 1);
    }
    this.reset();
    this.enforced.fill(0);
    this.counters.buffer.fill(0);
    this.version[0] = 0;
  }
}
